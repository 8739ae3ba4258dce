-- exempting a clause the standard does not have
qufa.tailor{code = "bad-profile", org = "gy1",
  not_applicable = {{target = "SAC-DKJS/99", reason = "x"}}}
