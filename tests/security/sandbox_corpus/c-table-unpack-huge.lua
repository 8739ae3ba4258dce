-- via: run
-- expect: too many results to unpack
-- table.unpack of 10^8 values: refused by Lua's own stack check.
return table.unpack({}, 1, 100000000)
