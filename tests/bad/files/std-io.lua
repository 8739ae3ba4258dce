-- packs cannot read files
local f = io.open("/etc/passwd")
