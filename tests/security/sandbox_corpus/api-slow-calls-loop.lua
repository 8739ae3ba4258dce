-- via: check
-- expect: limit exceeded (
-- A loop of API calls that each take a while (25,000 working days looked up one by one): every
-- database method is a safe point, so the time limit stops it at once.
while true do ctx.db:add_workdays("2017-01-01", 25000) end
