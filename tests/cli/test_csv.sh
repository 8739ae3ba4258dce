#!/bin/bash
# qufa import / export: the example files, all-or-nothing errors naming file:line:column,
# masking, the round trip, and the same from Lua.
data=$(cd "$(dirname "$0")/../../scripts/examples/data" && pwd)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

q() { "$QUFA" --db t.db --today 2017-09-05 "$@"; }
q init >/dev/null || fail "init"
cat >tree.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
db:add_org{kind = "group", code = "gy1g1", name = "第一党小组", parent = b}
db:add_org{kind = "group", code = "gy1g2", name = "第二党小组", parent = b}
LUA
q run tree.lua >/dev/null || fail "tree"

run q import members "$data/members.csv"
expect_rc 0
expect_out "imported"
run q import activities "$data/activities.csv"
expect_rc 0
run q members --org gy1
expect_out "林晓东"
run q audit verify
expect_rc 0

# a bad row: file:line:column naming the column, exit 2, nothing written
printf 'name,gender,birth_date\n张三,男,1980-01-01\n李四,女,2017-02-30\n' >bad.csv
before=$(content t.db)
run q import members bad.csv --org gy1
expect_rc 2
expect_err "bad.csv:3:"
expect_err "birth_date"
expect_err "2017-02-30"
[ "$(content t.db)" = "$before" ] || fail "a failed import changed the database"
printf 'name,colour\n张三,red\n' >unknown.csv
run q import members unknown.csv --org gy1
expect_rc 2
expect_err "colour"
printf 'name\n\xff\xfe\n' >utf.csv
run q import members utf.csv --org gy1
expect_rc 2
expect_err "UTF-8"
run q import people x.csv
expect_rc 2
expect_err "people"
run q import members missing.csv
expect_rc 2
[ "$(content t.db)" = "$before" ] || fail "failed imports changed the database"

# export: personal fields masked unless --unmask; the file is private
run q export members -o masked.csv
expect_rc 0
grep -q "1975-\*\*-\*\*" masked.csv || fail "birth date not masked: $(head -3 masked.csv)"
grep -q "13800001001" masked.csv && fail "phone not masked"
[ "$(stat -c %a masked.csv)" = 600 ] || fail "export file mode"
run q export members --unmask
expect_out "1975-04-12"
expect_out "13800001001"
# a masked export cannot be imported back over personal data
q init >/dev/null
"$QUFA" --db other.db init >/dev/null
"$QUFA" --db other.db run tree.lua >/dev/null
run "$QUFA" --db other.db import members masked.csv
expect_rc 2
expect_err "masked"

# the round trip: unmasked export → import into a fresh database → export again: same bytes
q export members --unmask -o m1.csv
q export activities -o a1.csv
"$QUFA" --db other.db import members m1.csv >/dev/null || fail "reimport members"
"$QUFA" --db other.db import activities a1.csv >/dev/null || fail "reimport activities"
"$QUFA" --db other.db export members --unmask -o m2.csv
"$QUFA" --db other.db export activities -o a2.csv
cmp -s m1.csv m2.csv || fail "members round trip differs"
cmp -s a1.csv a2.csv || fail "activities round trip differs"

# Chinese headers and a BOM for Excel
run q export activities --chinese-headers --bom
head -c 3 "$T/out" | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM"
expect_out "标题"

# the same from Lua
cat >lua.lua <<'LUA'
local csv = db:export_csv("members", {org = "gy1"})
assert(csv:find("林晓东", 1, true), "export_csv returns the text")
assert(not csv:find("13800001001", 1, true), "masked by default")
assert(db:export_csv("activities", {path = "lua.csv"}) == true)
local ok, err = pcall(db.import_csv, db, "members", "bad.csv", {org = "gy1"})
assert(not ok and err:find("bad.csv:3:", 1, true), err)
print("lua ok")
LUA
run q run lua.lua
expect_rc 0
expect_out "lua ok"
echo ok
