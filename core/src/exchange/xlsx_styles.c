/*
 * Which cells hold dates: a spreadsheet stores a date as a number (days since 1900) and only
 * the cell's number format (styles.xml: the cell format s → its numFmtId → a built-in format
 * or a numFmt's formatCode) says that it is one. A format shows a date when it has a year,
 * month or day in it, a time when it has hours, minutes, seconds or AM/PM, outside quoted
 * text, escapes and [colour] or [$-locale] brackets.
 */
#include <stdlib.h>
#include <string.h>
#include "xlsx_internal.h"

/* The built-in formats that show dates and times, with the Chinese (zh-CN) ones 27-36 and
 * 50-58 that Excel and WPS write for 2017年9月5日 and 14时30分. */
static int builtin_kind(int id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
        id == 57 || id == 58)
        return XLSX_DATE;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 ||
        id == 56)
        return XLSX_TIME;
    if (id == 22)
        return XLSX_DATETIME;
    return XLSX_NUMBER;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The date and time letters of a format's first section, one per run ("yyyy" → 'y'), without
 * quoted text, escaped characters and brackets; [h], [mm], [ss] (elapsed time) and AM/PM
 * become 'h'. At most `size` - 1 of them. */
static size_t letters(const char *code, char *out, size_t size)
{
    size_t n = 0;
    for (const char *s = code; *s && n + 1 < size; s++) {
        char c = lower(*s);
        if (c == '"') { /* quoted text */
            while (s[1] && s[1] != '"')
                s++;
            if (s[1])
                s++;
        } else if (c == '\\' || c == '_' || c == '*') { /* escaped, spacing or fill character */
            if (s[1])
                s++;
        } else if (c == '[') { /* [Red], [$-804], [>100]; [h], [mm], [ss] are elapsed time */
            const char *close = strchr(s, ']');
            if (!close)
                break;
            char first = lower(s[1]);
            if (first == 'h' || first == 'm' || first == 's')
                out[n++] = 'h';
            s = close;
        } else if (c == ';') {
            break; /* the first section (positive numbers) decides */
        } else if (strncmp(s, "AM/PM", 5) == 0 || strncmp(s, "am/pm", 5) == 0) {
            out[n++] = 'h';
            s += 4;
        } else if (strncmp(s, "上午/下午", strlen("上午/下午")) == 0) {
            out[n++] = 'h';
            s += strlen("上午/下午") - 1;
        } else if (c == 'y' || c == 'm' || c == 'd' || c == 'e' || c == 'h' || c == 's') {
            if (n == 0 || out[n - 1] != c)
                out[n++] = c;
            while (lower(s[1]) == c)
                s++;
        }
    }
    out[n] = '\0';
    return n;
}

int xlsx_format_kind(int id, const char *code)
{
    if (!code)
        return builtin_kind(id);
    if (strcmp(code, "General") == 0 || strcmp(code, "@") == 0)
        return XLSX_NUMBER;
    char t[64];
    size_t n = letters(code, t, sizeof t);
    int kind = XLSX_NUMBER;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == 'h' || t[i] == 's')
            kind |= XLSX_TIME;
        else if (t[i] != 'm')
            kind |= XLSX_DATE;
        else if ((i > 0 && t[i - 1] == 'h') || (i + 1 < n && t[i + 1] == 's'))
            kind |= XLSX_TIME; /* h:mm, mm:ss: minutes */
        else
            kind |= XLSX_DATE; /* a month */
    }
    return kind;
}

/* ---- styles.xml ------------------------------------------------------------------------- */

typedef struct fmt_entry {
    int id;
    char *code;
} fmt_entry;

typedef struct styles_ctx {
    fmt_entry *fmts;
    size_t n_fmts, cap_fmts;
    int *xf_fmt; /* numFmtId of each cell format of cellXfs */
    size_t n_xf, cap_xf;
    bool in_cell_xfs;
} styles_ctx;

static int styles_start(void *ud, const char *name, const char **attrs)
{
    styles_ctx *c = ud;
    if (strcmp(name, "cellXfs") == 0) {
        c->in_cell_xfs = true;
    } else if (strcmp(name, "numFmt") == 0) {
        const char *id = xlsx_attr(attrs, "numFmtId"), *code = xlsx_attr(attrs, "formatCode");
        if (!id || !code)
            return QF_OK;
        if (c->n_fmts == c->cap_fmts) {
            size_t cap = c->cap_fmts ? c->cap_fmts * 2 : 16;
            fmt_entry *f = realloc(c->fmts, cap * sizeof *f);
            if (!f)
                return qf__oom();
            c->fmts = f;
            c->cap_fmts = cap;
        }
        c->fmts[c->n_fmts].id = atoi(id);
        if (!(c->fmts[c->n_fmts].code = qf__strdup(code)))
            return qf__oom();
        c->n_fmts++;
    } else if (strcmp(name, "xf") == 0 && c->in_cell_xfs) {
        if (c->n_xf == c->cap_xf) {
            size_t cap = c->cap_xf ? c->cap_xf * 2 : 32;
            int *x = realloc(c->xf_fmt, cap * sizeof *x);
            if (!x)
                return qf__oom();
            c->xf_fmt = x;
            c->cap_xf = cap;
        }
        const char *id = xlsx_attr(attrs, "numFmtId");
        c->xf_fmt[c->n_xf++] = id ? atoi(id) : 0;
    }
    return QF_OK;
}

static int styles_end(void *ud, const char *name)
{
    styles_ctx *c = ud;
    if (strcmp(name, "cellXfs") == 0)
        c->in_cell_xfs = false;
    return QF_OK;
}

int xlsx_styles_read(xlsx_styles *st, xlsx_pkg *p, const char *part)
{
    memset(st, 0, sizeof *st);
    if (!part || !xlsx_pkg_has(p, part))
        return QF_OK; /* no styles: every number is a number */
    styles_ctx c;
    memset(&c, 0, sizeof c);
    xlsx_sax sax = {&c, styles_start, styles_end, NULL, NULL};
    int rc = xlsx_pkg_parse(p, part, &sax);
    if (!rc && c.n_xf && !(st->xf_kind = malloc(c.n_xf)))
        rc = qf__oom();
    if (!rc) {
        st->n_xf = c.n_xf;
        for (size_t i = 0; i < c.n_xf; i++) {
            const char *code = NULL;
            for (size_t k = 0; k < c.n_fmts; k++) /* a file's own format wins */
                if (c.fmts[k].id == c.xf_fmt[i])
                    code = c.fmts[k].code;
            st->xf_kind[i] = (uint8_t)xlsx_format_kind(c.xf_fmt[i], code);
        }
    }
    for (size_t k = 0; k < c.n_fmts; k++)
        free(c.fmts[k].code);
    free(c.fmts);
    free(c.xf_fmt);
    return rc;
}

void xlsx_styles_free(xlsx_styles *st)
{
    free(st->xf_kind);
    memset(st, 0, sizeof *st);
}
