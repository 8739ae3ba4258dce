-- Members: the roster of an org on a day (default today) with status, party group, posts,
-- flags and pending transfers. Birth dates, phone and id numbers are masked unless --unmask
-- is given: rosters travel, and most readers do not need them.
--   qufa report members --org gy1 -o 党员名册.xlsx
local _ = qufa._

-- 1968-04-12 → 1968-**-**, 13901012345 → 139****2345, 110101196804120011 → 110101********0011
local function mask_date(s)
  return s and (s:sub(1, 4) .. "-**-**") or nil
end
local function mask_digits(s, head, tail)
  if not s then return nil end
  if #s <= head + tail then return string.rep("*", #s) end
  return s:sub(1, head) .. string.rep("*", #s - head - tail) .. s:sub(-tail)
end

local STATUSES = {"full", "probationary", "candidate", "activist", "applicant"}

return {
  title = _("Member roster"),
  description = _("members with status, group, posts and pending transfers; personal data "
    .. "masked"),
  params = {
    {name = "org", type = "org", doc = _("the branch, or a committee for all below it")},
    {name = "on", type = "date", doc = _("the day (default: today)")},
    {name = "unmask", type = "flag", doc = _("show birth dates, phone and id numbers in full")},
  },
  run = function(db, params, report)
    local org, today = params.org, db:today()
    local on = params.on or today
    local unmask = params.unmask
    local LABELS = {applicant = _("applicant"), activist = _("activist"),
      candidate = _("candidate"), probationary = _("probationary"), full = _("full member")}
    local GENDERS = {male = _("male"), female = _("female")}
    local DIRECTIONS = {["in"] = _("transfer in"), out = _("transfer out")}

    local names = {}
    local function org_name(id)
      if not id then return nil end
      if names[id] == nil then
        local o = db:org(id)
        names[id] = o and o.name or false
      end
      return names[id] or nil
    end
    local flags = {}
    for t in db:vocab("flag") do flags[#flags + 1] = t.code end

    local r = report{
      title = _("Member roster"),
      subtitle = string.format(_("%s, as of %s"), org.name, on),
      notes = unmask and _("Contains personal data in full: keep it to those who need it.")
        or _("Birth dates, phone and id numbers are masked; 'qufa report members --unmask' "
          .. "shows them."),
      columns = {
        {key = "no", title = _("No."), type = "integer"},
        {key = "code", title = _("Number")},
        {key = "name", title = _("Name"), total = "count"},
        {key = "gender", title = _("Gender"), align = "center"},
        {key = "birth", title = _("Born"), type = unmask and "date" or "text"},
        {key = "status", title = _("Status")},
        {key = "since", title = _("Since"), type = "date"},
        {key = "joined", title = _("Joined the Party"), type = "date"},
        {key = "group", title = _("Party group")},
        {key = "posts", title = _("Posts")},
        {key = "flags", title = _("Flags")},
        {key = "phone", title = _("Phone")},
        {key = "id_number", title = _("ID number")},
        {key = "transfer", title = _("Pending transfer")},
      },
    }
    local list = qufa.list(db:members{under = org, on = on, status = STATUSES})
    local rank = {}
    for i, s in ipairs(STATUSES) do rank[s] = i end
    -- by status, then in 姓氏笔画 order as a Chinese roster is read (the same name: by code)
    table.sort(list, function(a, b)
      if rank[a.status] ~= rank[b.status] then return rank[a.status] < rank[b.status] end
      local c = qufa.name_compare(a.name, b.name)
      if c ~= 0 then return c < 0 end
      return (a.code or "") < (b.code or "")
    end)
    -- 党员 (正式 and 预备) first; applicants, activists and candidates are not 党员 and have a
    -- section of their own (docs/counting.md)
    local party, others = {}, {}
    for _i, m in ipairs(list) do
      local into = (m.status == "full" or m.status == "probationary") and party or others
      into[#into + 1] = m
    end
    local function add(i, m)
      local posts = {}
      for p in db:positions{member = m, on = on} do
        local where = p.org_id ~= m.org_id and org_name(p.org_id)
        posts[#posts + 1] = db:label("post", p.post) .. (where and "（" .. where .. "）" or "")
      end
      local held = {}
      for _j, f in ipairs(flags) do
        if m:has_flag(f, on) then held[#held + 1] = db:label("flag", f) end
      end
      local transfers = {}
      for t in db:transfers{member = m, status = "pending"} do
        -- the letter says up to which month the dues are paid (党费交至)
        local dues = t.dues_paid_to and string.format(_("; dues paid to %s"), t.dues_paid_to) or ""
        transfers[#transfers + 1] = string.format("%s %s（%s%s）", DIRECTIONS[t.direction],
          t.other_org or "", t.letter_date, dues)
      end
      r:add{
        no = i, code = m.code, name = m.name, gender = GENDERS[m.gender],
        birth = unmask and m.birth_date or mask_date(m.birth_date),
        status = LABELS[m.status] or m.status, since = m.since, joined = m.joined,
        group = org_name(m.group_id), posts = table.concat(posts, "、"),
        flags = table.concat(held, "、"),
        phone = unmask and m.phone or mask_digits(m.phone, 3, 4),
        id_number = unmask and m.id_number or mask_digits(m.id_number, 6, 4),
        transfer = table.concat(transfers, "、"),
      }
    end
    r:section(_("Party members"))
    for i, m in ipairs(party) do add(i, m) end
    if #others > 0 then
      r:section(_("Applicants, activists and candidates (not party members)"))
      for i, m in ipairs(others) do add(i, m) end
    end
  end,
}
