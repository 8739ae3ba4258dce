-- Renders ledger-like rows (16 columns, Chinese and ASCII, dates, numbers, percents) from Lua
-- through qufa.report and prints rows per second and the process's peak resident memory.
-- Run by bench_report.sh, one process per case so one case's peak does not hide another's:
--   lua5.4 bench_report.lua FORMAT ROWS MODE DIR   (MODE: stream = output given first, so
--   rows go straight to the file; memory = kept until r:write)
local qufa = require "qufa"
local format, rows, mode, dir = arg[1] or "xlsx", tonumber(arg[2] or "100000"), arg[3] or "stream",
  arg[4] or "/tmp"
local path = string.format("%s/bench_report_%s_%d.%s", dir, mode, rows, format)

local columns = {
  {key = "no", title = "序号", type = "integer"},
  {key = "date", title = "日期", type = "date"},
  {key = "time", title = "时间"},
  {key = "title", title = "名称", total = "count"},
  {key = "topic", title = "主题"},
  {key = "place", title = "地点"},
  {key = "host", title = "主持人"},
  {key = "lecturer", title = "主讲人"},
  {key = "due", title = "应到", type = "integer", total = "sum"},
  {key = "present", title = "实到", type = "integer", total = "sum"},
  {key = "rate", title = "出席率", type = "percent", total = "avg"},
  {key = "away", title = "缺席（原因）"},
  {key = "guests", title = "嘉宾"},
  {key = "notice", title = "会议通知", align = "center"},
  {key = "minutes", title = "会议记录", align = "center"},
  {key = "photo", title = "照片", align = "center"},
}
local KINDS = {"支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "半月谈"}
local NAMES = {"张建国", "李秀英", "王志强", "刘芳", "陈伟", "欧阳Mike", "杨静", "赵磊"}
local TOPICS = {"学习党章", "绿色制造标准体系", "Industrial Internet 标准化", "发展党员", "年度工作计划"}

local t0 = os.clock()
local r = qufa.report{title = "活动台账（基准测试）", subtitle = "工业标准一部党支部", columns = columns,
  output = mode == "stream" and path or nil}
local per = rows // #KINDS
local n = 0
for k, kind in ipairs(KINDS) do
  r:section(kind)
  local count = k == #KINDS and rows - n or per
  for i = 1, count do
    n = n + 1
    local day = (n % 365)
    local m, d = day // 31 + 1, day % 28 + 1
    local due = 8 + n % 5
    local present = due - n % 3
    r:add{
      no = i, date = string.format("2017-%02d-%02d", m, d), time = "14:30-17:00",
      title = KINDS[k] .. "第" .. i .. "次", topic = TOPICS[n % #TOPICS + 1],
      place = n % 2 == 0 and "三楼会议室" or "Room 301", host = NAMES[n % #NAMES + 1],
      lecturer = NAMES[(n + 3) % #NAMES + 1], due = due, present = present,
      rate = present / due, away = present < due and (NAMES[(n + 5) % #NAMES + 1] .. "（请假：出差）") or nil,
      guests = n % 7 == 0 and "林教授（某标准化研究院）" or nil,
      notice = string.format("%d月%d日", m, d), minutes = n % 11 == 0 and "缺" or string.format("%d月%d日", m, d),
      photo = n % 3 == 0 and string.format("%d月%d日", m, d) or nil,
    }
  end
end
if mode == "stream" then r:close() else r:write(path) r:close() end
local secs = os.clock() - t0

local peak = "?"
local f = io.open("/proc/self/status")
if f then
  for line in f:lines() do
    local kb = line:match("^VmHWM:%s+(%d+)")
    if kb then peak = string.format("%.1f MiB", tonumber(kb) / 1024) end
  end
  f:close()
end
local size = 0
local g = io.open(path, "rb")
if g then size = g:seek("end"); g:close() end
os.remove(path)
print(string.format("%-5s %-6s %8d rows  %6.2f s  %9.0f rows/s  peak %s  file %.1f MiB", format,
  mode, rows, secs, rows / secs, peak, size / 1048576))
