-- Activities without minutes (会议记录), in a period.
--
--   qufa run activities-without-minutes.lua [PERIOD]
--   qufa --db qufa-demo.db --today 2017-09-05 run scripts/examples/activities-without-minutes.lua 2017
--
-- PERIOD is any period code: 2017, 2017-Q3, 2017-07, 2017-01-01..2017-06-30 (default: this
-- year). Only activities that have already taken place are listed.
local period = qufa.period((...) or db:today():sub(1, 4))
local to = period.finish < db:today() and period.finish or db:today()

local count = 0
for a in db:activities{from = period.start, to = to} do
  -- a:artifacts{type = …} lists the evidence of one type; qufa.count counts what it yields.
  -- A heart-to-heart talk (谈心谈话) is a conversation, not a meeting: it keeps no minutes.
  if a.kind ~= "heart_talk" and qufa.count(a:artifacts{type = "minutes"}) == 0 then
    count = count + 1
    print(string.format("%s  %-8s %s  %s", a.starts_at, a:org().code,
      db:label("activity_kind", a.kind), a.title))
  end
end
print(string.format("%s：%d次活动没有会议记录", period.code, count))
