-- via: run
-- expect: invalid UTF-8 code
-- utf8.codes over invalid bytes (Debian's 5.4.4 skipped some silently; this must stop).
for _ in utf8.codes(("\xff"):rep(10)) do end
