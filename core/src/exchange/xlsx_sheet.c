/*
 * The cells of one worksheet, read from its XML as a stream: each cell with a value becomes
 * (row, column, text). The text is what a spreadsheet shows: a shared or inline string as
 * written, a number as up to 15 significant digits (Excel shows no more), a number whose
 * format is a date as YYYY-MM-DD (see xlsx_styles.c), a boolean as TRUE/FALSE. A value that
 * cannot be shown (an error such as #N/A, a date out of range, a damaged string) becomes a
 * problem of its cell rather than an error of the whole file, so that an import can name the
 * cell and its column.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xlsx_internal.h"

typedef struct sheet_ctx {
    xlsx_sheet *sh;
    const xlsx_pkg *p;
    const xlsx_book *b;
    const xlsx_styles *st;
    const xlsx_strings *ss;
    bool in_data, in_cell, in_value, in_is, in_t, in_rph;
    uint32_t row;      /* current row, 0-based; UINT32_MAX before the first */
    bool row_implied;  /* the row has no r attribute: its first cell's reference says it */
    uint32_t col;      /* current cell's column */
    char type[16];     /* the cell's t attribute */
    locale_t c_locale; /* numbers are read and written with a '.' whatever the locale */
    int kind;          /* XLSX_NUMBER … from its style */
    size_t start;      /* where the cell's collected text starts in sh->text */
    bool long_text;
} sheet_ctx;

/* "C3" for a message. */
static void cell_name(uint32_t row, uint32_t col, char buf[16])
{
    char letters[4];
    qf_xlsx_column_name(col, letters);
    snprintf(buf, 16, "%s%u", letters, row + 1);
}

bool xlsx_parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
    uint64_t c = 0, r = 0;
    size_t i = 0;
    while (ref[i] >= 'A' && ref[i] <= 'Z' && i < 4)
        c = c * 26 + (uint64_t)(ref[i++] - 'A' + 1);
    size_t letters = i;
    while (ref[i] >= '0' && ref[i] <= '9' && i < letters + 8)
        r = r * 10 + (uint64_t)(ref[i++] - '0');
    if (letters == 0 || i == letters || ref[i] != '\0' || r == 0)
        return false;
    *row = r > UINT32_MAX ? UINT32_MAX : (uint32_t)(r - 1);
    *col = (uint32_t)(c - 1);
    return true;
}

/* ---- storing cells ---------------------------------------------------------------------- */

static int push(sheet_ctx *c, uint32_t from_sst, uint32_t problem, size_t off)
{
    xlsx_sheet *sh = c->sh;
    if (sh->n == XLSX_MAX_CELLS)
        return qf__err(QF_EINVALID,
                       _("%s: sheet '%s' has more than %u cells with a value; qufa reads rosters "
                         "and ledgers up to that size (split the sheet)"),
                       c->p->name, c->b->sheet_name, XLSX_MAX_CELLS);
    if (sh->n == sh->cap) {
        size_t cap = sh->cap ? sh->cap * 2 : 1024;
        xlsx_cell *n = realloc(sh->cells, cap * sizeof *n);
        if (!n)
            return qf__oom();
        sh->cells = n;
        sh->cap = cap;
    }
    sh->cells[sh->n++] = (xlsx_cell){c->row, c->col, from_sst, problem, off};
    return QF_OK;
}

/* The cell's value is the text collected from `c->start` on. */
static int keep_text(sheet_ctx *c)
{
    size_t off;
    int rc = xlsx_text_end(&c->sh->text, c->start, &off);
    return rc ? rc : push(c, 0, 0, off);
}

/* Replaces what was collected by `s`. */
static int keep(sheet_ctx *c, const char *s)
{
    c->sh->text.len = c->start;
    int rc = xlsx_text_add(&c->sh->text, s, strlen(s));
    return rc ? rc : keep_text(c);
}

static int problem(sheet_ctx *c, const char *fmt, ...) QF_PRINTF(2, 3);
static int problem(sheet_ctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->sh->text.len = c->start;
    size_t off;
    int rc = xlsx_text_add(&c->sh->text, msg, strlen(msg));
    if (!rc)
        rc = xlsx_text_end(&c->sh->text, c->start, &off);
    return rc ? rc : push(c, 0, 1, off);
}

/* ---- values ----------------------------------------------------------------------------- */

/* A number as XML writes it (the decimal point is always '.'), read whatever the locale. */
static bool parse_number(const sheet_ctx *c, const char *s, double *out)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return false;
    locale_t old = c->c_locale ? uselocale(c->c_locale) : (locale_t)0;
    *out = strtod(s, NULL);
    if (c->c_locale)
        uselocale(old);
    return isfinite(*out);
}

/* Up to 15 significant digits, as a spreadsheet shows a number in the General format. */
static void format_number(const sheet_ctx *c, double v, char out[40])
{
    locale_t old = c->c_locale ? uselocale(c->c_locale) : (locale_t)0;
    snprintf(out, 40, "%.15g", v == 0 ? 0.0 : v); /* no "-0" */
    if (c->c_locale)
        uselocale(old);
}

/* secs is within one day (0 to 86399); unsigned and bounded, so the compiler sees two digits */
static void format_time(long secs, char *out, size_t size)
{
    unsigned t = (unsigned)secs % 86400u, h = t / 3600u, m = t / 60u % 60u, s = t % 60u;
    if (s)
        snprintf(out, size, "%02u:%02u:%02u", h, m, s);
    else
        snprintf(out, size, "%02u:%02u", h, m);
}

/* A date serial number shown as the cell's format asks: YYYY-MM-DD, HH:MM or both. */
static int date_value(sheet_ctx *c, const char *text, double v)
{
    if (v < 0)
        return problem(c, _("%s is a negative date serial number, which is no date"), text);
    if (v >= 2958466) /* 10000-01-01 */
        return problem(c, _("%s is a date serial number after 9999-12-31"), text);
    double whole = floor(v);
    long secs = lround((v - whole) * 86400.0);
    long days = (long)whole;
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    char date[11] = "", time[9] = "";
    if (c->kind & XLSX_DATE) {
        qf_date d;
        if (c->b->date1904) {
            d = qf_date_from_ymd(1904, 1, 1) + (qf_date)days;
        } else if (days == 0) {
            return problem(c, "%s", _("0 as a date is Excel's day 1900-01-00, which is no date"));
        } else if (days == 60) {
            return problem(c, "%s",
                           _("1900-02-29 does not exist (Excel counts it, as Lotus 1-2-3 did)"));
        } else {
            /* day 1 is 1900-01-01; from day 61 on, one less for the 29 February that never was */
            d = qf_date_from_ymd(1900, 1, 1) + (qf_date)(days < 60 ? days - 1 : days - 2);
        }
        int y, m, dd;
        qf_date_to_ymd(d, &y, &m, &dd);
        if (y > 9999)
            return problem(c, _("%s is a date serial number after 9999-12-31"), text);
        qf_date_format(d, date);
    }
    if (c->kind & XLSX_TIME)
        format_time(secs, time, sizeof time);
    char out[24];
    snprintf(out, sizeof out, "%s%s%s", date, *date && *time ? " " : "", time);
    return keep(c, out);
}

/* t="d": an ISO 8601 date and time ("2017-09-05T14:30:00Z"). */
static int iso_value(sheet_ctx *c, const char *text)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 ||
        !qf_date_valid_ymd(y, mo, d))
        return problem(c, _("'%s' is not a date (expected YYYY-MM-DDTHH:MM:SS)"), text);
    const char *rest = text + 10;
    if (*rest == 'T' && (sscanf(rest + 1, "%2d:%2d:%2d", &h, &mi, &s) < 2 || h > 23 || mi > 59 ||
                         s > 59))
        return problem(c, _("'%s' is not a date (expected YYYY-MM-DDTHH:MM:SS)"), text);
    char date[11], out[32];
    qf_date_format(qf_date_from_ymd(y, mo, d), date);
    if (s)
        snprintf(out, sizeof out, "%s %02d:%02d:%02d", date, h, mi, s);
    else if (h || mi)
        snprintf(out, sizeof out, "%s %02d:%02d", date, h, mi);
    else
        snprintf(out, sizeof out, "%s", date);
    return keep(c, out);
}

static int shared_value(sheet_ctx *c, const char *text)
{
    const xlsx_strings *ss = c->ss;
    char *end = NULL;
    unsigned long long i = strtoull(text, &end, 10);
    if (!*text || *end || text[0] == '-')
        return problem(c, _("'%s' is not the number of a shared string"), text);
    if (ss->broken && i >= ss->broken_at)
        return ss->broken_utf8 && i == ss->broken_at
                   ? problem(c, _("its text is not valid UTF-8 (shared string %llu is damaged)"),
                             i)
                   : problem(c, _("its text cannot be read: the shared strings are damaged from "
                                  "string %zu on (it uses string %llu)"),
                             ss->broken_at, i);
    if (i >= ss->n)
        return problem(c, _("it uses shared string %llu, but the workbook has %zu"), i, ss->n);
    if (ss->too_long[i])
        return problem(c, _("its text is longer than %u bytes"), XLSX_MAX_TEXT);
    c->sh->text.len = c->start;
    if (!ss->text.s[ss->off[i]])
        return QF_OK; /* an empty string: an empty cell */
    return push(c, 1, 0, (size_t)i);
}

static int finish_cell(sheet_ctx *c)
{
    xlsx_text *t = &c->sh->text;
    const char *type = c->type;
    if (strcmp(type, "inlineStr") == 0 || strcmp(type, "str") == 0) {
        if (c->long_text)
            return problem(c, _("its text is longer than %u bytes"), XLSX_MAX_TEXT);
        xlsx_unescape(t, c->start);
        if (t->len == c->start)
            return QF_OK;
        return keep_text(c);
    }
    /* the other types hold a short value: a NUL-terminated copy to parse */
    char v[64];
    size_t n = t->len - c->start;
    if (c->long_text || n >= sizeof v)
        return problem(c, "%s", _("its value is too long for a number or a reference"));
    if (n)
        memcpy(v, t->s + c->start, n);
    v[n] = '\0';
    t->len = c->start;
    if (!*v)
        return QF_OK; /* no value: a formatted, empty cell */
    if (strcmp(type, "s") == 0)
        return shared_value(c, v);
    if (strcmp(type, "n") == 0 || !*type) {
        double d;
        if (!parse_number(c, v, &d))
            return problem(c, _("'%s' is not a number"), v);
        if (c->kind != XLSX_NUMBER)
            return date_value(c, v, d);
        char out[40];
        format_number(c, d, out);
        return keep(c, out);
    }
    if (strcmp(type, "b") == 0) {
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            return keep(c, "TRUE");
        if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            return keep(c, "FALSE");
        return problem(c, _("'%s' is not a boolean"), v);
    }
    if (strcmp(type, "e") == 0)
        return problem(c, _("the cell holds the error %s"), v);
    if (strcmp(type, "d") == 0)
        return iso_value(c, v);
    return problem(c, _("the cell type '%s' is unknown"), type);
}

/* ---- the XML ---------------------------------------------------------------------------- */

static int bad_ref(sheet_ctx *c, const char *ref)
{
    return qf__err(QF_EINVALID, _("%s: sheet '%s': '%s' is not a cell reference"), c->p->name,
                   c->b->sheet_name, ref);
}

static int outside(sheet_ctx *c, const char *ref)
{
    return qf__err(QF_EINVALID,
                   _("%s: sheet '%s': cell %s is outside a worksheet (the last cell is "
                     "XFD1048576)"),
                   c->p->name, c->b->sheet_name, ref);
}

static int start_row(sheet_ctx *c, const char **attrs)
{
    const char *r = xlsx_attr(attrs, "r");
    uint64_t row = c->row == UINT32_MAX ? 0 : (uint64_t)c->row + 1;
    if (r) {
        char *end = NULL;
        unsigned long long v = strtoull(r, &end, 10);
        if (!*r || *end || v == 0)
            return bad_ref(c, r);
        row = v - 1;
    }
    if (row >= XLSX_MAX_ROW) {
        char ref[32];
        snprintf(ref, sizeof ref, "A%llu", (unsigned long long)row + 1);
        return outside(c, ref);
    }
    if (c->row != UINT32_MAX && row <= c->row) {
        return qf__err(QF_EINVALID,
                       _("%s: sheet '%s': row %llu comes after row %u: the rows are out of "
                         "order (the workbook is damaged)"),
                       c->p->name, c->b->sheet_name, (unsigned long long)row + 1, c->row + 1);
    }
    c->row = (uint32_t)row;
    c->col = UINT32_MAX;
    c->row_implied = r == NULL;
    return QF_OK;
}

static int start_cell(sheet_ctx *c, const char **attrs)
{
    const char *r = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t"), *s = xlsx_attr(attrs, "s");
    if (c->row == UINT32_MAX)
        c->row = 0; /* a cell outside any <row>: tolerate it as the first row */
    uint32_t row = c->row, col = c->col == UINT32_MAX ? 0 : c->col + 1;
    if (r) {
        uint32_t rr, cc;
        if (!xlsx_parse_ref(r, &rr, &cc))
            return bad_ref(c, r);
        if (rr >= XLSX_MAX_ROW || cc >= XLSX_MAX_COL)
            return outside(c, r);
        /* a writer that leaves out empty rows and the rows' numbers: the cells number them */
        if (c->row_implied && c->col == UINT32_MAX && rr > c->row)
            c->row = rr;
        if (rr != c->row) {
            char name[16];
            cell_name(rr, cc, name);
            return qf__err(QF_EINVALID,
                           _("%s: sheet '%s': cell %s is in row %u's list: the workbook is "
                             "damaged"),
                           c->p->name, c->b->sheet_name, name, c->row + 1);
        }
        row = rr;
        col = cc;
    } else if (col >= XLSX_MAX_COL) {
        return outside(c, "XFE");
    }
    if (c->col != UINT32_MAX && col <= c->col) {
        char now[16], before[16];
        cell_name(row, col, now);
        cell_name(row, c->col, before);
        return qf__err(QF_EINVALID,
                       _("%s: sheet '%s': cell %s comes after %s: the cells are out of order "
                         "(the workbook is damaged)"),
                       c->p->name, c->b->sheet_name, now, before);
    }
    c->col = col;
    c->in_cell = true;
    c->long_text = false;
    c->start = c->sh->text.len;
    snprintf(c->type, sizeof c->type, "%s", t ? t : "");
    size_t xf = s ? strtoul(s, NULL, 10) : 0;
    c->kind = xf < c->st->n_xf ? c->st->xf_kind[xf] : XLSX_NUMBER;
    return QF_OK;
}

static int sheet_start(void *ud, const char *name, const char **attrs)
{
    sheet_ctx *c = ud;
    if (strcmp(name, "sheetData") == 0) {
        c->in_data = true;
        return QF_OK;
    }
    if (!c->in_data)
        return QF_OK;
    bool is_row = strcmp(name, "row") == 0, is_cell = strcmp(name, "c") == 0;
    /* expat reports a tag that is not closed only when the parent's end comes: a row or a
     * cell met inside a cell would move the position the open cell is stored at */
    if ((is_row || is_cell) && c->in_cell)
        return qf__err(QF_EINVALID,
                       _("%s: sheet '%s': a <%s> inside the cell of row %u: the workbook is "
                         "damaged"),
                       c->p->name, c->b->sheet_name, name, c->row + 1);
    if (is_row)
        return start_row(c, attrs);
    if (is_cell)
        return start_cell(c, attrs);
    if (!c->in_cell)
        return QF_OK;
    if (strcmp(name, "v") == 0)
        c->in_value = true;
    else if (strcmp(name, "is") == 0)
        c->in_is = true;
    else if (strcmp(name, "rPh") == 0)
        c->in_rph = true;
    else if (strcmp(name, "t") == 0)
        c->in_t = c->in_is && !c->in_rph;
    return QF_OK;
}

static int sheet_end(void *ud, const char *name)
{
    sheet_ctx *c = ud;
    if (strcmp(name, "sheetData") == 0) {
        c->in_data = false;
    } else if (strcmp(name, "c") == 0 && c->in_cell) {
        c->in_cell = c->in_value = c->in_is = c->in_t = c->in_rph = false;
        return finish_cell(c);
    } else if (strcmp(name, "v") == 0) {
        c->in_value = false;
    } else if (strcmp(name, "is") == 0) {
        c->in_is = false;
    } else if (strcmp(name, "rPh") == 0) {
        c->in_rph = false;
    } else if (strcmp(name, "t") == 0) {
        c->in_t = false;
    }
    return QF_OK;
}

static int sheet_text(void *ud, const char *s, int len)
{
    sheet_ctx *c = ud;
    if (!c->in_cell || !(c->in_value || c->in_t))
        return QF_OK;
    if (c->sh->text.len - c->start + (size_t)len > XLSX_MAX_TEXT) {
        c->long_text = true;
        return QF_OK;
    }
    return xlsx_text_add(&c->sh->text, s, (size_t)len);
}

/* The XML broke: inside a cell, the cell gets the problem and the rows before it stay
 * readable; anywhere else it is the usual error naming the part, line and column. */
static int sheet_broken(void *ud, const char *why, bool bad_utf8, int line, int column)
{
    (void)line, (void)column;
    sheet_ctx *c = ud;
    if (!c->in_cell)
        return 1;
    c->in_cell = false;
    if (bad_utf8)
        return problem(c, "%s", _("its text is not valid UTF-8 (the sheet is damaged here)"));
    return problem(c, _("the sheet's XML is damaged here (%s)"), why);
}

int xlsx_sheet_read(xlsx_sheet *sh, xlsx_pkg *p, const xlsx_book *b, const xlsx_styles *st,
                    const xlsx_strings *ss)
{
    memset(sh, 0, sizeof *sh);
    sheet_ctx c;
    memset(&c, 0, sizeof c);
    c.sh = sh;
    c.p = p;
    c.b = b;
    c.st = st;
    c.ss = ss;
    c.row = UINT32_MAX;
    c.col = UINT32_MAX;
    c.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    xlsx_sax sax = {&c, sheet_start, sheet_end, sheet_text, sheet_broken};
    int rc = xlsx_pkg_parse(p, b->sheet_part, &sax);
    if (c.c_locale)
        freelocale(c.c_locale);
    if (rc == QF_ENOTFOUND)
        rc = qf__err(QF_EINVALID, _("%s: sheet '%s' has no part %s: the workbook is damaged"),
                     p->name, b->sheet_name, b->sheet_part);
    return rc;
}

void xlsx_sheet_free(xlsx_sheet *sh)
{
    free(sh->cells);
    xlsx_text_free(&sh->text);
    memset(sh, 0, sizeof *sh);
}
