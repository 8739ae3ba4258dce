-- expect: fail instruction limit exceeded
while true do end
