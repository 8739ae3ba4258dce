#!/bin/bash
# qufa sync and qufa organ: a demo organ of four branches; pushing twice; a push killed
# mid-apply and resumed; an altered entry refused with nothing applied; pull; the organ's
# matrix, ledger and statistics agree with each branch's own outputs.
# shellcheck source=tests/cli/lib.sh
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
D=(--today 2017-09-05)

# On PostgreSQL the organ's databases (org/organ.db, fresh.db) are databases of the server and
# the branches stay files, as docs/sync.md has it: a branch works on its own file and pushes to
# the organ's server. BQ runs qufa on a branch's file; ORGAN and FRESH name the organ's
# databases where a command takes them as an argument (a file, or the server's URL).
if on_sqlite; then
    BQ=$QUFA
    B=org
    ORGAN=org/organ.db
    FRESH=fresh.db
    run "$QUFA" "${D[@]}" demo --organ org
else
    BQ=$QUFA_REAL
    B=qufa-organ # where demo --organ URL puts the branches' files
    ORGAN=$(pg_db_url org/organ.db)
    FRESH=$(pg_db_url fresh.db)
    run "$BQ" "${D[@]}" demo --organ "$ORGAN"
fi
expect_rc 0
expect_out "gy4"
for k in 1 2 3 4; do [ -f "$B/gy$k.db" ] || fail "$B/gy$k.db missing"; done

run "$BQ" --db "$B/gy1.db" sync status "$ORGAN"
expect_rc 0
for k in 1 2 3 4; do expect_out "gy$k"; done

# pushing again applies nothing, and changes nothing at the organ
before=$(content org/organ.db)
for k in 1 2 3 4; do
    run "$BQ" --db "$B/gy$k.db" sync push "$ORGAN" --name "gy$k"
    expect_rc 0
    expect_out "already holds everything"
done
[ "$(content org/organ.db)" = "$before" ] || fail "a repeated push changed the organ"

# a push killed (SIGKILL) in the middle of applying a later transaction (the demo's big seal
# holds its ~1,100 entries), then resumed
"$QUFA" --db fresh.db init >/dev/null || fail "init fresh.db"
QUFA_SYNC_KILL_AFTER=1300 "$BQ" --db "$B/gy2.db" sync push "$FRESH" --name gy2 --batch 1 >/dev/null 2>&1
rc=$?
[ "$rc" -eq 137 ] || fail "the kill hook did not kill the push (exit $rc)"
if on_sqlite; then
    [ "$(sqlite3 fresh.db 'PRAGMA integrity_check')" = ok ] || fail "fresh.db damaged"
fi
held=$(db_query fresh.db "SELECT acked_seq FROM sync_branch WHERE name = 'gy2'")
if [ -z "$held" ] || [ "$held" -le 0 ] || [ "$held" -ge 1300 ]; then
    fail "after the kill the organ holds '$held'"
fi
[ "$(db_query fresh.db "SELECT count(*) FROM sync_entry WHERE branch = 'gy2'")" = "$held" ] ||
    fail "entries beyond the acknowledgement survived the kill"
run "$BQ" --db "$B/gy2.db" sync push "$FRESH" --name gy2
expect_rc 0
expect_out "pushed"
want=$(db_query org/organ.db "SELECT acked_seq || ' ' || acked_hash FROM sync_branch WHERE name = 'gy2'")
got=$(db_query fresh.db "SELECT acked_seq || ' ' || acked_hash FROM sync_branch WHERE name = 'gy2'")
[ "$want" = "$got" ] || fail "the resumed push ended at '$got', not '$want'"

# an entry altered in the branch's file after it was written: refused, nothing applied
cp "$B/gy3.db" altered.db
sqlite3 altered.db "UPDATE audit_log SET actor = 'someone' WHERE seq = 50"
before=$(content fresh.db)
run "$BQ" --db altered.db sync push "$FRESH"
expect_rc 2
expect_err "do not match their seal"
expect_err "nothing was applied"
[ "$(content fresh.db)" = "$before" ] || fail "a refused push changed the organ"
# another history under a name the organ holds: a fork
run "$BQ" --db "$B/gy3.db" sync push "$FRESH" --name gy2
expect_rc 2
expect_err "gy2"
[ "$(content fresh.db)" = "$before" ] || fail "a refused fork changed the organ"
run "$BQ" --db "$B/gy3.db" sync push
expect_rc 2
expect_err "name the organ's database"
run "$BQ" --db "$B/gy3.db" sync push "$FRESH" --batch 0
expect_rc 2
expect_err "--batch"

# pull: a new branch receives the organ's packs and calendars; pulling again changes nothing
printf 'local jg = db:add_org{kind="committee", code="jg", name="机关党委"}\ndb:add_org{kind="branch", code="gy9", name="九部", parent=jg}\n' >setup.lua
"$QUFA" --db new.db init >/dev/null || fail "init new.db"
"$QUFA" --db new.db run setup.lua || fail "setup new.db"
run "$QUFA" --db new.db sync pull "$ORGAN"
expect_rc 0
expect_out "pulled 2 pack(s)"
expect_out "standard SAC-DKJS rev 1: new"
run "$QUFA" --db new.db standards list
expect_out "SAC-ZBHYCX"
run "$QUFA" --db new.db calendar show 2017-10
expect_out "2017-10-02"
before=$(content new.db)
run "$QUFA" --db new.db sync pull "$ORGAN"
expect_rc 0
expect_no_err "rev"
[ "$(content new.db)" = "$before" ] || fail "a second pull changed the branch"

# the organ revises a standard gy1 tailors (SAC-ZBHYCX: gy1 sets two party groups): the pull
# loads the new revision and says the tailoring now applies to it
sed 's/党支部应按本标准要求划分党小组（组数为参数 groups，默认至少1个）。/党支部应按本标准要求划分党小组（组数为参数 groups，默认至少1个），并报机关党委备案。/' \
    "$SRC/scripts/packs/organ-system.lua" >organ-system-2018.lua
grep -q "报机关党委备案" organ-system-2018.lua || fail "the revised pack was not made"
cp "$B/gy1.db" tailored.db
"$QUFA" --db org/organ.db standards load organ-system-2018.lua >/dev/null || fail "organ load"
run "$BQ" --db tailored.db sync pull "$ORGAN"
expect_rc 0
expect_out "standard SAC-ZBHYCX rev 2: new revision"
expect_out "note: the organ issued a new revision of SAC-ZBHYCX, which gy1 tailors"
run "$BQ" --db tailored.db standards show SAC-ZBHYCX --org gy1
expect_out "报机关党委备案"
run "$BQ" --db tailored.db sync pull "$ORGAN"
expect_rc 0
grep -qF "note:" "$T/out" && fail "a second pull named the tailoring again: $(cat "$T/out")"

# the organ commands
O=("$QUFA" --db org/organ.db "${D[@]}")
run "${O[@]}" organ matrix
expect_rc 0
expect_out "gy3"
expect_out "2017-Q3"
run "${O[@]}" organ matrix --format json
expect_rc 0
cp "$T/out" matrix.json
run "${O[@]}" organ ledger --format json
expect_rc 0
cp "$T/out" ledger.json
run "${O[@]}" organ stats --format json
expect_rc 0
cp "$T/out" stats.json
for k in 1 2 3 4; do
    "$BQ" --db "$B/gy$k.db" "${D[@]}" check --format json >"check$k.json"
    cat >count.lua <<'LUA'
local n, due, present = 0, 0, 0
local b = qufa.list(db:orgs{kind = "branch"})[1]
for a in db:activities{under = b, from = "2017-01-01", to = "2017-12-31"} do
  local c = a:counts()
  n = n + 1
  if c.recorded > 0 then due = due + c.due; present = present + c.present end
end
local st = {}
for m in db:members{under = b} do st[m.status] = (st[m.status] or 0) + 1 end
print(qufa.json_text({activities = n, due = due, present = present, full = st.full or 0,
  probationary = st.probationary or 0, applicant = st.applicant or 0}))
LUA
    "$BQ" --db "$B/gy$k.db" "${D[@]}" run count.lua >"own$k.json" || fail "count.lua on gy$k"
done
python3 - <<'PY' || fail "the organ's numbers disagree with the branches' own"
import json
m = json.load(open("matrix.json")); l = json.load(open("ledger.json")); s = json.load(open("stats.json"))
rows = {r["branch"]: r for r in m["branches"]}
led = {r["branch"]: r for r in l["branches"]}
st = {r["branch"]: r for r in s["branches"]}
assert sorted(rows) == ["gy1", "gy2", "gy3", "gy4"], rows.keys()
tot = {"activities": 0, "due": 0, "present": 0}
for k in range(1, 5):
    b = "gy%d" % k
    own = json.load(open("check%d.json" % k))["summary"]
    own2 = json.load(open("own%d.json" % k))
    r = rows[b]
    assert round(r["score"], 1) == own["score"], (b, r["score"], own["score"])  # JSON: one decimal
    assert r["fail"] == own["fail"] and r["warn"] == own["warn"], (b, r, own)
    lapses = sum(c["lapses"] for c in r["cells"].values())
    assert lapses == own["causes"], (b, lapses, own["causes"])
    for key in ("activities", "due", "present"):
        assert led[b][key] == own2[key], (b, key, led[b][key], own2[key])
        tot[key] += own2[key]
    for key in ("full", "probationary", "applicant"):
        assert st[b]["status"].get(key, 0) == own2[key], (b, key, st[b]["status"], own2)
for key in tot:
    assert l["total"][key] == tot[key], (key, l["total"][key], tot[key])
# the branches differ (the demo varies them)
assert len({led[b]["activities"] for b in led}) > 1
PY

run "${O[@]}" organ reminders
expect_rc 0
expect_out "gy1"
grep -qF "黄丽" "$T/out" && fail "a name shown unmasked: $(grep -F 黄丽 "$T/out")"
expect_out "黄*"
run "${O[@]}" organ reminders --unmask
expect_out "黄丽"
run "${O[@]}" organ stats
expect_rc 0
expect_out "Members by status"
run "${O[@]}" organ nothing
expect_rc 2
expect_err "unknown subcommand 'nothing'"
run "$QUFA" --db fresh.db "${D[@]}" organ matrix --period 2017-13
expect_rc 2
run "$QUFA" --db new.db "${D[@]}" organ matrix
expect_rc 2
expect_err "holds no branch"
echo "ok"
