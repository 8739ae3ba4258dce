/* Importing the workday calendar from its text format (see calendar.h): parse every line
 * first, so a mistake anywhere names its line and nothing is written; then replace the years
 * the file covers in one transaction and recompute working-day deadlines on the result. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

#define QF_CAL_MAX_RANGE 366 /* one rule spans at most a year */
#define QF_CAL_MAX_NAME 200  /* bytes */
#define QF_CAL_MAX_TEXT (4u << 20)

typedef struct cal_entry {
    qf_date day;
    qf_day_kind kind;
    int line;
    char *name; /* owned, NULL if none */
} cal_entry;

typedef struct cal_list {
    cal_entry *v;
    size_t n, cap;
} cal_list;

static void list_free(cal_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
}

static int list_add(cal_list *l, qf_date day, qf_day_kind kind, int line, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        cal_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return qf__oom();
        l->v = v;
        l->cap = cap;
    }
    char *copy = NULL;
    if (name && *name && !(copy = qf__strdup(name)))
        return qf__oom();
    l->v[l->n++] = (cal_entry){day, kind, line, copy};
    return QF_OK;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Parses "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" (the token is NUL-terminated). */
static int parse_days(const char *tok, qf_date *from, qf_date *to)
{
    const char *dots = strstr(tok, "..");
    if (!dots) {
        int rc = qf_date_parse(from, tok);
        *to = *from;
        return rc;
    }
    char a[32];
    size_t n = (size_t)(dots - tok);
    if (n >= sizeof a)
        return qf__err(QF_EINVALID, _("'%.40s' is not a date (expected YYYY-MM-DD)"), tok);
    memcpy(a, tok, n);
    a[n] = '\0';
    int rc = qf_date_parse(from, a);
    if (rc == QF_OK)
        rc = qf_date_parse(to, dots + 2);
    if (rc)
        return rc;
    if (*to < *from)
        return qf__err(QF_EINVALID, _("the range %s ends before it starts"), tok);
    if (*to - *from >= QF_CAL_MAX_RANGE)
        return qf__err(QF_EINVALID, _("the range %s is longer than a year"), tok);
    return QF_OK;
}

static int parse_kind(const char *tok, qf_day_kind *kind)
{
    if (strcmp(tok, "off") == 0 || strcmp(tok, "休") == 0)
        *kind = QF_DAY_OFF;
    else if (strcmp(tok, "work") == 0 || strcmp(tok, "班") == 0)
        *kind = QF_DAY_WORK;
    else
        return qf__err(QF_EINVALID, _("'%.40s' is not a kind of day (off or work)"), tok);
    return QF_OK;
}

static const char *weekday_name(int wd)
{
    static const char *const names[] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
                                        N_("Thursday"), N_("Friday"),  N_("Saturday"),
                                        N_("Sunday")};
    return _(names[(wd - 1) % 7]);
}

/* One line (modified in place): blank, a comment, or "DAYS KIND [NAME]". */
static int parse_line(cal_list *out, char *s, int line)
{
    /* a comment starts at '#' at the beginning or after a blank */
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || is_space(p[-1]))) {
            *p = '\0';
            break;
        }
    size_t len = strlen(s);
    while (len && (is_space(s[len - 1]) || s[len - 1] == '\r'))
        s[--len] = '\0';
    while (is_space(*s))
        s++;
    if (!*s)
        return QF_OK;
    char *days = s;
    while (*s && !is_space(*s))
        s++;
    if (!*s)
        return qf__err(QF_EINVALID, _("'%.40s' needs a kind after the date: off or work"), days);
    *s++ = '\0';
    while (is_space(*s))
        s++;
    char *kind_tok = s;
    while (*s && !is_space(*s))
        s++;
    if (*s)
        *s++ = '\0';
    while (is_space(*s))
        s++;
    const char *name = s;
    qf_date from, to;
    qf_day_kind kind = QF_DAY_OFF;
    int rc = parse_days(days, &from, &to);
    if (!rc)
        rc = parse_kind(kind_tok, &kind);
    if (!rc)
        rc = qf__check_text(_("name"), name, false, QF_CAL_MAX_NAME);
    if (rc)
        return rc;
    for (qf_date d = from; d <= to; d++) {
        int wd = qf_date_weekday(d);
        if (kind == QF_DAY_WORK && wd <= 5) {
            char buf[11];
            qf_date_format(d, buf);
            return qf__err(QF_EINVALID,
                           _("%s is a %s, a working day anyway: 'work' marks weekend days that "
                             "are worked (调休)"),
                           buf, weekday_name(wd));
        }
        if ((rc = list_add(out, d, kind, line, name)))
            return rc;
    }
    return QF_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    const cal_entry *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int parse(cal_list *out, qf_calendar_report *rep, const char *text, const char *name)
{
    size_t bad;
    if (!qf__utf8_valid(text, strlen(text), &bad))
        return qf__err(QF_EINVALID, _("%s: invalid UTF-8 at byte %zu"), name, bad + 1);
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    int line = 0;
    for (const char *p = text; *p || line == 0;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        char *copy = malloc(n + 1);
        if (!copy)
            return qf__oom();
        memcpy(copy, p, n);
        copy[n] = '\0';
        int rc = parse_line(out, copy, line);
        free(copy);
        if (rc)
            return qf__err(rc, "%s:%d: %s", name, line, qf_error_last());
        if (!nl)
            break;
        p = nl + 1;
    }
    rep->lines = line;
    qsort(out->v, out->n, sizeof *out->v, cmp_entry);
    for (size_t i = 1; i < out->n; i++)
        if (out->v[i].day == out->v[i - 1].day) {
            char buf[11];
            qf_date_format(out->v[i].day, buf);
            return qf__err(QF_EINVALID, _("%s:%d: %s is already listed on line %d"), name,
                           out->v[i].line, buf, out->v[i - 1].line);
        }
    return QF_OK;
}

static int year_of(qf_date d)
{
    int y;
    qf_date_to_ymd(d, &y, NULL, NULL);
    return y;
}

static int store(qf_db *db, const cal_list *l, qf_calendar_report *rep)
{
    static const char sql_del[] = "DELETE FROM calendar_day WHERE day BETWEEN ?1 AND ?2";
    static const char sql_put[] = "INSERT INTO calendar_day (day, kind, name) VALUES (?1, ?2, ?3)";
    int rc = QF_OK;
    /* entries are sorted: each year the file mentions is replaced once */
    for (size_t i = 0; rc == QF_OK && i < l->n; i++) {
        int y = year_of(l->v[i].day);
        if (i && year_of(l->v[i - 1].day) == y)
            continue;
        qf_stmt *st = qf__stmt(db, sql_del);
        if (!st)
            return qf_error_last_code();
        qf__bind_date(st, 1, qf_date_from_ymd(y, 1, 1));
        qf__bind_date(st, 2, qf_date_from_ymd(y, 12, 31));
        rc = qf__exec_stmt(db, st, "calendar");
        rep->replaced += qf__changes(db);
    }
    for (size_t i = 0; rc == QF_OK && i < l->n; i++) {
        qf_stmt *st = qf__stmt(db, sql_put);
        if (!st)
            return qf_error_last_code();
        qf__bind_date(st, 1, l->v[i].day);
        qf__bind_textn(st, 2, qf_day_kind_name(l->v[i].kind), -1, QF_STATIC);
        qf__bind_text(st, 3, l->v[i].name);
        rc = qf__exec_stmt(db, st, "calendar");
        if (l->v[i].kind == QF_DAY_WORK)
            rep->days_work++;
        else
            rep->days_off++;
    }
    if (rc == QF_OK)
        rc = qf__flow_recompute_workdays(db, &rep->deadlines);
    return rc;
}

int qf_calendar_import(qf_calendar_report *report, qf_db *db, const char *text,
                       const char *source_name)
{
    qf_calendar_report rep;
    memset(&rep, 0, sizeof rep);
    const char *name = source_name && *source_name ? source_name : "calendar";
    if (!text)
        return qf__err(QF_EINVALID, _("%s: no text given"), name);
    cal_list l = {0};
    int rc = parse(&l, &rep, text, name);
    if (rc == QF_OK && l.n) {
        rep.first_year = year_of(l.v[0].day);
        rep.last_year = year_of(l.v[l.n - 1].day);
        rc = qf__tx_begin(db);
        if (rc == QF_OK)
            rc = qf__tx_end(db, store(db, &l, &rep));
    }
    list_free(&l);
    if (rc == QF_OK && report)
        *report = rep;
    return rc;
}

int qf_calendar_import_file(qf_calendar_report *report, qf_db *db, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return qf__err(QF_ENOTFOUND, _("cannot read %s: %s"), path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = QF_OK;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 16384;
            char *grown = realloc(buf, cap);
            if (!grown) {
                rc = qf__oom();
                break;
            }
            buf = grown;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len > QF_CAL_MAX_TEXT) {
            rc = qf__err(QF_EINVALID, _("%s: larger than %u bytes; not a calendar file"), path,
                         QF_CAL_MAX_TEXT);
            break;
        }
        if (got == 0)
            break;
    }
    if (rc == QF_OK && ferror(f))
        rc = qf__err(QF_ERROR, _("cannot read %s: %s"), path, strerror(errno));
    fclose(f);
    if (rc == QF_OK) {
        buf[len] = '\0';
        if (strlen(buf) != len)
            rc = qf__err(QF_EINVALID, _("%s: contains a NUL byte; not a calendar file"), path);
    }
    if (rc == QF_OK) {
        const char *base = strrchr(path, '/');
        rc = qf_calendar_import(report, db, buf, base ? base + 1 : path);
    }
    free(buf);
    return rc;
}
