-- 组织关系转接: receiving a member's relationship (transfer_in) and sending it on
-- (transfer_out), after DOMAIN.md appendix C. The introduction letter has three parts (stub,
-- letter, receipt); the receipt must be back within a month, and the sending org stays
-- responsible for the member until it is. Both procedures keep the `transfer` record and the
-- member's membership up to date.
--
--   qufa flow start transfer_in --member D031 --org gy1
--   qufa flow start transfer_out --member D007

local SOURCE = "《中国共产党党员组织关系转接工作规定》；DOMAIN.md 附录C"

local PARAMS = {
  receipt_within = {default = "1m", doc = "回执退回开具介绍信党组织的期限", source = SOURCE},
  letter_max_days = {default = 90, doc = "介绍信有效期的上限（天）", source = SOURCE, min = 1},
}

local LETTER_FIELDS = {
  letter_no = {type = "text", doc = "介绍信编号"},
  other_org = {type = "text", doc = "对方党组织"},
  valid_days = {type = "integer", min = 1, max = "$letter_max_days", doc = "介绍信有效期（天）"},
  -- the letter says up to which month the member's dues are paid (DOMAIN.md appendix C)
  dues_paid_to = {type = "text", required = false, doc = "党费交至（YYYY-MM，如 2017-08）"},
}

-- The pending transfer this case created (one per member and org at a time).
local function pending(c, direction)
  for tr in c.db:transfers{member = c.case.member_id, org = c.case.org_id, status = "pending"} do
    if tr.direction == direction then return tr end
  end
  error(string.format("没有找到待完成的转%s记录", direction == "in" and "入" or "出"))
end

local in_fields = {}
for k, v in pairs(LETTER_FIELDS) do in_fields[k] = v end
in_fields.letter_date = {type = "date", doc = "介绍信开具日期"}

-- Every step is the organization member's (组织委员) to see through unless it says otherwise:
-- reminders of its deadlines go to whoever holds that post.
local function owned_by(post, steps)
  for _, s in ipairs(steps) do s.responsible = s.responsible or post end
  return steps
end

qufa.procedure{
  code = "transfer_in",
  title = "组织关系转入",
  version = "1",
  subject = "member",
  source = SOURCE,
  doc = "接收转入党员的组织关系：收到介绍信，编入支部，寄回回执。",
  params = PARAMS,
  steps = owned_by("organization", {
    {code = "letter", title = "接收组织关系介绍信", artifacts = {"letter"},
     fields = in_fields,
     guard = function(c)
       local f = c.fields
       if f.letter_date > c.date then
         return false, string.format("介绍信日期 %s 晚于接收日期 %s", f.letter_date, c.date)
       end
       local expires = qufa.add(f.letter_date, (f.valid_days - 1) .. "d")
       if c.date > expires then
         return false, string.format("介绍信 %s 开具，有效期 %d 天，已于 %s 过期", f.letter_date,
           f.valid_days, expires)
       end
       return true
     end,
     guard_doc = "介绍信在有效期内",
     on_complete = function(c)
       local f = c.fields
       c.db:add_transfer{member = c.case.member_id, org = c.case.org_id, direction = "in",
         letter_date = f.letter_date, other_org = f.other_org, letter_no = f.letter_no,
         valid_days = f.valid_days, dues_paid_to = f.dues_paid_to}
     end},
    {code = "receipt", title = "编入支部并寄回回执", artifacts = {"receipt"},
     fields = {group = {type = "org", required = false, doc = "编入的党小组"}},
     deadlines = {{within = "$receipt_within", kind = "interrupt", label = "一个月内寄回回执"}},
     on_complete = function(c)
       pending(c, "in"):receipt(c.date)
       local m = c.db:member(c.case.member_id)
       m:join(c.case.org_id, c.date)
       if c.fields.group then m:join(c.fields.group, c.date) end
     end,
     final = true},
  }),
}

qufa.procedure{
  code = "transfer_out",
  title = "组织关系转出",
  version = "1",
  subject = "member",
  source = SOURCE,
  doc = "转出党员的组织关系：开具介绍信，收到回执后转出（回执退回前仍由本支部负责）。",
  params = PARAMS,
  steps = owned_by("organization", {
    {code = "letter", title = "开具组织关系介绍信", artifacts = {"letter"},
     fields = LETTER_FIELDS,
     on_complete = function(c)
       local f = c.fields
       c.db:add_transfer{member = c.case.member_id, org = c.case.org_id, direction = "out",
         letter_date = c.date, other_org = f.other_org, letter_no = f.letter_no,
         valid_days = f.valid_days, dues_paid_to = f.dues_paid_to}
     end},
    {code = "receipt", title = "收到回执", artifacts = {"receipt"},
     deadlines = {{within = "$receipt_within", kind = "interrupt", label = "回执应在一个月内退回"}},
     on_complete = function(c)
       pending(c, "out"):receipt(c.date)
       local m = c.db:member(c.case.member_id, {on = c.date})
       if m.group_id then m:leave(m.group_id, c.date) end
       m:leave(c.case.org_id, c.date)
     end,
     final = true},
  }),
}
