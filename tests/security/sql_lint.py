#!/usr/bin/env python3
"""Every SQL statement qufa runs is fixed text with bound values, or a reviewed exception.

    sql_lint.py ROOT [ALLOWLIST]

Checks the C sources:
  1. lua/ (the Lua binding, the sandbox, the host) contains no SQL at all: no sqlite3_* call and
     no qf_db_sqlite. Scripts, trusted or restricted, reach the database only through the API.
  2. In core/src/, the SQL argument of every call that prepares or runs SQL (sqlite3_prepare*,
     sqlite3_exec, qf__exec, qf__prepare, qf__stmt, qf__borrow, qf__people_cursor_open) is a
     string literal or a `static const char NAME[]` initialised with literals only, and every
     fragment given to qf__sql_append is a literal. Anything else is dynamic SQL, and must be
     listed with its reason in the allow-list (tests/security/dynamic_sql.txt): file, function
     and argument. A new dynamic site fails this test until reviewed; a listed site that is gone
     fails it too, so the list stays true.
  3. sqlite3_mprintf and snprintf that build SQL are dynamic sites as well (listed the same way).
  4. The database drivers stay in the store layer: outside core/src/store/ no C file calls
     sqlite3 or libpq (sqlite3_*, SQLITE_*, PQ*) directly. Everything else goes through the
     statement layer (core/src/store/stmt.h), which runs the same code on SQLite and
     PostgreSQL; tools/store_convert.py converts code written against the sqlite3 API.
  5. The column named end is written "end" (quoted) or qualified (t.end) in SQL: PostgreSQL
     reserves END, so a bare end would fail there alone.
"""
import pathlib
import re
import sys

SQL_CALLS = {  # function -> index of its SQL argument
    "sqlite3_prepare_v2": 1, "sqlite3_prepare_v3": 1, "sqlite3_prepare": 1,
    "sqlite3_exec": 1, "qf__exec": 1, "qf__prepare": 2, "qf__stmt": 1, "qf__borrow": 2,
    "qf__people_cursor_open": 2,
}
# a bare lower-case end used as a column (CASE ... END is upper case)
BARE_END = re.compile(r"(?<![.\w\\])end(?:\s+IS\b|\s*(?:>=|<=|<>|[=<>])|\s*,\s*\w|\s*\)\s*(?:VALUES|SELECT)\b)"
                      r"|\bSET\s+end\b|\bstart,\s*end\b")
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "else", "do"}


def strip_comments(text):
    """Blanks out comments, keeping strings and line numbers."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(text, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren."""
    args, depth, start, i = [], 0, open_paren + 1, open_paren
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[start:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    return args


TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\w+)\s*', re.S)


class Macros:
    """Macros whose expansion is string literals: plain ones, and function-like ones whose body
    is literals and parameters (JOIN_PLACE("mo", "<> 'group'"))."""

    def __init__(self):
        self.plain, self.functions = set(), {}

    def literal(self, expr, params=frozenset()):
        """Literals, literal macros (and `params`) side by side; C concatenates them."""
        pos, n = 0, 0
        while pos < len(expr):
            m = TOKEN.match(expr, pos)
            if not m:
                return False
            tok, pos, n = m.group(1), m.end(), n + 1
            if tok.startswith('"') or tok in self.plain or tok in params:
                continue
            if tok in self.functions and pos < len(expr) and expr[pos] == "(":
                args = call_args(expr, pos)
                if len(args) != self.functions[tok] or \
                        not all(self.literal(a, params) for a in args):
                    return False
                depth = 0
                while True:  # skip to the closing parenthesis
                    depth += {"(": 1, ")": -1}.get(expr[pos], 0)
                    pos += 1
                    if depth == 0:
                        break
                continue
            return False
        return n > 0


def is_literal(expr, macros=None):
    return (macros or Macros()).literal(expr)


def literal_macros(texts):
    """#define NAME "..." and #define NAME(a, b) "..." a "..." (over continued lines too)."""
    defs = []
    for text in texts:
        for m in re.finditer(r"^#define\s+(\w+)(\([^)]*\))?[ \t]+((?:[^\n]*\\\n)*[^\n]*)",
                             text, re.M):
            params = [p.strip() for p in m.group(2)[1:-1].split(",")] if m.group(2) else None
            defs.append((m.group(1), params, m.group(3).replace("\\\n", " ")))
    macros, changed = Macros(), True
    while changed:
        changed = False
        for name, params, value in defs:
            if name in macros.plain or name in macros.functions:
                continue
            if params is None and macros.literal(value):
                macros.plain.add(name)
                changed = True
            elif params is not None and macros.literal(value, frozenset(params)):
                macros.functions[name] = len(params)
                changed = True
    return macros


def static_sql_names(text, macros, funcs):
    """(function or "(file scope)", name) of each `static const char NAME[] = <literals>;`."""
    names = set()
    for m in re.finditer(r"static\s+const\s+char\s+(\w+)\s*\[\]\s*=", text):
        i = m.end()  # the initialiser ends at the first ';' outside its string literals
        while i < len(text) and text[i] != ";":
            if text[i] == '"':
                i += 1
                while i < len(text) and text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
            i += 1
        if macros.literal(text[m.end():i]):
            names.add((enclosing(funcs, m.start()), m.group(1)))
    return names


def is_fixed(expr, statics, macros, where):
    """A literal, a static SQL array in scope, or a choice between them (cond ? A : B)."""
    def static(name):
        return (where, name) in statics or ("(file scope)", name) in statics
    if macros.literal(expr) or static(expr):
        return True
    m = re.fullmatch(r"[^?]+\?\s*(\w+)\s*:\s*(\w+)", expr)
    return bool(m) and all(static(x) for x in m.groups())


def sql_parameters(text):
    """Functions defined here that take their SQL as a `const char *sql` parameter: their callers
    are checked instead (inside them, `sql` is what the caller gave)."""
    found = {}
    for m in re.finditer(r"^[\w\s\*]+?\b(\w+)\s*\(([^;{]*)\)\s*\n\{", text, re.M):
        params = [p.strip() for p in m.group(2).split(",")]
        for i, p in enumerate(params):
            if re.fullmatch(r"const\s+char\s*\*\s*sql", p):
                found[m.group(1)] = i
    return found


def functions(text):
    """(start, end, name) of each function definition: from its signature to the '}' in column
    0 that closes the '{' in column 0 after it."""
    result = []
    for m in re.finditer(r"^(?:[\w\s\*]+?)\b(\w+)\s*\([^;{]*\)\s*\n\{", text, re.M):
        if m.group(1) not in KEYWORDS:
            end = text.find("\n}", m.end())
            result.append((m.start(), len(text) if end < 0 else end, m.group(1)))
    return result


def enclosing(funcs, pos):
    for start, end, name in funcs:
        if start <= pos <= end:
            return name
    return "(file scope)"


def sites(root):
    problems, dynamic = [], set()
    for path in sorted((root / "lua").rglob("*.c")):
        text = strip_comments(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"\b(sqlite3_\w+|qf_db_sqlite|PQ[a-z]\w*)\s*\(", text):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path.relative_to(root)}:{line}: {m.group(1)}: the Lua side must "
                            "not run SQL of its own")
    for path in sorted((root / "core" / "src").rglob("*")):
        if path.suffix not in (".c", ".h") or path.parent.name == "store":
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)  # what strings say is not a call
        for m in re.finditer(r"\b(sqlite3_\w+|SQLITE_\w+|PQ[a-z]\w*)\b", text):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path.relative_to(root)}:{line}: {m.group(1)}: outside the store "
                            "layer, use its statement calls (core/src/store/stmt.h; "
                            "tools/store_convert.py converts sqlite3 calls)")
    core = sorted((root / "core" / "src").rglob("*.c"))
    texts = {p: strip_comments(p.read_text(encoding="utf-8")) for p in core}
    headers = [strip_comments(p.read_text(encoding="utf-8"))
               for p in sorted((root / "core" / "src").rglob("*.h")) +
               sorted((root / "core" / "include").rglob("*.h"))]
    macros = literal_macros(list(texts.values()) + headers)
    calls = dict(SQL_CALLS)
    for text in texts.values():
        calls.update(sql_parameters(text))
    for path in core:
        rel = str(path.relative_to(root))
        text = texts[path]
        # 5. the column named end is quoted ("end") where it stands alone: END is a reserved
        # word of PostgreSQL, so a bare end fails there only (t.end, qualified, is fine)
        for lit in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
            if BARE_END.search(lit.group(1)):
                line = text.count("\n", 0, lit.start()) + 1
                problems.append(f"{rel}:{line}: the column end unquoted in SQL (write \\\"end\\\" "
                                f"or qualify it: PostgreSQL reserves END): {lit.group(1)[:70]}")
        funcs = functions(text)
        statics = static_sql_names(text, macros, funcs)
        passing = sql_parameters(text)
        for m in re.finditer(r"\b(\w+)\s*\(", text):
            fn = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            where = enclosing(funcs, m.start())
            if fn in calls:
                args = call_args(text, m.end() - 1)
                if len(args) <= calls[fn] or re.match(r"(const\s+)?char\s*\*", args[calls[fn]]):
                    continue  # a declaration or a definition, not a call
                sql = " ".join(args[calls[fn]].split())
                if is_fixed(sql, statics, macros, where) or (sql == "sql" and where in passing):
                    continue
                dynamic.add((rel, where, f"{fn}({sql})"))
            elif fn == "qf__sql_append":
                args = call_args(text, m.end() - 1)
                if len(args) == 3 and not macros.literal(args[2]) and \
                        not re.match(r"(const\s+)?char\s*\*", args[2]):
                    problems.append(f"{rel}:{line}: qf__sql_append with a fragment that is not a "
                                    f"literal: {' '.join(args[2].split())}")
            elif fn == "sqlite3_mprintf" or (fn == "snprintf" and re.match(
                    r"\s*\w*sql\w*\s*,", text[m.end():m.end() + 40])):
                args = call_args(text, m.end() - 1)
                fmt = args[0] if fn == "sqlite3_mprintf" else args[2]
                fmt = " ".join(fmt.split())
                dynamic.add((rel, where, f"{fn}({fmt[:60]})"))
    return problems, dynamic


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    allow_path = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else \
        root / "tests" / "security" / "dynamic_sql.txt"
    allowed = {}
    for raw in allow_path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ")]
        if len(parts) != 4 or not parts[3]:
            print(f"{allow_path}: bad line (file | function | call | why): {raw}")
            return 1
        allowed[tuple(parts[:3])] = parts[3]
    problems, dynamic = sites(root)
    for site in sorted(dynamic - set(allowed)):
        problems.append(f"{site[0]}: in {site[1]}: dynamic SQL not reviewed: {site[2]} "
                        f"(bind the values; or list it in {allow_path.name} with the reason)")
    for site in sorted(set(allowed) - dynamic):
        problems.append(f"{allow_path.name}: listed but no longer in the code: {' | '.join(site)}")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"sql: {len(dynamic)} reviewed dynamic statements, everything else fixed text with "
          "bound values; no SQL in lua/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
