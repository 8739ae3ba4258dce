-- qufa standards load FILE... | list [--system S] [--all] | show CODE [--org ORG] [--on DATE]
--   [--format text|json] | kinds
local _ = qufa._
local args = {...}
local sub = table.remove(args, 1)

local TYPES = {requirement = _("shall (应)"), recommendation = _("should (宜)"),
  permission = _("may (可)"), statement = _("statement")}
local OUTCOMES = {new = _("new"), revised = _("new revision"), unchanged = _("unchanged")}

-- All the files in one transaction: when one fails, none is kept (and a kill leaves all or
-- nothing), so the command can simply be run again. What was loaded is printed after the commit.
local function load(files)
  if #files == 0 then cli.fail(_("standards load: name at least one pack file")) end
  local lines = {}
  local ok, err = pcall(db.transaction, db, function()
    for _i, file in ipairs(files) do
      -- called through pcall so the message carries the pack's place, not this file's
      local loaded, report = pcall(db.load_standards, db, file)
      if not loaded then error(report, 0) end
      for _j, item in ipairs(report) do
        lines[#lines + 1] = string.format(_("%s  %s %s %s: %s"), file, _(item.what), item.code,
          string.format(_("rev %d"), item.rev), OUTCOMES[item.outcome])
      end
    end
  end)
  if not ok then cli.fail(tostring(err)) end
  for _i, line in ipairs(lines) do print(line) end
  return 0
end

local function list(opts)
  local rows = {}
  for s in db:standards{system = opts.system, all = opts.all} do
    rows[#rows + 1] = {s.system or "-", s.category or "-", s.code, s.title, s.version or "",
      s.rev, s.origin == "branch" and _("branch") or _("issued"), s.effective,
      s.clauses .. "/" .. s.requirements, s.source or ""}
  end
  -- the systems, with their categories, first
  for _i, sys in ipairs(db:systems()) do
    if not opts.system or sys.code == opts.system then
      print(string.format("%s %s", sys.code, sys.title))
      for _j, c in ipairs(sys.categories or {}) do
        local n = c.standards and #c.standards or 0
        print(string.format("  %s %s (%d)", c.code, c.title, n))
      end
    end
  end
  print("")
  cli.print_table({_("system"), _("category"), _("code"), _("title"), _("version"), _("rev"),
    _("origin"), _("effective"), _("clauses/checks"), _("source")}, rows)
  return 0
end

-- A list keeps its order (an agenda's segments are an order: study → expert → discussion);
-- a table of names is shown sorted by name.
local function value_text(v)
  if type(v) ~= "table" then return tostring(v) end
  local items = {}
  if #v > 0 then
    for _i, x in ipairs(v) do items[#items + 1] = value_text(x) end
  else
    for k, x in pairs(v) do items[#items + 1] = tostring(k) .. "=" .. value_text(x) end
    table.sort(items)
  end
  return "{" .. table.concat(items, ", ") .. "}"
end

local function params_text(p)
  local keys = {}
  for k in pairs(p) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _i, k in ipairs(keys) do
    parts[#parts + 1] = k .. "=" .. value_text(p[k])
  end
  return table.concat(parts, ", ")
end

local function show(code, opts)
  if not code then cli.fail(_("standards show: name a standard code")) end
  local ok, std = pcall(db.standard, db, code, {org = cli.ref(opts.org), on = opts.on})
  if not ok then cli.fail(tostring(std)) end
  if not std then cli.fail(string.format(_("there is no standard %s"), code)) end
  if opts.format == "json" then
    print(db:standard(code, {org = cli.ref(opts.org), on = opts.on, json = true}))
    return 0
  elseif opts.format and opts.format ~= "text" then
    cli.fail(string.format(_("standards show: format '%s' is unknown (text, json)"), opts.format))
  end
  print(string.format("%s %s", std.code, std.title))
  print(string.format(_("  version %s, revision %d, %s; in force from %s%s"), std.version or "-",
    std.rev, std.origin == "branch" and _("added by the branch") or _("issued from above"),
    std.effective, std.in_force and "" or _(" (not in force on that day)")))
  if std.system then
    print(string.format(_("  system %s, category %s"), std.system, std.category or "-"))
  end
  if std.source then print(string.format(_("  loaded from %s"), std.source)) end
  if std.added_by then print(string.format(_("  added by tailoring %s"), std.added_by)) end
  if std.adopted then
    print(string.format(_("  adopted from %s by tailoring %s: %s"), std.adopted.from, std.adopted.by,
      std.adopted.reason or ""))
  end
  if not std.applies then print(_("  does not apply to this org (not imported by its profile)")) end
  if std.scope then print("  " .. std.scope) end
  if std.note then print("  " .. std.note) end
  for _i, c in ipairs(std.clauses) do
    print("")
    print(string.format("%s  [%s] %s", c.number, TYPES[c.type] or c.type, c.text))
    if c.responsible then
      print(string.format(_("      responsible: %s"), db:label("post", c.responsible)))
    end
    for j, r in ipairs(c.requirements or {}) do
      print(string.format(_("      check %d: %s(%s)"), j, r.kind, params_text(r.params)))
    end
    -- the clause's basis, and why it is judged elsewhere or not at all
    if c.article then print(string.format(_("      basis: %s"), c.article)) end
    if c.note then print(string.format(_("      note: %s"), c.note)) end
    local p = c.provenance
    if p then
      local from = p.from == "tailoring"
        and string.format(_("added by tailoring %s"), p.tailoring)
        or string.format(_("from %s rev %d%s"), p.standard, p.rev,
          p.source and (" (" .. p.source .. ")") or "")
      print(string.format(_("      provenance: %s"), from))
      for _k, ch in ipairs(p.changes or {}) do
        local d = ch.detail or {}
        local what = ch.change == "param"
          and string.format(_("parameter %s of check %d: %s → %s"), d.param, d.requirement,
            tostring(d.from), tostring(d.to))
          or string.format(_("not applicable%s"),
            d.expires and string.format((c.not_applicable or {}).active == false
              and _(" (expired %s)") or _(" until %s"),
              d.expires) or "")
        print(string.format(_("        changed by %s: %s%s"), ch.by, what,
          ch.reason and (" — " .. ch.reason) or ""))
      end
    end
  end
  return 0
end

local function default_text(v)
  return type(v) == "table" and table.concat(v, ",") or tostring(v)
end

-- The kinds as the Markdown table of docs/writing-standards.md §3: the documentation is printed
-- from the same descriptor table the loader compiles requirements with (a test keeps the two
-- equal).
local function kinds_markdown()
  print("| kind | judges | each finding is about | parameters |")
  print("|---|---|---|---|")
  for _i, k in ipairs(qufa.requirement_kinds()) do
    local params = {}
    for _j, p in ipairs(k.params) do
      local notes = {p.type}
      if p.required then notes[#notes + 1] = "required" end
      if p.default ~= nil then notes[#notes + 1] = "default `" .. default_text(p.default) .. "`" end
      if p.choices then notes[#notes + 1] = "`" .. p.choices:gsub("|", "` / `") .. "`" end
      if p.min and p.max then notes[#notes + 1] = string.format("%d–%d", p.min, p.max) end
      params[#params + 1] = string.format("`%s` (%s): %s", p.name, table.concat(notes, "; "),
        (p.doc:gsub("|", "/")))
    end
    print(string.format("| `%s` | %s | %s | %s |", k.kind, k.doc, k.subject,
      table.concat(params, "<br>")))
  end
  return 0
end

local function kinds(format)
  if format == "markdown" then return kinds_markdown() end
  if format and format ~= "text" then
    cli.fail(string.format(_("standards kinds: format '%s' is unknown (text, markdown)"), format))
  end
  for _i, k in ipairs(qufa.requirement_kinds()) do
    print(string.format("%s — %s", k.kind, k.doc))
    for _j, p in ipairs(k.params) do
      local def = p.default ~= nil and string.format(_(" (default %s)"), default_text(p.default))
        or ""
      print(string.format("    %-12s %s%s%s: %s", p.name, p.type, p.required and _(", required") or "",
        def, p.doc))
    end
  end
  return 0
end

if sub == "load" then
  return load(args)
elseif sub == "list" then
  local opts, rest = cli.options(args, {system = "value", all = "flag"}, "standards list")
  if #rest > 0 then cli.fail(string.format(_("standards list: unexpected argument '%s'"), rest[1])) end
  return list(opts)
elseif sub == "show" then
  local opts, rest = cli.options(args, {org = "value", on = "value", format = "value"},
    "standards show")
  return show(rest[1], opts)
elseif sub == "kinds" then
  local opts, rest = cli.options(args, {format = "value"}, "standards kinds")
  if #rest > 0 then cli.fail(string.format(_("standards kinds: unexpected argument '%s'"), rest[1])) end
  return kinds(opts.format)
end
cli.fail(string.format(_("standards: unknown subcommand '%s' (load, list, show, kinds)"),
  tostring(sub)))
