-- qufa flow list|load|start|show|advance|due|cancel|params …: procedures and their cases.
local _ = qufa._
local args = {...}
local sub = table.remove(args, 1)
local fmt = string.format

local STATES = {active = _("active"), overdue = _("overdue"), completed = _("completed"),
  cancelled = _("cancelled")}
local DUE = {pending = _("pending"), overdue = _("overdue"), escalated = _("escalated"),
  waiting = _("waiting"), ready = _("ready"), met = _("met"), missed = _("missed")}

--- Takes every "--name VALUE" / "--name=VALUE" of a repeatable option out of `list`.
local function take_repeated(list, name)
  local values, rest, i = {}, {}, 1
  while i <= #list do
    local a = list[i]
    local v = a:match("^%-%-" .. name .. "=(.*)$")
    if v then
      values[#values + 1] = v
    elseif a == "--" .. name then
      i = i + 1
      if list[i] == nil then
        cli.fail(fmt(_("flow: option '%s' needs a value"), a))
      end
      values[#values + 1] = list[i]
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return values, rest
end

--- NAME=VALUE pairs into a table.
local function pairs_of(list, what)
  local t = {}
  for _i, s in ipairs(list) do
    local k, v = s:match("^([%w_]+)=(.*)$")
    if not k then cli.fail(fmt(_("flow: %s '%s' is not NAME=VALUE"), what, s)) end
    t[k] = v
  end
  return t
end

local function case_arg(s)
  local id = s and s:match("^%d+$") and math.tointeger(tonumber(s))
  if not id then cli.fail(fmt(_("flow: '%s' is not a case number"), tostring(s))) end
  local c = db:case(id)
  if not c then cli.fail(fmt(_("flow: there is no case %d"), id)) end
  return c
end

local function no_more(rest, n, what)
  if #rest > n then cli.fail(fmt(_("flow %s: unexpected argument '%s'"), what, rest[n + 1])) end
end

local function subject_of(c)
  if c.member_id then
    local m = db:member(c.member_id)
    return m and m.name or tostring(c.member_id)
  end
  local o = db:org(c.org_id)
  return o and o.name or tostring(c.org_id)
end

local function step_label(def, code)
  for _i, s in ipairs(def.steps) do
    if s.code == code then return fmt("%s (%s)", s.title, code), s end
  end
  return code
end

local function rule_text(d)
  if d.label then return d.label end
  local anchor = d.anchor == "entered" and _("entering the step") or d.anchor
  if d.kind == "within" and d.anchor == "entered" then
    return fmt(_("within %s of entering the step"), d.duration)
  end
  if d.kind == "within" then return fmt(_("within %s of %s"), d.duration, anchor) end
  return fmt(_("not before %s after %s"), d.duration, anchor)
end

-- days left: none once done, nor for a "not before" rule whose day has come
local function days(d)
  if d.met or d.state == "ready" then return "" end
  return tostring(d.days_left)
end

-- ---- list ----------------------------------------------------------------------------------

local function next_due(c)
  local best
  for d in c:deadlines() do
    if not d.met and d.step == c.step and (not best or d.due < best.due) then best = d end
  end
  return best and fmt("%s %s", best.due, DUE[best.state]) or ""
end

local function cmd_list()
  local opts, rest = cli.options(args, {state = "value", all = "flag", org = "value"}, "flow list")
  no_more(rest, 1, "list")
  local procedure = rest[1]
  local rows = {}
  for p in db:procedures{code = procedure} do
    rows[#rows + 1] = {p.code, p.rev, p.version or "", p.title, p.steps, p.open_cases,
      p.source or ""}
  end
  print(_("Procedures"))
  cli.print_table({_("code"), _("rev"), _("version"), _("title"), _("steps"), _("open"),
    _("source")}, rows)
  local state = opts.state or (not opts.all and "active" or nil)
  rows = {}
  for c in db:cases{procedure = procedure, state = state, org = cli.ref(opts.org)} do
    local def = c:definition()
    rows[#rows + 1] = {c.id, c.procedure, subject_of(c), c.step and step_label(def, c.step) or "",
      c.step and c.entered or c.ended or "", STATES[c.state] or c.state, c.step and next_due(c) or ""}
  end
  print()
  print(state and fmt(_("Cases (%s)"), STATES[state] or state) or _("Cases"))
  cli.print_table({_("case"), _("procedure"), _("subject"), _("step"), _("since"), _("state"),
    _("next deadline")}, rows)
  return 0
end

-- ---- load ----------------------------------------------------------------------------------

local function cmd_load()
  local _o, rest = cli.options(args, {}, "flow load")
  if #rest == 0 then cli.fail(_("flow load: which file? (qufa flow load FILE.lua)")) end
  no_more(rest, 1, "load")
  for _i, r in ipairs(db:flow_load(rest[1])) do
    if r.outcome == "new" then
      print(fmt(_("%s: loaded, revision %d"), r.code, r.rev))
    elseif r.outcome == "revised" then
      print(fmt(_("%s: changed, now revision %d (open cases keep the revision they started "
        .. "with)"), r.code, r.rev))
    else
      print(fmt(_("%s: unchanged (revision %d)"), r.code, r.rev))
    end
  end
  return 0
end

-- ---- start ---------------------------------------------------------------------------------

local function cmd_start()
  local sets, params
  sets, args = take_repeated(args, "set")
  params, args = take_repeated(args, "param")
  local opts, rest = cli.options(args, {member = "value", org = "value", date = "value",
    note = "value"}, "flow start")
  if #rest == 0 then cli.fail(_("flow start: which procedure? (qufa flow list shows them)")) end
  no_more(rest, 1, "start")
  local p = pairs_of(params, "--param")
  local spec = db:flow_params(rest[1])
  for k, v in pairs(p) do
    local ty = spec[k] and spec[k].type
    if ty == "integer" or ty == "number" then p[k] = tonumber(v) or v
    elseif ty == "boolean" then p[k] = v == "true" or (v ~= "false" and v) end
  end
  local c = db:flow_start{procedure = rest[1], member = cli.ref(opts.member),
    org = cli.ref(opts.org), date = opts.date, note = opts.note, fields = pairs_of(sets, "--set"),
    params = next(p) and p or nil}
  local def = c:definition()
  print(fmt(_("started case %d: %s for %s, at step %s"), c.id, c.title, subject_of(c),
    step_label(def, c.step)))
  return 0
end

-- ---- show ----------------------------------------------------------------------------------

local FIELD_TYPES = {date = _("date"), integer = _("whole number"), number = _("number"),
  text = _("text"), boolean = _("yes/no"), member = _("member"), members = _("members"),
  org = _("org")}

local function bounds(spec, params)
  local function v(x)
    if type(x) == "string" and x:sub(1, 1) == "$" then return params[x:sub(2)] end
    return x
  end
  local lo, hi = v(spec.min), v(spec.max)
  if lo and hi then return fmt(", %s–%s", lo, hi) end
  if lo then return fmt(", ≥ %s", lo) end
  if hi then return fmt(", ≤ %s", hi) end
  return ""
end

local function show_requirements(c, def)
  local label, s = step_label(def, c.step)
  print()
  print(fmt(_("To complete %s:"), label))
  local any = false
  for _i, a in ipairs(s.artifacts or {}) do
    print(fmt(_("  evidence: %s (%s)"), db:label("artifact_type", a), a))
    any = true
  end
  local names = {}
  for name in pairs(s.fields or {}) do names[#names + 1] = name end
  table.sort(names)
  for _i, name in ipairs(names) do
    local f = s.fields[name]
    print(fmt(_("  field %s: %s%s%s%s"), name, FIELD_TYPES[f.type] or f.type,
      bounds(f, c.params), f.required and "" or _(", optional"), f.doc and fmt(_(" (%s)"), f.doc) or ""))
    any = true
  end
  if s.guard then
    print(fmt(_("  condition: %s"), s.guard_doc or _("checked by the procedure")))
    any = true
  end
  for d in c:deadlines() do
    if d.step == c.step and not d.met and d.kind == "not_before" then
      print(fmt(_("  not before %s (%s)"), d.due, rule_text(d)))
      any = true
    end
  end
  if not any then print(_("  nothing but the date it was done")) end
  if #s.next == 0 then
    print(_("  then: the case ends"))
  else
    for _i, t in ipairs(s.next) do
      print(fmt(_("  then: %s%s%s"), step_label(def, t.to), t.label and (" — " .. t.label) or "",
        t.when_doc and (" [" .. t.when_doc .. "]") or ""))
    end
    if #s.next > 1 then print(_("  (choose with --to STEP)")) end
  end
end

local function cmd_show()
  local _o, rest = cli.options(args, {}, "flow show")
  no_more(rest, 1, "show")
  local c = case_arg(rest[1])
  local def = c:definition()
  print(fmt(_("Case %d: %s (%s, revision %d%s)"), c.id, c.title, c.procedure, c.rev,
    def.version and fmt(_(", version %s"), def.version) or ""))
  local org = db:org(c.org_id)
  print(fmt(_("Subject: %s · org %s %s"), subject_of(c), org.code, org.name))
  print(fmt(_("State: %s · started %s%s"), STATES[c.state] or c.state, c.started,
    c.ended and fmt(_(" · ended %s"), c.ended) or ""))
  if c.step then
    local _l, s = step_label(def, c.step)
    local stage
    for _i, st in ipairs(def.stages or {}) do if st.code == s.stage then stage = st.title end end
    print(fmt(_("Current step: %s%s, since %s"), step_label(def, c.step),
      stage and fmt(_(", stage %s"), stage) or "", c.entered))
  end
  print()
  print(_("History"))
  local rows = {}
  for e in c:history() do
    local what
    if e.action == "start" then what = _("started")
    elseif e.action == "cancel" then what = fmt(_("cancelled at %s"), step_label(def, e.step))
    else what = "✓ " .. step_label(def, e.step) end
    local ids = {}
    for _i, id in ipairs(e.artifacts) do ids[#ids + 1] = tostring(id) end
    rows[#rows + 1] = {e.date, what, e.actor, e.late and _("late") or "",
      table.concat(ids, ","), e.note or ""}
  end
  cli.print_table({_("date"), _("event"), _("actor"), _("late"), _("evidence"), _("note")}, rows)
  if c.step then show_requirements(c, def) end
  print()
  print(_("Deadlines"))
  rows = {}
  for d in c:deadlines() do
    rows[#rows + 1] = {d.due, step_label(def, d.step), rule_text(d),
      d.kind == "within" and (d.interrupting and _("interrupting") or _("warning")) or
        _("not before"), DUE[d.state] or d.state, d.met or "", days(d)}
  end
  cli.print_table({_("due"), _("step"), _("rule"), _("kind"), _("state"), _("done"),
    _("days left")}, rows)
  return 0
end

-- ---- advance -------------------------------------------------------------------------------

local function cmd_advance()
  local sets, arts
  sets, args = take_repeated(args, "set")
  arts, args = take_repeated(args, "artifact")
  local opts, rest = cli.options(args, {to = "value", date = "value", note = "value"},
    "flow advance")
  if #rest < 2 then cli.fail(_("flow advance: give the case and the step completed "
    .. "(qufa flow advance CASE STEP)")) end
  no_more(rest, 2, "advance")
  local c = case_arg(rest[1])
  local ids, files = {}, {}
  for _i, a in ipairs(arts) do
    if a:match("^%d+$") then ids[#ids + 1] = math.tointeger(tonumber(a)) else files[#files + 1] = a end
  end
  local done = rest[2]
  local fields = pairs_of(sets, "--set")
  local def = c:definition()
  local ok, err = pcall(c.advance, c, {step = done, to = opts.to, date = opts.date,
    note = opts.note, fields = next(fields) and fields or nil, artifacts = ids, files = files})
  if not ok then
    local _l, s = step_label(def, done)
    if #arts == 0 and s and #(s.artifacts or {}) > 0 then
      err = tostring(err) .. "\n" .. _("(give the evidence with --artifact TYPE=FILE, or "
        .. "--artifact ID for an artifact already stored)")
    end
    cli.fail(tostring(err), 2)
  end
  local day = opts.date or db:today()
  if c.step then
    print(fmt(_("case %d: %s completed on %s; now at %s"), c.id, step_label(def, done), day,
      step_label(def, c.step)))
    for d in c:deadlines() do
      if d.step == c.step and not d.met then
        print(fmt(_("  %s %s: %s (%s)"), d.kind == "within" and _("due by") or _("not before"),
          d.due, rule_text(d), DUE[d.state]))
      end
    end
  else
    print(fmt(_("case %d: %s completed on %s; the case is completed"), c.id,
      step_label(def, done), day))
  end
  return 0
end

-- ---- due -----------------------------------------------------------------------------------

local function json(v)
  local t = type(v)
  if t == "table" then
    if #v > 0 or next(v) == nil then
      local parts = {}
      for i = 1, #v do parts[i] = json(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys)
    local parts = {}
    for i, k in ipairs(keys) do parts[i] = json(tostring(k)) .. ":" .. json(v[k]) end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(ch)
      local esc = {['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r"}
      return esc[ch] or fmt("\\u%04x", ch:byte())
    end) .. '"'
  elseif t == "number" or t == "boolean" then
    return tostring(v)
  end
  return "null"
end

local function cmd_due()
  local opts, rest = cli.options(args, {within = "value", format = "value", org = "value",
    procedure = "value"}, "flow due")
  no_more(rest, 0, "due")
  local format = opts.format or "text"
  if format ~= "text" and format ~= "json" then
    cli.fail(fmt(_("flow due: format '%s' is unknown (text, json)"), format))
  end
  local within = opts.within or "30d"
  if within:match("^%d+$") then within = within .. "d" end
  local items = db:flow_due{within = within, org = cli.ref(opts.org), procedure = opts.procedure}
  local subjects = {}
  local function subject(d)
    local key = d.case_id
    if not subjects[key] then subjects[key] = subject_of(db:case(d.case_id)) end
    return subjects[key]
  end
  if format == "json" then
    local out = {}
    for i, d in ipairs(items) do
      out[i] = {case = d.case_id, procedure = d.procedure, subject = subject(d),
        member_id = d.member_id, org_id = d.org_id, step = d.step, step_title = d.step_title,
        kind = d.kind, interrupting = d.interrupting, due = d.due, days_left = d.days_left,
        state = d.state, rule = rule_text(d), anchor = d.anchor, anchor_date = d.anchor_date,
        duration = d.duration}
    end
    print(json(out))
    return 0
  end
  local rows = {}
  for _i, d in ipairs(items) do
    rows[#rows + 1] = {d.due, d.days_left, DUE[d.state] or d.state, d.case_id, d.procedure,
      subject(d), fmt("%s (%s)", d.step_title or d.step, d.step), rule_text(d)}
  end
  print(fmt(_("Due by %s (today %s + %s), and everything overdue"),
    db:calendar_add(db:today(), within), db:today(), within))
  cli.print_table({_("due"), _("days"), _("state"), _("case"), _("procedure"), _("subject"),
    _("step"), _("rule")}, rows)
  return 0
end

-- ---- cancel, params ------------------------------------------------------------------------

local function cmd_cancel()
  local opts, rest = cli.options(args, {date = "value", note = "value"}, "flow cancel")
  if #rest == 0 then cli.fail(_("flow cancel: which case?")) end
  no_more(rest, 1, "cancel")
  local c = case_arg(rest[1])
  c:cancel{date = opts.date, note = opts.note}
  print(fmt(_("case %d cancelled on %s"), c.id, c.ended))
  return 0
end

local function cmd_params()
  local opts, rest = cli.options(args, {note = "value"}, "flow params")
  if #rest == 0 then cli.fail(_("flow params: which procedure?")) end
  local code = table.remove(rest, 1)
  local params = db:flow_params(code)
  for name, value in pairs(pairs_of(rest, _("correction"))) do
    local p = params[name]
    if not p then cli.fail(fmt(_("flow params: procedure %s has no parameter '%s'"), code, name)) end
    local v = value
    if value == "" then v = nil
    elseif p.type == "integer" or p.type == "number" then v = tonumber(value) or value
    elseif p.type == "boolean" then v = value == "true" or (value ~= "false" and value) end
    db:flow_set_param(code, name, v, opts.note)
    print(v == nil and fmt(_("%s: %s back to its default"), code, name)
      or fmt(_("%s: %s = %s for cases started from now on"), code, name, value))
  end
  if #rest > 0 then params = db:flow_params(code) end
  local names, rows = {}, {}
  for name in pairs(params) do names[#names + 1] = name end
  table.sort(names)
  for _i, name in ipairs(names) do
    local p = params[name]
    rows[#rows + 1] = {name, tostring(p.value), tostring(p.default),
      p.corrected ~= nil and _("corrected") or "", p.doc or "", p.source or ""}
  end
  cli.print_table({_("parameter"), _("value"), _("default"), "", _("meaning"), _("source")}, rows)
  return 0
end

local SUBCOMMANDS = {list = cmd_list, load = cmd_load, start = cmd_start, show = cmd_show,
  advance = cmd_advance, due = cmd_due, cancel = cmd_cancel, params = cmd_params}
local run = SUBCOMMANDS[sub or ""]
if not run then
  cli.fail(sub and fmt(_("flow: unknown subcommand '%s' (list, load, start, show, advance, due, "
    .. "cancel, params)"), sub) or _("flow: missing subcommand (list, load, start, show, advance, "
    .. "due, cancel, params)"))
end
return run()
