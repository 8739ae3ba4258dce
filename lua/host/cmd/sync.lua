-- qufa sync push ORGAN [--name NAME] [--batch N] | pull ORGAN | status ORGAN
-- A branch (--db) and its organ's database (ORGAN: a file or a connection string); see
-- docs/sync.md for the protocol and who owns what.
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local function open_organ(target, command)
  if not target then cli.fail(fmt(_("%s: name the organ's database (a file or a URL)"), command)) end
  local ok, organ = pcall(qufa.open, target, {today = db:today(), actor = db:actor()})
  if not ok then cli.fail(tostring(organ)) end
  return organ
end

local function one_target(rest, command)
  if #rest > 1 then cli.fail(fmt(_("%s: unexpected argument '%s'"), command, rest[2])) end
  return rest[1]
end

local function push()
  local opts, rest = cli.options(args, {name = "value", batch = "value"}, "sync push")
  local organ <close> = open_organ(one_target(rest, "sync push"), "sync push")
  local batch = opts.batch and math.tointeger(tonumber(opts.batch))
  if opts.batch and (not batch or batch < 1) then
    cli.fail(fmt(_("sync push: --batch must be a whole number of seals, 1 or more (%s)"),
      opts.batch))
  end
  local name = opts.name
  if not name then
    local ok, n = pcall(db.sync_default_name, db)
    if not ok then cli.fail(tostring(n)) end
    name = n
  end
  local ok, r = pcall(db.sync_push, db, organ, {as = name, batch = batch})
  if not ok then cli.fail(tostring(r)) end
  if r.seals == 0 then
    print(fmt(_("%s: the organ already holds everything (up to audit entry %d)"), name,
      r.acked_seq))
  else
    print(fmt(_("%s: pushed %d audit entries in %d transactions; the organ holds up to entry %d"),
      name, r.entries, r.seals, r.acked_seq))
  end
  return 0
end

-- The branch's tailorings that touch a standard: the clauses of its resolved form that a
-- tailoring changed or marked not applicable.
local function tailored_clauses(code, org)
  local ok, s = pcall(db.standard, db, code, {org = org.id})
  if not ok or not s then return 0 end
  local n = 0
  for _i, c in ipairs(s.clauses or {}) do
    local p = c.provenance or {}
    if (p.changes and #p.changes > 0) or c.not_applicable then n = n + 1 end
  end
  return n
end

local function pull()
  local _o, rest = cli.options(args, {}, "sync pull")
  local organ <close> = open_organ(one_target(rest, "sync pull"), "sync pull")
  local packs = organ:sync_packs()
  local lines, revised, days, loaded_packs = {}, {}, 0, 0
  local ok, err = pcall(db.transaction, db, function()
    -- a pack is loaded when it holds the organ's latest of something the branch lacks or
    -- holds otherwise: an older pack that is still the source of other standards would
    -- otherwise revise a changed standard back on every pull
    local function needed(p)
      for code, hash in pairs(p.standards) do
        local mine = qufa.list(db:standards{code = code})[1]
        if not mine or mine.hash ~= hash then return true end
      end
      local have = {}
      for _i, sys in ipairs(db:systems()) do have[sys.code] = true end
      for _i, code in ipairs(p.systems) do if not have[code] then return true end end
      return false
    end
    for _i, p in ipairs(packs) do
      if not needed(p) then goto continue end
      local loaded, report = pcall(db.load_standards, db, {text = p.text, name = p.name})
      if not loaded then error(report, 0) end
      loaded_packs = loaded_packs + 1
      for _j, item in ipairs(report) do
        if item.outcome ~= "unchanged" then
          lines[#lines + 1] = fmt(_("  %s %s rev %d: %s"), _(item.what), item.code, item.rev,
            item.outcome == "new" and _("new") or _("new revision"))
          if item.what == "standard" and item.outcome == "revised" then
            revised[#revised + 1] = item.code
          end
        end
      end
      ::continue::
    end
    -- the workday calendars, year by year (an import replaces the years it names)
    local years = {}
    for d in organ:calendar{from = "1900-01-01", to = "2199-12-31"} do
      local y = d.day:sub(1, 4)
      years[y] = years[y] or {}
      table.insert(years[y], fmt("%s %s %s", d.day, d.kind, d.name or ""))
      days = days + 1
    end
    local names = {}
    for y in pairs(years) do names[#names + 1] = y end
    table.sort(names)
    for _i, y in ipairs(names) do
      -- a year the branch already holds as the organ does is left alone (an import replaces it)
      local mine = {}
      for d in db:calendar{from = y .. "-01-01", to = y .. "-12-31"} do
        mine[#mine + 1] = fmt("%s %s %s", d.day, d.kind, d.name or "")
      end
      if table.concat(mine, "\n") ~= table.concat(years[y], "\n") then
        db:calendar_import{text = table.concat(years[y], "\n") .. "\n", name = "organ-" .. y}
        lines[#lines + 1] = fmt(_("  calendar %s"), y)
      end
    end
  end)
  if not ok then cli.fail(tostring(err)) end
  print(fmt(_("pulled %d pack(s) and %d calendar day(s) from the organ"), loaded_packs, days))
  for _i, l in ipairs(lines) do print(l) end
  -- what the organ changed under the branch's own tailorings (docs/sync.md: who owns what)
  for _i, code in ipairs(revised) do
    for o in db:orgs{kind = "branch"} do
      local n = tailored_clauses(code, o)
      if n > 0 then
        print(fmt(_("note: the organ issued a new revision of %s, which %s tailors (%d clause(s)): "
          .. "the tailoring now applies to the new revision; review it with 'qufa standards show "
          .. "%s --org %s'"), code, o.code, n, code, o.code))
      end
    end
  end
  return 0
end

local function status()
  local _o, rest = cli.options(args, {}, "sync status")
  local organ <close> = open_organ(one_target(rest, "sync status"), "sync status")
  local rows = {}
  for _i, b in ipairs(organ:sync_branches()) do
    rows[#rows + 1] = {b.name, b.acked_seq, b.seals, b.acked_hash:sub(1, 12), b.last_push}
  end
  cli.print_table({_("branch"), _("entries"), _("transactions"), _("last hash"),
    _("last push (UTC)")}, rows)
  return 0
end

local SUBCOMMANDS = {push = push, pull = pull, status = status}
local fn = SUBCOMMANDS[sub]
if not fn then
  cli.fail(sub and fmt(_("sync: unknown subcommand '%s' (push, pull, status)"), sub)
    or _("sync: missing subcommand (push, pull, status)"))
end
return fn()
