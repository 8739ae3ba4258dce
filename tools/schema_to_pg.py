#!/usr/bin/env python3
"""Drafts the PostgreSQL version of a SQLite migration (core/schema/NNNN_name.sql).

    python3 tools/schema_to_pg.py core/schema/0010_x.sql > core/schema/pg/0010_x.sql

Every file of core/schema/ has a PostgreSQL twin of the same name in core/schema/pg/, applied
in the same order (the schema version is the number of files on both). The twin must make the
same tables with the same columns in the same order (the audit log's row images depend on
it), the same keys, foreign keys, checks and indexes: tests/core/test_pg_schema.c compares what
the two make and names what differs.

This script does the mechanical part: types (INTEGER -> bigint, TEXT -> text COLLATE "C" so
text sorts byte-wise as in SQLite, BLOB -> bytea), the column named end (a reserved word in
PostgreSQL) quoted, WITHOUT ROWID dropped, INSERT OR IGNORE / OR REPLACE turned into
ON CONFLICT. What it cannot translate it marks with a line "-- TODO(pg): ..." above the
statement: SQLite triggers (write a plpgsql function and CREATE TRIGGER ... EXECUTE FUNCTION,
see pg/0004_activities.sql), PRAGMAs, arithmetic on booleans ((a IS NOT NULL) + (b IS NOT
NULL): num_nonnulls(a, b)). Review the draft, fix the TODOs, and run the tests with
QUFA_TEST_DB_URL set (docs/postgresql.md).

Ids: an INTEGER PRIMARY KEY id is assigned by a trigger as the next after the highest, as
SQLite does; the store installs it on every table with an id after each migration file, so a
file may create a table and insert into it without naming ids only if it calls
SELECT qf_install_ids(); in between (see pg/0001_records.sql).
"""
import re
import sys

# a column definition: its name, then its type (the first word after the name)
COLUMN = re.compile(r"^(\s*(?:\(\s*)?(?:ALTER\s+TABLE\s+\w+\s+ADD\s+COLUMN\s+)?\w+\s+)"
                    r"(INTEGER|TEXT|BLOB|REAL)\b", re.I | re.M)
TYPES = {"INTEGER": "bigint", "TEXT": 'text COLLATE "C"', "BLOB": "bytea",
         "REAL": "double precision"}


def split_statements(text):
    """Statements with their comments, split at ';' outside strings, comments and BEGIN..END."""
    out, cur, i, depth = [], [], 0, 0
    while i < len(text):
        c = text[i]
        if text.startswith("--", i):
            j = text.find("\n", i)
            j = len(text) if j < 0 else j + 1
            cur.append(text[i:j])
            i = j
            continue
        if c == "'":
            j = i + 1
            while j < len(text) and not (text[j] == "'" and text[j + 1:j + 2] != "'"):
                j += 2 if text[j] == "'" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        m = re.match(r"\b(BEGIN|END)\b", text[i:], re.I) if (i == 0 or not text[i - 1].isalnum()) else None
        if m:
            depth += 1 if m.group(1).upper() == "BEGIN" else -1
            cur.append(m.group(0))
            i += len(m.group(0))
            continue
        cur.append(c)
        i += 1
        if c == ";" and depth <= 0:
            out.append("".join(cur))
            cur = []
    if "".join(cur).strip():
        out.append("".join(cur))
    return out


def code_part(stmt):
    """The statement without its leading comment lines."""
    lines = stmt.split("\n")
    k = 0
    while k < len(lines) and (not lines[k].strip() or lines[k].lstrip().startswith("--")):
        k += 1
    return "".join(line + "\n" for line in lines[:k]), "\n".join(lines[k:])


def translate(stmt):
    lead, code = code_part(stmt)
    todo = []
    upper = code.upper()
    if re.search(r"\bCREATE\s+TRIGGER\b", upper):
        todo.append("a SQLite trigger: write it as a plpgsql function and CREATE TRIGGER ... "
                    "FOR EACH ROW EXECUTE FUNCTION")
    if re.search(r"\bPRAGMA\b", upper):
        todo.append("a PRAGMA has no PostgreSQL equivalent here")
    if re.search(r"IS NOT NULL\)\s*\+", upper):
        todo.append("booleans added up: use num_nonnulls(...)")
    for word in ("strftime", "julianday", "GLOB", "printf", "ifnull", "iif(", "typeof"):
        if word.lower() in code.lower():
            todo.append(f"{word}: no PostgreSQL function of that name (compat.sql has "
                        "json_*, group_concat, date(text, text))")
    if re.match(r"\s*(CREATE|ALTER)\s+TABLE", code, re.I):
        code = COLUMN.sub(lambda m: m.group(1) + TYPES[m.group(2).upper()], code)
        code = re.sub(r"\s*WITHOUT\s+ROWID", "", code, flags=re.I)
    code = re.sub(r'(?<![.\w"])end(\s*)(?![\w"])',
                  lambda m: '"end"' + m.group(1)[:-2] if len(m.group(1)) > 2 else '"end"' + m.group(1),
                  code)
    m = re.match(r"(\s*)INSERT\s+OR\s+IGNORE\s+INTO(.*?)(;?\s*)$", code, re.I | re.S)
    if m:
        code = f"{m.group(1)}INSERT INTO{m.group(2)} ON CONFLICT DO NOTHING{m.group(3)}"
    if re.search(r"INSERT\s+OR\s+REPLACE", code, re.I):
        todo.append("INSERT OR REPLACE: write INSERT ... ON CONFLICT (key) DO UPDATE SET ...")
    marks = "".join(f"-- TODO(pg): {t}\n" for t in todo)
    return lead + marks + code


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = open(argv[1], encoding="utf-8").read()
    name = argv[1].rsplit("/", 1)[-1]
    out = [f"-- PostgreSQL twin of core/schema/{name} (drafted by tools/schema_to_pg.py, "
           "then reviewed).\n"]
    for stmt in split_statements(text):
        out.append(translate(stmt))
    sys.stdout.write("".join(out).rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
