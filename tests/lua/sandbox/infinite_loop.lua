-- expect: fail limit exceeded (
-- (the instruction limit, or under a slow sanitizer build the time limit, stops it)
while true do end
