#!/bin/bash
# The audit seals qufa writes are the SHA-256 of the documented canonical bytes: recomputed in
# Python from the entries (audit_seal_bytes.py) for the demo's writes, members added one
# transaction at a time and in one transaction, and a delete (images with NULLs, long JSON).
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/lib.sh
. "$HERE/lib.sh"
run "$QUFA" demo
expect_rc 0
cat >more.lua <<'LUA'
local jg = db:org("gy1")
db:transaction(function()
  for i = 1, 40 do
    db:add_member{name = "成员" .. i, status = i % 3 == 0 and "probationary" or "full",
      since = "2016-01-01", org = jg}
  end
end)
db:add_member{name = "单独", status = "full", since = "2015-05-01", org = jg,
  attrs = {notes = string.rep("很长的备注。", 400)}}
local a = db:add_activity{org = jg, kind = "lecture", title = "党课",
  starts_at = "2017-08-01 09:00"}
a:delete()
LUA
run "$QUFA" --db qufa-demo.db run more.lua
expect_rc 0
if on_sqlite; then
    entries="SELECT json_array(seq, at, actor, action, tbl, row_id, before, after) FROM audit_log ORDER BY seq"
else
    entries="SELECT json_build_array(seq, at, actor, action, tbl, row_id, before, after) FROM audit_log ORDER BY seq"
fi
db_query qufa-demo.db "$entries" >entries.jsonl || fail "reading the entries"
db_query qufa-demo.db "SELECT first_seq, last_seq, prev_hash, hash FROM audit_seal ORDER BY id" \
    >seals.txt || fail "reading the seals"
/usr/bin/python3 "$HERE/audit_seal_bytes.py" entries.jsonl seals.txt || fail "a seal differs"
run "$QUFA" --db qufa-demo.db audit verify
expect_rc 0
echo "ok"
