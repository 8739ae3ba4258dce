-- via: run
-- expect: limit exceeded (
-- table.sort comparing with an __lt metamethod that never returns.
local mt = {__lt = function() while true do end end}
table.sort({setmetatable({}, mt), setmetatable({}, mt), setmetatable({}, mt)})
