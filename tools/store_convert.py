#!/usr/bin/env python3
"""Rewrites C code written against the sqlite3 API into the store layer's statement calls.

    python3 tools/store_convert.py [--check] [ROOT]

qufa's core runs on SQLite and on PostgreSQL through one statement layer
(core/src/store/stmt.h) whose calls mirror the sqlite3 ones the code was written with. This
script converts every C file under core/src/ (except the files that implement the layer, listed
in KEEP): each sqlite3 statement call becomes its qf__ counterpart, the SQLite result and type
constants their QF_ names, and the calls on the connection (db->sql) their qf__(db) forms.

It is safe to run again and again (converted code has nothing left to convert), so code written
on another branch against the sqlite3 API is converted after a merge by running it once more.
It then lists what it could not convert (a sqlite3_ call or SQLITE_ constant it has no rule for)
and exits 1 if there is any: convert those by hand (see docs/internals.md). With --check it
changes nothing and exits 1 if a file would change or something is left.
"""
import pathlib
import re
import sys

# The files that implement the layer itself: they talk to sqlite3 and libpq directly.
KEEP = {
    "core/src/store/stmt.h",
    "core/src/store/db.c",
    "core/src/store/lite.c",
    "core/src/store/pg_conn.c",
    "core/src/store/pg_stmt.c",
    "core/src/store/pg_db.c",
    "core/src/store/pg_log.c",
    "core/src/store/pg_strokes.c",
    "core/src/store/sync_replica.c",  # the replica is always SQLite: its own sqlite3 calls
    "core/src/store/pg_sql.c",
    "core/src/store/pg.h",
    "core/src/store/backend.c",
    "core/src/store/audit_lite.c",
    "core/src/store/audit_pg.c",
    "core/src/store/sql_error.c",
}

# sqlite3 name -> store layer name (whole identifiers only)
NAMES = {
    "sqlite3_stmt": "qf_stmt",
    "sqlite3_step": "qf__step",
    "sqlite3_reset": "qf__reset",
    "sqlite3_finalize": "qf__finalize",
    "sqlite3_clear_bindings": "qf__clear_bindings",
    "sqlite3_stmt_busy": "qf__stmt_busy",
    "sqlite3_bind_int64": "qf__bind_int64",
    "sqlite3_bind_int": "qf__bind_int",
    "sqlite3_bind_double": "qf__bind_double",
    "sqlite3_bind_null": "qf__bind_null",
    "sqlite3_bind_text": "qf__bind_textn",
    "sqlite3_bind_blob64": "qf__bind_blob",
    "sqlite3_bind_blob": "qf__bind_blob",
    "sqlite3_column_int64": "qf__col_int64",
    "sqlite3_column_int": "qf__col_int",
    "sqlite3_column_double": "qf__col_double",
    "sqlite3_column_text": "qf__col_utext",
    "sqlite3_column_blob": "qf__col_blob",
    "sqlite3_column_bytes": "qf__col_bytes",
    "sqlite3_column_type": "qf__col_type",
    "sqlite3_column_count": "qf__col_count",
    "sqlite3_errstr": "qf__errstr",
    "sqlite3_int64": "int64_t",
    "SQLITE_ROW": "QF_ROW",
    "SQLITE_DONE": "QF_DONE",
    "SQLITE_NULL": "QF_SQL_NULL",
    "SQLITE_INTEGER": "QF_SQL_INTEGER",
    "SQLITE_FLOAT": "QF_SQL_FLOAT",
    "SQLITE_TEXT": "QF_SQL_TEXT",
    "SQLITE_BLOB": "QF_SQL_BLOB",
    "SQLITE_STATIC": "QF_STATIC",
    "SQLITE_TRANSIENT": "QF_TRANSIENT",
    "SQLITE_OK": "QF_OK",
}

# calls on the connection: sqlite3_X(EXPR->sql) -> REPLACEMENT with EXPR
HANDLE = r"([A-Za-z_][\w]*(?:(?:->|\.)[A-Za-z_]\w*)*?)"
CONNECTION = [
    (re.compile(r"\bsqlite3_changes\(\s*" + HANDLE + r"->sql\s*\)"), r"qf__changes(\1)"),
    (re.compile(r"\bsqlite3_last_insert_rowid\(\s*" + HANDLE + r"->sql\s*\)"),
     r"qf__last_insert_id(\1)"),
    (re.compile(r"\bsqlite3_extended_errcode\(\s*" + HANDLE + r"->sql\s*\)"), r"qf__errcode(\1)"),
    (re.compile(r"\bsqlite3_errcode\(\s*" + HANDLE + r"->sql\s*\)"), r"qf__errcode(\1)"),
    (re.compile(r"\bsqlite3_errmsg\(\s*" + HANDLE + r"->sql\s*\)"), r"qf__errmsg(\1)"),
    (re.compile(r"!\s*sqlite3_get_autocommit\(\s*" + HANDLE + r"->sql\s*\)"), r"qf__in_tx(\1)"),
    (re.compile(r"\bsqlite3_get_autocommit\(\s*" + HANDLE + r"->sql\s*\)"), r"!qf__in_tx(\1)"),
]
# the same calls through the public escape hatch: sqlite3_X(qf_db_sqlite(EXPR))
CONNECTION += [
    (re.compile(p.pattern.replace(HANDLE + r"->sql", r"qf_db_sqlite\(\s*" + HANDLE + r"\s*\)")), r)
    for p, r in CONNECTION
]
NAME_RE = re.compile(r"\b(" + "|".join(sorted(NAMES, key=len, reverse=True)) + r")\b")
# (const char *)qf__col_utext(st, i) is what qf__col_text(st, i) returns
CAST_TEXT = re.compile(r"\(\s*const\s+char\s*\*\s*\)\s*qf__col_utext\(")
LEFT = re.compile(r"\b(sqlite3_\w+|SQLITE_\w+)\b")


def code_spans(text):
    """(start, end) of the stretches that are code: outside comments and string literals."""
    spans, i, n, start = [], 0, len(text), 0
    while i < n:
        c = text[i]
        if c in "\"'":
            spans.append((start, i))
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = start = j + 1
        elif text.startswith("/*", i):
            spans.append((start, i))
            j = text.find("*/", i + 2)
            i = start = n if j < 0 else j + 2
        elif text.startswith("//", i):
            spans.append((start, i))
            j = text.find("\n", i)
            i = start = n if j < 0 else j
        else:
            i += 1
    spans.append((start, n))
    return spans


def convert_code(code):
    for pattern, repl in CONNECTION:
        code = pattern.sub(repl, code)
    code = NAME_RE.sub(lambda m: NAMES[m.group(1)], code)
    return CAST_TEXT.sub("qf__col_text(", code)


def convert(text):
    """The converted text (only code is touched; comments and strings stay as they are)."""
    out, last = [], 0
    for start, end in code_spans(text):
        out.append(text[last:start])
        out.append(convert_code(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def leftovers(text):
    found = []
    for start, end in code_spans(text):
        for m in LEFT.finditer(text, start, end):
            found.append((text.count("\n", 0, m.start()) + 1, m.group(1)))
    return found


def main(argv):
    check = "--check" in argv
    args = [a for a in argv[1:] if a != "--check"]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parent.parent)
    changed, left = [], []
    for path in sorted((root / "core" / "src").rglob("*")):
        if path.suffix not in (".c", ".h"):
            continue
        rel = path.relative_to(root).as_posix()
        if rel in KEEP:
            continue
        text = path.read_text(encoding="utf-8")
        new = convert(text)
        if new != text:
            changed.append(rel)
            if not check:
                path.write_text(new, encoding="utf-8")
        for line, name in leftovers(new):
            left.append(f"{rel}:{line}: {name}: no rule; convert it by hand")
    for rel in changed:
        print(("would convert " if check else "converted ") + rel)
    for msg in left:
        print(msg)
    return 1 if left or (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
