-- the demo already has member GY1-001
db:add_member{name = "重复", code = "GY1-001", status = "full", since = "2017-01-01", org = "gy1"}
