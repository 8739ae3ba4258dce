-- via: run
-- expect: string.rep: the result would exceed
-- string.rep with a separator and 2^40 copies: refused before allocating.
return ("x"):rep(1 << 40, ",")
