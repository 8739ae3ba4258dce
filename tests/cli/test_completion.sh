#!/bin/bash
# The bash completion, generated from the command table at build time (build/lua/host/): it
# offers every command the table has, each command's options and subcommands, and the values
# of options from where the usage text says they come (a vocabulary, a list, files).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
# (on PostgreSQL $QUFA is tests/pg_qufa.sh and QUFA_REAL the build's qufa)
completion="$(dirname "${QUFA_REAL:-$QUFA}")/host/qufa.bash-completion"
[ -f "$completion" ] || fail "no generated completion at $completion"
# shellcheck source=/dev/null
. "$completion"

complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _qufa
    echo "${COMPREPLY[*]}"
}
# the words of a completion, sorted, one line
sorted() { tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'; }

# every command of the table (as qufa --help lists it), and nothing else
table=$("$QUFA" --help | awk '/^Commands:/ {on = 1; next} on && NF == 0 {exit} on {print $1}' | sort)
[ "$(echo "$table" | wc -l)" -ge 19 ] || fail "qufa --help lists too few commands: $table"
offered=$(complete_words qufa "" | tr ' ' '\n' | grep -v '^-' | sort)
[ "$offered" = "$table" ] || fail "commands offered differ from the table:
$(diff <(echo "$table") <(echo "$offered"))"
for c in standards check assessments diff; do
    echo "$offered" | grep -qx "$c" || fail "$c not offered"
done
# each command offers --help, and its options as its usage text names them
while read -r c; do
    complete_words qufa "$c" --he | grep -qw -- --help || fail "$c --help not offered"
done <<<"$table"

# values from a vocabulary: activity kinds, not org kinds
kinds=$(complete_words qufa activities --kind "" | sorted)
[ "$kinds" = "appraisal committee_meeting election general_meeting group_meeting heart_talk lecture life_meeting semimonthly_talk theme_day" ] ||
    fail "activities --kind: $kinds"
[ "$(complete_words qufa orgs --kind "" | sorted)" = "branch committee general_branch group" ] ||
    fail "orgs --kind: $(complete_words qufa orgs --kind "")"
[ "$(complete_words qufa members --status "" | sorted)" = "activist applicant candidate full probationary" ] ||
    fail "members --status: $(complete_words qufa members --status "")"
complete_words qufa members --flag "" | grep -qw mobile || fail "members --flag"
complete_words qufa doc notice 3 --register --type "" | grep -qw archive || fail "doc --type: artifact types"
[ "$(complete_words qufa check --format "")" = "text json csv" ] || fail "check --format"
[ "$(complete_words qufa report ledger --format "")" = "text md csv json xlsx html" ] ||
    fail "report --format: $(complete_words qufa report ledger --format "")"
[ "$(complete_words qufa --lang z)" = "zh" ] || fail "--lang"

# subcommands, options, and words named by `CMD list`
[ "$(complete_words qufa orgs)" = "orgs" ] || fail "command: $(complete_words qufa orgs)"
[ "$(complete_words qufa or | sorted)" = "org organ orgs" ] || fail "commands: $(complete_words qufa or)"
[ "$(complete_words qufa sync "" | sorted)" = "pull push status" ] ||
    fail "sync: $(complete_words qufa sync "")"
[ "$(complete_words qufa orgs)" = "orgs" ] || fail "command: $(complete_words qufa orgs)"
[ "$(complete_words qufa --db x.db au)" = "audit" ] || fail "after --db: $(complete_words qufa --db x.db au)"
[ "$(complete_words qufa audit v)" = "verify" ] || fail "audit verify"
[ "$(complete_words qufa standards "" | sorted)" = "impact kinds list load show" ] ||
    fail "standards: $(complete_words qufa standards "")"
[ "$(complete_words qufa check --sa)" = "--save" ] || fail "check --save"
[ "$(complete_words qufa run --re)" = "--restricted" ] || fail "run --restricted"
[ "$(complete_words qufa rem)" = "remind" ] || fail "remind: $(complete_words qufa rem)"
[ "$(complete_words qufa remind sn)" = "snooze" ] || fail "remind snooze"
[ "$(complete_words qufa remind --dr)" = "--dry-run" ] || fail "remind --dry-run"
[ "$(complete_words qufa flow ad)" = "advance" ] || fail "flow advance"
[ "$(complete_words qufa flow advance 3 plan --art)" = "--artifact" ] || fail "flow --artifact"
[ "$(complete_words qufa report led)" = "ledger" ] || fail "report NAME: $(complete_words qufa report led)"
[ "$(complete_words qufa report ledger --per)" = "--period" ] || fail "report options"
[ "$(complete_words qufa doc sig)" = "signin" ] || fail "doc TYPE"
[ "$(complete_words qufa doc notice 3 --reg)" = "--register" ] || fail "doc options"

# the record commands: subcommands and the values their usage texts name
[ "$(complete_words qufa activity "" | sorted)" = "add agenda attend guest remove show unattend unguest update" ] ||
    fail "activity: $(complete_words qufa activity "")"
complete_words qufa activity add "" | grep -qw semimonthly_talk || fail "activity add KIND"
complete_words qufa activity update 3 --kind "" | grep -qw lecture || fail "activity update --kind"
[ "$(complete_words qufa activity guest 3 某人 --role "" | sorted)" = "expert leader observer representative" ] ||
    fail "activity guest --role: $(complete_words qufa activity guest 3 某人 --role "")"
[ "$(complete_words qufa member add 某人 --status "" | sorted)" = "activist applicant candidate full probationary" ] ||
    fail "member add --status: $(complete_words qufa member add 某人 --status "")"
[ "$(complete_words qufa member add 某人 --gender "")" = "male female" ] || fail "member add --gender"
[ "$(complete_words qufa vocab add "" | sorted)" = "activity_kind artifact_type flag guest_role post" ] ||
    fail "vocab add VOCAB: $(complete_words qufa vocab add "")"
[ "$(complete_words qufa org add x y --kind "" | sorted)" = "branch committee general_branch group" ] || fail "org add --kind"

# arguments after the first, where the usage text says what they are
[ "$(complete_words qufa evidence add 3 "" | tr ' ' '\n' | grep -cx 'notice\|minutes\|self_review')" = 3 ] ||
    fail "evidence add ACTIVITY TYPE: $(complete_words qufa evidence add 3 "")"
[ "$(complete_words qufa evidence add 3 no)" = "notice" ] || fail "evidence add TYPE: $(complete_words qufa evidence add 3 no)"
[ "$(complete_words qufa activity attend 3 "" | sorted)" = "absent late leave present" ] ||
    fail "activity attend ACTIVITY STATE: $(complete_words qufa activity attend 3 "")"
[ "$(complete_words qufa activity attend 3 present "")" = "" ] ||
    fail "activity attend … MEMBER offers nothing: $(complete_words qufa activity attend 3 present "")"
complete_words qufa post appoint 某人 "" | grep -qw group_leader || fail "post appoint MEMBER POST"
[ "$(complete_words qufa post appoint 某人 dis)" = "discipline" ] || fail "post appoint POST: $(complete_words qufa post appoint 某人 dis)"
# past the arguments the usage names: nothing, not the first argument's words
[ "$(complete_words qufa vocab add post "")" = "" ] || fail "vocab add VOCAB CODE: $(complete_words qufa vocab add post "")"
[ "$(complete_words qufa activity add lecture "")" = "" ] || fail "activity add KIND TITLE: $(complete_words qufa activity add lecture "")"
# an option's value between the arguments does not count as one
[ "$(complete_words qufa post appoint 某人 --org gy1 dis)" = "discipline" ] || fail "post appoint --org ORG POST"

# files where the usage text names them
touch script.lua other.txt roster.csv
mkdir -p tpl
[ "$(complete_words qufa run scr)" = "script.lua" ] || fail "run SCRIPT: $(complete_words qufa run scr)"
[ "$(complete_words qufa run o)" = "" ] || fail "run offers only .lua files"
[ "$(complete_words qufa import members r)" = "roster.csv" ] || fail "import FILE.csv"
[ "$(complete_words qufa standards load s)" = "script.lua" ] || fail "standards load FILE.lua"
[ "$(complete_words qufa standards impact s)" = "script.lua" ] || fail "standards impact FILE.lua"
[ "$(complete_words qufa evidence add 3 photo scr)" = "script.lua" ] || fail "evidence add … FILE"
[ "$(complete_words qufa doc notice 3 --templates t)" = "tpl" ] || fail "--templates DIR"
[ "$(complete_words qufa --db o)" = "other.txt" ] || fail "--db PATH"
# a value that takes no completion offers nothing (not the options)
[ "$(complete_words qufa check --period "")" = "" ] || fail "--period offers nothing"
[ "$(complete_words qufa doc arc)" = "archive" ] || fail "doc archive"
[ "$(complete_words qufa doc notice 3 --format "do")" = "docx" ] || fail "doc --format docx"
[ "$(complete_words qufa doc notice 3 --da)" = "--date" ] || fail "doc --date"
[ "$(complete_words qufa appr)" = "appraisal" ] || fail "appraisal: $(complete_words qufa appr)"
[ "$(complete_words qufa appraisal s)" = "set" ] || fail "appraisal set"
[ "$(complete_words qufa appraisal list --ye)" = "--year" ] || fail "appraisal options"
[ "$(complete_words qufa members --order s)" = "strokes" ] || fail "members --order"
echo "ok"
