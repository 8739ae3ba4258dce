-- qufa.report (streaming and in memory, rows by key or list, errors naming row and column,
-- sections with columns of their own), qufa.render and qufa.markdown_html, and the templates
-- a standard names (run by the host with a fresh database, today 2017-09-05).
local t = require "t"

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir))
local function path(name) return dir .. "/" .. name end
local function read(p)
  local f = assert(io.open(p, "rb"))
  local s = f:read("a")
  f:close()
  return s
end
local function exists(p)
  local f = io.open(p, "rb")
  if f then f:close() end
  return f ~= nil
end

local COLUMNS = {
  {key = "date", title = "日期", type = "date"},
  {key = "title", title = "名称", total = "count"},
  {key = "due", title = "应到", type = "integer", total = "sum"},
  {key = "rate", title = "出席率", type = "percent", total = "avg"},
  {key = "ok", title = "有记录", type = "bool"},
}

-- streaming: the rows go to the file as they come; it appears when closed
do
  local r = qufa.report{title = "台账", columns = COLUMNS, output = path("s.csv")}
  r:section("党课")
  r:add{date = "2017-05-10", title = "党课", due = 8, rate = 7 / 8, ok = true}
  r:add{"2017-08-23", "党课 Part 2", 8.0, 1, false} -- a list in column order; 8.0 is 8
  t.eq(#r, 2, "#r counts rows")
  t.ok(not exists(path("s.csv")), "the file appears only when closed")
  t.fails("the rows of this report went straight to its output", r.write, r, path("x.csv"))
  t.fails("open it before the first row", r.open, r, path("y.csv"))
  r:close()
  r:close() -- twice is fine
  t.eq(read(path("s.csv")), "Section,日期,名称,应到,出席率,有记录\r\n"
    .. "党课,2017-05-10,党课,8,87.5%,yes\r\n党课,2017-08-23,党课 Part 2,8,100.0%,no\r\n"
    .. "党课,Total,2,16,93.8%,\r\n", "streamed CSV")
  t.fails("report: it is closed", r.add, r, {})
end

-- errors name the row and the column; a refused row leaves the report as it was
do
  local r = qufa.report{title = "t", columns = COLUMNS}
  r:add{date = "2017-01-01", title = "a"}
  t.fails("row 2, column 'date': '2017-13-01' is not a date", r.add, r, {date = "2017-13-01"})
  t.fails("add: row 2: there is no column 'titel' (columns: date, title, due, rate, ok)",
    r.add, r, {titel = "x"})
  t.fails("row 2, column 'due': a value of type number does not fit a column of type integer",
    r.add, r, {due = 1.5})
  t.fails("row 2, column 'ok': a table cannot go in a cell", r.add, r, {ok = {}})
  t.fails("row 2, column 'due': a value of type text does not fit", r.add, r, {due = "八"})
  t.fails("give the cells by column key or as a list, not both", r.add, r, {"2017-01-02", due = 1})
  t.fails("cell 6 is outside the 5 columns", r.add, r, {nil, nil, nil, nil, nil, "x"})
  r:add{title = 42} -- a number in a text column reads as Lua writes it
  t.eq(#r, 2, "refused rows were not added")
  local out = path("m.md")
  r:write(out)
  t.ok(read(out):find("| 2017-01-01 | a |", 1, true), "first row")
  t.ok(read(out):find("|  | 42 |", 1, true), "number written as text")
  t.fails("the report was already written; add every row before r:write", r.add, r, {})
  r:discard()
end

-- describing: a bad column or chart names the field
t.fails("report: field 'title' is required", qufa.report, {columns = COLUMNS})
t.fails("report: field 'columns' is required", qufa.report, {title = "t"})
t.fails("report: columns[2]: field 'key' is required", qufa.report,
  {title = "t", columns = {{key = "a"}, {title = "b"}}})
t.fails("report: columns[1]: field 'type': 'float' is unknown (text, integer, number, percent, "
  .. "date, bool)", qufa.report, {title = "t", columns = {{key = "a", type = "float"}}})
t.fails("report: columns[1]: unknown field 'witdh'", qufa.report,
  {title = "t", columns = {{key = "a", witdh = 3}}})
t.fails("column 'a': a sum or average needs an integer, number or percent column, not text",
  qufa.report, {title = "t", columns = {{key = "a", total = "sum"}}})
t.fails("chart '图': value column 'nope' does not exist", qufa.report,
  {title = "t", columns = COLUMNS, charts = {{title = "图", category = "title", values = "nope"}}})
t.fails("report: unknown field 'colums'", qufa.report, {title = "t", colums = {}})
t.fails("format 'docx' is unknown", qufa.report,
  {title = "t", columns = COLUMNS, output = {path = path("x.docx"), format = "docx"}})
t.fails("cannot tell the format from the extension", qufa.report,
  {title = "t", columns = COLUMNS, output = path("x.doc")})
t.fails("report: field 'format' is required when writing to a file handle", qufa.report,
  {title = "t", columns = COLUMNS, output = {file = io.stdout}})
t.fails("give either 'path' or 'file'", qufa.report, {title = "t", columns = COLUMNS, output = {}})
do
  local closed = assert(io.open(path("closed.txt"), "w"))
  closed:close()
  t.fails("field 'file' must be an open file", qufa.report,
    {title = "t", columns = COLUMNS, output = {file = closed, format = "csv"}})
  t.fails("field 'file' must be an open file", qufa.report,
    {title = "t", columns = COLUMNS, output = {file = "stdout", format = "csv"}})
end

-- in memory: written as often as wanted, in any format; sections with columns of their own
do
  local r = qufa.report{title = "合规", subtitle = "2017年", columns = {
    {key = "clause", title = "条款"}, {key = "n", title = "次数", type = "integer", total = "sum"}}}
  r:section("矩阵")
  r:add{clause = "4.1", n = 3}
  r:section{title = "各月", columns = {{key = "month", title = "月份"},
    {key = "rate", title = "符合率", type = "percent"}},
    charts = {{title = "各月符合率", category = "month", values = {"rate"}}}}
  r:add{month = "1月", rate = 0.5}
  t.fails("add: row 3: there is no column 'clause' (columns: month, rate)", r.add, r,
    {clause = "x"})
  r:section("补充") -- back to the report's columns
  r:add{clause = "5.2", n = 1}
  r:write(path("m.csv")):write{path = path("m.json")}:write(path("m.html"))
  r:write{path = path("m.xlsx")}
  r:write{path = path("bom.csv"), bom = true}
  local csv = read(path("m.csv"))
  t.ok(csv:find("\r\n\r\nSection,月份,符合率\r\n各月,1月,50.0%\r\n", 1, true), "own header in CSV")
  t.ok(csv:find("\r\n\r\nSection,条款,次数\r\n补充,5.2,1\r\n", 1, true), "back to the columns")
  t.eq(read(path("bom.csv")):sub(1, 3), "\239\187\191", "BOM")
  t.ok(read(path("m.json")):find('"columns": [{"key": "month"', 1, true), "JSON says the columns")
  t.ok(read(path("m.html")):find('aria-label="各月符合率"', 1, true), "the section's chart")
  t.eq(read(path("m.xlsx")):sub(1, 2), "PK", "a workbook")
  t.ok(tostring(r):find("written, 3 rows", 1, true), tostring(r))
  r:close()
end

-- to a Lua file handle
do
  local f = assert(io.open(path("h.txt"), "w"))
  local r = qufa.report{title = "表", columns = {{key = "a", title = "甲"}},
    output = {file = f, format = "text"}}
  r:add{"中文 and ASCII"}
  r:close()
  f:close()
  t.eq(read(path("h.txt")), "表\n\n甲\n--------------\n中文 and ASCII\n", "text to a handle")
  -- the file closed under the report: refused, never written to
  local g = assert(io.open(path("g.csv"), "w"))
  local s = qufa.report{title = "表", columns = {{key = "a"}}, output = {file = g, format = "csv"}}
  s:add{"x"}
  g:close()
  t.fails("report: the file it writes to was closed", s.add, s, {"y"})
  t.fails("report: the file it writes to was closed", s.close, s)
  t.fails("report: it is closed", s.add, s, {"z"})
end

-- <close>: finished at the end of the scope, discarded when it ends with an error
do
  do
    local r <close> = qufa.report{title = "t", columns = {{key = "a"}}, output = path("c1.csv")}
    r:add{"x"}
  end
  t.eq(read(path("c1.csv")), "a\r\nx\r\n", "closed with its scope")
  local ok = pcall(function()
    local r <close> = qufa.report{title = "t", columns = {{key = "a"}}, output = path("c2.csv")}
    r:add{"x"}
    error("stop")
  end)
  t.ok(not ok and not exists(path("c2.csv")), "discarded on error: no half file")
  local r = qufa.report{title = "t", columns = {{key = "a"}}, output = path("c3.csv")}
  r:add{"x"}
  r:discard()
  t.ok(not exists(path("c3.csv")), "discard leaves nothing")
end

-- templates and Markdown pages
t.eq(qufa.render("{{#g}}- {{name}}\n{{/g}}{{^g}}无{{/g}}", {g = {{name = "a*b"}, {name = "c"}}},
  {escape = "markdown"}), "- a\\*b\n- c\n", "markdown escape")
t.eq(qufa.render("<p>{{v}}</p>", {v = "<b>&"}, {escape = "html"}), "<p>&lt;b&gt;&amp;</p>", "html")
t.eq(qufa.render("{{#g}}x{{/g}}{{^g}}无{{/g}}", {g = {}}), "无", "an empty table is empty")
t.eq(qufa.render("{{a.b}}"), "", "no data")
t.fails("notice.md:2:1: section 'g' is never closed ({{/g}} is missing)", qufa.render,
  "x\n{{#g}}", {}, {name = "notice.md"})
t.fails("t.md:1:3: 'g' is a list", qufa.render, "ab{{g}}", {g = {1}}, {name = "t.md"})
t.fails("render: field 'escape' must be", qufa.render, "x", {}, {escape = "latex"})
t.fails("render: unknown field 'mode'", qufa.render, "x", {}, {mode = "html"})
t.fails("the output would be longer than 10 bytes", qufa.render, "{{#l}}abc{{/l}}",
  {l = {1, 2, 3, 4}}, {max_output = 10})
local page = qufa.markdown_html("# 通知\n\n正文", {title = "T", css = "p{margin:0}"})
t.ok(page:find("<title>T</title>", 1, true) and page:find("p{margin:0}", 1, true), "page")
t.eq(qufa.markdown_html("**a**", {fragment = true}), "<p><strong>a</strong></p>\n", "fragment")
t.fails("css: must not contain '</'", qufa.markdown_html, "x", {css = "</style>"})

-- a standard may name the templates of its documents; bad names are refused on load
t.fails("templates: notice: 'a/b.md' is not a template file name", db.load_standards, db,
  {name = "p.lua", text = [[qufa.standard{code = "S", title = "s", templates = {notice = "a/b.md"},
    clauses = {{number = "1", type = "陈述", text = "x"}}}]]})
t.fails("templates: 'Notice' is not a document name", db.load_standards, db,
  {name = "p.lua", text = [[qufa.standard{code = "S", title = "s", templates = {Notice = "n.md"},
    clauses = {{number = "1", type = "陈述", text = "x"}}}]]})
db:load_standards{name = "p.lua", text = [[qufa.standard{code = "S", title = "s",
  templates = {notice = "my-notice.md"}, clauses = {{number = "1", type = "陈述", text = "x"}}}]]}
t.eq(db:standard("S").templates.notice, "my-notice.md", "kept with the standard")

-- periods have a label for titles
t.eq(qufa.period("2017-Q3").label, "2017 Q3", "period label")

os.execute("rm -rf " .. dir)
print("reports: ok")
