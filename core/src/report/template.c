/*
 * Document templates: a parser that turns the text into a flat list of nodes (text, value,
 * section) with each section knowing where its children end, and a renderer that walks the
 * list with a stack of contexts over the JSON data. See qufa/template.h for the language.
 */
#include <jansson.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "qufa/template.h"
#include "template_internal.h"

#define MAX_NODES 200000
#define MAX_NAME 200
#define HARD_MAX_OUTPUT (64 * 1024 * 1024)

typedef enum node_kind { N_TEXT = 0, N_VALUE, N_SECTION, N_INVERTED } node_kind;

typedef struct node {
    node_kind kind;
    int line, col;   /* where the tag starts (1-based; columns count characters) */
    size_t off, len; /* text: the bytes; tags: the name */
    size_t end;      /* sections: index of the first node after the children */
} node;

struct qf_template {
    char *name;
    char *text;
    node *nodes;
    size_t n, cap;
};

/* ---- parsing ---------------------------------------------------------------------------- */

typedef struct parser {
    qf_template *t;
    const char *s;
    size_t len;
    size_t pos;
    int line, col; /* of s[pos] */
    size_t open[QF_TEMPLATE_MAX_DEPTH];
    int depth;
} parser;

/* Moves to `to`, counting lines and characters (a UTF-8 continuation byte is no column). */
static void advance(parser *p, size_t to)
{
    for (; p->pos < to; p->pos++) {
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '\n') {
            p->line++;
            p->col = 1;
        } else if ((c & 0xc0) != 0x80) {
            p->col++;
        }
    }
}

static int perr(const parser *p, int line, int col, const char *fmt, ...) QF_PRINTF(4, 5);
static int perr(const parser *p, int line, int col, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return qf__err(QF_EINVALID, "%s:%d:%d: %s", p->t->name, line, col, what);
}

static int add_node(parser *p, node nd)
{
    if (p->t->n == MAX_NODES)
        return perr(p, nd.line, nd.col, _("more than %d tags and texts"), MAX_NODES);
    if (p->t->n == p->t->cap) {
        size_t cap = p->t->cap ? p->t->cap * 2 : 32;
        node *a = realloc(p->t->nodes, cap * sizeof *a);
        if (!a)
            return qf__oom();
        p->t->nodes = a;
        p->t->cap = cap;
    }
    p->t->nodes[p->t->n++] = nd;
    return QF_OK;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A name: "." or dot-separated segments of letters, digits, '_' and '-' (any non-ASCII
 * character counts as a letter, so Chinese keys work). */
static bool valid_name(const char *s, size_t n)
{
    if (n == 1 && s[0] == '.')
        return true;
    if (n == 0 || n > MAX_NAME || s[0] == '.' || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' && s[i + 1] == '.')
            return false;
        if (!(c >= 0x80 || c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9') ||
              (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

/*
 * A tag is "standalone" when only blanks precede it on its line and only blanks and the line
 * end follow it. Then the blanks before it are cut from the text node before it, and the rest
 * of the line (with the newline) is skipped: returns where parsing resumes.
 */
static size_t standalone(parser *p, size_t tag_start, size_t tag_end)
{
    size_t ls = tag_start;
    while (ls > 0 && p->s[ls - 1] != '\n') {
        if (!blank(p->s[ls - 1]))
            return tag_end;
        ls--;
    }
    size_t e = tag_end;
    while (e < p->len && blank(p->s[e]))
        e++;
    if (e < p->len && p->s[e] == '\r' && e + 1 < p->len && p->s[e + 1] == '\n')
        e += 2;
    else if (e < p->len && p->s[e] == '\n')
        e++;
    else if (e < p->len)
        return tag_end;
    /* trim the preceding text back to the start of the line */
    if (ls < tag_start && p->t->n && p->t->nodes[p->t->n - 1].kind == N_TEXT) {
        node *prev = &p->t->nodes[p->t->n - 1];
        if (prev->off + prev->len == tag_start)
            prev->len = ls > prev->off ? ls - prev->off : 0;
    }
    return e;
}

static int parse_tag(parser *p, size_t open_at)
{
    int line = p->line, col = p->col;
    size_t body = open_at + 2;
    if (body < p->len && p->s[body] == '{')
        return perr(p, line, col, "%s",
                    _("'{{{' (unescaped output) is not supported: every value is escaped"));
    const char *close = NULL;
    for (size_t i = body; i + 1 < p->len; i++) {
        if (p->s[i] == '}' && p->s[i + 1] == '}') {
            close = p->s + i;
            break;
        }
        if (p->s[i] == '\n')
            break; /* a tag never spans lines: report it where it starts */
        if (p->s[i] == '{' && p->s[i + 1] == '{')
            break;
    }
    if (!close)
        return perr(p, line, col, "%s", _("unclosed tag: '{{' without '}}' on the same line"));
    size_t tag_end = (size_t)(close - p->s) + 2;
    char sigil = p->s[body];
    size_t ns = body, ne = (size_t)(close - p->s);
    if (sigil && strchr("#^/!>&=", sigil))
        ns++;
    if (sigil == '>')
        return perr(p, line, col, "%s", _("partials ({{>name}}) are not supported"));
    if (sigil == '&')
        return perr(p, line, col, "%s",
                    _("'{{&' (unescaped output) is not supported: every value is escaped"));
    if (sigil == '=')
        return perr(p, line, col, "%s", _("changing the delimiters ({{=…=}}) is not supported"));
    if (sigil == '!') {
        advance(p, standalone(p, open_at, tag_end));
        return QF_OK;
    }
    while (ns < ne && blank(p->s[ns]))
        ns++;
    while (ne > ns && blank(p->s[ne - 1]))
        ne--;
    if (!valid_name(p->s + ns, ne - ns))
        return perr(p, line, col,
                    _("'%.*s' is not a name (letters, digits, '_', '-', dots between parts, or "
                      "'.')"),
                    (int)(ne - ns > 60 ? 60 : ne - ns), p->s + ns);
    node nd = {N_VALUE, line, col, ns, ne - ns, 0};
    int rc;
    if (sigil == '#' || sigil == '^') {
        if (p->depth == QF_TEMPLATE_MAX_DEPTH)
            return perr(p, line, col, _("sections nested more than %d deep"),
                        QF_TEMPLATE_MAX_DEPTH);
        nd.kind = sigil == '#' ? N_SECTION : N_INVERTED;
        size_t resume = standalone(p, open_at, tag_end);
        if ((rc = add_node(p, nd)) != QF_OK)
            return rc;
        p->open[p->depth++] = p->t->n - 1;
        advance(p, resume);
        return QF_OK;
    }
    if (sigil == '/') {
        if (!p->depth)
            return perr(p, line, col, _("'{{/%.*s}}' closes a section that was never opened"),
                        (int)nd.len, p->s + ns);
        node *o = &p->t->nodes[p->open[p->depth - 1]];
        if (o->len != nd.len || memcmp(p->s + o->off, p->s + ns, nd.len) != 0)
            return perr(p, line, col, _("'{{/%.*s}}' does not match '{{%c%.*s}}' opened at %d:%d"),
                        (int)nd.len, p->s + ns, o->kind == N_SECTION ? '#' : '^', (int)o->len,
                        p->s + o->off, o->line, o->col);
        size_t resume = standalone(p, open_at, tag_end);
        o->end = p->t->n;
        p->depth--;
        advance(p, resume);
        return QF_OK;
    }
    if ((rc = add_node(p, nd)) != QF_OK)
        return rc;
    advance(p, tag_end);
    return QF_OK;
}

static int parse(parser *p)
{
    while (p->pos < p->len) {
        const char *hit = NULL;
        for (size_t i = p->pos; i + 1 < p->len; i++)
            if (p->s[i] == '{' && p->s[i + 1] == '{') {
                hit = p->s + i;
                break;
            }
        size_t stop = hit ? (size_t)(hit - p->s) : p->len;
        if (stop > p->pos) {
            node nd = {N_TEXT, p->line, p->col, p->pos, stop - p->pos, 0};
            int rc = add_node(p, nd);
            if (rc)
                return rc;
            advance(p, stop);
        }
        if (hit) {
            int rc = parse_tag(p, stop);
            if (rc)
                return rc;
        }
    }
    if (p->depth) {
        /* reported where it opens: that is where the reader has to look */
        const node *o = &p->t->nodes[p->open[p->depth - 1]];
        return perr(p, o->line, o->col, _("section '%.*s' is never closed ({{/%.*s}} is missing)"),
                    (int)o->len, p->s + o->off, (int)o->len, p->s + o->off);
    }
    return QF_OK;
}

void qf_template_free(qf_template *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->text);
    free(t->nodes);
    free(t);
}

const char *qf_template_name(const qf_template *t)
{
    return t ? t->name : NULL;
}

int qf_template_parse(qf_template **out, const char *name, const char *text, size_t len)
{
    *out = NULL;
    if (!name || !*name)
        name = "template";
    if (!text)
        return qf__err(QF_EINVALID, _("%s: no template text"), name);
    if (len > QF_TEMPLATE_MAX_SIZE)
        return qf__err(QF_EINVALID, _("%s: the template is %zu bytes, more than %d"), name, len,
                       QF_TEMPLATE_MAX_SIZE);
    size_t bad = 0;
    if (!qf__utf8_valid(text, len, &bad))
        return qf__err(QF_EINVALID, _("%s: invalid UTF-8 at byte %zu (save it as UTF-8)"), name,
                       bad + 1);
    if (memchr(text, '\0', len))
        return qf__err(QF_EINVALID, _("%s: contains a NUL byte"), name);
    qf_template *t = calloc(1, sizeof *t);
    if (!t)
        return qf__oom();
    t->name = qf__strdup(name);
    t->text = malloc(len + 1);
    if (!t->name || !t->text) {
        qf_template_free(t);
        return qf__oom();
    }
    memcpy(t->text, text, len);
    t->text[len] = '\0';
    parser p = {.t = t, .s = t->text, .len = len, .line = 1, .col = 1};
    int rc = parse(&p);
    if (rc) {
        qf_template_free(t);
        return rc;
    }
    *out = t;
    return QF_OK;
}

/* ---- rendering -------------------------------------------------------------------------- */

typedef struct renderer {
    const qf_template *t;
    qf_template_escape escape;
    char *buf;
    size_t len, cap, max;
    json_t *ctx[QF_TEMPLATE_MAX_DEPTH + 2];
    int depth;
    long steps;
} renderer;

static int rerr(const renderer *r, const node *nd, const char *fmt, ...) QF_PRINTF(3, 4);
static int rerr(const renderer *r, const node *nd, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return qf__err(QF_EINVALID, "%s:%d:%d: %s", r->t->name, nd->line, nd->col, what);
}

static int put(renderer *r, const char *s, size_t n)
{
    if (n > r->max - r->len)
        return qf__err(QF_EINVALID, _("%s: the output would be longer than %zu bytes"), r->t->name,
                       r->max);
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->len + n + 1)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (!b)
            return qf__oom();
        r->buf = b;
        r->cap = cap;
    }
    memcpy(r->buf + r->len, s, n);
    r->len += n;
    r->buf[r->len] = '\0';
    return QF_OK;
}

/* The UTF-8 of U+FFFE and U+FFFF: not characters, and not allowed in XML. */
static bool xml_nonchar(const char *s, size_t n, size_t i)
{
    return i + 2 < n && (unsigned char)s[i] == 0xef && (unsigned char)s[i + 1] == 0xbf &&
           ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf);
}

/* Entities for & < > " ' (valid in HTML and XML alike); with `xml`, what XML 1.0 cannot hold
 * at all, not even as a character reference, becomes U+FFFD so the part stays well-formed. */
static int put_entities(renderer *r, const char *s, size_t n, bool xml)
{
    int rc = QF_OK;
    size_t run = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *ent = NULL;
        unsigned char c = (unsigned char)s[i];
        if (xml && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || xml_nonchar(s, n, i))) {
            rc = put(r, s + run, i - run);
            if (!rc)
                rc = put(r, "\xef\xbf\xbd", 3);
            i += c < 0x20 ? 0 : 2;
            run = i + 1;
            continue;
        }
        switch (s[i]) {
        case '&':
            ent = "&amp;";
            break;
        case '<':
            ent = "&lt;";
            break;
        case '>':
            ent = "&gt;";
            break;
        case '"':
            ent = "&quot;";
            break;
        case '\'':
            ent = "&#39;";
            break;
        default:
            continue;
        }
        rc = put(r, s + run, i - run);
        if (!rc)
            rc = put(r, ent, strlen(ent));
        run = i + 1;
    }
    return rc ? rc : put(r, s + run, n - run);
}

/* Backslashes before characters that are markup anywhere in a line, and before what would
 * start a list, heading or quote at the beginning of a line of the value. */
static int put_markdown(renderer *r, const char *s, size_t n)
{
    int rc = QF_OK;
    bool line_start = true;
    for (size_t i = 0; !rc && i < n; i++) {
        char c = s[i];
        bool esc = strchr("\\`*_[]<>|#~", c) != NULL;
        if (line_start && (c == '-' || c == '+'))
            esc = true;
        if (line_start && c >= '0' && c <= '9') {
            size_t k = i;
            while (k < n && s[k] >= '0' && s[k] <= '9')
                k++;
            if (k < n && (s[k] == '.' || s[k] == ')')) {
                rc = put(r, s + i, k - i);
                if (!rc)
                    rc = put(r, "\\", 1);
                i = k - 1;
                line_start = false;
                continue;
            }
        }
        if (esc)
            rc = put(r, "\\", 1);
        if (!rc)
            rc = put(r, &c, 1);
        line_start = c == '\n';
    }
    return rc;
}

static int put_value(renderer *r, const char *s, size_t n)
{
    switch (r->escape) {
    case QF_ESCAPE_HTML:
        return put_entities(r, s, n, false);
    case QF_ESCAPE_XML:
        return put_entities(r, s, n, true);
    case QF_ESCAPE_MARKDOWN:
        return put_markdown(r, s, n);
    case QF_ESCAPE_NONE:
    default:
        return put(r, s, n);
    }
}

/* Looks a dotted name up: its first part from the innermost context outwards. */
static json_t *lookup(const renderer *r, const char *name, size_t n)
{
    if (n == 1 && name[0] == '.')
        return r->ctx[r->depth - 1];
    size_t first = 0;
    while (first < n && name[first] != '.')
        first++;
    char key[MAX_NAME + 1];
    memcpy(key, name, first);
    key[first] = '\0';
    json_t *v = NULL;
    for (int d = r->depth - 1; d >= 0 && !v; d--)
        if (json_is_object(r->ctx[d]))
            v = json_object_get(r->ctx[d], key);
    size_t pos = first;
    while (v && pos < n) {
        size_t start = pos + 1, end = start;
        while (end < n && name[end] != '.')
            end++;
        memcpy(key, name + start, end - start);
        key[end - start] = '\0';
        v = json_is_object(v) ? json_object_get(v, key) : NULL;
        pos = end;
    }
    return v;
}

static bool empty(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return true;
    if (json_is_string(v))
        return json_string_length(v) == 0;
    if (json_is_array(v))
        return json_array_size(v) == 0;
    if (json_is_object(v))
        return json_object_size(v) == 0;
    return false;
}

/* 15 significant digits (0.1 stays 0.1), '.' whatever the host program's locale */
static void fmt_real(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.15g", v);
    const char *dp = localeconv()->decimal_point;
    if (dp && dp[0] && strcmp(dp, ".") != 0) {
        char *p = strstr(buf, dp);
        if (p) {
            size_t dl = strlen(dp);
            *p = '.';
            memmove(p + 1, p + dl, strlen(p + dl) + 1);
        }
    }
}

static int render_value(renderer *r, const node *nd)
{
    json_t *v = lookup(r, r->t->text + nd->off, nd->len);
    char buf[64];
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_STRING:
        return put_value(r, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return put_value(r, buf, strlen(buf));
    case JSON_REAL:
        /* shortest form that reads back, with '.' whatever the locale */
        fmt_real(buf, sizeof buf, json_real_value(v));
        return put_value(r, buf, strlen(buf));
    case JSON_TRUE:
        return put_value(r, "true", 4);
    case JSON_FALSE:
        return put_value(r, "false", 5);
    case JSON_OBJECT:
        if (json_object_size(v) == 0) /* from Lua, {} is as likely an empty list */
            goto list;
        return rerr(r, nd, _("'%.*s' is a table: print one of its fields, e.g. {{%.*s.name}}"),
                    (int)nd->len, r->t->text + nd->off, (int)nd->len, r->t->text + nd->off);
    case JSON_ARRAY:
    list:
        return rerr(r, nd, _("'%.*s' is a list: use {{#%.*s}}…{{/%.*s}} to print its items"),
                    (int)nd->len, r->t->text + nd->off, (int)nd->len, r->t->text + nd->off,
                    (int)nd->len, r->t->text + nd->off);
    case JSON_NULL:
    default:
        return QF_OK;
    }
}

static int render_range(renderer *r, size_t from, size_t to);

static int too_much(const renderer *r, const node *nd)
{
    return rerr(r, nd, _("rendering takes more than %ld steps (a long list inside a long list?)"),
                QF_TEMPLATE_MAX_STEPS);
}

static int with_context(renderer *r, json_t *v, size_t from, size_t to)
{
    /* each pass counts, even over an empty body: a list of 4000 inside itself three times
     * prints nothing yet would take 64e9 passes */
    if (++r->steps > QF_TEMPLATE_MAX_STEPS)
        return too_much(r, &r->t->nodes[from - 1]);
    r->ctx[r->depth++] = v;
    int rc = render_range(r, from, to);
    r->depth--;
    return rc;
}

static int render_range(renderer *r, size_t from, size_t to)
{
    for (size_t i = from; i < to;) {
        const node *nd = &r->t->nodes[i];
        if (++r->steps > QF_TEMPLATE_MAX_STEPS)
            return too_much(r, nd);
        int rc = QF_OK;
        switch (nd->kind) {
        case N_TEXT:
            rc = put(r, r->t->text + nd->off, nd->len);
            i++;
            break;
        case N_VALUE:
            rc = render_value(r, nd);
            i++;
            break;
        case N_SECTION:
        case N_INVERTED: {
            json_t *v = lookup(r, r->t->text + nd->off, nd->len);
            if (nd->kind == N_INVERTED) {
                if (empty(v))
                    rc = render_range(r, i + 1, nd->end);
            } else if (!empty(v)) {
                if (json_is_array(v)) {
                    size_t k;
                    json_t *item;
                    json_array_foreach(v, k, item)
                    {
                        if ((rc = with_context(r, item, i + 1, nd->end)) != QF_OK)
                            break;
                    }
                } else {
                    rc = with_context(r, v, i + 1, nd->end);
                }
            }
            i = nd->end;
            break;
        }
        }
        if (rc)
            return rc;
    }
    return QF_OK;
}

static int check_options(const qf_template_options *opts)
{
    if (opts && opts->version != QF_TEMPLATE_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("template options: use QF_TEMPLATE_OPTIONS_INIT to initialise them"));
    if (opts && (unsigned)opts->escape > QF_ESCAPE_XML)
        return qf__err(QF_EINVALID, _("template options: unknown escape %d"), (int)opts->escape);
    return QF_OK;
}

int qf__template_render_json(char **out, size_t *len, const qf_template *t, json_t *data,
                             const qf_template_options *opts)
{
    *out = NULL;
    if (len)
        *len = 0;
    int rc = check_options(opts);
    if (rc)
        return rc;
    renderer r = {.t = t, .escape = opts ? opts->escape : QF_ESCAPE_NONE};
    r.max = opts && opts->max_output ? opts->max_output : QF_TEMPLATE_MAX_OUTPUT;
    if (r.max > HARD_MAX_OUTPUT)
        r.max = HARD_MAX_OUTPUT;
    r.ctx[r.depth++] = data;
    rc = put(&r, "", 0); /* an empty template still gives "" */
    if (!rc)
        rc = render_range(&r, 0, t->n);
    if (rc) {
        free(r.buf);
        return rc;
    }
    *out = r.buf;
    if (len)
        *len = r.len;
    return QF_OK;
}

int qf_template_render(char **out, size_t *len, const qf_template *t, const char *data_json,
                       const qf_template_options *opts)
{
    *out = NULL;
    if (len)
        *len = 0;
    int rc = check_options(opts);
    if (rc)
        return rc;
    json_t *data = NULL;
    if (data_json) {
        json_error_t jerr;
        data = json_loads(data_json, 0, &jerr);
        if (!data || !json_is_object(data)) {
            json_decref(data);
            return qf__err(QF_EINVALID, _("%s: the data is not a JSON object (%s)"), t->name,
                           data ? _("another JSON value") : jerr.text);
        }
    } else if (!(data = json_object())) {
        return qf__oom();
    }
    rc = qf__template_render_json(out, len, t, data, opts);
    json_decref(data);
    return rc;
}
