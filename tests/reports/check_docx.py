#!/usr/bin/python3
"""Reads the .docx files of test_docx.sh back with python-docx (Debian's python3-docx), as a
reader of Word files would: text, paragraph styles and their fonts, page setup and grid, real
tables, the font table's fallbacks, the document properties. Usage: check_docx.py DIR"""
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

import docx
from docx.oxml.ns import qn

DIR = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def doc(name):
    path = os.path.join(DIR, name)
    # every part is well-formed XML, not only those python-docx reads
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml") or n.endswith(".rels"):
                ET.fromstring(z.read(n))
    return docx.Document(path)


def texts(d):
    return [p.text for p in d.paragraphs]


def body_text(d):
    return "\n".join(texts(d))


def para(d, text):
    for p in d.paragraphs:
        if p.text == text:
            return p
    failures.append("no paragraph %r in %r" % (text, texts(d)[:12]))
    return None


def style_is(d, text, style):
    p = para(d, text)
    if p is not None:
        check(p.style.name == style, "%r has style %r, not %r" % (text, p.style.name, style))


def east_asia(style_el):
    rpr = style_el.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


# ---- the layout of an official document (GB/T 9704), in every file -----------------------
def layout(name):
    d = doc(name)
    s = d.sections[0]
    for what, got, want in (("top", s.top_margin.mm, 37), ("bottom", s.bottom_margin.mm, 35),
                            ("left", s.left_margin.mm, 28), ("right", s.right_margin.mm, 26),
                            ("width", s.page_width.mm, 210), ("height", s.page_height.mm, 297)):
        check(abs(got - want) < 0.1, "%s: %s %.2f mm, not %d" % (name, what, got, want))
    grid = s._sectPr.find(qn("w:docGrid"))
    check(grid is not None and grid.get(qn("w:type")) == "linesAndChars"
          and grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:charSpace")) == "-842",
          "%s: the grid of 22 lines of 28 characters" % name)
    title = d.styles["Title"]
    check(title.font.size.pt == 22, "%s: title in 二号 (22 pt), not %s" % (name, title.font.size))
    check(east_asia(title.element) == "方正小标宋简体", "%s: title font %s" % (name, east_asia(title.element)))
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    check(east_asia(defaults) == "仿宋_GB2312", "%s: text font %s" % (name, east_asia(defaults)))
    size = defaults.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))
    check(size == "32", "%s: text in 三号 (16 pt): sz %s" % (name, size))
    check(east_asia(d.styles["Heading 1"].element) == "黑体", "%s: first-level headings in 黑体" % name)
    check(east_asia(d.styles["Heading 2"].element) == "楷体_GB2312", "%s: second level in 楷体" % name)
    check(d.styles["Closing"].paragraph_format.alignment == 2, "%s: the signature right-aligned" % name)
    with zipfile.ZipFile(os.path.join(DIR, name)) as z:
        fonts = ET.fromstring(z.read("word/fontTable.xml"))
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in fonts.findall(qn("w:font")) if f.find(qn("w:altName")) is not None}
    for font, fallback in (("方正小标宋简体", "华文中宋"), ("华文中宋", "宋体"), ("仿宋_GB2312", "仿宋"),
                           ("仿宋", "FangSong"), ("楷体_GB2312", "楷体"), ("黑体", "SimHei")):
        check(alt.get(font) == fallback, "%s: %s falls back to %s, not %s" % (name, font, fallback,
                                                                          alt.get(font)))
    check(d.core_properties.author == "工业标准一部党支部", "%s: author %r" % (name, d.core_properties.author))
    check(d.core_properties.title == d.paragraphs[0].text,
          "%s: title property %r" % (name, d.core_properties.title))
    return d


# 《半月谈活动规范》's notice (GY1-BYT names it), for the 9th talk on 2017-09-13
d = layout("notice-45.docx")
style_is(d, "关于举办第9期“半月谈”活动的通知", "Title")
style_is(d, "各位党员：", "Normal")
style_is(d, "一、活动内容", "Heading 1")
style_is(d, "三、宣传和存档", "Heading 1")
style_is(d, "1.学习习近平总书记关于制造强国的重要论述", "List Item")
check("　　活动结束后3日内发布简讯，7日内将活动材料（通知、邀请函、课件、记录、照片、简讯）一并归档。"
      in texts(d), "the days of GY1-BYT 7.1 and 7.2 in the notice: %r" % texts(d)[-5:])
check("工作日" not in body_text(d), "calendar days, as GY1-BYT 7.1 counts them")
# dated three days before (7.1's lead, the notice not being on record), never the day made
style_is(d, "工业标准一部党支部", "Closing")
style_is(d, "2017年9月10日", "Closing")
check(str(d.core_properties.created)[:10] == "2017-09-10", "created %s" % d.core_properties.created)
bold = [r.text for p in d.paragraphs for r in p.runs if r.bold]
check(bold == [], "no bold runs in the notice: %r" % bold)

d = layout("invitation-45.docx")
style_is(d, "韩立同志：", "Normal")
check("尊敬的" not in body_text(d), "no 尊敬的 in the invitation")
style_is(d, "2017年9月4日", "Closing")  # the invitation on record

# the sign-in sheet: real Word tables, the header repeated on each page, room to sign
d = layout("signin-36.docx")
check(len(d.tables) == 2, "two tables (members, guests): %d" % len(d.tables))
members = d.tables[0]
check([c.text for c in members.rows[0].cells] == ["序号", "姓名", "党小组", "签到", "备注"],
      "header %r" % [c.text for c in members.rows[0].cells])
# those due (docs/counting.md): 16 party members; the activist sits in, in the second table
check(len(members.rows) == 17, "16 members and the header: %d rows" % len(members.rows))
# 姓氏笔画 order: 马 (3 strokes) first
check([c.text for c in members.rows[1].cells][:3] == ["1", "马超", "第二党小组"],
      "first row %r" % [c.text for c in members.rows[1].cells])
check(any(c.text == "请假：病假" for r in members.rows for c in r.cells), "the leave noted")
check(members.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, "header row repeats")
widths = [c.width for c in members.rows[1].cells]
check(widths[3] == max(widths), "the 签到 column is the widest: %r" % widths)
check(members.style.name == "Table Grid", "ruled table: %s" % members.style.name)
check(members.rows[0].cells[0].paragraphs[0].style.name == "Table Heading", "header cells")
check(members.rows[1].cells[1].paragraphs[0].alignment == 1, "names centred (|:---:|)")
sit_in = [[c.text for c in r.cells][:3] for r in d.tables[1].rows[1:]]
check(sit_in == [["1", "胡斌", "入党积极分子"], ["2", "邵明", "机关党委"]],
      "the observer, then the guest: %r" % sit_in)
check("应到 16 人，实到 14 人。" in texts(d), "the count line")
body = [e for e in d.element.body if isinstance(e.tag, str)]  # comments left out
check(body[-1].tag == qn("w:sectPr") and body[-2].tag == qn("w:p") and body[-3].tag == qn("w:tbl"),
      "an empty paragraph after the last table, as Word keeps one: %r" % [e.tag for e in body[-3:]])

d = layout("minutes-36.docx")
rows = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
check(rows.get("应到人数") == "16" and rows.get("实到人数") == "14", "attendance in the minutes %r" % rows)

# wording: 召开 only for meetings, a 党课 is 讲授, every line of the news brief has a verb
d = layout("notice-36.docx")
style_is(d, "关于张建国同志讲授党课的通知", "Title")
check("召开" not in body_text(d), "no 召开 for a 党课")
check(any("由张建国同志讲授党课，主题为“纪律教育月”" in t for t in texts(d)), "讲授 by the lecturer")
style_is(d, "2017年5月5日", "Closing")  # the notice on record

d = layout("news-36.docx")
style_is(d, "工业标准一部党支部举办党课", "Title")
check("召开" not in body_text(d), "no 召开 in the news of a 党课")
check("　　活动分为两个环节：一是书记讲党课：严明党的纪律；二是党员讨论发言。" in texts(d),
      "the agenda as one sentence with a verb: %r" % texts(d))
style_is(d, "2017年5月11日", "Closing")  # after the activity: the news on record

d = layout("notice-9.docx")
style_is(d, "关于召开党小组会的通知", "Title")
style_is(d, "第一党小组各位党员：", "Normal")

d = layout("news-37.docx")
style_is(d, "工业标准一部党支部开展主题党日活动", "Title")
style_is(d, "2017年1月20日", "Closing")  # no news on record: the day it ends

# a quotation inside a quotation takes the inner marks
d = layout("notice-40.docx")
check(any("主题为“‘两学一做’学习教育常态化制度化专题学习”" in t for t in texts(d)),
      "nested quotes: %r" % texts(d)[2])

# the branch's own skeleton (its title in 小二, 18 pt) and its own for the sign-in sheet only
d = docx.Document(os.path.join(DIR, "own-notice.docx"))
check(d.styles["Title"].font.size.pt == 18, "the branch's skeleton: title %s" % d.styles["Title"].font.size)
d = docx.Document(os.path.join(DIR, "own-signin.docx"))
check(d.styles["Title"].font.size.pt == 26, "signin.docx for the sign-in sheet: %s" % d.styles["Title"].font.size)

d = doc("en-notice-36.docx")
check(d.paragraphs[0].text.startswith("Notice: "), "English: %r" % d.paragraphs[0].text)

if failures:
    print("check_docx: %d failures" % len(failures))
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("check_docx: ok")
