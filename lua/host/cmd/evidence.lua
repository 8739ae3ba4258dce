-- qufa evidence add|remove: the evidence an activity leaves (notice, minutes, photos …), stored
-- in the database or recorded by path, dated by when it was issued.
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local MIME = {jpg = "image/jpeg", jpeg = "image/jpeg", png = "image/png", gif = "image/gif",
  webp = "image/webp", heic = "image/heic", pdf = "application/pdf", txt = "text/plain",
  md = "text/markdown", html = "text/html", htm = "text/html", zip = "application/zip",
  doc = "application/msword", xls = "application/vnd.ms-excel",
  ppt = "application/vnd.ms-powerpoint",
  docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  mp3 = "audio/mpeg", mp4 = "video/mp4", ofd = "application/ofd"}

local function cmd_add()
  local command = "evidence add"
  local opts, rest = cli.options(args, {date = "value", time = "value", title = "value",
    link = "flag", ["no-file"] = "flag"}, command)
  local a = cli.activity_arg(db, command, rest[1])
  if not rest[2] then
    cli.fail_in(command, _("which type? (会议通知 notice, 邀请函 invitation, 课件 courseware, "
      .. "会议记录 minutes, 照片 photo, 简讯 news, 存档 archive, …)"))
  end
  cli.no_more(rest, 3, command)
  local type_ = cli.term_arg(db, command, "TYPE", "artifact_type", rest[2])
  local file = rest[3]
  if not file and not opts["no-file"] then
    cli.fail_in(command, _("FILE is needed (or --no-file to record evidence kept on paper)"))
  end
  if file and opts["no-file"] then
    cli.fail_in(command, _("--no-file and a FILE: give one of them"))
  end
  if opts.link and not file then cli.fail_in(command, _("--link needs a FILE")) end
  -- the day it was issued decides whether a notice came in time: no default
  if not opts.date then
    cli.fail_in(command, _("--date is needed: the day the evidence was issued or made "
      .. "(YYYY-MM-DD), which the standards judge"))
  end
  local issued = cli.date_arg(command, "--date", opts.date) .. " "
    .. (cli.time_arg(command, "--time", opts.time) or "00:00")
  if file then
    local f, err = io.open(file, "rb")
    if not f then cli.fail(fmt(_("%s: FILE: cannot read %s"), command, err)) end
    f:close()
  end
  local ext = file and file:match("%.([%w]+)$")
  local fields = {type = type_, issued_at = issued, mime = ext and MIME[ext:lower()],
    title = opts.title or (file and file:match("([^/]+)$")) or db:label("artifact_type", type_)}
  if file then
    if opts.link then fields.path = file else fields.file = file end
  end
  local x = cli.write(db, command, function() return a:add_artifact(fields) end)
  local how = not file and _("kept on paper")
    or opts.link and fmt(_("recorded at %s, %d bytes"), file, x.size or 0)
    or fmt(_("stored, %d bytes"), x.size or 0)
  print(fmt(_("activity %d: %s %d \"%s\" of %s (%s)"), a.id, db:label("artifact_type", type_),
    x.id, x.title, issued, how))
  return 0
end

local function cmd_remove()
  local command = "evidence remove"
  local _o, rest = cli.options(args, {}, command)
  cli.no_more(rest, 1, command)
  local id = rest[1] and rest[1]:match("^%d+$") and math.tointeger(tonumber(rest[1]))
  local x = id and db:artifact(id)
  if not x then
    cli.fail(fmt(_("%s: ID: there is no evidence '%s' (its id is shown by 'qufa activity show')"),
      command, tostring(rest[1])))
  end
  -- what to print, read before the record is gone
  local what = fmt(_("removed %s %d \"%s\""), db:label("artifact_type", x.type), x.id, x.title or "")
  cli.write(db, command, function() x:delete() end)
  print(what)
  return 0
end

local SUBCOMMANDS = {add = cmd_add, remove = cmd_remove}
local run = sub and SUBCOMMANDS[sub]
if not run then
  cli.fail(sub and fmt(_("evidence: '%s' is not a subcommand (add, remove)"), sub)
    or _("evidence: add or remove? (see 'qufa evidence --help')"))
end
return run()
