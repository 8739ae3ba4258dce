-- Values that look like SQL stay values: every text the API takes is bound, never spliced
-- into a statement (tests/security/sql_lint.py checks the code; this checks the behaviour).
-- Hostile strings go in through names, codes, filters, attrs, vocabularies and look-ups; they
-- are stored and found verbatim, match nothing they should not, and the schema is intact.
local t = require "t"
local HOSTILE = {
  "x'); DROP TABLE org; --", "\" OR 1=1 --", "' OR '1'='1", "%", "_", "*", "[a-z]",
  "1; DELETE FROM member", "gy1' UNION SELECT id, code FROM member --", "?1", ":name", "@p",
  "$1", "\\", "'", "''", ";", "/* */",
}
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local ids = {}
for i, s in ipairs(HOSTILE) do
  local m = db:add_member{name = s, code = "H" .. i, status = "full", since = "2010-01-01",
    org = b, phone = s:sub(1, 40), id_number = s:sub(1, 18), attrs = {note = s, [s] = i}}
  ids[i] = m.id
  local back = db:member(m.id)
  t.eq(back.name, s, "name stored verbatim")
  t.eq(back.phone, s:sub(1, 40), "phone stored verbatim")
  t.eq(back.attrs.note, s, "attrs stored verbatim")
  t.eq(back.attrs[s], i, "attrs key stored verbatim")
  -- an exact-name filter finds exactly that member, whatever the name looks like
  local found = qufa.list(db:members{name = s})
  t.eq(#found, 1, "members{name = " .. s .. "}")
  t.eq(found[1].id, m.id, "the right member")
  -- look-ups by code treat the string as a code, nothing more
  t.eq(db:member(s), nil, "member by code " .. s)
  t.eq(db:org(s), nil, "org by code " .. s)
  t.ok(not db:check_term("activity_kind", s), "a term " .. s)
  t.fails("does not exist", function() return db:members{org = s} end)
  t.eq(db:label("post", s), s, "an unknown label is shown as given")
end
-- titles, places and reasons of activities, artifacts and guests
local a = db:add_activity{org = b, kind = "lecture", title = HOSTILE[1], place = HOSTILE[2],
  topic = HOSTILE[3], starts_at = "2017-05-10 14:30",
  attendance = {{member = ids[1], state = "leave", reason = HOSTILE[4]}},
  guests = {{name = HOSTILE[5], affiliation = HOSTILE[6], role = "expert"}},
  agenda = {{segment = "study", title = HOSTILE[7]}}}
a:add_artifact{type = "minutes", title = HOSTILE[8], content = HOSTILE[9]}
local again = db:activity(a.id)
t.eq(again.title, HOSTILE[1], "activity title")
t.eq(again.place, HOSTILE[2], "activity place")
for r in again:attendance() do t.eq(r.reason, HOSTILE[4], "leave reason") end
for g in again:guests() do t.eq(g.name, HOSTILE[5], "guest name") end
for x in again:artifacts() do t.eq(x:content(), HOSTILE[9], "artifact content") end
-- a code that is not a code is refused by its rules, not by SQL
t.fails("is not a valid code", function() db:define_kind("post", "x'; --", "坏") end)
-- nothing leaked across: every member counted once, the tables all there
t.eq(db:count_members{org = b}, #HOSTILE, "members")
t.eq(qufa.count(db:orgs{}), 2, "orgs")
print("ok: " .. #HOSTILE .. " hostile strings stored and found verbatim")
