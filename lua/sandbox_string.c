/*
 * The string functions of restricted code that could run for minutes inside C, where no hook
 * reaches: the pattern functions (find, match, gmatch, gsub), string.rep and string.format.
 *
 * The pattern functions are qufa's own implementation of Lua 5.4's patterns (same syntax, same
 * results, same errors; tests/lua/pattern_same.lua compares the two on a corpus) whose
 * matcher counts its steps: every QL_PM_TICK steps it charges them to the run (two steps as
 * one instruction, so they count against the instruction limit, and the watchdog's time limit
 * is seen), and one call may take at most QL_PM_STEPS steps before it fails with "pattern too
 * complex". Backtracking can then
 * cost a bounded, predictable amount whatever the pattern and the subject; no pattern is
 * refused for what it might do. Subjects are still capped at ql_limits.subject bytes and
 * patterns at QL_PM_MAX bytes. The errors Lua's own functions raise stay in Lua's words (and
 * in English, as Lua's are).
 */
#include <ctype.h>
#include <lauxlib.h>
#include <string.h>
#include "ql.h"
#include "sandbox_internal.h"

#define QL_PM_MAX 512            /* bytes of a pattern */
#define QL_PM_STEPS 20000000ull  /* steps of one call (a fraction of a second) */
#define QL_PM_PER_INSTRUCTION 2  /* steps charged to the run as one instruction */
#define QL_PM_TICK 4096u         /* steps between charges to the run */
#define QL_PM_DEPTH 200          /* nested items (C stack) */
#define QL_PM_CAPTURES 32 /* as Lua's LUA_MAXCAPTURES */
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)

typedef struct pm_state {
    lua_State *L;
    const char *fn;            /* "find" …, for messages */
    const char *s0, *s_end;    /* the subject */
    const char *p_end;         /* the end of the pattern */
    int depth;                 /* nested items left */
    int level;                 /* captures open or closed */
    struct {
        const char *at;
        ptrdiff_t len; /* or CAP_UNFINISHED, CAP_POSITION */
    } cap[QL_PM_CAPTURES];
    unsigned long long steps;  /* of this call */
    unsigned pending;          /* not yet charged */
} pm_state;

static void pm_flush(pm_state *m)
{
    unsigned n = m->pending;
    m->pending = 0;
    m->steps += n;
    ql_sandbox_tick(m->L, n / QL_PM_PER_INSTRUCTION + 1);
    if (m->steps > QL_PM_STEPS)
        luaL_error(m->L,
                   _("string.%s: pattern too complex for a %I-byte string (more than %I matching "
                     "steps); simplify the pattern or shorten the string"),
                   m->fn, (lua_Integer)(m->s_end - m->s0), (lua_Integer)QL_PM_STEPS);
}

static inline void pm_step(pm_state *m, unsigned n)
{
    m->pending += n;
    if (m->pending >= QL_PM_TICK)
        pm_flush(m);
}

static void pm_init(pm_state *m, lua_State *L, const char *fn, const char *s, size_t ls,
                    const char *p, size_t lp)
{
    m->L = L;
    m->fn = fn;
    m->s0 = s;
    m->s_end = s + ls;
    m->p_end = p + lp;
    m->steps = 0;
    m->pending = 0;
}

/* ---- the matcher ----------------------------------------------------------------------- */

/* What follows the single-character class at p (a character, %x, . or [set]). */
static const char *class_end(pm_state *m, const char *p)
{
    char c = *p++;
    if (c == '%') {
        if (p >= m->p_end)
            luaL_error(m->L, "%s", "malformed pattern (ends with '%')");
        return p + 1;
    }
    if (c == '[') {
        if (p < m->p_end && *p == '^')
            p++;
        /* the first character of a set is taken as it is, even ']' */
        do {
            if (p >= m->p_end)
                luaL_error(m->L, "%s", "malformed pattern (missing ']')");
            if (*p++ == '%' && p < m->p_end)
                p++;
        } while (p >= m->p_end || *p != ']');
        return p + 1;
    }
    return p;
}

/* Is c in the class %cl (a letter names a class, its capital the complement)? */
static bool in_class(int c, int cl)
{
    int yes;
    switch (tolower(cl)) {
    case 'a': yes = isalpha(c); break;
    case 'c': yes = iscntrl(c); break;
    case 'd': yes = isdigit(c); break;
    case 'g': yes = isgraph(c); break;
    case 'l': yes = islower(c); break;
    case 'p': yes = ispunct(c); break;
    case 's': yes = isspace(c); break;
    case 'u': yes = isupper(c); break;
    case 'w': yes = isalnum(c); break;
    case 'x': yes = isxdigit(c); break;
    case 'z': yes = c == 0; break; /* deprecated in Lua, still understood */
    default: return cl == c; /* an escaped character stands for itself */
    }
    return isupper(cl) ? !yes : yes != 0;
}

/* Is c in the set [..] that starts at p and whose ']' is at close? */
static bool in_set(int c, const char *p, const char *close)
{
    bool yes = true;
    if (p[1] == '^') {
        yes = false;
        p++;
    }
    while (++p < close) {
        if (*p == '%') {
            p++;
            if (in_class(c, (unsigned char)*p))
                return yes;
        } else if (p[1] == '-' && p + 2 < close) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
                return yes;
        } else if ((unsigned char)*p == c) {
            return yes;
        }
    }
    return !yes;
}

/* Does the subject character at s match the class p..ep? */
static bool single(const pm_state *m, const char *s, const char *p, const char *ep)
{
    if (s >= m->s_end)
        return false;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return true;
    case '%': return in_class(c, (unsigned char)p[1]);
    case '[': return in_set(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *match(pm_state *m, const char *s, const char *p);

/* %bxy: a balanced run from x to its y. */
static const char *balance(pm_state *m, const char *s, const char *p)
{
    if (p + 1 >= m->p_end)
        luaL_error(m->L, "%s", "malformed pattern (missing arguments to '%b')");
    if (s >= m->s_end || *s != p[0])
        return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->s_end) {
        pm_step(m, 1);
        if (*s == close) {
            if (--depth == 0)
                return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

/* %1 … %9: the text of an earlier capture again. */
static const char *back_reference(pm_state *m, const char *s, int digit)
{
    int l = digit - '1';
    if (l < 0 || l >= m->level || m->cap[l].len == CAP_UNFINISHED)
        luaL_error(m->L, "invalid capture index %%%d in pattern", l + 1);
    size_t len = (size_t)m->cap[l].len; /* a position capture is huge here: no match */
    if ((size_t)(m->s_end - s) < len)
        return NULL;
    pm_step(m, (unsigned)(len / 16) + 1);
    return memcmp(m->cap[l].at, s, len) == 0 ? s + len : NULL;
}

/* The longest run of the class first, then shorter ones. */
static const char *max_expand(pm_state *m, const char *s, const char *p, const char *ep)
{
    ptrdiff_t i = 0;
    while (single(m, s + i, p, ep)) {
        i++;
        pm_step(m, 1);
    }
    for (; i >= 0; i--) {
        const char *r = match(m, s + i, ep + 1);
        if (r)
            return r;
        pm_step(m, 1);
    }
    return NULL;
}

/* The shortest run of the class first, then longer ones. */
static const char *min_expand(pm_state *m, const char *s, const char *p, const char *ep)
{
    for (;;) {
        const char *r = match(m, s, ep + 1);
        if (r)
            return r;
        if (!single(m, s, p, ep))
            return NULL;
        s++;
        pm_step(m, 1);
    }
}

static const char *open_capture(pm_state *m, const char *s, const char *p, ptrdiff_t what)
{
    if (m->level >= QL_PM_CAPTURES)
        luaL_error(m->L, "%s", "too many captures");
    m->cap[m->level].at = s;
    m->cap[m->level].len = what;
    m->level++;
    const char *r = match(m, s, p);
    if (!r)
        m->level--;
    return r;
}

static const char *close_capture(pm_state *m, const char *s, const char *p)
{
    int l = m->level - 1;
    while (l >= 0 && m->cap[l].len != CAP_UNFINISHED)
        l--;
    if (l < 0)
        luaL_error(m->L, "%s", "invalid pattern capture");
    m->cap[l].len = s - m->cap[l].at;
    const char *r = match(m, s, p);
    if (!r)
        m->cap[l].len = CAP_UNFINISHED;
    return r;
}

/* The end of the match of pattern p at subject position s, or NULL. */
static const char *match(pm_state *m, const char *s, const char *p)
{
    if (m->depth-- == 0)
        luaL_error(m->L, _("string.%s: pattern too complex (items nested more than %d deep)"),
                   m->fn, QL_PM_DEPTH);
    while (p < m->p_end) {
        pm_step(m, 1);
        switch (*p) {
        case '(':
            if (p + 1 < m->p_end && p[1] == ')')
                s = open_capture(m, s, p + 2, CAP_POSITION);
            else
                s = open_capture(m, s, p + 1, CAP_UNFINISHED);
            goto done;
        case ')':
            s = close_capture(m, s, p + 1);
            goto done;
        case '$':
            if (p + 1 == m->p_end) { /* an anchor only at the very end */
                if (s != m->s_end)
                    s = NULL;
                goto done;
            }
            break;
        case '%':
            if (p + 1 >= m->p_end)
                break; /* class_end reports it */
            if (p[1] == 'b') {
                s = balance(m, s, p + 2);
                if (!s)
                    goto done;
                p += 4;
                continue;
            }
            if (p[1] == 'f') { /* frontier: the set does not match before s but does at s */
                p += 2;
                if (p >= m->p_end || *p != '[')
                    luaL_error(m->L, "%s", "missing '[' after '%f' in pattern");
                const char *ep = class_end(m, p);
                int before = s == m->s0 ? '\0' : (unsigned char)s[-1];
                int at = s < m->s_end ? (unsigned char)*s : '\0';
                if (in_set(before, p, ep - 1) || !in_set(at, p, ep - 1)) {
                    s = NULL;
                    goto done;
                }
                p = ep;
                continue;
            }
            if (isdigit((unsigned char)p[1])) {
                s = back_reference(m, s, p[1]);
                if (!s)
                    goto done;
                p += 2;
                continue;
            }
            break;
        default:
            break;
        }
        /* a single-character class, perhaps repeated */
        const char *ep = class_end(m, p);
        char rep = ep < m->p_end ? *ep : '\0';
        if (!single(m, s, p, ep)) {
            if (rep == '*' || rep == '?' || rep == '-') { /* may match nothing */
                p = ep + 1;
                continue;
            }
            s = NULL;
            goto done;
        }
        switch (rep) {
        case '?': {
            const char *r = match(m, s + 1, ep + 1);
            if (r) {
                s = r;
                goto done;
            }
            p = ep + 1;
            continue;
        }
        case '+':
            s = max_expand(m, s + 1, p, ep);
            goto done;
        case '*':
            s = max_expand(m, s, p, ep);
            goto done;
        case '-':
            s = min_expand(m, s, p, ep);
            goto done;
        default:
            s++;
            p = ep;
            continue;
        }
    }
done:
    m->depth++;
    return s;
}

/* ---- captures to Lua values ------------------------------------------------------------ */

/* Capture i; with no captures, capture 0 is the whole match s..e. */
static void push_capture(pm_state *m, int i, const char *s, const char *e)
{
    if (i >= m->level) {
        if (i != 0)
            luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_UNFINISHED)
        luaL_error(m->L, "%s", "unfinished capture");
    if (len == CAP_POSITION)
        lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->s0) + 1);
    else
        lua_pushlstring(m->L, m->cap[i].at, (size_t)len);
}

/* Every capture (the whole match when there are none and s is not NULL); how many. */
static int push_captures(pm_state *m, const char *s, const char *e)
{
    int n = m->level == 0 && s ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++)
        push_capture(m, i, s, e);
    return n;
}

/* ---- checks on the arguments ----------------------------------------------------------- */

static void check_subject(lua_State *L, const char *fn, size_t len)
{
    ql_sandbox *sb = ql__sandbox_of(L);
    if (sb && sb->lim.subject && len > sb->lim.subject)
        luaL_error(L, _("string.%s: the string is %I bytes; restricted code may pass at most %I"),
                   fn, (lua_Integer)len, (lua_Integer)sb->lim.subject);
}

static void check_pattern(lua_State *L, const char *fn, size_t lp)
{
    if (lp > QL_PM_MAX)
        luaL_error(L, _("string.%s: the pattern is %I bytes; restricted code may use at most %d"),
                   fn, (lua_Integer)lp, QL_PM_MAX);
}

/* A position argument as string.find reads it: negative counts from the end; 1-based. */
static size_t start_at(lua_Integer pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos;
    if (pos == 0 || pos < -(lua_Integer)len)
        return 1;
    return len + (size_t)pos + 1;
}

static bool has_specials(const char *p, size_t lp)
{
    for (size_t i = 0; i < lp; i++)
        if (p[i] && strchr("^$*+?.([%-", p[i]))
            return true;
    return false;
}

/* ---- find and match -------------------------------------------------------------------- */

/* Plain search of p in s, charged like matching. */
static const char *find_plain(pm_state *m, const char *s, size_t ls, const char *p, size_t lp)
{
    if (lp == 0)
        return s;
    if (lp > ls)
        return NULL;
    const char *last = s + (ls - lp); /* the last place it could start */
    while (s <= last) {
        const char *c = memchr(s, p[0], (size_t)(last - s) + 1);
        if (!c)
            return NULL;
        pm_step(m, (unsigned)((size_t)(c - s) / 64 + lp / 16) + 1);
        if (memcmp(c + 1, p + 1, lp - 1) == 0)
            return c;
        s = c + 1;
    }
    return NULL;
}

static int find_or_match(lua_State *L, bool find)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *fn = find ? "find" : "match";
    check_subject(L, fn, ls);
    size_t init = start_at(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    pm_state m;
    pm_init(&m, L, fn, s, ls, p, lp);
    bool plain = find && lua_toboolean(L, 4);
    if (!plain)
        check_pattern(L, fn, lp);
    if (plain || (find && !has_specials(p, lp))) {
        const char *at = find_plain(&m, s + init, ls - init, p, lp);
        pm_flush(&m);
        if (at) {
            lua_pushinteger(L, (lua_Integer)(at - s) + 1);
            lua_pushinteger(L, (lua_Integer)(at - s) + (lua_Integer)lp);
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    bool anchor = lp > 0 && *p == '^';
    if (anchor)
        p++;
    const char *from = s + init;
    do {
        m.level = 0;
        m.depth = QL_PM_DEPTH;
        const char *e = match(&m, from, p);
        if (e) {
            int n;
            if (find) {
                lua_pushinteger(L, (lua_Integer)(from - s) + 1);
                lua_pushinteger(L, (lua_Integer)(e - s));
                n = push_captures(&m, NULL, NULL) + 2;
            } else {
                n = push_captures(&m, from, e);
            }
            pm_flush(&m);
            return n;
        }
        pm_step(&m, 1);
    } while (from++ < m.s_end && !anchor);
    pm_flush(&m);
    luaL_pushfail(L);
    return 1;
}

static int sb_find(lua_State *L)
{
    return find_or_match(L, true);
}

static int sb_match(lua_State *L)
{
    return find_or_match(L, false);
}

/* ---- gmatch ---------------------------------------------------------------------------- */

typedef struct gm_state {
    const char *src;  /* where the next search starts */
    const char *last; /* the end of the last match (an empty match there is skipped) */
    const char *p;
    pm_state m;
} gm_state;

static int gmatch_next(lua_State *L)
{
    gm_state *g = lua_touserdata(L, lua_upvalueindex(3));
    g->m.L = L;
    g->m.steps = 0; /* the step cap is per call */
    for (const char *src = g->src; src <= g->m.s_end; src++) {
        g->m.level = 0;
        g->m.depth = QL_PM_DEPTH;
        const char *e = match(&g->m, src, g->p);
        if (e && e != g->last) {
            g->src = g->last = e;
            int n = push_captures(&g->m, src, e);
            pm_flush(&g->m);
            return n;
        }
        pm_step(&g->m, 1);
    }
    pm_flush(&g->m);
    return 0;
}

static int sb_gmatch(lua_State *L)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    check_subject(L, "gmatch", ls);
    check_pattern(L, "gmatch", lp);
    size_t init = start_at(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls)
        init = ls + 1; /* past the end: nothing to find */
    lua_settop(L, 2); /* the closure keeps both strings, so the pointers stay valid */
    gm_state *g = lua_newuserdatauv(L, sizeof *g, 0);
    pm_init(&g->m, L, "gmatch", s, ls, p, lp);
    g->src = s + init;
    g->last = NULL;
    g->p = p;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* ---- gsub ------------------------------------------------------------------------------ */

/* The replacement string (argument 3) with %0-%9 and %% expanded. */
static void add_expanded(pm_state *m, luaL_Buffer *b, const char *s, const char *e)
{
    lua_State *L = m->L;
    size_t l;
    const char *r = lua_tolstring(L, 3, &l);
    pm_step(m, (unsigned)(l / 16) + 1);
    const char *pct;
    while ((pct = memchr(r, '%', l)) != NULL) {
        luaL_addlstring(b, r, (size_t)(pct - r));
        const char *x = pct + 1; /* the string ends with a NUL, so x is readable */
        if (*x == '%') {
            luaL_addchar(b, '%');
        } else if (*x == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)*x)) {
            push_capture(m, *x - '1', s, e);
            luaL_tolstring(L, -1, NULL); /* a position capture is a number */
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            luaL_error(L, "%s", "invalid use of '%' in replacement string");
        }
        l -= (size_t)(x + 1 - r);
        r = x + 1;
    }
    luaL_addlstring(b, r, l);
}

static void add_replacement(pm_state *m, luaL_Buffer *b, const char *s, const char *e, int tr)
{
    lua_State *L = m->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_expanded(m, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) { /* nil or false: keep the match */
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int sb_gsub(lua_State *L)
{
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int tr = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L,
                     tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                         tr == LUA_TTABLE,
                     3, "string/function/table");
    check_subject(L, "gsub", ls);
    check_pattern(L, "gsub", lp);
    pm_state m;
    pm_init(&m, L, "gsub", src, ls, p, lp);
    bool anchor = lp > 0 && *p == '^';
    if (anchor)
        p++;
    const char *last = NULL;
    lua_Integer n = 0;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    while (n < max_n) {
        m.level = 0;
        m.depth = QL_PM_DEPTH;
        const char *e = match(&m, src, p);
        if (e && e != last) {
            n++;
            add_replacement(&m, &b, src, e, tr);
            src = last = e;
        } else if (src < m.s_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchor)
            break;
        pm_step(&m, 1);
    }
    luaL_addlstring(&b, src, (size_t)(m.s_end - src));
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    pm_flush(&m);
    return 2;
}

/* ---- rep and format -------------------------------------------------------------------- */

/* string.rep: the result is capped at a quarter of the memory limit before anything is
 * allocated, and an empty result is made without looping n times (Lua's own rep copies an
 * empty string n times: ("").rep(1 << 62) ran for ever). */
static int sb_rep(lua_State *L)
{
    size_t l, lsep;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || (l == 0 && (lsep == 0 || n == 1))) {
        lua_pushliteral(L, "");
        return 1;
    }
    ql_sandbox *sb = ql__sandbox_of(L);
    size_t cap = sb && sb->lim.memory ? sb->lim.memory / 4 : (size_t)64 << 20;
    if ((size_t)n > cap / (l + lsep))
        return luaL_error(L,
                          _("string.rep: the result would exceed %I bytes, the most restricted "
                            "code may build at once"),
                          (lua_Integer)cap);
    size_t total = l * (size_t)n + lsep * (size_t)(n - 1);
    ql_sandbox_tick(L, total / 64 + 1);
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, total);
    for (; n > 1; n--) {
        memcpy(out, s, l);
        out += l;
        memcpy(out, sep, lsep);
        out += lsep;
    }
    memcpy(out, s, l);
    luaL_pushresultsize(&b, total);
    return 1;
}

/* string.format (upvalue 1 is Lua's): the format string is a subject like the others; the
 * work is charged by the size of the result. */
static int sb_format(lua_State *L)
{
    size_t lf;
    luaL_checklstring(L, 1, &lf);
    check_subject(L, "format", lf);
    ql_sandbox_tick(L, lf / 16 + 1);
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, 1);
    size_t lr = 0;
    lua_tolstring(L, -1, &lr);
    ql_sandbox_tick(L, lr / 64);
    return 1;
}

void ql__open_bounded_string(lua_State *L, int wrappers)
{
    static const luaL_Reg fns[] = {{"find", sb_find}, {"match", sb_match}, {"gmatch", sb_gmatch},
                                   {"gsub", sb_gsub}, {"rep", sb_rep},     {NULL, NULL}};
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, wrappers, f->name);
    }
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "format");
    lua_pushcclosure(L, sb_format, 1);
    lua_setfield(L, wrappers, "format");
    lua_pop(L, 1);
}
