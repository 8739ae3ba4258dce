-- tailoring for an org that does not exist
qufa.tailor{code = "bad-profile", org = "nowhere", import = {"organ"}}
