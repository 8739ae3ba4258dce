-- a pack that never finishes
while true do end
