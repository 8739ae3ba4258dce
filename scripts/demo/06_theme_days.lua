-- Demo, part 6: the theme party day (主题党日), on the last Friday of each month (the Friday
-- before the Spring Festival in January). The 2018 branch regulation makes a monthly theme day
-- a rule; the branch assesses its 2017 against that regulation (its profile adopts it, see
-- scripts/packs/branch-gy1.lua), so the days it held are on record here.
local branch = db:org("gy1")

local days = {
  {"2017-01-20", "重温入党誓词，学习《关于新形势下党内政治生活的若干准则》"},
  {"2017-02-24", "参观国家标准馆，了解标准化发展历程"},
  {"2017-03-31", "学习全国两会精神，交流本部门贯彻落实的思路"},
  {"2017-04-28", "“两学一做”学习教育常态化制度化专题学习"},
  {"2017-05-26", "纪律教育月：观看警示教育片"},
  {"2017-06-30", "庆祝建党96周年：重温入党誓词"},
  {"2017-07-28", "走进标准化技术委员会秘书处，开展志愿服务"},
  {"2017-08-25", "学习习近平总书记“7·26”重要讲话精神"},
}

for _i, d in ipairs(days) do
  local day, topic = d[1], d[2]
  local list = {}
  for m in db:members{org = branch, on = day} do
    -- the mobile member (马超) is away from March
    local away = m.code == "GY1-013" and day >= "2017-03-01"
    list[#list + 1] = {member = m, state = away and "leave" or "present",
      reason = away and "外派" or nil}
  end
  local a = db:add_activity{org = branch, kind = "theme_day", title = "主题党日：" .. topic,
    topic = topic, starts_at = day .. " 14:00", ends_at = day .. " 16:30", place = "三楼会议室",
    host = db:member("GY1-001"), recorder = db:member("GY1-009"), attendance = list}
  a:add_artifact{type = "minutes", title = "主题党日活动记录", issued_at = day .. " 17:00",
    mime = "text/plain", content = "活动内容：" .. topic .. "。"}
  a:add_artifact{type = "photo", title = "主题党日照片", issued_at = day .. " 16:30"}
end
