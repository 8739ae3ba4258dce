#!/bin/bash
# qufa doc: the documents of the fixture's activities against golden files (Markdown and the
# printable HTML), the templates a standard names, a branch's own templates, --register, and
# template errors with line and column. Usage: test_docs.sh QUFA
# shellcheck source=tests/reports/lib.sh
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
make_fixture f.db
export QUFA_LANG=zh NO_COLOR=1
unset QUFA_TEMPLATES
q() { "$QUFA" --db f.db --today 2017-09-05 "$@"; }
# the id of the activity with this title
act() {
    printf 'for a in db:activities{} do if a.title == arg[1] then print(a.id) end end\n' >id.lua
    q run id.lua "$1"
}
TALK=$(act "半月谈：工业互联网标准化")   # 2017-09-13, still to come; T-BYT names its templates
LECTURE=$(act "党课：标准化 Part 2")      # 2017-08-23, held, attendance recorded
if [ -z "$TALK" ] || [ -z "$LECTURE" ]; then fail "fixture activities"; fi

# the templates T-BYT names for its talks: notice and invitation
q doc notice "$TALK" >talk-notice.md || fail "notice"
golden talk-notice.md talk-notice.md
q doc notice "$TALK" --format html -o talk-notice.html || fail "notice html"
golden talk-notice.html talk-notice.html
q doc invitation "$TALK" >talk-invitation.md || fail "invitation"
golden talk-invitation.md talk-invitation.md
# the built-in ones
q doc signin "$TALK" >talk-signin.md || fail "signin"
golden talk-signin.md talk-signin.md
q doc signin "$TALK" --format html -o talk-signin.html || fail "signin html"
golden talk-signin.html talk-signin.html
q doc minutes "$TALK" >talk-minutes.md || fail "minutes"
golden talk-minutes.md talk-minutes.md
q doc notice "$LECTURE" >lecture-notice.md || fail "lecture notice"
golden lecture-notice.md lecture-notice.md
q doc news "$LECTURE" >lecture-news.md || fail "news"
golden lecture-news.md lecture-news.md
q doc minutes "$LECTURE" >lecture-minutes.md || fail "lecture minutes"
golden lecture-minutes.md lecture-minutes.md
QUFA_LANG=en q doc notice "$LECTURE" >lecture-notice.en.md || fail "notice in English"
golden lecture-notice.en.md lecture-notice.en.md
QUFA_LANG=en q doc invitation "$TALK" >talk-invitation.en.md || fail "invitation in English"
grep -q "^# 邀请函" talk-invitation.en.md || fail "a standard's template is used whatever the language"

# the page: self-contained, one page per invitation, nothing that runs or loads
q doc invitation "$TALK" --format html -o inv.html || fail "invitation html"
grep -q "<script\| src=\| href=\|@import" inv.html && fail "the page loads or runs something"
[ "$(grep -c '<div class="page-break">' inv.html)" -eq 1 ] || fail "two letters, one page break"

# --register: the document becomes the activity's evidence, dated today
q doc notice "$TALK" --register -o reg.md 2>reg.err || fail "register: $(cat reg.err)"
grep -q "已登记为会议通知" reg.err || fail "says what it registered: $(cat reg.err)"
cat >check-reg.lua <<'LUA'
local n = 0
for x in db:artifacts{activity = tonumber(arg[1]), type = "notice"} do
  n = n + 1
  assert(x.issued_at == "2017-09-05 00:00", x.issued_at)
  assert(x.title == "关于举办第4期“半月谈”活动的通知", x.title)
  assert(x.mime == "text/markdown; charset=utf-8", x.mime)
  assert(x.attrs.template == "scripts/templates/semimonthly-notice.md", x.attrs.template)
  local f = assert(io.open(arg[2], "rb"))
  assert(x:content() == f:read("a"), "the stored content is the document")
  f:close()
end
assert(n == 1, "one notice registered, got " .. n)
LUA
q run check-reg.lua "$TALK" "$T/reg.md" || fail "the registered notice"
q activities --org gy1 --from 2017-09-13 | grep -q "会议通知" || fail "the activity lists its notice"
QUFA_LANG=en q doc invitation "$TALK" --format html --register -o /dev/null 2>reg2.err ||
    fail "register html: $(cat reg2.err)"
grep -q "registered as invitation letter" reg2.err || fail "$(cat reg2.err)"
QUFA_LANG=en expect_fail 2 "signin has no evidence type of its own; give one with --type" \
    q doc signin "$TALK" --register
QUFA_LANG=en q doc signin "$TALK" --register --type archive >/dev/null 2>&1 || fail "--type archive"
QUFA_LANG=en expect_fail 2 "artifact_type 'memo' is unknown" q doc notice "$TALK" --register --type memo

# a branch's own templates: --templates DIR, then $QUFA_TEMPLATES, then the built-in ones
mkdir tpl
printf '# {{activity.title}}（本支部格式）\n\n{{#agenda}}\n- {{title}}\n{{/agenda}}\n' >tpl/notice.md
q doc notice "$LECTURE" --templates tpl >own.md || fail "own template"
[ "$(head -n 1 own.md)" = "# 党课：标准化 Part 2（本支部格式）" ] || fail "own template used: $(cat own.md)"
QUFA_TEMPLATES=tpl q doc notice "$LECTURE" | cmp -s - own.md || fail "\$QUFA_TEMPLATES"
q doc news "$LECTURE" --templates tpl | cmp -s - lecture-news.md || fail "the others stay built in"
# the file a standard names, taken from the branch's folder when it has one
printf '# 本支部的半月谈通知：{{activity.topic}}\n' >tpl/semimonthly-notice.md
[ "$(q doc notice "$TALK" --templates tpl)" = "# 本支部的半月谈通知：工业互联网" ] ||
    fail "the standard's template from the branch's folder"
# an HTML template of its own: values are escaped
printf 'add = db:add_activity{org = "gy1", kind = "lecture", title = "学习<b>党章</b> & 讨论", starts_at = "2017-09-20 09:00"}\n' >add.lua
q run add.lua || fail "add"
ODD=$(act "学习<b>党章</b> & 讨论")
printf '<!DOCTYPE html><html><head><title>{{activity.title}}</title></head><body><h1>{{activity.title}}</h1></body></html>\n' >tpl/notice.html
q doc notice "$ODD" --templates tpl --format html >odd.html || fail "html template"
grep -qF '<h1>学习&lt;b&gt;党章&lt;/b&gt; &amp; 讨论</h1>' odd.html || fail "escaped in HTML: $(cat odd.html)"
q doc minutes "$ODD" --format html >odd2.html || fail "built-in html"
grep -qF '<b>党章' odd2.html && fail "markup from the record reached the page: $(grep 党章 odd2.html)"
grep -qF '学习&lt;b&gt;党章&lt;/b&gt; &amp; 讨论' odd2.html || fail "title escaped in the page"
printf 'h1{color:#c00000}\n' >tpl/document.css
q doc news "$LECTURE" --templates tpl --format html | grep -q "h1{color:#c00000}" ||
    fail "document.css of the branch"

# template errors name the file, the line and the column
export QUFA_LANG=en
mkdir bad
printf '# 通知\n\n{{#agenda}}\n- {{title}}\n' >bad/notice.md
expect_fail 2 "bad/notice.md:3:1: section 'agenda' is never closed ({{/agenda}} is missing)" \
    q doc notice "$LECTURE" --templates bad
printf '# 通知\n{{#agenda}}\n- {{title}}{{/guests}}\n' >bad/notice.md
expect_fail 2 "bad/notice.md:3:12: '{{/guests}}' does not match '{{#agenda}}' opened at 2:1" \
    q doc notice "$LECTURE" --templates bad
printf '# 通知\n\n时间：{{activity.date_text\n' >bad/notice.md
expect_fail 2 "bad/notice.md:3:4: unclosed tag" q doc notice "$LECTURE" --templates bad
printf '{{agenda}}\n' >bad/notice.md
expect_fail 2 "bad/notice.md:1:1: 'agenda' is a list" q doc notice "$LECTURE" --templates bad
# and other mistakes
expect_fail 2 "unknown document 'memo'" q doc memo "$LECTURE"
expect_fail 2 "there is no activity 999" q doc notice 999
expect_fail 2 "name one activity by its id" q doc notice
expect_fail 2 "format 'pdf' is unknown (md, html, docx)" q doc notice "$LECTURE" --format pdf
expect_fail 2 "template folder nowhere does not exist" q doc notice "$LECTURE" --templates nowhere
cat >named.lua <<'LUA'
db:load_standards{name = "x.lua", text = [[qufa.standard{code = "T-X", title = "x", origin = "branch",
  org = "gy1", effective = "2017-01-01", templates = {news = "missing-news.md"},
  clauses = {{number = "1", type = "应", text = "党课后发简讯。",
    require = qufa.artifact{activity = "lecture", type = "news", within = 3}}}}]]}
LUA
q run named.lua || fail "load T-X"
expect_fail 2 "standard T-X names the template missing-news.md for its news" q doc news "$LECTURE"
q doc list >list.txt || fail "list"
grep -q "^signin .*scripts/templates/signin.en.md" list.txt || fail "doc list: $(cat list.txt)"
echo "ok"
