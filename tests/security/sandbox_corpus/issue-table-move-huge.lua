-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: table.move over 2^62 elements looped in C, where the count hook never
-- reaches; killed after 25-60 s.
table.move({}, 1, 1 << 62, 2)
