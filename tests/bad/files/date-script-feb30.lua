-- a date that does not exist
local d = qufa.date("2017-02-30")
print(d)
