-- via: run
-- expect: stack overflow
-- A __len asking for its own length.
return #setmetatable({}, {__len = function(t) return #t end})
