-- via: rule
-- exit: 2
-- expect: message: too long (12582914 bytes, at most 2000)
-- A reminder rule whose message is 12 MiB: the reminder is refused with the limit named, and
-- what the host copies out of the sandbox is capped anyway (16 MiB a rule).
return true, ("x"):rep(12 << 20) .. "ab"
