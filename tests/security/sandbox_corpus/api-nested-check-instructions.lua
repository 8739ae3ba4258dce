-- via: pack
-- expect: limit exceeded (
-- A check function spends 150 M instructions, then a nested check's function loops: the nested
-- run counts against the outer one.
qufa.standard{code = "SPIN", title = "空转", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "spin", require = qufa.check{subject = "org", fn = function()
    local n = 0
    for i = 1, 40000000 do n = n + i end
    return true
  end}}}}
qufa.standard{code = "ADV", title = "对抗", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "case", require = qufa.check{subject = "org", fn = function(org, ctx)
    local n = 0
    for i = 1, 70000000 do n = n + i end
    ctx.db:check{org = "gy1", period = "2017", standard = "SPIN"}
    return true
  end}}}}
