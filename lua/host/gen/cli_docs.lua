-- The bash completion and the manual page qufa(1), generated when qufa is built from the
-- command table as the built qufa prints it (`qufa --help`, `qufa COMMAND --help`), so that a
-- command added to lua/host/commands.c is completed and documented without another step.
--
-- Run by the build (lua/host/CMakeLists.txt):
--   qufa --db :memory: run cli_docs.lua QUFA ENGINE OUTDIR DATADIR DOCDIR
-- QUFA is the qufa just built, ENGINE the completion's fixed part (qufa.bash-completion.in),
-- OUTDIR gets qufa.bash-completion, qufa.1 (English) and zh_CN/qufa.1 (Chinese); DATADIR and
-- DOCDIR are where the scripts and the documentation are installed (named in the manual).
--
-- What the completion offers comes from the usage texts (docs/internals.md, "Adding a
-- command"): the commands; each command's options, from its synopsis and its lines that
-- begin with an option; its subcommands, from the synopsis ("audit verify", "import
-- members|activities", "remind ack … | snooze …") and the lines indented by two spaces that
-- begin with a lower-case word ("  load FILE.lua"); the values of an option or a positional
-- argument, from its placeholder: inline choices (--format text|json), a sentence naming them
-- ("KIND is committee, general_branch, branch or group"), a vocabulary ("KIND is an activity
-- kind", "FLAG is a flag", "T is an evidence type": the terms of a new database), a file
-- (FILE, PATH, SCRIPT.lua, FILE.csv) or a folder (DIR); and for a command with a `list`
-- subcommand whose first argument is a placeholder (doc TYPE, report NAME), what `list` prints.
local _ = qufa._
local QUFA, ENGINE, OUT, DATADIR, DOCDIR = arg[1], arg[2], arg[3], arg[4], arg[5]
assert(DOCDIR, "usage: qufa --db :memory: run cli_docs.lua QUFA ENGINE OUTDIR DATADIR DOCDIR")

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- What `qufa ARGS…` prints in a language (a fresh in-memory database, no colour).
local function qufa_says(lang, ...)
  local cmd = "QUFA_LANG=" .. lang .. " NO_COLOR=1 " .. shell_quote(QUFA) .. " --db :memory:"
  for _i, a in ipairs({...}) do cmd = cmd .. " " .. shell_quote(a) end
  local p = assert(io.popen(cmd .. " 2>&1", "r"))
  local out = p:read("a")
  local ok, how, code = p:close()
  if not ok then error(string.format("%s: %s %s\n%s", cmd, how, code, out), 0) end
  return out
end

local function lines(s)
  local t = {}
  for l in (s:gsub("\n$", "") .. "\n"):gmatch("(.-)\n") do t[#t + 1] = l end
  return t
end

local function write_file(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

---------------------------------------------------------------------------------------------
-- The command table, from `qufa --help`: blocks separated by empty lines (the usage line, the
-- description, the commands, the global options, the exit status), the same in each language.
local function read_help(lang)
  local blocks, cur = {}, nil
  for _i, l in ipairs(lines(qufa_says(lang, "--help"))) do
    if l == "" then
      cur = nil
    else
      if not cur then
        cur = {}
        blocks[#blocks + 1] = cur
      end
      cur[#cur + 1] = l
    end
  end
  assert(#blocks >= 5, "qufa --help: expected usage, description, commands, options, exit status")
  local help = {usage = blocks[1][1], description = blocks[2][1],
                exit = table.concat(blocks[5], " "), commands = {}, options = {}}
  for k = 2, #blocks[3] do
    local name, summary = blocks[3][k]:match("^  (%S+)%s+(.*)$")
    help.commands[#help.commands + 1] = {name = name, summary = summary}
  end
  for k = 2, #blocks[4] do
    local opt, arg_, what = blocks[4][k]:match("^  (%-%-%S+) ?(%S*)%s+(.*)$")
    help.options[#help.options + 1] = {option = opt, arg = arg_ ~= "" and arg_ or nil, doc = what}
  end
  return help
end

-- A command's usage text without its "Usage: qufa " (translated as well).
local function usage_of(lang, name)
  local text = qufa_says(lang, name, "--help")
  local first, rest = text:match("^([^\n]*)\n(.*)$")
  local at = first:find("qufa " .. name, 1, true)
  assert(at, "qufa " .. name .. " --help: no usage line")
  return first:sub(at + 5) .. "\n" .. rest
end

---------------------------------------------------------------------------------------------
-- Completion data from the English usage texts.

local VOCABULARY_PHRASES = {  -- "X is an activity kind" → the vocabulary's terms
  ["activity kind"] = "activity_kind", ["evidence type"] = "artifact_type",
  ["artifact type"] = "artifact_type", ["post"] = "post", ["guest role"] = "guest_role",
  ["flag"] = "flag",
}

local function vocabulary(name)
  local t = {}
  for term in db:vocab(name) do t[#t + 1] = term.code end
  return table.concat(t, " ")
end

-- "a, b, c or d" (remarks in parentheses left out) → "a b c d", when every item is a word.
local function enumeration(text)
  text = text:gsub("%b()", ""):gsub("（.-）", "")
  local list = text:match("^%s*([%w_]+[%w_,%s]-%s+or%s+[%w_]+)")
  if not list then return nil end
  local words = {}
  for item in (list:gsub("%s+or%s+", ", ")):gmatch("[^,]+") do
    item = item:match("^%s*(.-)%s*$")
    if not item:match("^[a-z][a-z0-9_]*$") then return nil end
    words[#words + 1] = item
  end
  return #words >= 2 and table.concat(words, " ") or nil
end

-- How the value of a placeholder is completed: "w:WORDS", "f:EXT" (files, "" = any),
-- "d:" (folders) or "-:" (a value, nothing to offer).
local function value_spec(placeholder, explained)
  local bare = placeholder:gsub("%.%.%.$", ""):gsub("%[.*$", "")
  if bare:match("^[a-z0-9_%-]+|[a-z0-9_|%-]+$") then return "w:" .. bare:gsub("|", " ") end
  if explained[bare] then return explained[bare] end
  local ext = bare:match("^FILE%.(%w+)$") or bare:match("^SCRIPT%.(%w+)$")
  if ext then return "f:" .. ext end
  if bare == "LUA" then return "f:lua" end  -- a Lua data file (report parameters)
  if bare == "FILE" or bare == "PATH" then return "f:" end
  if bare == "DIR" then return "d:" end
  return "-:"
end

-- The tokens of a synopsis line split at " | " outside brackets: the alternatives.
local function alternatives(line)
  local parts, depth, start = {}, 0, 1
  local k = 1
  while k <= #line do
    local c = line:sub(k, k)
    if c == "[" then depth = depth + 1 elseif c == "]" then depth = depth - 1 end
    if depth == 0 and line:sub(k, k + 2) == " | " then
      parts[#parts + 1] = line:sub(start, k - 1)
      start = k + 3
      k = k + 2
    end
    k = k + 1
  end
  parts[#parts + 1] = line:sub(start)
  return parts
end

-- The codes of a list whose items pair a Chinese label with a code ("出席 present, 缺席 absent,
-- 请假 leave or 迟到 late"; "会议通知 notice, 邀请函 invitation, …"), and whether the list is
-- closed (it ends with "or ITEM", not "…" or "or something else").
local function bilingual(text)
  text = text:gsub("%b()", ""):gsub("（.-）", "")
  local codes, closed = {}, false
  for item in (text:gsub("%s+or%s+", ", \1")):gmatch("[^,]+") do
    item = item:match("^%s*(.-)%s*$")
    local last = item:sub(1, 1) == "\1"
    if last then item = item:sub(2) end
    local code = item:match("^[\128-\255]+%s+([a-z][a-z0-9_]*)$")
    if not code then break end
    codes[#codes + 1] = code
    if last then
      closed = true
      break
    end
  end
  return codes, closed
end

-- The vocabulary every one of `codes` belongs to (a list that names some of its terms), or nil.
local function vocabulary_of(codes)
  local seen = {}
  for _phrase, vocab in pairs(VOCABULARY_PHRASES) do
    if not seen[vocab] then
      seen[vocab] = true
      local terms = {}
      for w in vocabulary(vocab):gmatch("%S+") do terms[w] = true end
      local all = true
      for _i, c in ipairs(codes) do all = all and terms[c] ~= nil end
      if all then return vocab end
    end
  end
end

local function words_of(s)
  local t = {}
  for w in s:gmatch("%S+") do t[#t + 1] = w end
  return t
end

local function is_placeholder(w) return w:match("^[A-Z][A-Z0-9_]*[%.%w]*$") ~= nil end

-- Completion data of one command.
local function analyse(name, usage)
  local c = {subs = {}, sub_set = {}, opts = {}, opt_set = {}, values = {}, pos = {}}
  local text = lines(usage)
  local synopsis, body, in_body = {}, {}, false
  for _i, l in ipairs(text) do
    if l == "" then in_body = true elseif in_body then body[#body + 1] = l
    else synopsis[#synopsis + 1] = l end
  end
  -- placeholders the prose explains: "X is a, b or c", "X is an activity kind"
  local explained = {}
  local prose = table.concat(body, " "):gsub("%s+", " ")
  for ph, what in prose:gmatch("%f[%w](%u[%u_]*) is ([^.;:]+)") do
    local phrase = what:match("^an? ([%a ]-)%s*%(") or what:match("^an? ([%a ]+)$")
    local vocab = phrase and VOCABULARY_PHRASES[phrase:match("^(.-)%s*$")]
    local codes, closed = bilingual(what)
    if vocab then
      explained[ph] = "w:" .. vocabulary(vocab)
    elseif enumeration(what) then
      explained[ph] = "w:" .. enumeration(what)
    elseif #codes >= 2 and vocabulary_of(codes) then
      explained[ph] = "w:" .. vocabulary(vocabulary_of(codes))
    elseif #codes >= 2 and closed then
      explained[ph] = "w:" .. table.concat(codes, " ")
    end
  end
  local function add_sub(w)
    if not c.sub_set[w] then
      c.sub_set[w] = true
      c.subs[#c.subs + 1] = w
    end
  end
  local function add_opt(o)
    if not c.opt_set[o] then
      c.opt_set[o] = true
      c.opts[#c.opts + 1] = o
    end
  end
  -- options and their values in a piece of synopsis; `rest` the text after an option line's
  -- placeholder (where "  --format F   text, md … or html" lists the values)
  local function scan_options(s, rest)
    local ws = words_of(s)
    for k, w in ipairs(ws) do
      local o = w:gsub("^%[+", ""):gsub("%]+$", "")
      if o:match("^%-%-?[%a][%w%-]*$") then
        add_opt(o)
        -- its value, in the same brackets: "[--org ORG]", not "[--restricted] SCRIPT.lua"
        local v = ws[k + 1]
        if v and not w:match("%]$") and not v:match("^[%[%-|]") and not v:match("^%.%.%.") then
          local spec = value_spec(v:gsub("%]+$", ""), explained)
          if spec == "-:" and rest and enumeration(rest) then spec = "w:" .. enumeration(rest) end
          if c.values[o] == nil or c.values[o] == "-:" then c.values[o] = spec end
        end
      end
    end
  end
  -- the positional placeholders (options in brackets left out) after the command, or after
  -- the subcommand: how the arguments there are completed. The first is pos[KEY]; when there
  -- are more, the N-th is pos["KEY@N"] ("-:" where there is nothing to offer) and one that
  -- repeats (FILE...) also pos["KEY@+"], for every argument after it. Returns the first.
  local function scan_positionals(key, ws, from)
    local s = table.concat(ws, " ", from)
    repeat local n; s, n = s:gsub("%b[]", "") until n == 0
    local found = {}
    for w in s:gmatch("%S+") do
      if w:match("^%-") then break end
      if not is_placeholder(w) then break end
      found[#found + 1] = w
    end
    if #found == 0 then return end
    local first = value_spec(found[1], explained)
    if first ~= "-:" and not c.pos[key] then c.pos[key] = first end
    if #found >= 2 and not c.pos[key .. "@2"] then
      for k = 2, #found do c.pos[key .. "@" .. k] = value_spec(found[k], explained) end
      if found[#found]:match("%.%.%.$") then
        c.pos[key .. "@+"] = c.pos[key .. "@" .. #found]
      end
    end
    return found[1]
  end
  for _i, line in ipairs(synopsis) do
    scan_options(line)
    for _j, alt in ipairs(alternatives(line)) do
      local ws = words_of(alt)
      if ws[1] == name then table.remove(ws, 1) end
      local first = ws[1]
      if first and first:match("^[a-z][a-z_%-]*$") then
        add_sub(first)
        scan_positionals(name .. " " .. first, ws, 2)
      elseif first and first:match("^[a-z_]+|[a-z_|]+$") then
        for w in first:gmatch("[^|]+") do add_sub(w) end
        scan_positionals(name, ws, 2)
      elseif first then
        local ph = scan_positionals(name, ws, 1)
        c.first_placeholder = c.first_placeholder or ph
      end
    end
  end
  for _i, l in ipairs(body) do
    local sub, rest = l:match("^  ([a-z][a-z_%-]*)(.*)$")
    if sub and (rest == "" or rest:match("^  ") or rest:match("^ [%u%[]")) then
      add_sub(sub)
      local syn = rest:match("^(.-)%s%s+%S") or rest
      scan_options(syn)
      scan_positionals(name .. " " .. sub, words_of(syn), 1)
    elseif l:match("^%s+%-") then
      local opt_part, rest2 = l:match("^%s+(%-%S+%s?%S*)%s%s+(.*)$")
      scan_options(opt_part or l, rest2)
    elseif l:match("^%s+%[") then
      scan_options(l)
    end
  end
  -- `CMD list` names what the first argument may be (doc TYPE, report NAME), and options
  if c.sub_set.list and c.first_placeholder and c.first_placeholder ~= "SUBCOMMAND" then
    for _i, l in ipairs(lines(qufa_says("en", name, "list"))) do
      local w = l:match("^([a-z][a-z0-9_%-]*)%s")
      if w then add_sub(w) end
      local opt, rest = l:match("^%s+(%-%-%S+%s?%S*)%s%s+(.*)$")
      if opt then scan_options(opt, rest) end
    end
  end
  -- words the first argument may be go with the subcommands
  if c.pos[name] and c.pos[name]:match("^w:") and #c.subs > 0 then
    for w in c.pos[name]:sub(3):gmatch("%S+") do add_sub(w) end
    c.pos[name] = nil
  end
  add_opt("--help")
  return c
end

local function bash_words(list) return table.concat(list, " ") end

local function completion(help)
  local out = {"# Generated at build time from `qufa --help` and each command's --help by",
               "# lua/host/gen/cli_docs.lua: do not edit (edit lua/host/commands.c).", ""}
  local names, globals = {}, {}
  local sub, opt, val, pos = {}, {}, {}, {}
  local global_explained = {}
  for _i, o in ipairs(help.options) do
    globals[#globals + 1] = o.option
    if o.arg then val[#val + 1] = {" " .. o.option, value_spec(o.arg, global_explained)} end
  end
  for _i, cmd in ipairs(help.commands) do
    names[#names + 1] = cmd.name
    local c = analyse(cmd.name, usage_of("en", cmd.name))
    if #c.subs > 0 then sub[#sub + 1] = {cmd.name, bash_words(c.subs)} end
    opt[#opt + 1] = {cmd.name, bash_words(c.opts)}
    for _j, o in ipairs(c.opts) do
      if c.values[o] then val[#val + 1] = {cmd.name .. " " .. o, c.values[o]} end
    end
    local keys = {}
    for k in pairs(c.pos) do keys[#keys + 1] = k end
    table.sort(keys)
    for _j, k in ipairs(keys) do pos[#pos + 1] = {k, c.pos[k]} end
  end
  local function assoc(var, rows)
    out[#out + 1] = "declare -gA " .. var .. "=("
    for _i, r in ipairs(rows) do
      out[#out + 1] = string.format("    [%s]=%s", shell_quote(r[1]), shell_quote(r[2]))
    end
    out[#out + 1] = ")"
  end
  out[#out + 1] = "_qufa_commands=" .. shell_quote(bash_words(names))
  out[#out + 1] = "_qufa_globals=" .. shell_quote(bash_words(globals))
  assoc("_qufa_sub", sub)
  assoc("_qufa_opt", opt)
  assoc("_qufa_val", val)
  assoc("_qufa_pos", pos)
  local f = assert(io.open(ENGINE))
  local engine = f:read("a")
  f:close()
  local data = table.concat(out, "\n") .. "\n"
  local merged, n = engine:gsub("# @DATA@\n", function() return data end)
  assert(n == 1, ENGINE .. ": no '# @DATA@' line")
  return merged
end

---------------------------------------------------------------------------------------------
-- The manual page, in roff (man(7)); the usage texts as they are, without filling.

local function roff(s)
  s = s:gsub("\\", "\\e"):gsub("%-", "\\-")
  return (s:gsub("^([%.'])", "\\&%1"))
end

local function roff_lines(text)
  local t = {}
  for _i, l in ipairs(lines(text)) do t[#t + 1] = l == "" and ".sp" or roff(l) end
  return table.concat(t, "\n")
end

local function manual(lang, version)
  qufa.set_language(lang)
  local help = read_help(lang)
  local m = {}
  local function add(s) m[#m + 1] = s end
  add('.\\" Generated at build time by lua/host/gen/cli_docs.lua from the command table:')
  add('.\\" do not edit (edit lua/host/commands.c).')
  add(string.format('.TH QUFA 1 "" "qufa %s" "%s"', version, roff(_("qufa manual"))))
  add(".SH " .. roff(_("NAME")))
  add("qufa \\- " .. roff(help.description))
  add(".SH " .. roff(_("SYNOPSIS")))
  add(".nf")
  add(roff(help.usage:match("(qufa .*)$")))
  add(".fi")
  add(".SH " .. roff(_("DESCRIPTION")))
  add(roff(_("qufa keeps a party branch's records (organisations, members, posts, activities "
    .. "with attendance, guests, agenda and evidence) in an SQLite database, judges them "
    .. "against standards written in Lua, runs procedures with deadlines, reminds of what "
    .. "falls due and writes reports and documents. Every write is audited.")))
  add(".SH " .. roff(_("GLOBAL OPTIONS")))
  for _i, o in ipairs(help.options) do
    add(".TP")
    add("\\fB" .. roff(o.option) .. "\\fR" .. (o.arg and (" \\fI" .. roff(o.arg) .. "\\fR") or ""))
    add(roff(o.doc))
  end
  add(".SH " .. roff(_("COMMANDS")))
  for _i, c in ipairs(help.commands) do
    add(".SS " .. roff(c.name))
    add(roff(c.summary))
    add(".PP")
    add(".nf")
    add(roff_lines("qufa " .. usage_of(lang, c.name)))
    add(".fi")
  end
  add(".SH " .. roff(_("EXIT STATUS")))
  add(roff(help.exit))
  add(".SH " .. roff(_("ENVIRONMENT")))
  for _i, e in ipairs({
    {"QUFA_DB", _("the database when --db is not given (else ./qufa.db)")},
    {"QUFA_LANG", _("the language of messages, zh or en (then LANGUAGE, LC_ALL, LC_MESSAGES, LANG)")},
    {"QUFA_TEMPLATES", _("a folder of the branch's own document templates (qufa doc)")},
    {"NO_COLOR", _("when set and not empty, no colour even on a terminal")},
    {"QUFA_TIME_LIMIT", _("seconds of wall time per run of restricted code, 1 to 3600 "
      .. "(default 10)")},
  }) do
    add(".TP")
    add("\\fB" .. e[1] .. "\\fR")
    add(roff(e[2]))
  end
  add(".SH " .. roff(_("FILES")))
  add(".TP")
  add("\\fI./qufa.db\\fR")
  add(roff(_("the database, unless --db or QUFA_DB names another")))
  add(".TP")
  add("\\fI" .. roff(DATADIR) .. "/scripts/\\fR")
  add(roff(_("the shipped standards packs, procedures, reports, document templates, calendars "
    .. "and examples")))
  add(".SH " .. roff(_("SEE ALSO")))
  add(roff(string.format(_("lua5.4(1); the documentation in %s: cli.md (every command), "
    .. "lua-api.md (the Lua module), writing-standards.md, writing-procedures.md, "
    .. "reminders.md, reports.md."), DOCDIR)))
  return table.concat(m, "\n") .. "\n"
end

local version = qufa_says("en", "--version"):match("qufa (%S+)")
local help_en = read_help("en")
write_file(OUT .. "/qufa.bash-completion", completion(help_en))
write_file(OUT .. "/qufa.1", manual("en", version))
os.execute("mkdir -p " .. shell_quote(OUT .. "/zh_CN"))
write_file(OUT .. "/zh_CN/qufa.1", manual("zh", version))
