/*
 * The strict RFC 4180 reader and the field writer. Import/export of records live elsewhere;
 * this file only turns bytes into validated fields and back.
 *
 * The reader works on one buffer in memory (a file is read whole) because imports are
 * all-or-nothing anyway and a buffer makes positions in error messages exact. Lines are
 * physical lines, as an editor shows them: a newline inside a quoted field counts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csvio.h"

#define CSV_MAX_FIELD (1024 * 1024) /* bytes in one field */
#define CSV_MAX_FIELDS 10000        /* fields in one record */

struct qf_csv {
    char *owned; /* the file contents when opened from a file */
    const char *data;
    size_t len;
    size_t pos;
    size_t utf8_bad;   /* offset of the first invalid UTF-8 byte, or len */
    size_t line_start; /* offset of the first byte of the current line */
    int line;          /* physical line of `pos` */
    int rec_line;      /* line where the last returned record started */
    char *name;
    char *errmsg; /* sticky: a reader that failed keeps failing with the same message */

    size_t start; /* offset of the first record (after a BOM), for rewinding */

    char *buf; /* the current record's field bytes, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t *offs; /* start of each field in buf */
    const char **ptrs;
    size_t nfields, fields_cap;
    /* where each field of the current record starts in the input, and where the record's last
     * field ends, so that importers can point at a field: kept as offsets and turned into a
     * column only when a message needs one */
    qf_csv_pos *pos_of;
    qf_csv_pos end_pos;
};

/* Column of `at` on the line starting at `line_start`, counted in characters (UTF-8 lead
 * bytes), 1-based. */
static int column_from(const qf_csv *c, size_t line_start, size_t at)
{
    int col = 1;
    for (size_t i = line_start; i < at && i < c->len; i++)
        if (((unsigned char)c->data[i] & 0xc0) != 0x80)
            col++;
    return col;
}

static int column_of(const qf_csv *c, size_t at)
{
    return column_from(c, c->line_start, at);
}

static qf_csv_pos pos_here(const qf_csv *c)
{
    qf_csv_pos p = {c->pos, c->line_start, c->line};
    return p;
}

/* Reports "name:line:col: what" for a position on the current line and makes it sticky. */
static int fail_at(qf_csv *c, size_t at, const char *what)
{
    qf__err(QF_EINVALID, "%s:%d:%d: %s", c->name, c->line, column_of(c, at), what);
    free(c->errmsg);
    c->errmsg = qf__strdup(qf_error_last());
    return QF_EINVALID;
}

static int push_byte(qf_csv *c, char ch)
{
    if (c->buf_len == c->buf_cap) {
        size_t cap = c->buf_cap ? c->buf_cap * 2 : 256;
        char *p = realloc(c->buf, cap);
        if (!p)
            return qf__oom();
        c->buf = p;
        c->buf_cap = cap;
    }
    c->buf[c->buf_len++] = ch;
    return QF_OK;
}

static int start_field(qf_csv *c, size_t at)
{
    if (c->nfields == CSV_MAX_FIELDS) {
        char what[128];
        snprintf(what, sizeof what, _("more than %d fields in one record"), CSV_MAX_FIELDS);
        return fail_at(c, at, what);
    }
    if (c->nfields == c->fields_cap) {
        size_t cap = c->fields_cap ? c->fields_cap * 2 : 16;
        size_t *o = realloc(c->offs, cap * sizeof *o);
        if (!o)
            return qf__oom();
        c->offs = o;
        const char **p = realloc(c->ptrs, cap * sizeof *p);
        if (!p)
            return qf__oom();
        c->ptrs = p;
        qf_csv_pos *q = realloc(c->pos_of, cap * sizeof *q);
        if (!q)
            return qf__oom();
        c->pos_of = q;
        c->fields_cap = cap;
    }
    c->pos_of[c->nfields] = pos_here(c);
    c->offs[c->nfields++] = c->buf_len;
    return QF_OK;
}

/* Checks what sits at `pos` before it is consumed: invalid UTF-8 and NUL are never data. */
static int check_byte(qf_csv *c)
{
    if (c->pos == c->utf8_bad)
        return fail_at(c, c->pos, _("invalid UTF-8 (save the file as UTF-8)"));
    if (c->data[c->pos] == '\0')
        return fail_at(c, c->pos, _("NUL byte (is this a binary file?)"));
    return QF_OK;
}

static int field_too_long(qf_csv *c, size_t field_start)
{
    char what[128];
    snprintf(what, sizeof what, _("field longer than %d bytes"), CSV_MAX_FIELD);
    return fail_at(c, field_start, what);
}

static void new_line(qf_csv *c, size_t next_line_start)
{
    c->line++;
    c->line_start = next_line_start;
}

/*
 * Reads a quoted field; `pos` is on the opening quote. Leaves `pos` on the byte after the
 * closing quote. Newlines inside are data and advance the line count.
 */
static int read_quoted(qf_csv *c)
{
    size_t open_at = c->pos;
    int open_line = c->line;
    size_t open_line_start = c->line_start;
    size_t field_start = c->buf_len;
    c->pos++;
    for (;;) {
        if (c->pos >= c->len) {
            /* point at the opening quote: that is where the user has to look */
            c->line = open_line;
            c->line_start = open_line_start;
            return fail_at(c, open_at, _("quoted field is never closed (missing closing quote)"));
        }
        int rc = check_byte(c);
        if (rc)
            return rc;
        char ch = c->data[c->pos];
        if (ch == '"') {
            if (c->pos + 1 < c->len && c->data[c->pos + 1] == '"') {
                c->pos += 2;
            } else {
                c->pos++;
                return QF_OK;
            }
        } else {
            c->pos++;
            if (ch == '\n')
                new_line(c, c->pos);
        }
        if (c->buf_len - field_start >= CSV_MAX_FIELD)
            return field_too_long(c, open_at);
        rc = push_byte(c, ch);
        if (rc)
            return rc;
    }
}

/* Reads an unquoted field up to (not including) a comma, CR, LF or the end. */
static int read_plain(qf_csv *c)
{
    size_t start = c->pos;
    while (c->pos < c->len) {
        char ch = c->data[c->pos];
        if (ch == ',' || ch == '\n' || ch == '\r')
            break;
        int rc = check_byte(c);
        if (rc)
            return rc;
        if (ch == '"')
            return fail_at(c, c->pos,
                           _("quote inside an unquoted field (quote the whole field and double "
                             "the quotes inside: \"a \"\"b\"\"\")"));
        if (c->pos - start >= CSV_MAX_FIELD)
            return field_too_long(c, start);
        rc = push_byte(c, ch);
        if (rc)
            return rc;
        c->pos++;
    }
    return QF_OK;
}

/* After a field: a comma (more fields), a line end or the end of input (record done). */
static int after_field(qf_csv *c, bool *record_done)
{
    if (c->pos >= c->len) {
        *record_done = true;
        return QF_OK;
    }
    char ch = c->data[c->pos];
    if (ch == ',') {
        c->pos++;
        *record_done = false;
        return QF_OK;
    }
    if (ch == '\n') {
        c->pos++;
        new_line(c, c->pos);
        *record_done = true;
        return QF_OK;
    }
    if (ch == '\r' && c->pos + 1 < c->len && c->data[c->pos + 1] == '\n') {
        c->pos += 2;
        new_line(c, c->pos);
        *record_done = true;
        return QF_OK;
    }
    if (ch == '\r')
        return fail_at(c, c->pos, _("carriage return without a line feed (use CRLF or LF)"));
    int rc = check_byte(c);
    if (rc)
        return rc;
    /* only a quoted field can stop on anything else; show the offending character itself
     * (it is valid UTF-8: check_byte passed) */
    size_t n = 1;
    while (c->pos + n < c->len && n < 4 && ((unsigned char)c->data[c->pos + n] & 0xc0) == 0x80)
        n++;
    char what[160];
    snprintf(what, sizeof what,
             _("'%.*s' after a closing quote (expected a comma or the end of the line)"), (int)n,
             c->data + c->pos);
    return fail_at(c, c->pos, what);
}

int qf_csv_next(const char *const **fields, size_t *n, qf_csv *c)
{
    if (c->errmsg)
        return qf__err(QF_EINVALID, "%s", c->errmsg);
    /* blank lines between records are skipped, as spreadsheets leave them */
    for (;;) {
        if (c->pos < c->len && c->data[c->pos] == '\n') {
            c->pos++;
            new_line(c, c->pos);
        } else if (c->pos + 1 < c->len && c->data[c->pos] == '\r' && c->data[c->pos + 1] == '\n') {
            c->pos += 2;
            new_line(c, c->pos);
        } else {
            break;
        }
    }
    if (c->pos >= c->len)
        return QF_ITEROVER;
    c->rec_line = c->line;
    c->nfields = 0;
    c->buf_len = 0;
    bool done = false;
    while (!done) {
        int rc = start_field(c, c->pos);
        if (rc)
            return rc;
        bool quoted = c->pos < c->len && c->data[c->pos] == '"';
        rc = quoted ? read_quoted(c) : read_plain(c);
        c->end_pos = pos_here(c);
        if (!rc)
            rc = push_byte(c, '\0');
        if (!rc)
            rc = after_field(c, &done);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < c->nfields; i++)
        c->ptrs[i] = c->buf + c->offs[i];
    *fields = c->ptrs;
    *n = c->nfields;
    return QF_OK;
}

/* UTF-16 and UTF-32 files announce themselves with a BOM; Excel's "Unicode text" is UTF-16. */
static bool is_utf16(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    return len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff));
}

int qf_csv_open_buffer(qf_csv **out, const char *data, size_t len, const char *name)
{
    *out = NULL;
    if (!data && len)
        return qf__err(QF_EINVALID, "%s", _("csv: no data"));
    const char *label = name && *name ? name : "<csv>";
    if (is_utf16(data, len))
        return qf__err(QF_EINVALID,
                       _("%s:1:1: the file is UTF-16; save it as UTF-8 (in Excel: \"CSV UTF-8\")"),
                       label);
    qf_csv *c = calloc(1, sizeof *c);
    if (!c)
        return qf__oom();
    c->name = qf__strdup(label);
    if (!c->name) {
        free(c);
        return qf__oom();
    }
    c->data = data ? data : "";
    c->len = len;
    c->line = 1;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        c->pos = c->line_start = c->start = 3;
    /* validate once up front; the parser stops when it reaches the bad offset, so the
     * records before it are still delivered and the error carries its line and column */
    size_t bad = 0;
    c->utf8_bad = qf__utf8_valid(c->data + c->pos, len - c->pos, &bad) ? len : c->pos + bad;
    *out = c;
    return QF_OK;
}

int qf_csv_open_file(qf_csv **out, const char *path)
{
    *out = NULL;
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("csv: file name required"));
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return qf__err(QF_EINVALID, _("%s is a directory, not a CSV file"), path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return qf__err(errno == ENOENT ? QF_ENOTFOUND : QF_ESYSTEM, _("%s: cannot open (%s)"),
                       path, strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(data, cap);
            if (!p) {
                free(data);
                fclose(f);
                return qf__oom();
            }
            data = p;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f) ? errno : 0;
    fclose(f);
    if (read_error) {
        free(data);
        return qf__err(QF_ESYSTEM, _("%s: read error (%s)"), path, strerror(read_error));
    }
    int rc = qf_csv_open_buffer(out, data, len, path);
    if (rc) {
        free(data);
        return rc;
    }
    (*out)->owned = data;
    return QF_OK;
}

int qf_csv_line(const qf_csv *c)
{
    return c ? c->rec_line : 0;
}

void qf__csv_field_pos(const qf_csv *c, size_t i, int *line, int *column)
{
    const qf_csv_pos *p = i < c->nfields ? &c->pos_of[i] : &c->end_pos;
    *line = p->line;
    *column = column_from(c, p->line_start, p->at);
}

int qf__csv_rewind(qf_csv *c)
{
    if (c->errmsg)
        return qf__err(QF_EINVALID, "%s", c->errmsg);
    c->pos = c->line_start = c->start;
    c->line = 1;
    c->rec_line = 0;
    c->nfields = 0;
    return QF_OK;
}

const char *qf_csv_name(const qf_csv *c)
{
    return c ? c->name : "";
}

void qf_csv_free(qf_csv *c)
{
    if (!c)
        return;
    free(c->owned);
    free(c->name);
    free(c->errmsg);
    free(c->buf);
    free(c->offs);
    free(c->ptrs);
    free(c->pos_of);
    free(c);
}

/* Quoting is needed for separators, quotes and line breaks; leading or trailing blanks are
 * quoted too because some spreadsheet imports trim them otherwise, and a leading U+FEFF
 * because at the start of a file a reader would take it for the byte order mark. */
static bool needs_quotes(const char *s)
{
    if (!*s)
        return false;
    if (*s == ' ' || *s == '\t' || strncmp(s, "\xef\xbb\xbf", 3) == 0)
        return true;
    size_t n = strlen(s);
    if (s[n - 1] == ' ' || s[n - 1] == '\t')
        return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* A plain decimal number: [+-]digits[.digits][e[+-]digits] (no "inf", no hex, no blanks). */
static bool plain_number(const char *s)
{
    const char *p = s + (*s == '+' || *s == '-');
    const char *d = p;
    while (*p >= '0' && *p <= '9')
        p++;
    bool digits = p > d;
    if (*p == '.') {
        d = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        digits = digits || p > d;
    }
    if (digits && (*p == 'e' || *p == 'E')) {
        p += 1 + (p[1] == '+' || p[1] == '-');
        d = p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return false;
    }
    return digits && *p == '\0';
}

/* A spreadsheet runs a cell as a formula when it begins with = + - or @ (a leading tab or
 * carriage return is dropped first): true for such a value unless it is a plain number. */
static bool formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) && !plain_number(s);
}

/* Where a field's bytes go: a file, or a buffer its caller writes out in large pieces
 * (qf__csv_cell_append). One set of quoting rules for both. */
typedef struct csv_out {
    FILE *f;
    qf_buf *b;
    int rc; /* the buffer's first failure */
} csv_out;

static void out_put(csv_out *o, const char *s, size_t n)
{
    if (!o->b)
        fwrite(s, 1, n, o->f);
    else if (!o->rc)
        o->rc = qf__buf_add(o->b, s, n);
}

static int field_out(csv_out *o, const char *s, int last_in_row)
{
    if (!s)
        s = "";
    int rc = qf__check_utf8("csv field", s);
    if (rc)
        return rc;
    if (needs_quotes(s)) {
        /* a run at a time, each quote written twice (a character at a time through stdio's
         * locked putc was most of writing a check's CSV) */
        out_put(o, "\"", 1);
        const char *run = s;
        for (const char *p = s; *p; p++)
            if (*p == '"') {
                out_put(o, run, (size_t)(p - run) + 1);
                run = p; /* the quote starts the next run: written again */
            }
        out_put(o, run, strlen(run));
        out_put(o, "\"", 1);
    } else {
        out_put(o, s, strlen(s));
    }
    if (last_in_row)
        out_put(o, "\r\n", 2);
    else
        out_put(o, ",", 1);
    return o->rc;
}

static int cell_out(csv_out *o, const char *s, int last_in_row)
{
    if (!s || !formula_like(s))
        return field_out(o, s, last_in_row);
    size_t n = strlen(s);
    char *prefixed = malloc(n + 2);
    if (!prefixed)
        return qf__oom();
    prefixed[0] = '\'';
    memcpy(prefixed + 1, s, n + 1);
    int rc = field_out(o, prefixed, last_in_row);
    free(prefixed);
    return rc;
}

static int file_done(FILE *out, int rc)
{
    if (!rc && ferror(out))
        return qf__err(QF_ERROR, _("csv: write error (%s)"), strerror(errno));
    return rc;
}

int qf_csv_write_cell(FILE *out, const char *s, int last_in_row)
{
    csv_out o = {out, NULL, QF_OK};
    return file_done(out, cell_out(&o, s, last_in_row));
}

int qf_csv_write_field(FILE *out, const char *s, int last_in_row)
{
    csv_out o = {out, NULL, QF_OK};
    return file_done(out, field_out(&o, s, last_in_row));
}

int qf__csv_cell_append(qf_buf *b, const char *s, int last_in_row)
{
    csv_out o = {NULL, b, QF_OK};
    return cell_out(&o, s, last_in_row);
}
