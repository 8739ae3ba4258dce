-- via: run
-- expect: string slice too long
-- utf8.codepoint over two million characters at once.
return utf8.codepoint(("x"):rep(2000000), 1, -1)
