-- reading.lua: 《读书班规范》, the branch zb1's own standard (qufa standards load reading.lua)
qufa.standard {
  code = "ZB1-DSB",
  title = "读书班规范",
  version = "2025",
  origin = "branch",
  org = "zb1",
  effective = "2025-01-01",
  clauses = {
    { number = "1", type = "陈述",
      text = "本规范适用于第一党支部每季度举办的读书班。" },
    { number = "4.1", type = "应", responsible = "secretary",
      text = "每季度至少举办一次读书班。",
      require = qufa.cadence { activity = "reading_session", per = "quarter" } },
    { number = "4.2", type = "应", responsible = "organization",
      text = "读书班举办3日前应发出通知。",
      require = qufa.artifact { activity = "reading_session", type = "notice", before = 3 } },
    { number = "4.3", type = "应", responsible = "organization",
      text = "读书班出席人数应不少于当日党员（正式党员和预备党员）的80%。",
      require = qufa.attendance { activity = "reading_session", rate = 0.8, base = "members" } },
    { number = "4.4", type = "应", responsible = "organization",
      text = "读书班结束后2日内应形成会议记录。",
      require = qufa.artifact { activity = "reading_session", type = "minutes", within = 2 } },
    { number = "4.5", type = "宜", responsible = "publicity",
      text = "每次读书班宜明确研读书目。",
      require = qufa.check {
        subject = "activity", activity = "reading_session",
        fn = function(a)
          local book = a.attrs and a.attrs.book
          if book and book ~= "" then return true, "研读书目：" .. book end
          return false, "未明确研读书目"
        end } },
    { number = "4.6", type = "宜", responsible = "publicity",
      text = "读书班宜拍摄照片，于活动后3日内存档。",
      require = qufa.artifact { activity = "reading_session", type = "photo", within = 3 } },
  },
}
