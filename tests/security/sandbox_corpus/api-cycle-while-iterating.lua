-- via: check
-- expect: refused as a cycle
-- The check it is part of, asked for inside an iteration over members.
for m in ctx.db:members{org = "gy1"} do
  ctx.db:check{org = "gy1", period = "2017", standard = "ADV"}
end
return true
