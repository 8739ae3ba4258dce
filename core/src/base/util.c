/* Binding helpers, validation of text at the library boundary, record copies. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

void qf__utc_now(char buf[QF_UTC_LEN])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, QF_UTC_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Clause numbers in the order of a standard: "4.10" after "4.2", annex letters after
 * numbers. The check orders its findings by it and reminders follow the same order. */
/* The digits at *p as strtol reads them (LONG_MAX when too large); *p moves past them. Written
 * out: the check sorts every branch's findings by clause, and strtol's generality was 1% of it. */
static long digits(const char **p)
{
    const char *s = *p;
    unsigned long v = 0;
    bool over = false;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > ((unsigned long)LONG_MAX - d) / 10)
            over = true;
        else
            v = v * 10 + d;
    }
    *p = s;
    return over ? LONG_MAX : (long)v;
}

int qf__clause_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            long x = digits(&a), y = digits(&b);
            if (x != y)
                return x < y ? -1 : 1;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

bool qf__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 32;
    while (c < need)
        c *= 2;
    if (c > SIZE_MAX / elem)
        return false;
    void *g = realloc(*arr, c * elem);
    if (!g)
        return false;
    *arr = g;
    *cap = c;
    return true;
}

char *qf__put_udecimal(char *end, uint64_t v)
{
    char *p = end;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    return p;
}

char *qf__put_decimal(char *end, int64_t v)
{
    char *p = qf__put_udecimal(end, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
    if (v < 0)
        *--p = '-';
    return p;
}

/* The same string at the same address needs no comparing: a check's findings share the copies
 * of their texts (engine/emit.c), and sorting them compared equal codes byte by byte. */
static int same_or_strcmp(const char *a, const char *b)
{
    return a == b ? 0 : strcmp(a, b);
}

int qf__finding_order_cmp(const qf_finding_order *a, const qf_finding_order *b)
{
    int c;
    if ((c = same_or_strcmp(a->org ? a->org : "", b->org ? b->org : "")))
        return c;
    if ((c = same_or_strcmp(a->standard, b->standard)))
        return c;
    if (a->period_start != b->period_start)
        return a->period_start < b->period_start ? -1 : 1;
    if ((c = same_or_strcmp(a->subject_type, b->subject_type)))
        return c;
    if (a->subject_id != b->subject_id)
        return a->subject_id < b->subject_id ? -1 : 1;
    if (a->clause != b->clause && (c = qf__clause_cmp(a->clause, b->clause)))
        return c;
    return a->requirement - b->requirement;
}

char *qf__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void *qf__record_dup(const void *rec, size_t size, const char **const *fields, size_t n)
{
    size_t total = size;
    for (size_t i = 0; i < n; i++)
        if (*fields[i])
            total += strlen(*fields[i]) + 1;
    char *block = malloc(total);
    if (!block)
        return NULL;
    memcpy(block, rec, size);
    char *cursor = block + size;
    for (size_t i = 0; i < n; i++) {
        /* the field's offset inside the struct is the same in the copy */
        size_t off = (size_t)((const char *)fields[i] - (const char *)rec);
        const char **dst = (const char **)(block + off);
        if (*fields[i]) {
            size_t len = strlen(*fields[i]) + 1;
            memcpy(cursor, *fields[i], len);
            *dst = cursor;
            cursor += len;
        } else {
            *dst = NULL;
        }
    }
    return block;
}

int qf__bind_text(qf_stmt *st, int i, const char *s)
{
    return s ? qf__bind_textn(st, i, s, -1, QF_STATIC) : qf__bind_null_text(st, i);
}

int qf__bind_date(qf_stmt *st, int i, qf_date d)
{
    if (d == QF_DATE_NONE)
        return qf__bind_null_text(st, i);
    char buf[11];
    qf_date_format(d, buf);
    return qf__bind_textn(st, i, buf, 10, QF_TRANSIENT);
}

int qf__bind_datetime(qf_stmt *st, int i, qf_datetime t)
{
    if (t == QF_DATETIME_NONE)
        return qf__bind_null_text(st, i);
    char buf[17];
    qf_datetime_format(t, buf);
    return qf__bind_textn(st, i, buf, 16, QF_TRANSIENT);
}

int qf__bind_id(qf_stmt *st, int i, int64_t id)
{
    return id ? qf__bind_int64(st, i, id) : qf__bind_null_int(st, i);
}

int qf__bind_attrs(qf_stmt *st, int i, const char *json)
{
    return qf__bind_textn(st, i, json && *json ? json : "{}", -1, QF_STATIC);
}

/* Stored dates were validated on the way in; parse the fixed layout directly. */
static int two(const unsigned char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

qf_date qf__col_date(qf_stmt *st, int i)
{
    const unsigned char *s = qf__col_utext(st, i);
    if (!s || qf__col_bytes(st, i) < 10)
        return QF_DATE_NONE;
    int y = two(s) * 100 + two(s + 2);
    return qf_date_from_ymd(y, two(s + 5), two(s + 8));
}

qf_datetime qf__col_datetime(qf_stmt *st, int i)
{
    const unsigned char *s = qf__col_utext(st, i);
    int n = qf__col_bytes(st, i);
    if (!s || n < 10)
        return QF_DATETIME_NONE;
    int y = two(s) * 100 + two(s + 2);
    qf_date d = qf_date_from_ymd(y, two(s + 5), two(s + 8));
    if (n >= 16)
        return qf_datetime_from_date(d, two(s + 11), two(s + 14));
    return qf_datetime_from_date(d, 0, 0);
}

int64_t qf__col_id(qf_stmt *st, int i)
{
    return qf__col_int64(st, i); /* 0 for NULL: no need to ask for the type first */
}

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF, no truncation. */
bool qf__utf8_valid(const char *str, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if (len - i >= 3 && qf__utf8_common3(s + i)) {
            i += 3;
            continue;
        }
        size_t n = qf__utf8_char(s + i, len - i);
        if (!n) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

int qf__check_utf8(const char *field, const char *s)
{
    size_t off;
    if (s && !qf__utf8_valid(s, strlen(s), &off))
        return qf__err(QF_EINVALID, _("%s: invalid UTF-8 at byte %zu"), field, off + 1);
    return QF_OK;
}

int qf__check_text(const char *field, const char *s, bool required, size_t max_bytes)
{
    if (!s || !*s) {
        if (required)
            return qf__err(QF_EINVALID, _("%s: required"), field);
        return QF_OK;
    }
    int rc = qf__check_utf8(field, s);
    if (rc)
        return rc;
    size_t n = strlen(s);
    if (max_bytes && n > max_bytes)
        return qf__err(QF_EINVALID, _("%s: too long (%zu bytes, at most %zu)"), field, n,
                       max_bytes);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
            return qf__err(QF_EINVALID, _("%s: control character at byte %zu"), field, i + 1);
    return QF_OK;
}

int qf__check_code(const char *field, const char *s)
{
    if (!s || !*s)
        return qf__err(QF_EINVALID, _("%s: required"), field);
    size_t n = strlen(s);
    bool ok = n <= 64 && s[0] >= 'a' && s[0] <= 'z';
    for (size_t i = 1; ok && i < n; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
    if (!ok)
        return qf__err(QF_EINVALID,
                       _("%s: '%.64s' is not a valid code (lower-case letters, digits and _, "
                         "starting with a letter)"),
                       field, s);
    return QF_OK;
}

int qf__check_json_object(qf_db *db, const char *field, const char *json)
{
    static const char sql[] = "SELECT json_valid(?1) AND json_type(?1) = 'object'";
    if (!json || !*json)
        return QF_OK;
    int rc = qf__check_utf8(field, json);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, json, -1, QF_STATIC);
    bool ok = qf__step(st) == QF_ROW && qf__col_int(st, 0) == 1;
    qf__reset(st);
    if (!ok)
        return qf__err(QF_EINVALID, _("%s: not a JSON object: %.60s"), field, json);
    return QF_OK;
}

int qf__row_by_id(qf_stmt **out, qf_db *db, const char *sql, int64_t id, const char *table,
                  const char *missing)
{
    *out = NULL;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int rc = qf__step(st);
    if (rc == QF_ROW) {
        *out = st;
        return QF_OK;
    }
    qf__reset(st);
    if (rc == QF_DONE)
        return qf__err(QF_ENOTFOUND, missing, (long long)id);
    return qf__sqlerr(db, rc, table);
}

int qf__delete_by_id(qf_db *db, const char *sql, int64_t id, const char *table,
                     const char *missing)
{
    int rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, id);
    rc = qf__exec_stmt(db, st, table);
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, missing, (long long)id);
    return qf__tx_end(db, rc);
}

int qf__store_source(int64_t *id, qf_db *db, const char *sql_find, const char *sql_put,
                     const char *name, const char *text, const char *what)
{
    *id = 0;
    if (!text)
        return QF_OK;
    int rc = qf__check_utf8("source", text);
    if (rc)
        return rc;
    char sha[65];
    qf_sha256_hex(text, strlen(text), sha);
    qf_stmt *st = qf__stmt(db, sql_find);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, sha, -1, QF_TRANSIENT);
    if (qf__step(st) == QF_ROW) {
        *id = qf__col_int64(st, 0);
        qf__reset(st);
        return QF_OK;
    }
    qf__reset(st);
    if (!(st = qf__stmt(db, sql_put)))
        return qf_error_last_code();
    char at[QF_UTC_LEN];
    qf__utc_now(at);
    qf__bind_textn(st, 1, sha, -1, QF_TRANSIENT);
    qf__bind_textn(st, 2, name && *name ? name : "(unnamed)", -1, QF_TRANSIENT);
    qf__bind_textn(st, 3, text, -1, QF_STATIC);
    qf__bind_textn(st, 4, at, -1, QF_TRANSIENT);
    rc = qf__exec_stmt(db, st, what);
    *id = qf__last_insert_id(db);
    return rc;
}

/* No control character (nor DEL) in the first len bytes. */
static bool no_controls(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

void qf__text_clean(const char *in, char *out, size_t size)
{
    size_t o = 0;
    size_t len = in ? strlen(in) : 0;
    if (!size)
        return;
    /* the usual text — valid UTF-8 without control characters, that fits — is kept as it is,
     * which the loop below would do a character at a time (a check cleans every message its
     * check functions return) */
    if (in && len < size && no_controls(in, len) && qf__utf8_valid(in, len, NULL)) {
        memcpy(out, in, len + 1);
        return;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)in[i];
        char piece[8];
        size_t n = 0, used = 1;
        if (c == '\n' || c == '\t' || c == '\r') {
            piece[n++] = ' ';
        } else if (c < 0x20 || c == 0x7f) {
            n = (size_t)snprintf(piece, sizeof piece, "\\x%02x", c);
        } else if (c < 0x80) {
            piece[n++] = (char)c;
        } else {
            /* the longest valid sequence here, else one byte shown as U+FFFD */
            size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
            if (k > 1 && i + k <= len && qf__utf8_valid(in + i, k, NULL)) {
                memcpy(piece, in + i, k);
                n = used = k;
            } else {
                memcpy(piece, "\xef\xbf\xbd", 3);
                n = 3;
            }
        }
        if (o + n >= size)
            break; /* cut between characters, never inside one */
        memcpy(out + o, piece, n);
        o += n;
        i += used;
    }
    out[o] = '\0';
}
