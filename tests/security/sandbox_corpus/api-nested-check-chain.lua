-- via: pack
-- expect: nested more than 8 deep
-- Each check function checks its own standard for the year before, and so on down (periods
-- that do not overlap, so no cycle): the nesting stops at 8 and the error comes back up as the
-- finding.
qufa.standard{code = "ADV", title = "对抗", effective = "1990-01-01", clauses = {{number = "1",
  type = "应", text = "case", require = qufa.check{subject = "org", fn = function(org, ctx)
    local year = tonumber(ctx.period.start:sub(1, 4)) - 1
    local r = ctx.db:check{org = "gy1", period = tostring(year), standard = "ADV"}
    for f in r:findings{status = "error"} do error(f.message, 0) end
    return true
  end}}}}
