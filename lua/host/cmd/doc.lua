-- qufa doc TYPE ACTIVITY [--format md|html|docx] [-o FILE] [--templates DIR] [--register]
--          [--type T]
-- qufa doc archive ACTIVITY -o FILE.zip [--templates DIR] [--register]
-- qufa doc skeleton -o FILE.docx
-- qufa doc list [--templates DIR]
-- Documents from an activity's record through templates (qufa.render): built-in ones from
-- scripts/templates/, the branch's own in --templates DIR or $QUFA_TEMPLATES, or the one a
-- standard names for its activities (templates = {notice = "…"}). A .docx is the Markdown laid
-- out through a skeleton (scripts/templates/docx/, or the branch's document.docx).
local _ = qufa._
local args = {...}
local what = table.remove(args, 1)

-- A part of this command kept in a file of its own (lua/host/cmd/NAME).
local function part(name)
  for _i, f in ipairs(cli.host.cmd_files) do
    if f.name == name then return assert(load(f.source, "=" .. name, "t"))() end
  end
  error("doc: " .. name .. " is not built in")
end
local D = part("doc_data.lua")

-- document type -> the evidence type --register records
local TYPES = {
  {name = "notice", artifact = "notice", label = _("meeting notice")},
  {name = "invitation", artifact = "invitation", label = _("invitation letter")},
  {name = "signin", label = _("attendance sheet")},
  {name = "minutes", artifact = "minutes", label = _("minutes skeleton")},
  {name = "news", artifact = "news", label = _("news brief draft")},
}
local BY_NAME = {}
for _i, t in ipairs(TYPES) do BY_NAME[t.name] = t end

local DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
local BUILTIN_SKELETON = "scripts/templates/document.docx"

local BUILTIN = {}
for _i, f in ipairs(cli.host.template_files) do BUILTIN[f.name] = f.source end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- The folders of the branch's own templates, searched before the built-in ones.
local function user_dirs(opts)
  local dirs = {}
  if opts.templates then dirs[#dirs + 1] = opts.templates end
  local env = os.getenv("QUFA_TEMPLATES")
  if env and env ~= "" then dirs[#dirs + 1] = env end
  for _i, d in ipairs(dirs) do
    local probe = io.open(d, "rb")
    if not probe then cli.fail(string.format(_("doc: template folder %s does not exist"), d)) end
    probe:close()
  end
  return dirs
end

-- Finds `file` (a name such as "notice.md"): the branch's folders first, then the built-in
-- templates. Returns its text and where it came from.
local function find(dirs, file)
  for _i, d in ipairs(dirs) do
    local path = d .. "/" .. file
    local s = read(path)
    if s then return s, path end
  end
  if BUILTIN[file] then return BUILTIN[file], "scripts/templates/" .. file end
  return nil
end

-- The template file names to try for a document: in English the .en.md variant first; for
-- HTML a branch's .html template before the Markdown one.
local function candidates(base, format)
  local list = {}
  local en = qufa.language() == "en"
  if format == "html" then
    if en then list[#list + 1] = base .. ".en.html" end
    list[#list + 1] = base .. ".html"
  end
  if en then list[#list + 1] = base .. ".en.md" end
  list[#list + 1] = base .. ".md"
  return list
end

local function template_for(named, doctype, format, dirs)
  if named then
    local s, where = find(dirs, named.file)
    if not s then
      cli.fail(string.format(_("doc: standard %s names the template %s for its %s, but it is "
        .. "neither in the template folders nor built in"), named.code, named.file, doctype))
    end
    return s, where, named.file
  end
  -- the branch's folders first, whatever variant they hold; then the built-in ones
  local files = candidates(doctype, format)
  for _i, d in ipairs(dirs) do
    for _j, file in ipairs(files) do
      local s, where = find({d}, file)
      if s and where ~= "scripts/templates/" .. file then return s, where, file end
    end
  end
  for _i, file in ipairs(files) do
    if BUILTIN[file] then return BUILTIN[file], "scripts/templates/" .. file, file end
  end
  cli.fail(string.format(_("doc: no template for %s"), doctype))
end

-- The .docx skeleton: the branch's TYPE.docx, then its document.docx, then the built-in one.
-- Returns its bytes (nil for the built-in one) and where it came from.
local function skeleton_for(doctype, dirs)
  for _i, d in ipairs(dirs) do
    for _j, file in ipairs({doctype .. ".docx", "document.docx"}) do
      local path = d .. "/" .. file
      local s = read(path)
      if s then return s, path end
    end
  end
  return nil, BUILTIN_SKELETON
end

-- The activity named on the command line.
local function activity_arg(rest, command)
  if #rest ~= 1 then
    cli.fail(string.format(_("doc %s: name one activity by its id (see 'qufa activities')"),
      command))
  end
  local id = math.tointeger(tonumber(rest[1]))
  local a = id and db:activity(id)
  if not a then cli.fail(string.format(_("doc: there is no activity %s"), rest[1])) end
  return a
end

--- Renders document `doctype` of activity `a` in `format` (md, html or docx). Returns the
--- content, its MIME type, its title and the template used. `dated` (optional) overrides the
--- day the document carries.
local function render(a, doctype, format, dirs, rules, dated)
  local t = BY_NAME[doctype]
  if doctype == "invitation" then
    local any = false
    for _g in a:guests() do any = true end
    if not any then
      cli.fail(string.format(_("doc invitation: activity %d has no guests to invite; add one "
        .. "with: qufa activity guest %d NAME --role expert --affiliation ORG"), a.id, a.id))
    end
  end
  local source, where, file = template_for(rules.templates[doctype], doctype,
    format == "docx" and "md" or format, dirs)
  local data = D.data_for(db, a, doctype, rules, dated or D.dated(a, doctype, rules))
  local html_template = file:match("%.html$") ~= nil
  if html_template and format ~= "html" then
    cli.fail(string.format(_("doc: the template %s is HTML; use --format html"), where))
  end
  local ok, out = pcall(qufa.render, source, data, {name = where,
    escape = html_template and "html" or "markdown"})
  if not ok then cli.fail(tostring(out)) end
  local title = out:match("^#%s+([^\n]+)") or out:match("\n#%s+([^\n]+)")
  title = title and title:gsub("\\(%p)", "%1") or t.label
  if format == "html" then
    if html_template then
      return out, "text/html; charset=utf-8", out:match("<title>(.-)</title>") or t.label, where
    end
    local css = find(dirs, "document.css")
    local page
    ok, page = pcall(qufa.markdown_html, out, {css = css})
    if not ok then cli.fail(tostring(page)) end
    return page, "text/html; charset=utf-8", title, where
  end
  if format == "docx" then
    local skeleton, skeleton_where = skeleton_for(doctype, dirs)
    local docx
    ok, docx = pcall(qufa.docx, out, data, {skeleton = skeleton, name = skeleton_where})
    if not ok then cli.fail(tostring(docx)) end
    return docx, DOCX_MIME, title, where .. " + " .. skeleton_where
  end
  return out, "text/markdown; charset=utf-8", title, where
end

-- Writes `content` to `path` whole (mode 0600: documents name members).
local function write(path, content)
  local ok, err = pcall(qufa.write_file, path, content)
  if not ok then cli.fail(string.format(_("doc: cannot write %s"), tostring(err))) end
end

--- Records `content` as the activity's evidence of `type`, issued on `day`.
local function register(a, type, day, title, content, mime, where)
  local today = db:today()
  local clock = day == today and today == os.date("%Y-%m-%d") and os.date("%H:%M") or "00:00"
  local x = a:add_artifact{type = type, title = title, issued_at = day .. " " .. clock,
    content = content, mime = mime, attrs = {generated_by = "qufa doc", template = where}}
  io.stderr:write(string.format(_("registered as %s %d of activity %d, dated %s\n"),
    db:label("artifact_type", type), x.id, a.id, day))
end

-- The format: --format, else the output file's extension, else Markdown.
local function format_of(opts)
  local f = opts.format
  local out = opts.o or opts.output
  if not f and out then
    local ext = out:lower():match("%.(%w+)$")
    f = ({docx = "docx", html = "html", htm = "html"})[ext]
  end
  f = f or "md"
  if f == "markdown" then f = "md" end
  if f ~= "md" and f ~= "html" and f ~= "docx" then
    cli.fail(string.format(_("doc: format '%s' is unknown (md, html, docx)"), f))
  end
  return f
end

-- ---- commands -----------------------------------------------------------------------------

local function list()
  local opts, rest = cli.options(args, {templates = "value"}, "doc list")
  if #rest > 0 then cli.fail(string.format(_("doc: unexpected argument '%s'"), rest[1])) end
  local dirs = user_dirs(opts)
  for _i, t in ipairs(TYPES) do
    local _s, where = template_for(nil, t.name, "md", dirs)
    print(string.format("%-11s %-18s %s", t.name, t.label, where))
  end
  local _s, where = skeleton_for("document", dirs)
  print(string.format("%-11s %-18s %s", "docx", _("Word skeleton"), where))
  return 0
end

local function generate(doctype)
  local t = BY_NAME[doctype]
  if not t then
    cli.fail(string.format(_("doc: unknown document '%s' (notice, invitation, signin, minutes, "
      .. "news, archive)"), tostring(doctype)))
  end
  local opts, rest = cli.options(args, {format = "value", o = "value", output = "value",
    templates = "value", register = "flag", type = "value", date = "value"}, "doc " .. doctype)
  local a = activity_arg(rest, doctype)
  local format = format_of(opts)
  local file_out = opts.o or opts.output
  if format == "docx" and not file_out then
    cli.fail(_("doc: a .docx is written to a file: give -o FILE.docx"))
  end
  local artifact_type = opts.type or t.artifact
  if opts.register and not artifact_type then
    cli.fail(string.format(_("doc: %s has no evidence type of its own; give one with --type "
      .. "(e.g. --type archive)"), doctype))
  end
  if opts.register then
    local ok, why = db:check_term("artifact_type", artifact_type)
    if not ok then cli.fail(why) end
  end
  local dirs = user_dirs(opts)
  local rules = D.rules_for(db, a)
  local dated = opts.date
  if dated then
    local ok = pcall(qufa.date, dated)
    if not ok then
      cli.fail(string.format(_("doc: --date '%s' is not a date (YYYY-MM-DD)"), dated))
    end
    if opts.register and dated > db:today() then
      cli.fail(string.format(_("doc: --date %s is after today (%s): a document cannot be on "
        .. "record as issued in the future"), dated, db:today()))
    end
  else
    dated = D.dated(a, doctype, rules)
    -- registering issues the document: it cannot be on record as issued after today
    if opts.register and dated > db:today() then dated = db:today() end
  end
  local content, mime, title, where = render(a, doctype, format, dirs, rules, dated)
  if file_out then write(file_out, content) else io.write(content) end
  if opts.register then register(a, artifact_type, dated, title, content, mime, where) end
  return 0
end

local function archive()
  local opts, rest = cli.options(args, {o = "value", output = "value", templates = "value",
    register = "flag"}, "doc archive")
  local a = activity_arg(rest, "archive")
  local file_out = opts.o or opts.output
  if not file_out then cli.fail(_("doc archive: give the file to write with -o FILE.zip")) end
  local build = part("doc_archive.lua")
  local rules = D.rules_for(db, a)
  local zip, index_title = build{db = db, activity = a, rules = rules, dirs = user_dirs(opts),
    render = render, data = D, fail = cli.fail}
  write(file_out, zip)
  if opts.register then
    -- the package is put together today: that is when the activity was archived
    register(a, "archive", db:today(), index_title, zip, "application/zip", "qufa doc archive")
  end
  return 0
end

-- The built-in .docx skeleton, for a branch to start its own from.
local function skeleton()
  local opts, rest = cli.options(args, {o = "value", output = "value"}, "doc skeleton")
  if #rest > 0 then cli.fail(string.format(_("doc: unexpected argument '%s'"), rest[1])) end
  local file_out = opts.o or opts.output
  if not file_out then cli.fail(_("doc: a .docx is written to a file: give -o FILE.docx")) end
  write(file_out, qufa.docx_skeleton())
  return 0
end

if what == "list" then return list() end
if what == "archive" then return archive() end
if what == "skeleton" then return skeleton() end
if not what then
  cli.fail(_("doc: which document? (notice, invitation, signin, minutes, news, archive; or "
    .. "skeleton, list)"))
end
return generate(what)
