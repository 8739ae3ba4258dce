#!/bin/bash
# Every file the qufa command writes for the user — check -o, remind --ics and -o, doc -o,
# doc -o as .docx, doc archive -o, export -o, report -o in each format — is created 0600 whatever the umask, and written whole
# or not at all: a failed write (a full disk) is an error with exit status 3, the old file is
# left exactly as it was and no temporary file stays behind. A wrong path (a directory that
# does not exist, a directory) is exit 2 and one line; a device (/dev/full, /dev/null) is
# written in place, never replaced. The full disk is a small tmpfs mounted for the test (as
# root, as the test suite runs), and /dev/full.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
"$QUFA" demo >/dev/null 2>&1 || fail "demo"
q() { "$QUFA" --db qufa-demo.db --today 2017-09-05 "$@"; }

# name, then the command that writes FILE (FILE is replaced by the path)
outputs=(
	"check.txt|check --org gy1 --period 2017 -o FILE"
	"remind.ics|remind --dry-run --ics FILE"
	"remind.txt|remind --dry-run -o FILE"
	"invitation.html|doc invitation 35 --format html -o FILE"
	"invitation.docx|doc invitation 35 --format docx -o FILE"
	"archive.zip|doc archive 35 -o FILE"
	"members.csv|export members -o FILE"
	"ledger.xlsx|report ledger --org gy1 --format xlsx -o FILE"
	"compliance.html|report compliance --org gy1 --period 2017 --format html -o FILE"
	"roster.csv|report members --org gy1 --format csv -o FILE"
)
write() { # name command-with-FILE path
	local cmd=${2//FILE/$3}
	# shellcheck disable=SC2086 # the command is words
	run q $cmd
}

# 0600 whatever the umask
for o in "${outputs[@]}"; do
	name=${o%%|*}
	(umask 000 && write "$name" "${o#*|}" "$T/$name")
	[ -f "$T/$name" ] || fail "$name was not written: $(cat "$T/err")"
	mode=$(stat -c %a "$T/$name")
	[ "$mode" = 600 ] || fail "$name has mode $mode under umask 000"
done

# a wrong path: exit 2, one line, nothing written
for o in "${outputs[@]}"; do
	name=${o%%|*}
	write "$name" "${o#*|}" "$T/no/such/dir/$name"
	expect_rc 2
	expect_err "the directory $T/no/such/dir does not exist"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$name: more than one line: $(cat "$T/err")"
	mkdir -p "$T/adir.$name"
	write "$name" "${o#*|}" "$T/adir.$name"
	expect_rc 2
	expect_err "it is a directory"
done

# a device is written in place: a full device fails with exit 3 and stays the device. As root
# the devices are nodes of our own (the same as /dev/full and /dev/null): another program's
# test that replaced /dev/null would otherwise fail this one, and a bug here would replace
# the machine's.
full=/dev/full null=/dev/null
if [ "$(id -u)" -eq 0 ] && mknod "$T/dev-full" c 1 7 2>/dev/null && mknod "$T/dev-null" c 1 3 2>/dev/null; then
	full=$T/dev-full null=$T/dev-null
fi
for o in "${outputs[@]}"; do
	name=${o%%|*}
	write "$name" "${o#*|}" "$full"
	expect_rc 3
	expect_err "No space left on device"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$name on $full: $(cat "$T/err")"
	[ -c "$full" ] || fail "$name replaced $full"
	write "$name" "${o#*|}" "$null"
	[ "$rc" -le 1 ] || fail "$name to $null: exit $rc: $(cat "$T/err")" # check: 1 = findings
	[ -c "$null" ] || fail "$name replaced $null"
done

# a full disk: exit 3, one line, the old file untouched, no temporary file left
if [ "$(id -u)" -eq 0 ] && mkdir -p "$T/full" && mount -t tmpfs -o size=64k none "$T/full" 2>/dev/null; then
	trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
	for o in "${outputs[@]}"; do
		printf 'old' >"$T/full/${o%%|*}"
	done
	dd if=/dev/zero of="$T/full/filler" bs=1k count=100 2>/dev/null # fills it
	for o in "${outputs[@]}"; do
		name=${o%%|*}
		write "$name" "${o#*|}" "$T/full/$name"
		expect_rc 3
		expect_err "No space left on device"
		expect_no_err "[ERROR]" # libxlsxwriter's own lines are kept out
		[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$name on a full disk: $(cat "$T/err")"
		[ "$(cat "$T/full/$name")" = old ] || fail "$name: the old file was changed"
	done
	extra=$(find "$T/full" -mindepth 1 | grep -cv -e '/filler$' -e '\.\(txt\|ics\|html\|csv\|xlsx\|docx\|zip\)$')
	[ "$extra" -eq 0 ] || fail "temporary files left behind: $(ls -a "$T/full")"
	umount "$T/full"
	echo "ok: full disk checked on a tmpfs"
else
	echo "note: not root (or no mount): the full-disk case ran on /dev/full only"
fi
echo "ok: every output file 0600 and all or nothing"
