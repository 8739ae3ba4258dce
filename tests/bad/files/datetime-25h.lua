-- an hour past the end of the day
db:add_activity{org = "gy1", kind = "lecture", title = "党课",
  starts_at = "2017-05-10 25:00"}
