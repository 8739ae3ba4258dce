-- via: pack
-- expect: memory limit exceeded (67108864 bytes)
-- A check function holding 40 MiB runs a nested check whose check function allocates: the
-- nested sandbox shares the 64 MiB of the run (it used to get 64 MiB of its own).
qufa.standard{code = "HOG", title = "占用", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "hog", require = qufa.check{subject = "org", fn = function()
    local t = {}
    for i = 1, 1e8 do t[i] = ("y"):rep(100) .. i end
  end}}}}
qufa.standard{code = "ADV", title = "对抗", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "case", require = qufa.check{subject = "org", fn = function(org, ctx)
    local keep = ("x"):rep(16 << 20) .. ("x"):rep(16 << 20) .. ("z"):rep(8 << 20)
    local r = ctx.db:check{org = "gy1", period = "2017", standard = "HOG"}
    for f in r:findings{status = "error"} do error(f.message, 0) end
    return #keep > 0
  end}}}}
