-- via: run
-- expect: limit exceeded (
-- table.move with overlapping ranges runs back to front: the other loop.
table.move({1}, 1, 1 << 40, 2)
