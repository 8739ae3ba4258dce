-- Shared by the qufa commands written in Lua: option parsing, failing with an exit code, and
-- aligned text tables. Called with the `host` table (see cmd_run.c); returns the `cli` table.
local host = ...
local qufa = require "qufa"
local _ = qufa._

local cli = {host = host}

--- Ends the command with `message` on stderr and exit code `code` (default 2: usage/input).
function cli.fail(message, code)
  error({exit = code or 2, message = message}, 0)
end

--- Writes `text` to the file `path` for the user: 0600, all or nothing (a failed write leaves
--- the old file as it was; host.write_file, lua/host/file_out.c). Fails the command otherwise:
--- exit 2 when the path is wrong, 3 when the system refused the write.
function cli.write_file(command, path, text)
  local ok, why, code = host.write_file(path, text)
  if not ok then cli.fail(command .. ": " .. why, code) end
end

--- Calls fn(file) with an open file writing to `path`, committed when fn returns (the
--- file is written as it is made, never held whole in memory; an error leaves it as it was).
function cli.write_stream(command, path, fn)
  local ok, why, code = host.write_stream(path, fn)
  if not ok then cli.fail(command .. ": " .. why, code) end
end

--- Fails the command (exit 2) when `path` cannot be an output file (a directory, or in a
--- directory that does not exist), before any work is done.
function cli.check_output(command, path)
  local ok, why, code = host.output_check(path)
  if not ok then cli.fail(command .. ": " .. why, code) end
end

--- Parses "--name VALUE", "--name=VALUE", "-x VALUE" and "--flag" by `spec` {name = "value" |
--- "flag"}; returns the options and the positional arguments.
function cli.options(args, spec, command)
  local opts, rest = {}, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--" then
      table.move(args, i + 1, #args, #rest + 1, rest)
      break
    end
    local name, value = a:match("^%-%-([%w_-]+)=(.*)$")
    name = name or a:match("^%-%-([%w_-]+)$") or a:match("^%-(%a)$")
    if name then
      local kind = spec[name]
      if not kind then
        cli.fail(string.format(_("%s: unknown option '%s' (see 'qufa %s --help')"), command, a,
          command))
      end
      if kind == "flag" then
        if value then cli.fail(string.format(_("%s: option '%s' takes no value"), command, a)) end
        opts[name] = true
      else
        if not value then
          i = i + 1
          value = args[i]
          if value == nil then
            cli.fail(string.format(_("%s: option '%s' needs a value"), command, a))
          end
        end
        opts[name] = value
      end
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return opts, rest
end

--- An org or member given on the command line: digits are an id, anything else a code.
function cli.ref(s)
  if s == nil then return nil end
  return s:match("^%d+$") and math.tointeger(tonumber(s)) or s
end

-- East Asian wide characters take two columns on a terminal.
local function wide(c)
  return (c >= 0x1100 and c <= 0x115F) or (c >= 0x2E80 and c <= 0xA4CF and c ~= 0x303F)
    or (c >= 0xAC00 and c <= 0xD7A3) or (c >= 0xF900 and c <= 0xFAFF)
    or (c >= 0xFE30 and c <= 0xFE4F) or (c >= 0xFF00 and c <= 0xFF60)
    or (c >= 0xFFE0 and c <= 0xFFE6) or (c >= 0x1F300 and c <= 0x1F64F)
    or (c >= 0x20000 and c <= 0x3FFFD)
end

--- Columns `s` takes on a terminal.
function cli.width(s)
  local ok, w = pcall(function()
    local n = 0
    for _p, c in utf8.codes(s) do n = n + (wide(c) and 2 or 1) end
    return n
  end)
  return ok and w or #s
end

--- Prints rows (lists of cells) under headers, columns aligned; the header is bold on a
--- terminal. Rows are collected by the caller: a listing is read whole to size its columns.
function cli.print_table(headers, rows)
  local widths = {}
  for i, h in ipairs(headers) do widths[i] = cli.width(h) end
  for _r, row in ipairs(rows) do
    for i = 1, #headers do
      local s = row[i] == nil and "" or tostring(row[i])
      row[i] = s
      widths[i] = math.max(widths[i], cli.width(s))
    end
  end
  local function line(cells, bold)
    local parts = {}
    for i = 1, #headers do
      local s = cells[i]
      parts[i] = i < #headers and s .. string.rep(" ", widths[i] - cli.width(s)) or s
    end
    local text = table.concat(parts, "  "):gsub("%s+$", "")
    if bold and host.color then text = "\27[1m" .. text .. "\27[0m" end
    print(text)
  end
  line(headers, true)
  for _r, row in ipairs(rows) do line(row) end
  if #rows == 0 then print(_("(none)")) end
end

local ORG_KINDS = {committee = _("committee"), general_branch = _("general branch"),
  branch = _("branch"), group = _("party group")}
cli.ORG_KINDS = ORG_KINDS

--- Lists orgs (filter as for db:orgs), indented by depth.
function cli.list_orgs(db, filter)
  local rows, depth = {}, {}
  for o in db:orgs(filter) do
    depth[o.id] = o.parent_id and depth[o.parent_id] and depth[o.parent_id] + 1 or 0
    local parent = o.parent_id and db:org(o.parent_id)
    rows[#rows + 1] = {o.id, o.code, ORG_KINDS[o.kind] or o.kind,
      string.rep("  ", depth[o.id]) .. o.name, parent and parent.code or ""}
  end
  cli.print_table({_("id"), _("code"), _("kind"), _("name"), _("parent")}, rows)
end

--- Lists waivers (filter as for db:waivers): what each explains, until when, why, who
--- recorded and who approved it; "ended" when it was ended early.
function cli.list_waivers(db, filter)
  local rows = {}
  for w in db:waivers(filter) do
    local state = w.to < db:today() and _("expired") or w.from > db:today() and _("not yet")
      or _("in force")
    if w.ended then state = state .. " " .. string.format(_("(ended %s)"), w.ended) end
    rows[#rows + 1] = {w.id, w.target, w.subject, w.from .. ".." .. w.to, state, w.reason,
      w.recorded_by .. " / " .. w.approved_by}
  end
  cli.print_table({_("id"), _("clause"), _("subject"), _("days"), _("state"), _("reason"),
    _("recorded / approved by")}, rows)
end

--- The filter of `qufa waivers` / `waiver list`: --org, --on DATE (holding that day),
--- --expiring 30d (holding today and ending within that long).
function cli.waiver_filter(db, opts, command)
  local f = {org = cli.ref(opts.org), holds_on = opts.on}
  if opts.expiring then
    local ok, last = pcall(db.calendar_add, db, db:today(), opts.expiring)
    if not ok then cli.fail(string.format(_("%s: --expiring '%s' is not a duration (30d, 2w, 1m)"),
      command, opts.expiring)) end
    f.holds_on, f.ends_by = db:today(), last
  end
  return f
end

local STATUSES = {applicant = _("applicant"), activist = _("activist"), candidate = _("candidate"),
  probationary = _("probationary"), full = _("full member")}
local GENDERS = {male = _("male"), female = _("female")}
cli.STATUSES, cli.GENDERS = STATUSES, GENDERS

--- Lists members (filter as for db:members) with their status, branch, group and posts.
function cli.list_members(db, filter)
  local codes = {}
  local function org_code(id)
    if not id then return "" end
    if not codes[id] then codes[id] = db:org(id).code end
    return codes[id]
  end
  -- 党员 (正式 and 预备: docs/counting.md) first; applicants, activists and candidates are
  -- not 党员 and are listed apart
  local members, others, by_status = {}, {}, {}
  for m in db:members(filter) do
    local posts = {}
    for p in db:positions{member = m, on = filter and filter.on or db:today()} do
      posts[#posts + 1] = db:label("post", p.post)
    end
    local party = m.status == "full" or m.status == "probationary"
    local list = party and members or others
    list[#list + 1] = {m.id, m.code or "", m.name, GENDERS[m.gender] or "",
      STATUSES[m.status] or "", m.since or "", org_code(m.org_id), org_code(m.group_id),
      table.concat(posts, "、")}
    if m.status then by_status[m.status] = (by_status[m.status] or 0) + 1 end
  end
  local headers = {_("id"), _("code"), _("name"), _("gender"), _("status"), _("since"),
    _("branch"), _("group"), _("posts")}
  if #members > 0 or #others == 0 then cli.print_table(headers, members) end
  if #others > 0 then
    if #members > 0 then print() end
    print(_("Applicants, activists and candidates (not party members):"))
    cli.print_table(headers, others)
  end
  if #members + #others > 0 then
    print()
    local parts = {}
    for _i, s in ipairs({"applicant", "activist", "candidate"}) do
      if by_status[s] then
        parts[#parts + 1] = string.format(_("%s: %d"), STATUSES[s], by_status[s])
      end
    end
    local line = string.format(_("Party members: %d (full %d, probationary %d)"), #members,
      by_status.full or 0, by_status.probationary or 0)
    if #parts > 0 then line = line .. _("; ") .. table.concat(parts, _(", ")) end
    print(line)
  end
end

--- Lists activities (filter as for db:activities) with their counts (docs/counting.md: due,
--- present, 列席) and evidence.
function cli.list_activities(db, filter)
  local rows = {}
  for a in db:activities(filter) do
    local c = a:counts()
    local types = {}
    for x in a:artifacts() do types[#types + 1] = db:label("artifact_type", x.type) end
    local org = db:org(a.org_id)
    rows[#rows + 1] = {a.id, a.starts_at, org and org.code or "", db:label("activity_kind", a.kind),
      a.title, c.due, c.recorded > 0 and c.present or "", c.recorded > 0 and c.observers or "",
      table.concat(types, "、")}
  end
  cli.print_table({_("id"), _("starts"), _("org"), _("kind"), _("title"), _("due to attend"),
    _("attended"), _("observers"), _("evidence")}, rows)
end

--- A comma-separated list of statuses from the command line ("full,probationary").
function cli.status_list(s)
  if not s then return nil end
  local list = {}
  for part in s:gmatch("[^,%s]+") do list[#list + 1] = part end
  return list
end


-- ---- arguments of the commands that write records (org, member, post, activity, evidence) --

local fmt = string.format

--- Fails with "COMMAND: what" (exit 2).
function cli.fail_in(command, what, ...)
  cli.fail(command .. ": " .. fmt(what, ...))
end

--- Fails when `rest` has more than `n` positional arguments.
function cli.no_more(rest, n, command)
  if #rest > n then
    cli.fail(fmt(_("%s: unexpected argument '%s'"), command, rest[n + 1]))
  end
end

-- The message of a Lua error from the API, without the "file:line: " it was raised at.
local function api_message(e)
  return (tostring(e):gsub("^[^\n]-%.lua:%d+: ", ""))
end

--- A date (YYYY-MM-DD) given as `what` (an option such as "--since"), or nil.
function cli.date_arg(command, what, s)
  if s == nil then return nil end
  local ok, d = pcall(qufa.date, s)
  -- without the name of the function ("date: …"), which the user never called
  if not ok then
    cli.fail(fmt(_("%s: %s: %s"), command, what, (api_message(d):gsub("^date: ", ""))))
  end
  return d
end

--- A time of day HH:MM (7:30 is 07:30), or nil.
function cli.time_arg(command, what, s)
  if s == nil then return nil end
  local h, m = s:match("^(%d%d?):(%d%d)$")
  h, m = tonumber(h), tonumber(m)
  if not h or h > 23 or m > 59 then
    cli.fail(fmt(_("%s: %s: '%s' is not a time of day (expected HH:MM, such as 14:30)"),
      command, what, s))
  end
  return fmt("%02d:%02d", h, m)
end

local function by_id_or_code(get, s)
  local id = s:match("^%d+$") and math.tointeger(tonumber(s))
  return id and get(id) or get(s)
end

--- A member named by id, code (党员编号) or exact name; a name two members share is refused
--- with both listed. `on` (optional) is the day the record describes.
function cli.member_arg(db, command, what, s, on)
  local m = by_id_or_code(function(r) return db:member(r, {on = on}) end, s)
  if m then return m end
  local found = {}
  for x in db:members{name = s, on = on} do found[#found + 1] = x end
  if #found == 1 then return found[1] end
  if #found == 0 then
    cli.fail(fmt(_("%s: %s: no member has the id, code or name '%s' (see 'qufa members')"),
      command, what, s))
  end
  local who = {}
  for _i, x in ipairs(found) do
    who[#who + 1] = x.code and fmt(_("%d (code %s)"), x.id, x.code) or fmt(_("%d (no code)"), x.id)
  end
  cli.fail(fmt(_("%s: %s: '%s' is the name of several members: %s; use the id or the code"),
    command, what, s, table.concat(who, ", ")))
end

--- An org named by id, code or exact name.
function cli.org_arg(db, command, what, s)
  local o = by_id_or_code(function(r) return db:org(r) end, s)
  if o then return o end
  local found = {}
  for x in db:orgs{} do
    if x.name == s then found[#found + 1] = x end
  end
  if #found == 1 then return found[1] end
  if #found == 0 then
    cli.fail(fmt(_("%s: %s: no org has the id, code or name '%s' (see 'qufa orgs')"), command,
      what, s))
  end
  local codes = {}
  for _i, x in ipairs(found) do codes[#codes + 1] = x.code end
  cli.fail(fmt(_("%s: %s: '%s' is the name of several orgs (%s); use the code"), command, what,
    s, table.concat(codes, ", ")))
end

--- The activity numbered `s` (see `qufa activities`).
function cli.activity_arg(db, command, s)
  if not s then
    cli.fail(fmt(_("%s: which activity? (its id, see 'qufa activities')"), command))
  end
  local id = s:match("^%d+$") and math.tointeger(tonumber(s))
  local a = id and db:activity(id)
  if not a then
    cli.fail(fmt(_("%s: ACTIVITY: there is no activity '%s' (give its id, see 'qufa "
      .. "activities')"), command, s))
  end
  return a
end

--- The only branch, for a command given no --org; fails when there are none or several.
function cli.only_branch(db, command)
  local found = {}
  for o in db:orgs{kind = "branch"} do found[#found + 1] = o end
  if #found == 1 then return found[1] end
  if #found == 0 then
    cli.fail(fmt(_("%s: there is no branch yet (add one with 'qufa org add CODE NAME --kind "
      .. "branch')"), command))
  end
  local codes = {}
  for _i, o in ipairs(found) do codes[#codes + 1] = o.code end
  cli.fail(fmt(_("%s: which branch? give --org (branches: %s)"), command,
    table.concat(codes, ", ")))
end

--- A term of a vocabulary (vocab: post, flag, activity_kind, artifact_type, guest_role) by its
--- code, its Chinese label or its English label (any case).
function cli.term_arg(db, command, what, vocab, s)
  local known, lower = {}, s:lower()
  for t in db:vocab(vocab) do
    if t.code == s or t.label_zh == s or (t.label_en and t.label_en:lower() == lower) then
      return t.code
    end
    known[#known + 1] = t.label_zh and fmt("%s %s", t.code, t.label_zh) or t.code
  end
  cli.fail(fmt(_("%s: %s: '%s' is unknown (known: %s)"), command, what, s,
    table.concat(known, ", ")))
end

--- A word from a fixed list {code = "中文", …}: the code or its Chinese label.
function cli.word_arg(command, what, words, order, s)
  for _i, code in ipairs(order) do
    if s == code or s == words[code] then return code end
  end
  local known = {}
  for _i, code in ipairs(order) do known[#known + 1] = fmt("%s %s", code, words[code]) end
  cli.fail(fmt(_("%s: %s: '%s' is unknown (known: %s)"), command, what, s,
    table.concat(known, ", ")))
end

-- Member statuses and their Chinese names (as in CSV imports).
cli.STATUS_ZH = {applicant = "入党申请人", activist = "入党积极分子", candidate = "发展对象",
  probationary = "预备党员", full = "正式党员"}
cli.STATUS_ORDER = {"applicant", "activist", "candidate", "probationary", "full"}

--- Runs `fn` in one transaction (a savepoint when one is open): everything it writes is kept,
--- or nothing when it fails. An error of the API is shown after the command's name.
function cli.write(db, command, fn)
  local ok, res = pcall(db.transaction, db, fn)
  if ok then return res end
  -- a cli.fail inside goes on as it is; the API's errors are qufa.error objects (tables too)
  if type(res) == "table" and res.exit then error(res, 0) end
  cli.fail(command .. ": " .. api_message(res))
end

return cli
