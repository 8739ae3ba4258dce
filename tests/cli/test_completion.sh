#!/bin/bash
# The bash completion script completes commands, options and subcommands.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=lua/host/qufa.bash-completion
. "$(dirname "$0")/../../lua/host/qufa.bash-completion"

complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _qufa
    echo "${COMPREPLY[*]}"
}
[ "$(complete_words qufa or)" = "orgs" ] || fail "command: $(complete_words qufa or)"
[ "$(complete_words qufa --db x.db au)" = "audit" ] || fail "after --db: $(complete_words qufa --db x.db au)"
[ "$(complete_words qufa audit v)" = "verify" ] || fail "audit verify"
[ "$(complete_words qufa --lang z)" = "zh" ] || fail "--lang"
[ "$(complete_words qufa run --re)" = "--restricted" ] || fail "run --restricted"
touch script.lua other.txt
[ "$(complete_words qufa run scr)" = "script.lua" ] || fail "run SCRIPT: $(complete_words qufa run scr)"
[ "$(complete_words qufa orgs --k)" = "--kind" ] || fail "orgs options"
[ "$(complete_words qufa rem)" = "remind" ] || fail "remind: $(complete_words qufa rem)"
[ "$(complete_words qufa remind sn)" = "snooze" ] || fail "remind snooze"
[ "$(complete_words qufa remind --dr)" = "--dry-run" ] || fail "remind --dry-run"
[ "$(complete_words qufa report led)" = "ledger" ] || fail "report NAME: $(complete_words qufa report led)"
[ "$(complete_words qufa report ledger --per)" = "--period" ] || fail "report options"
[ "$(complete_words qufa doc sig)" = "signin" ] || fail "doc TYPE"
[ "$(complete_words qufa doc notice 3 --reg)" = "--register" ] || fail "doc options"
[ "$(complete_words qufa appr)" = "appraisal" ] || fail "appraisal: $(complete_words qufa appr)"
[ "$(complete_words qufa appraisal s)" = "set" ] || fail "appraisal set"
[ "$(complete_words qufa appraisal set GY1-001 2017 basi)" = "basically_qualified" ] ||
    fail "appraisal RESULT: $(complete_words qufa appraisal set GY1-001 2017 basi)"
[ "$(complete_words qufa appraisal list --ye)" = "--year" ] || fail "appraisal options"
[ "$(complete_words qufa members --order s)" = "strokes" ] || fail "members --order"
echo "ok"
