-- via: check
-- expect: xxxxxxxxxx
-- status: fail
-- A 16 MiB message returned with the verdict: the finding keeps its first bytes.
return false, ("x"):rep(16 << 20)
