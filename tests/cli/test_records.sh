#!/bin/bash
# Records without Lua: org, member, post, activity and evidence commands build a branch from an
# empty database; each is one audited transaction; every bad argument is named, exits 2 and
# leaves the database exactly as it was.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

q() { "$QUFA" --db t.db --today 2017-09-05 --as 张书记 "$@"; }
# sql QUERY: one value from the database, read behind qufa's back (db_query: either backend)
sql() { db_query t.db "$1"; }
# sql_list QUERY: its rows joined by commas (the query orders them: no group_concat, whose order
# neither backend promises)
sql_list() { sql "$1" | paste -sd, -; }
# refused ARGS...: the command exits 2, names what is wrong ($expect) and writes nothing
refused() {
    local before
    before=$(content t.db)
    run q "$@"
    expect_rc 2
    for e in "${expect[@]}"; do expect_err "$e"; done
    [ "$(content t.db)" = "$before" ] || fail "'$*' failed but changed the database"
}

q init >/dev/null || fail "init"

# ---- orgs ---------------------------------------------------------------------------------
run q org add jg 机关党委 --kind 党委
expect_rc 0
expect_out "added org 1: jg 机关党委 (committee)"
run q org add gy1 工业标准一部党支部 --kind branch --parent jg
expect_rc 0
expect_out "(branch, under jg)"
q org add gy1-g1 第一党小组 --kind 党小组 --parent gy1 >/dev/null || fail "group 1"
q org add gy1-g2 第二党小组 --kind group --parent 工业标准一部党支部 >/dev/null || fail "group 2 by parent name"
[ "$(sql "SELECT p.code FROM org o JOIN org p ON p.id = o.parent_id WHERE o.code = 'gy1-g2'")" = gy1 ] ||
    fail "parent named by its name"
expect=("org add: --kind: 'cell'" "branch 党支部"); refused org add x X --kind cell
expect=("org add: --parent: no org has the id, code or name 'nope'"); refused org add x X --kind group --parent nope
expect=("org add" "gy1"); refused org add gy1 重复 --kind branch --parent jg
expect=("org add: --kind is needed"); refused org add x X
expect=("org add: CODE and NAME are needed"); refused org add x
expect=("org: 'remove' is not a subcommand"); refused org remove gy1
run q org update gy1-g2 --name 第二小组
expect_rc 0
[ "$(sql "SELECT name FROM org WHERE code = 'gy1-g2'")" = 第二小组 ] || fail "org update"
q org update gy1-g2 --name 第二党小组 >/dev/null

# ---- members ------------------------------------------------------------------------------
run q member add 张建国 --code GY1-001 --gender 男 --birth-date 1968-04-12 --joined 1990-06-28 \
    --status 正式党员 --group gy1-g1
expect_rc 0
expect_out "added member 1: 张建国 (GY1-001)"
# a full member's status dates from joining; the group's branch is the member's branch
[ "$(sql "SELECT status || ' ' || since FROM member_status WHERE member_id = 1")" = "full 1990-06-28" ] ||
    fail "status from --joined: $(sql "SELECT * FROM member_status")"
[ "$(sql_list "SELECT o.code FROM membership m JOIN org o ON o.id = m.org_id WHERE member_id = 1 ORDER BY o.code")" = "gy1,gy1-g1" ] ||
    fail "placement: $(sql "SELECT * FROM membership")"
q member add 李秀英 --code GY1-002 --gender female --status full --since 1997-07-01 --org gy1 --group gy1-g1 >/dev/null || fail "member 2"
q member add 王志强 --code GY1-003 --status full --since 2000-05-04 --group 第二党小组 >/dev/null || fail "member 3"
q member add 刘芳 --code GY1-004 --status 预备党员 --since 2016-09-28 --group gy1-g2 --phone 13800001004 >/dev/null || fail "member 4"
q member add 胡斌 --status 入党积极分子 --since 2016-09-01 >/dev/null || fail "member 5 (only branch by default)"
[ "$(sql "SELECT o.code FROM membership m JOIN org o ON o.id = m.org_id WHERE member_id = 5")" = gy1 ] ||
    fail "the only branch is the default"

expect=("member add: --birth-date: '1980-02-30'" "no day 30"); refused member add 错误 --birth-date 1980-02-30
expect=("member add: --status: '党员'" "正式党员"); refused member add 错误 --status 党员
expect=("member add: --gender: 'm'"); refused member add 错误 --gender m
expect=("member add: --org: gy1-g1 is a party group"); refused member add 错误 --org gy1-g1
expect=("member add: --group: gy1 is a branch"); refused member add 错误 --group gy1
expect=("member add" "GY1-001"); refused member add 重号 --code GY1-001
expect=("member add: unknown option '--brith-date'"); refused member add 错误 --brith-date 1980-01-01
expect=("member add: whose name?"); refused member add

# status, groups, flags, history
run q member status 刘芳 正式党员 --date 2017-09-28 --note 按期转正
expect_rc 0
expect_out "刘芳 (GY1-004): full member from 2017-09-28"
[ "$(sql "SELECT note FROM member_status WHERE member_id = 4 AND status = 'full'")" = 按期转正 ] || fail "status note"
expect=("member status: MEMBER: no member has the id, code or name '刘方'"); refused member status 刘方 full
expect=("member status: STATUS: 'member'"); refused member status 刘芳 member
expect=("member status: --date: 'tomorrow'"); refused member status 刘芳 full --date tomorrow
# moving to the other party group ends the first the day before
run q member join GY1-003 gy1-g1 --date 2017-03-01
expect_rc 0
[ "$(sql "SELECT m.end FROM membership m JOIN org o ON o.id = m.org_id WHERE member_id = 3 AND o.code = 'gy1-g2'")" = 2017-02-28 ] ||
    fail "join ends the old group"
run q member flag 王志强 流动党员 --from 2017-03-01
expect_rc 0
run q members --flag mobile
expect_out "王志强"
run q member unflag 3 mobile --date 2017-08-31
expect_rc 0
[ "$(sql "SELECT start || '..' || \"end\" FROM member_flag WHERE member_id = 3")" = 2017-03-01..2017-08-31 ] || fail "flag range"
expect=("member flag: FLAG: 'absent'" "流动党员"); refused member flag 3 absent
run q member update GY1-004 --phone "" --code GY1-04
expect_rc 0
[ "$(sql "SELECT coalesce(phone, 'none') || ' ' || code FROM member WHERE id = 4")" = "none GY1-04" ] || fail "update clears the phone"
expect=("member update: nothing to change"); refused member update 4
run q member show 王志强
expect_rc 0
expect_out "mobile member  2017-03-01  2017-08-31"
expect_out "gy1-g2         2000-05-04  2017-02-28"
# personal data is masked unless asked
run q member show 1
expect_out "1968-**-**"
run q member show 1 --unmask
expect_out "1968-04-12"
# a name two members share is refused, listing both
q member add 张建国 --status full --since 2017-01-01 >/dev/null
expect=("'张建国' is the name of several members: 1 (code GY1-001), 6 (no code)"); refused member status 张建国 full
run q member leave 6 --date 2017-08-31
expect_rc 0
expect_out "left gy1"
[ "$(sql "SELECT \"end\" FROM membership WHERE member_id = 6")" = 2017-08-31 ] || fail "leave"
expect=("member leave: 张建国 (member 6) is in no branch on 2017-09-05"); refused member leave 6

# ---- posts --------------------------------------------------------------------------------
run q post appoint GY1-001 书记 --from 2015-01-10
expect_rc 0
expect_out "appointed 张建国 (GY1-001) secretary of gy1 from 2015-01-10"
q post appoint GY1-002 组织委员 --from 2015-01-10 >/dev/null || fail "organization"
# a group leader's org defaults to the member's party group
q post appoint 李秀英 党小组长 --from 2015-01-10 >/dev/null || fail "group leader"
[ "$(sql "SELECT o.code FROM position p JOIN org o ON o.id = p.org_id WHERE post = 'group_leader'")" = gy1-g1 ] ||
    fail "group leader of the member's group"
expect=("post appoint: POST: '书计'" "书记"); refused post appoint GY1-002 书计
expect=("post appoint" "overlaps"); refused post appoint GY1-001 secretary --from 2016-01-01
run q post end GY1-002 organization --date 2017-06-30
expect_rc 0
[ "$(sql "SELECT \"end\" FROM position WHERE post = 'organization'")" = 2017-06-30 ] || fail "post end"
expect=("post end: 李秀英 (GY1-002) is not organization member of gy1 on 2017-09-05"); refused post end GY1-002 organization
run q post list --org gy1
expect_out "张建国"
run q members --org gy1
expect_out "secretary"

# ---- activities ---------------------------------------------------------------------------
run q activity add 半月谈 半月谈第9期 --date 2017-09-12 --time 14:30-17:00 --topic 智能制造 \
    --place 三楼会议室 --host GY1-001 --recorder 李秀英
expect_rc 0
expect_out "added activity 1: 2017-09-12 14:30 gy1 semimonthly talk 半月谈第9期"
[ "$(sql "SELECT starts_at || '|' || ends_at || '|' || host_id || '|' || recorder_id FROM activity")" = "2017-09-12 14:30|2017-09-12 17:00|1|2" ] ||
    fail "activity fields: $(sql "SELECT * FROM activity")"
expect=("activity add: KIND: 'party'" "semimonthly_talk 半月谈"); refused activity add party X --date 2017-09-12
expect=("activity add: --date is needed"); refused activity add lecture X
expect=("activity add: --time: '14:70'"); refused activity add lecture X --date 2017-09-12 --time 14:70
expect=("activity add: --host: no member"); refused activity add lecture X --date 2017-09-12 --host 无名
expect=("activity add" "ends_at"); refused activity add lecture X --date 2017-09-12 --time 15:00-14:00

# a meeting recorded in one command, with its attendance lists as in a CSV file
run q activity add 党小组会 第一党小组九月学习 --org gy1-g1 --date 2017-09-04 --time 16:00 \
    --present GY1-001、李秀英 --leave "王志强（出差，北京）" --late 刘芳
expect_rc 0
expect_out "attendance recorded for 4 members"
[ "$(sql_list "SELECT member_id || state || coalesce(reason, '') FROM attendance WHERE activity_id = 2 ORDER BY member_id")" = \
    "1present,2present,3leave出差，北京,4late" ] || fail "lists of activity add: $(sql "SELECT * FROM attendance")"
expect=("activity add: --absent: 李秀英 (GY1-002) is named twice"); refused activity add 党小组会 X --org gy1-g1 --date 2017-09-04 --present 李秀英 --absent GY1-002
expect=("activity add: --late: no member has the id, code or name '无名'"); refused activity add 党小组会 X --org gy1-g1 --date 2017-09-04 --late "无名(堵车)"

run q activity attend 1 出席 GY1-001 李秀英、王志强
expect_rc 0
expect_out "activity 1: present: 张建国、李秀英、王志强"
run q activity attend 1 请假 "GY1-04（开会）" --reason 出差
expect_rc 0
expect_out "activity 1: on leave: 刘芳（开会）"
q activity attend 1 late 胡斌 >/dev/null || fail "late"
[ "$(sql_list "SELECT member_id || state || coalesce(reason, '') FROM attendance WHERE activity_id = 1 ORDER BY member_id")" = \
    "1present,2present,3present,4leave开会,5late" ] || fail "attendance: $(sql "SELECT * FROM attendance WHERE activity_id = 1")"
# one bad name among several writes nothing
expect=("activity attend: MEMBER: no member has the id, code or name '赵六'"); refused activity attend 1 absent 胡斌 赵六
expect=("activity attend: STATE: 'here'" "present 出席"); refused activity attend 1 here 胡斌
expect=("activity attend: ACTIVITY: there is no activity '9'"); refused activity attend 9 present 胡斌
expect=("activity attend: whom?"); refused activity attend 1 present

run q activity guest 1 方敏 --affiliation 消费品标准化技术委员会 --role 专家
expect_rc 0
[ "$(sql "SELECT name || '|' || affiliation || '|' || role FROM guest")" = "方敏|消费品标准化技术委员会|expert" ] || fail "guest"
expect=("activity guest: --role: 'guru'" "专家"); refused activity guest 1 某人 --role guru
expect=("activity guest: --role is needed"); refused activity guest 1 某人
run q activity agenda 1 study=学习讲话 "expert_briefing(行业动态)" discussion
expect_rc 0
[ "$(sql_list "SELECT segment || ':' || coalesce(title, '') FROM agenda_item ORDER BY seq")" = \
    "study:学习讲话,expert_briefing:行业动态,discussion:" ] || fail "agenda: $(sql "SELECT * FROM agenda_item")"

# ---- evidence -----------------------------------------------------------------------------
printf '请各位党员准时参加。\n' >通知.txt
run q evidence add 1 会议通知 通知.txt --date 2017-09-08 --time 09:00
expect_rc 0
expect_out "meeting notice"
[ "$(sql "SELECT type || '|' || title || '|' || issued_at || '|' || mime || '|' || size FROM artifact")" = \
    "notice|通知.txt|2017-09-08 09:00|text/plain|31" ] || fail "evidence: $(sql "SELECT * FROM artifact")"
# the stored bytes are the file's
cat >content.lua <<'LUA'
local x = qufa.list(db:artifacts{type = "notice"})[1]
io.write(x:content())
LUA
q run content.lua >stored.txt
cmp -s stored.txt 通知.txt || fail "stored content differs"
q evidence add 1 photo --no-file --date 2017-09-12 --title 合影 >/dev/null || fail "paper photo"
q evidence add 1 minutes 通知.txt --link --date 2017-09-12 >/dev/null || fail "linked"
[ "$(sql "SELECT count(*) FROM artifact WHERE path IS NOT NULL AND sha256 IS NOT NULL")" = 1 ] || fail "link keeps path and hash"
expect=("evidence add: --date is needed"); refused evidence add 1 photo 通知.txt
expect=("evidence add: TYPE: 'picture'" "photo 照片"); refused evidence add 1 picture 通知.txt --date 2017-09-12
expect=("evidence add: FILE: cannot read" "nope.jpg"); refused evidence add 1 photo nope.jpg --date 2017-09-12
expect=("evidence add: FILE is needed"); refused evidence add 1 photo --date 2017-09-12
expect=("evidence add: --date: '2017-9-12'"); refused evidence add 1 photo 通知.txt --date 2017-9-12
run q activity show 1
expect_rc 0
expect_out "方敏"
expect_out "expert_briefing"
expect_out "合影"
expect_out "on leave      开会"
run q evidence remove 2
expect_rc 0
[ "$(sql "SELECT count(*) FROM artifact")" = 2 ] || fail "evidence remove"
expect=("evidence remove: ID: there is no evidence '2'"); refused evidence remove 2

# ---- removing what was entered by mistake: a member, an appointment -------------------------
q member add 错录 --status 入党申请人 --since 2017-09-01 >/dev/null || fail "member to remove"
wrong=$(sql "SELECT id FROM member WHERE name = '错录'")
expect=("member remove: this deletes member $wrong" "member leave" "--yes"); refused member remove 错录
run q member remove 错录 --yes
expect_rc 0
expect_out "removed member $wrong: 错录"
[ "$(sql "SELECT count(*) FROM member WHERE id = $wrong") $(sql "SELECT count(*) FROM member_status WHERE member_id = $wrong")" = "0 0" ] ||
    fail "member remove"
# a member that records refer to is ended with leave, not deleted
expect=("member remove" "still has" "leave"); refused member remove GY1-001 --yes
q post appoint 胡斌 宣传委员 --from 2017-09-01 >/dev/null || fail "appointment to remove"
pos=$(sql "SELECT id FROM position WHERE post = 'publicity'")
run q post remove "$pos"
expect_rc 0
expect_out "removed position $pos: 胡斌 (member 5) publicity member of gy1 from 2017-09-01"
[ "$(sql "SELECT count(*) FROM position WHERE post = 'publicity'")" = 0 ] || fail "post remove"
expect=("post remove: ID: there is no position '$pos'"); refused post remove "$pos"

# ---- corrections: update, unattend, unguest, remove ----------------------------------------
# --date alone keeps the times of day; an empty --topic clears it
run q activity update 1 --date 2017-09-13 --topic "" --place 二楼会议室 --host 李秀英
expect_rc 0
expect_out "changed activity 1: 2017-09-13 14:30 gy1"
[ "$(sql "SELECT starts_at || '|' || ends_at || '|' || coalesce(topic, 'none') || '|' || place || '|' || host_id FROM activity WHERE id = 1")" = \
    "2017-09-13 14:30|2017-09-13 17:00|none|二楼会议室|2" ] || fail "activity update: $(sql "SELECT * FROM activity WHERE id = 1")"
q activity update 1 --time 15:00-17:30 --kind lecture --title 党课 >/dev/null || fail "update time and kind"
[ "$(sql "SELECT kind || '|' || title || '|' || starts_at || '|' || ends_at FROM activity WHERE id = 1")" = \
    "lecture|党课|2017-09-13 15:00|2017-09-13 17:30" ] || fail "activity update time: $(sql "SELECT * FROM activity WHERE id = 1")"
q activity update 1 --kind 半月谈 --title 半月谈第9期 >/dev/null || fail "update kind by label"
expect=("activity update: nothing to change"); refused activity update 1
expect=("activity update: --title: an activity needs a title"); refused activity update 1 --title ""
expect=("activity update: --kind: 'party'"); refused activity update 1 --kind party
expect=("activity update: --date: '2017-09-31'"); refused activity update 1 --date 2017-09-31
expect=("activity update" "ends_at"); refused activity update 1 --time 18:00
expect=("activity update: --recorder: no member"); refused activity update 1 --recorder 无名
run q activity unattend 1 胡斌
expect_rc 0
expect_out "activity 1: attendance removed: 胡斌"
[ "$(sql "SELECT count(*) FROM attendance WHERE activity_id = 1 AND member_id = 5")" = 0 ] || fail "unattend"
expect=("activity unattend: MEMBER: 胡斌 (member 5) has no attendance record at activity 1"); refused activity unattend 1 GY1-001 胡斌
expect=("activity unattend: whom?"); refused activity unattend 1
q activity guest 1 方敏 --role observer >/dev/null || fail "a second guest of the same name"
expect=("activity unguest: GUEST: '方敏' is the name of several guests (1, 2); use the id"); refused activity unguest 1 方敏
expect=("activity unguest: GUEST: activity 1 has no guest '王五'"); refused activity unguest 1 王五
run q activity unguest 1 2
expect_rc 0
expect_out "activity 1: guest 2 方敏 removed"
[ "$(sql_list "SELECT id FROM guest ORDER BY id")" = 1 ] || fail "unguest"
# removing an activity asks for --yes, and says what goes with it
q activity add lecture 待删除 --date 2017-09-20 --present 胡斌 >/dev/null || fail "activity to remove"
q activity guest 3 某专家 --role expert >/dev/null
expect=("activity remove: this deletes activity 3" "attendance records: 1, guests: 1, evidence: 0" "--yes"); refused activity remove 3
run q activity remove 3 --yes
expect_rc 0
expect_out "removed activity 3"
[ "$(sql "SELECT count(*) FROM activity WHERE id = 3") $(sql "SELECT count(*) FROM attendance WHERE activity_id = 3") $(sql "SELECT count(*) FROM guest WHERE activity_id = 3")" = "0 0 0" ] ||
    fail "activity remove"
expect=("activity: 'delete' is not a subcommand"); refused activity delete 1

# ---- vocabularies: a post of the branch's own, then used --------------------------------------
run q vocab add 职务 reading_lead 读书会召集人 "reading group lead"
expect_rc 0
expect_out "added post 'reading_lead': 读书会召集人 (reading group lead)"
[ "$(sql "SELECT label_zh || '|' || label_en || '|' || builtin FROM vocab WHERE vocab = 'post' AND code = 'reading_lead'")" = \
    "读书会召集人|reading group lead|0" ] || fail "vocab add"
run q post appoint 胡斌 读书会召集人 --from 2017-09-01
expect_rc 0
# a new Chinese label keeps the English one
run q vocab add post reading_lead 读书小组召集人
expect_rc 0
expect_out "relabelled post 'reading_lead'"
[ "$(sql "SELECT label_zh || '|' || label_en FROM vocab WHERE code = 'reading_lead'")" = "读书小组召集人|reading group lead" ] ||
    fail "relabel keeps English"
run q vocab list post
expect_rc 0
expect_out "reading_lead      读书小组召集人"
expect=("vocab add: '书记' is already the label of post 'secretary'"); refused vocab add post lead2 书记
expect=("vocab add" "secretary" "built in"); refused vocab add post secretary 支书
expect=("vocab add" "'读书会' is not a valid code"); refused vocab add post 读书会 读书会召集人
expect=("vocab add: VOCAB: 'room'" "activity_kind 活动类型"); refused vocab add room r1 会议室
expect=("vocab add: VOCAB, CODE and a Chinese label are needed"); refused vocab add post x
expect=("vocab list: VOCAB: 'posts'"); refused vocab list posts

# ---- every write was audited, by the actor, and the chain verifies -------------------------
run q audit verify
expect_rc 0
[ "$(sql "SELECT count(*) FROM audit_log WHERE actor = '张书记' AND tbl = 'attendance'")" -ge 5 ] ||
    fail "attendance writes not audited as 张书记"
[ "$(sql "SELECT count(*) FROM audit_log WHERE actor <> '张书记'")" = 0 ] || fail "another actor"

# help for each command, without a database
for c in org member post activity evidence vocab; do
    run "$QUFA" "$c" --help
    expect_rc 0
    expect_out "Usage: qufa $c"
done
# Chinese by default
run env -u QUFA_LANG "$QUFA" --db t.db --today 2017-09-05 member status 胡斌 member
expect_rc 2
expect_err "未知"
echo ok
