#!/bin/bash
# A pack's reminder rules (qufa.reminder in a standards pack) are judged in the restricted
# sandbox at every `qufa remind`: like check functions, they cannot write files, read the audit
# log or see personal fields in clear (they got a handle without those limits before).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
"$QUFA" remind --help >/dev/null 2>&1 || { echo "ok: no qufa remind in this build"; exit 0; }
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
db:add_member{name = "张三", code = "M1", status = "full", since = "2010-01-01", org = b,
  birth_date = "1980-03-02", phone = "13912345678", id_number = "110101198003021234"}
LUA
"$QUFA" --today 2017-09-05 run setup.lua || fail "setup"
echo "secret" >secret.txt
cat >rules.lua <<'LUA'
local function try(f)
  local ok, err = pcall(f)
  return ok and "ALLOWED" or (tostring(err):find("restricted code cannot", 1, true) and "refused"
    or tostring(err))
end
qufa.reminder{code = "probe", title = "探针", responsible = "secretary", subject = "member",
  fn = function(m, ctx)
    local seen = {
      export = try(function() ctx.db:export_csv("members", {path = "secret.txt"}) end),
      unmask = try(function() return ctx.db:export_csv("members", {unmask = true}) end),
      audit = try(function() for _e in ctx.db:audit{} do end end),
      phone = m.phone or "nil", id = m.id_number or "nil", born = m.birth_date or "nil",
    }
    local keys = {}
    for k in pairs(seen) do keys[#keys + 1] = k end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. seen[k] end
    return true, table.concat(parts, " ")
  end}
LUA
"$QUFA" standards load rules.lua >/dev/null || fail "load"
run "$QUFA" --today 2017-09-05 remind --all --dry-run --format json
[ "$rc" -le 1 ] || fail "remind: exit $rc: $(cat "$T/err")"
expect_out "audit=refused"
expect_out "export=refused"
expect_out "unmask=refused"
expect_out "phone=139****5678"
expect_out "born=1980-**-**"
! grep -Eq "13912345678|198003021234|1980-03-02" "$T/out" || fail "a rule saw a personal field in clear"
[ "$(cat secret.txt)" = "secret" ] || fail "secret.txt was changed"
echo "ok"
