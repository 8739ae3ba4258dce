-- tailoring a standard that does not exist
qufa.tailor{code = "bad-profile", org = "gy1", set = {["NOPE/4.1#1"] = {min = 1, reason = "x"}}}
