-- qufa vocab list|add: the controlled vocabularies (activity kinds, evidence types, posts,
-- guest roles, flags) and terms of the branch's own, without Lua (db:define_kind).
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

-- the vocabularies a user may add to, by code or Chinese name
local VOCABS = {activity_kind = "活动类型", artifact_type = "材料类型", post = "职务",
  guest_role = "嘉宾身份", flag = "标记"}
local VOCAB_ORDER = {"activity_kind", "artifact_type", "post", "guest_role", "flag"}

local function cmd_list()
  local command = "vocab list"
  local _o, rest = cli.options(args, {}, command)
  cli.no_more(rest, 1, command)
  local vocab = rest[1] and cli.word_arg(command, "VOCAB", VOCABS, VOCAB_ORDER, rest[1])
  local rows = {}
  for _i, v in ipairs(VOCAB_ORDER) do
    if not vocab or v == vocab then
      for t in db:vocab(v) do
        rows[#rows + 1] = {v, t.code, t.label_zh or "", t.label_en or "",
          t.builtin and _("built in") or _("own")}
      end
    end
  end
  cli.print_table({_("vocabulary"), _("code"), _("Chinese"), _("English"), _("origin")}, rows)
  return 0
end

local function cmd_add()
  local command = "vocab add"
  local _o, rest = cli.options(args, {}, command)
  if #rest < 3 then
    cli.fail_in(command, _("VOCAB, CODE and a Chinese label are needed (qufa vocab add VOCAB "
      .. "CODE 中文名 [ENGLISH])"))
  end
  cli.no_more(rest, 4, command)
  local vocab = cli.word_arg(command, "VOCAB", VOCABS, VOCAB_ORDER, rest[1])
  local code, zh, en = rest[2], rest[3], rest[4]
  -- a label another term of the vocabulary has would make the label ambiguous on the
  -- command line and in CSV files, where labels stand for codes
  for t in db:vocab(vocab) do
    if t.code ~= code and (t.label_zh == zh or (en and t.label_en == en)) then
      cli.fail(fmt(_("%s: '%s' is already the label of %s '%s'"), command,
        t.label_zh == zh and zh or en, vocab, t.code))
    end
  end
  local existed = db:check_term(vocab, code)
  if existed and not en then
    -- a new Chinese label alone keeps the English one
    for t in db:vocab(vocab) do
      if t.code == code then en = t.label_en end
    end
  end
  cli.write(db, command, function() db:define_kind(vocab, code, zh, en) end)
  print(fmt(existed and _("relabelled %s '%s': %s") or _("added %s '%s': %s"), vocab, code,
    en and fmt("%s (%s)", zh, en) or zh))
  return 0
end

local SUBCOMMANDS = {list = cmd_list, add = cmd_add}
local run = sub and SUBCOMMANDS[sub]
if not run then
  cli.fail(sub and fmt(_("vocab: '%s' is not a subcommand (list, add)"), sub)
    or _("vocab: list or add? (see 'qufa vocab --help')"))
end
return run()
