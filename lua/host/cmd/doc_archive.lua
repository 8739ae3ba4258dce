-- qufa doc archive: an activity's archive package (整理存档) as one zip — every piece of
-- evidence on record with its stored bytes (notice, invitation, courseware, minutes, photos,
-- news brief, other material), the sign-in sheet made from the attendance record as a .docx,
-- an index to open (index.html) and a manifest a program can check (manifest.json: the
-- SHA-256 of each file, and what is not in the package with a reason code: no_file,
-- file_unreadable, file_changed, earlier_archive, not_on_record). Loaded by doc.lua; returns a function
-- build{db, activity, rules, dirs, render, data, fail} -> zip bytes, the index's title.
local qufa = require "qufa"
local _ = qufa._

-- The order of the folders, as the material comes in the life of an activity.
local ORDER = {"notice", "invitation", "courseware", "signin", "minutes", "photo", "news"}

-- File name extensions by MIME type, for material stored without a file name.
local EXT = {
  ["text/markdown"] = "md", ["text/plain"] = "txt", ["text/html"] = "html",
  ["text/csv"] = "csv", ["application/pdf"] = "pdf", ["image/jpeg"] = "jpg",
  ["image/png"] = "png", ["image/gif"] = "gif", ["image/webp"] = "webp",
  ["application/zip"] = "zip", ["application/msword"] = "doc",
  ["application/vnd.ms-powerpoint"] = "ppt", ["application/vnd.ms-excel"] = "xls",
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = "docx",
  ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = "pptx",
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = "xlsx",
  ["application/vnd.oasis.opendocument.text"] = "odt",
}

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- A title as a file name: no characters that Windows, macOS or an unzip tool would refuse
-- or read as a folder, at most 60 characters.
local function file_name(title)
  local s = (title or ""):gsub("[%c/\\:*?\"<>|]", "_"):gsub("^[%s.]+", ""):gsub("[%s.]+$", "")
  if utf8.len(s) and utf8.len(s) > 60 then s = s:sub(1, utf8.offset(s, 61) - 1) end
  return s
end

-- Markdown text of a value: what would be markup is escaped (the template engine's escaper).
local function md(s)
  return qufa.render("{{v}}", {v = s or ""}, {escape = "markdown"})
end

return function(ctx)
  local db, a, fail = ctx.db, ctx.activity, ctx.fail
  local D = ctx.data
  local entries, files, missing, names = {}, {}, {}, {}

  -- a folder per kind of material: 01-会议通知, 02-邀请函 …; other types after those
  local folder_no = {}
  for i, t in ipairs(ORDER) do folder_no[t] = i end
  local function folder(type)
    if not folder_no[type] then
      local n = 0
      for _k in pairs(folder_no) do n = n + 1 end
      folder_no[type] = n + 1
    end
    local label = type == "signin" and _("attendance sheet") or db:label("artifact_type", type)
    return string.format("%02d-%s", folder_no[type], file_name(label))
  end
  local function unique(path)
    local base, ext = path:match("^(.-)(%.[^./]+)$")
    base, ext = base or path, ext or ""
    local candidate, n = path, 1
    while names[candidate] do
      n = n + 1
      candidate = string.format("%s (%d)%s", base, n, ext)
    end
    names[candidate] = true
    return candidate
  end
  local function add(type, title, content, time, source, x)
    local ext = x and x.path and x.path:match("%.(%w+)$")
      or EXT[((x and x.mime) or ""):match("^[^;%s]+") or ""] or (x and "bin")
    local path = unique(folder(type) .. "/" .. (file_name(title) ~= "" and file_name(title)
      or db:label("artifact_type", type) .. (x and x.id or "")) .. "." .. (ext or "docx"))
    local sha = qufa.sha256(content)
    entries[#entries + 1] = {name = path, content = content, time = time}
    files[#files + 1] = {path = path, type = type, title = title, issued_at = time,
      size = #content, sha256 = sha, source = source, artifact = x and x.id or nil}
  end

  -- the evidence on record, in the order of ORDER, then by date
  local list = {}
  for x in a:artifacts{} do list[#list + 1] = x end
  table.sort(list, function(p, q)
    local op, oq = folder_no[p.type] or 99, folder_no[q.type] or 99
    if op ~= oq then return op < oq end
    if p.type ~= q.type then return p.type < q.type end
    if (p.issued_at or "") ~= (q.issued_at or "") then return (p.issued_at or "") < (q.issued_at or "") end
    return p.id < q.id
  end)
  local have = {}
  local signin_done = false
  local function signin()
    -- the sign-in sheet from the attendance record, laid out like the other documents
    local content, _mime, title = ctx.render(a, "signin", "docx", ctx.dirs, ctx.rules)
    add("signin", title, content, a.starts_at, "generated")
    signin_done = true
  end
  for _i, x in ipairs(list) do
    if not signin_done and (folder_no[x.type] or 99) > folder_no.signin then signin() end
    have[x.type] = true
    local label = db:label("artifact_type", x.type)
    if x.type == "archive" then
      -- an earlier package: named in the index, not packed inside this one
      missing[#missing + 1] = {type = x.type, title = x.title, issued_at = x.issued_at,
        artifact = x.id, reason = "earlier_archive",
        why = _("an earlier archive package, not repeated inside this one")}
    elseif x.path then -- outside the database: it has a size and a hash, no stored bytes
      local content = read(x.path)
      if not content then
        missing[#missing + 1] = {type = x.type, title = x.title, issued_at = x.issued_at,
          artifact = x.id, reason = "file_unreadable",
          why = string.format(_("its file %s cannot be read"), x.path)}
      elseif x.sha256 and qufa.sha256(content) ~= x.sha256 then
        missing[#missing + 1] = {type = x.type, title = x.title, issued_at = x.issued_at,
          artifact = x.id, reason = "file_changed",
          why = string.format(_("its file %s has changed since it was recorded"), x.path)}
      else
        add(x.type, x.title, content, x.issued_at, "file", x)
      end
    elseif x.size then
      -- the store checks the bytes against their hash as it reads them
      local ok, content = pcall(x.content, x)
      if not ok or not content or qufa.sha256(content) ~= x.sha256 then
        fail(string.format(_("doc archive: %s %d (%s) no longer matches its recorded SHA-256; "
          .. "check the database with 'qufa audit verify'"), label, x.id, x.title or ""))
      end
      add(x.type, x.title, content, x.issued_at, "record", x)
    else
      missing[#missing + 1] = {type = x.type, title = x.title, issued_at = x.issued_at,
        artifact = x.id, reason = "no_file", why = _("recorded without a file")}
    end
  end
  if not signin_done then signin() end

  -- what a standard in force requires and is not on record at all
  local required = {}
  for type in pairs(ctx.rules.required) do required[#required + 1] = type end
  table.sort(required, function(p, q) return (folder_no[p] or 99) < (folder_no[q] or 99) end)
  for _i, type in ipairs(required) do
    if not have[type] then
      missing[#missing + 1] = {type = type, reason = "not_on_record",
        required_by = ctx.rules.required[type],
        why = string.format(_("not on record; required by %s"),
          table.concat(ctx.rules.required[type], _(", ")))}
    end
  end

  -- the index: Markdown made into one page to open or print
  local day = a.starts_at:sub(1, 10)
  local title = string.format(_("%s: archive"), a.title)
  local lines = {"# " .. md(title), ""}
  lines[#lines + 1] = string.format(_("%s (%s), %s %s, %s"), md(a.title),
    md(db:label("activity_kind", a.kind)), md(D.date_text(day)), md(a.starts_at:sub(12, 16)),
    md(a.place or ""))
  lines[#lines + 1] = ""
  lines[#lines + 1] = string.format("| %s | %s | %s | %s | %s |", _("No."), _("File"),
    _("Date"), _("Source"), "SHA-256")
  lines[#lines + 1] = "|:---:|---|:---:|---|---|"
  local SOURCES = {record = _("on record"), file = _("recorded file"),
    generated = _("made from the attendance record")}
  for i, f in ipairs(files) do
    lines[#lines + 1] = string.format("| %d | %s | %s | %s | `%s` |", i, md(f.path),
      md(f.issued_at and f.issued_at:sub(1, 10) or ""), md(SOURCES[f.source]),
      f.sha256:sub(1, 12))
  end
  if #missing > 0 then
    lines[#lines + 1] = ""
    lines[#lines + 1] = "## " .. md(_("Not in this package"))
    lines[#lines + 1] = ""
    for _i, m in ipairs(missing) do
      local what = db:label("artifact_type", m.type)
      if m.title then what = string.format(_("%s “%s”"), what, m.title) end
      if m.issued_at then what = what .. string.format(_(" (%s)"), m.issued_at:sub(1, 10)) end
      lines[#lines + 1] = "- " .. md(what) .. _(": ") .. md(m.why)
    end
  end
  lines[#lines + 1] = ""
  lines[#lines + 1] = "::: small"
  lines[#lines + 1] = md(_("manifest.json gives the SHA-256 of every file; check them with "
    .. "sha256sum, or against the records with 'qufa activities'."))
  lines[#lines + 1] = ":::"
  local index = qufa.markdown_html(table.concat(lines, "\n") .. "\n", {title = title})

  local manifest = {
    activity = {id = a.id, title = a.title, kind = a.kind, starts_at = a.starts_at,
      ends_at = a.ends_at, place = a.place, org = db:org(a.org_id).code},
    files = files,
    not_included = missing,
    generated_by = "qufa " .. qufa.version,
  }
  table.insert(entries, 1, {name = "index.html", content = index, time = a.starts_at})
  table.insert(entries, 2, {name = "manifest.json", content = qufa.json_text(manifest),
    time = a.starts_at})
  return qufa.zip(entries), title
end
