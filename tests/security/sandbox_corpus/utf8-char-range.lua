-- via: run
-- expect: value out of range
-- utf8.char of a code point beyond what UTF-8 can hold.
return utf8.char(0x80000000)
