#!/usr/bin/env python3
"""Recomputes every audit seal from the entries it covers, independently of qufa's C code.

    audit_seal_bytes.py ENTRIES SEALS

ENTRIES has one JSON array a line, [seq, at, actor, action, tbl, row_id, before, after] in seq
order; SEALS one line a seal, first_seq|last_seq|prev_hash|hash in id order. A seal is the
SHA-256 (hex) of the previous seal's hash followed by each entry's fields, each written as
"<length in bytes>:" and its UTF-8 bytes, a NULL as "-:" (docs/internals.md, the audit log).
Exits 1 naming the first seal that does not match.
"""
import hashlib
import json
import sys

GENESIS = "0" * 64


def field(v):
    if v is None:
        return b"-:"
    b = str(v).encode("utf-8")
    return str(len(b)).encode() + b":" + b


def main():
    entries = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                entries[int(e[0])] = e
    prev, n = GENESIS, 0
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            first, last, prev_hash, want = line.strip().split("|")
            if prev_hash != prev:
                sys.exit(f"seal {n + 1}: prev_hash {prev_hash} is not the seal before ({prev})")
            h = hashlib.sha256(prev.encode())
            for seq in range(int(first), int(last) + 1):
                if seq in entries:
                    h.update(b"".join(field(v) for v in entries[seq]))
            if h.hexdigest() != want:
                sys.exit(f"seal {n + 1} ({first}-{last}): {want} in the database, "
                         f"{h.hexdigest()} recomputed")
            prev, n = want, n + 1
    if n == 0:
        sys.exit("no seal to check")
    print(f"{n} seals recomputed")


main()
