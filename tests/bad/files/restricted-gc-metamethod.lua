-- a finaliser would run where no limit can stop it
setmetatable({}, {__gc = function() while true do end end})
