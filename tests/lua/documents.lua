-- qufa.docx, qufa.docx_skeleton, qufa.zip, qufa.write_file, qufa.sha256 and qufa.json_text:
-- what each returns, read back with the module itself, and the arguments refused (run by the
-- host with a fresh database; also under valgrind and the sanitizers).
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

-- sha256 and json_text
t.eq(qufa.sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256 of nothing")
t.eq(qufa.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256")
t.eq(qufa.json_text{b = 1, a = {"x", "y"}}, '{\n  "a": [\n    "x",\n    "y"\n  ],\n  "b": 1\n}\n',
  "json_text: indented, keys sorted")
t.fails("must be a table with named fields", qufa.json_text, {1, 2})

-- write_file: whole, mode 0600, replacing what was there
t.eq(qufa.write_file(path("a.txt"), "first"), true, "write_file")
qufa.write_file(path("a.txt"), "second")
t.eq(read(path("a.txt")), "second", "replaced")
local mode = io.popen("stat -c %a " .. path("a.txt")):read("l")
t.eq(mode, "600", "mode")
t.fails("cannot create", qufa.write_file, path("no/such/dir/x"), "x")

-- zip: entries in order, with their dates; names that could escape are refused
local zip = qufa.zip{{name = "目录.md", content = "# 存档\n"},
  {name = "照片/合影.jpg", content = "\0\1\2", time = "2017-08-30 16:00"}}
t.eq(zip:sub(1, 4), "PK\3\4", "a zip")
t.eq(qufa.zip{{name = "目录.md", content = "# 存档\n"},
  {name = "照片/合影.jpg", content = "\0\1\2", time = "2017-08-30 16:00"}}, zip, "same entries, same bytes")
qufa.write_file(path("a.zip"), zip)
local listing = io.popen("cd " .. dir .. " && python3 -c \"import zipfile; z = zipfile.ZipFile('a.zip'); "
  .. "print([(i.filename, i.date_time[:5], len(z.read(i))) for i in z.infolist()])\"" ):read("a")
t.eq(listing, "[('目录.md', (1980, 1, 1, 0, 0), 9), ('照片/合影.jpg', (2017, 8, 30, 16, 0), 3)]\n",
  "the archive read back")
t.fails("nothing to put in the archive", qufa.zip, {})
t.fails("cannot be a name in an archive", qufa.zip, {{name = "../x", content = ""}})
t.fails("is in the archive twice", qufa.zip, {{name = "a", content = ""}, {name = "a", content = ""}})
t.fails("entry 1 has no name", qufa.zip, {{content = "x"}})
t.fails("field 'content' must be a string", qufa.zip, {{name = "a"}})
t.fails("entry 2 is not a table", qufa.zip, {{name = "a", content = ""}, "b"})
t.fails("unknown field", qufa.zip, {{name = "a", content = "", mode = 420}})
t.fails("not a date", qufa.zip, {{name = "a", content = "", time = "yesterday"}})

-- docx: through the built-in skeleton, or one given as bytes
local skeleton = qufa.docx_skeleton()
t.eq(skeleton:sub(1, 2), "PK", "the built-in skeleton is a zip")
local md = "# 关于召开支部党员大会的通知\n\n各位党员：\n\n| 序号 | 姓名 |\n|---|---|\n| 1 | 张建国 |\n"
local doc = qufa.docx(md, {branch = {name = "A&B <支部>"}, dated = "2017-09-10"})
t.eq(doc, qufa.docx(md, {branch = {name = "A&B <支部>"}, dated = "2017-09-10"}, {skeleton = skeleton}),
  "the built-in skeleton is the default")
qufa.write_file(path("a.docx"), doc)
local text = io.popen("cd " .. dir .. " && python3 -c \"import zipfile; z = zipfile.ZipFile('a.docx'); "
  .. "print(z.read('docProps/core.xml').decode())\""):read("a")
t.ok(text:find("<dc:creator>A&amp;B &lt;支部&gt;</dc:creator>", 1, true), "values escaped: " .. text)
t.ok(text:find("<dc:title>关于召开支部党员大会的通知</dc:title>", 1, true), "the title: " .. text)
t.fails("mine.docx: not a zip package", qufa.docx, md, {}, {skeleton = "no zip", name = "mine.docx"})
t.fails("must be the bytes of a .docx", qufa.docx, md, {}, {skeleton = 42})
t.fails("unknown field", qufa.docx, md, {}, {template = "x"})
t.fails("invalid UTF-8", qufa.docx, "\255", {})
-- a skeleton whose part is not XML once rendered: named with the part and place
local broken = qufa.zip{{name = "[Content_Types].xml", content = "<Types/>"},
  {name = "word/document.xml", content = "<w:document>\n{{#x}}<a>{{/x}}</w:document>"}}
t.fails("b.docx: word/document.xml:2:", qufa.docx, md, {x = true}, {skeleton = broken, name = "b.docx"})
t.eq(#qufa.docx(md, {x = false}, {skeleton = broken}) > 0, true, "well-formed when x is false")

os.execute("rm -rf " .. dir)
print("documents: ok")
