-- via: run
-- expect: limit exceeded (
-- table.move into a second table.
table.move({}, 1, 1 << 50, 1, {})
