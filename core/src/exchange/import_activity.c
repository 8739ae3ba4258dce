/*
 * One activity row: the activity with its attendance lists, guests and agenda, written by one
 * qf_activity_create. Members are resolved through the tables built once per import
 * (csv_refs.c), so a row costs its inserts and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "activity_internal.h"
#include "import.h"

int qf__import_activities_prepare(qf_import *im)
{
    int rc = qf__refs_load_orgs(&im->refs, im->db);
    if (!rc)
        rc = qf__refs_load_members(&im->refs, im->db);
    if (!rc)
        rc = qf__refs_load_vocab(&im->refs, &im->refs.kinds, im->db, "activity_kind");
    if (!rc)
        rc = qf__refs_load_vocab(&im->refs, &im->refs.roles, im->db, "guest_role");
    if (rc)
        return rc;
    int64_t def = im->opts->default_org_id;
    if (im->col[AC_ORG] < 0 && !def)
        return qf__imp_fail_field(im, 0,
                                  _("no org column (%s) and no default org: the activities "
                                    "would belong to no org"),
                                  im->cols[AC_ORG].label_zh);
    if (def && !qf__refs_org_by_id(&im->refs, def))
        return qf__err(QF_EINVALID, _("import options: default org %lld does not exist"),
                       (long long)def);
    return QF_OK;
}

void qf__import_kind_free(qf_import *im)
{
    free(im->att);
    free(im->guests);
    free(im->agenda);
}

static int reserve(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return QF_OK;
    size_t c = *cap ? *cap * 2 : 32;
    void *p = realloc(*arr, c * elem);
    if (!p)
        return qf__oom();
    *arr = p;
    *cap = c;
    return QF_OK;
}

static char *scratch_copy(qf_import *im, const char *s, size_t len)
{
    char *p = qf__arena_alloc(&im->scratch, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* "general_meeting (支部党员大会), …" for a message about an unknown term. */
static void known_terms(const qf_ref_vocab *v, qf_buf *out)
{
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            qf__buf_puts(out, ", ");
        qf__buf_puts(out, v->terms[i].code);
        if (v->terms[i].label_zh) {
            qf__buf_puts(out, " (");
            qf__buf_puts(out, v->terms[i].label_zh);
            qf__buf_puts(out, ")");
        }
    }
}

static int resolve_term(const char **out, qf_import *im, int column, const qf_ref_vocab *v,
                        const char *text, const char *what)
{
    bool ambiguous;
    const qf_ref_term *t = qf__refs_term(v, text, &ambiguous);
    if (t) {
        *out = t->code;
        return QF_OK;
    }
    if (ambiguous)
        return qf__imp_fail(im, column, _("%s '%s' is the label of several terms; use the code"),
                            what, qf__imp_show(im, text));
    qf_buf known = {NULL, 0, 0};
    known_terms(v, &known);
    int rc = qf__imp_fail(im, column, _("%s '%s' is unknown (known: %s)"), what,
                          qf__imp_show(im, text), known.s ? known.s : "");
    qf__buf_free(&known);
    return rc;
}

static int parse_datetime(qf_import *im, int column, qf_datetime *out, bool required)
{
    *out = QF_DATETIME_NONE;
    const char *s = qf__imp_trimmed(im, column);
    if (!s || !*s)
        return required ? qf__imp_fail(im, column, "%s", _("required")) : QF_OK;
    if (qf_datetime_parse(out, s) != QF_OK) {
        char why[300];
        snprintf(why, sizeof why, "%s", qf_error_last());
        return qf__imp_fail(im, column, "%s", why);
    }
    return QF_OK;
}

static int parse_role(qf_import *im, int column, int64_t *id)
{
    *id = 0;
    const char *s = qf__imp_trimmed(im, column);
    if (!s || !*s)
        return QF_OK;
    qf_ref_member *m;
    int rc = qf__imp_member(&m, im, column, s);
    if (!rc)
        *id = m->id;
    return rc;
}

/* One attendance list: "张三;李四(出差)" → entries in `state`, each member once per row. */
static int parse_attendance(qf_import *im, int column, qf_attendance_state state)
{
    const char *cell = qf__imp_raw(im, column);
    if (!cell)
        return QF_OK;
    qf_list_cursor cur = {cell, QF_SEP_MEMBERS};
    const char *entry, *name, *note;
    size_t len, name_len, note_len;
    while (qf__list_next(&cur, &entry, &len)) {
        const char *shown = scratch_copy(im, entry, len);
        if (!shown)
            return qf__oom();
        if (!qf__list_split_note(entry, len, &name, &name_len, &note, &note_len))
            return qf__imp_fail(im, column,
                                _("'%s': the parentheses do not close at the end of the entry"),
                                qf__imp_show(im, shown));
        if (!name_len)
            return qf__imp_fail(im, column, _("'%s' names no member before the parenthesis"),
                                qf__imp_show(im, shown));
        const char *who = scratch_copy(im, name, name_len);
        const char *reason = note && note_len ? scratch_copy(im, note, note_len) : NULL;
        if (!who || (note_len && !reason))
            return qf__oom();
        qf_ref_member *m;
        int rc = qf__imp_member(&m, im, column, who);
        if (rc)
            return rc;
        /* the stamp marks members already listed in this row, in any of the four lists */
        if (m->stamp == im->row)
            return qf__imp_fail(im, column, _("'%s' is listed twice in this row (also under %s)"),
                                qf__imp_show(im, who), im->header[m->stamp_col]);
        m->stamp = im->row;
        m->stamp_col = column;
        if (reason && (rc = qf__check_text(im->header[column], reason, false, QF_NOTE_MAX)) != 0)
            return qf__imp_locate_at(im, rc, column);
        rc = reserve((void **)&im->att, &im->cap_att, im->n_att, sizeof *im->att);
        if (rc)
            return rc;
        qf_attendance *a = &im->att[im->n_att++];
        a->activity_id = 0;
        a->member_id = m->id;
        a->state = state;
        a->reason = reason;
    }
    return QF_OK;
}

static size_t part_sep(const char *q, const char *end)
{
    if (*q == '|')
        return 1;
    return end - q >= 3 && strncmp(q, "｜", 3) == 0 ? 3 : 0;
}

/* Splits "name|affiliation|role" into exactly three trimmed parts (QF_EINVALID if not three). */
static int guest_parts(qf_import *im, const char *entry, size_t len, const char *parts[3])
{
    const char *p = entry, *end = entry + len;
    for (size_t n = 0; n < 3; n++) {
        const char *q = p;
        size_t k = 0;
        while (q < end && (k = part_sep(q, end)) == 0)
            q++;
        /* parts 1 and 2 end at a separator, part 3 at the end of the entry */
        if ((n < 2) != (q < end))
            return QF_EINVALID;
        const char *s = p, *e = q;
        qf__list_trim(&s, &e);
        parts[n] = scratch_copy(im, s, (size_t)(e - s));
        if (!parts[n])
            return qf__oom();
        p = q + k;
    }
    return QF_OK;
}

static int parse_guests(qf_import *im)
{
    const char *cell = qf__imp_raw(im, AC_GUESTS);
    if (!cell)
        return QF_OK;
    qf_list_cursor cur = {cell, QF_SEP_GUESTS};
    const char *entry;
    size_t len;
    while (qf__list_next(&cur, &entry, &len)) {
        const char *parts[3];
        int rc = guest_parts(im, entry, len, parts);
        if (rc == QF_EINVALID) {
            const char *shown = scratch_copy(im, entry, len);
            return qf__imp_fail(im, AC_GUESTS,
                                _("'%s' is not name|affiliation|role (the affiliation may be "
                                  "empty: name||role)"),
                                qf__imp_show(im, shown ? shown : ""));
        }
        if (rc)
            return rc;
        if (!*parts[0])
            return qf__imp_fail(im, AC_GUESTS, _("a guest has no name ('%s|%s|%s')"), parts[0],
                                parts[1], parts[2]);
        const char *role;
        rc = resolve_term(&role, im, AC_GUESTS, &im->refs.roles, parts[2], _("guest role"));
        if (!rc)
            rc = reserve((void **)&im->guests, &im->cap_guests, im->n_guests, sizeof *im->guests);
        if (rc)
            return rc;
        qf_guest *g = &im->guests[im->n_guests++];
        memset(g, 0, sizeof *g);
        g->name = parts[0];
        g->affiliation = *parts[1] ? parts[1] : NULL;
        g->role = role;
    }
    return QF_OK;
}

/* "study→expert_briefing(行业趋势)→discussion": segment codes, each with an optional title. */
static int parse_agenda(qf_import *im)
{
    const char *cell = qf__imp_raw(im, AC_AGENDA);
    if (!cell)
        return QF_OK;
    qf_list_cursor cur = {cell, QF_SEP_AGENDA};
    const char *entry, *seg, *title;
    size_t len, seg_len, title_len;
    while (qf__list_next(&cur, &entry, &len)) {
        const char *shown = scratch_copy(im, entry, len);
        if (!shown)
            return qf__oom();
        if (!qf__list_split_note(entry, len, &seg, &seg_len, &title, &title_len))
            return qf__imp_fail(im, AC_AGENDA,
                                _("'%s': the parentheses do not close at the end of the entry"),
                                qf__imp_show(im, shown));
        const char *segment = scratch_copy(im, seg, seg_len);
        const char *t = title && title_len ? scratch_copy(im, title, title_len) : NULL;
        if (!segment || (title_len && !t))
            return qf__oom();
        int rc = qf__check_code(im->header[AC_AGENDA], segment);
        if (!rc)
            rc = qf__check_text(im->header[AC_AGENDA], t, false, QF_NOTE_MAX);
        if (rc)
            return qf__imp_locate_at(im, rc, AC_AGENDA);
        rc = reserve((void **)&im->agenda, &im->cap_agenda, im->n_agenda, sizeof *im->agenda);
        if (rc)
            return rc;
        qf_agenda_item *a = &im->agenda[im->n_agenda++];
        memset(a, 0, sizeof *a);
        a->segment = segment;
        a->title = t;
    }
    return QF_OK;
}

static int parse_org(qf_import *im, int64_t *org_id)
{
    const char *s = qf__imp_trimmed(im, AC_ORG);
    if (s && *s) {
        const qf_ref_org *o;
        int rc = qf__imp_org(&o, im, AC_ORG, s);
        if (!rc)
            *org_id = o->id;
        return rc;
    }
    /* an empty cell falls back on the default org like a missing column: an activity always
     * belongs to some org */
    if (!im->opts->default_org_id)
        return qf__imp_fail(im, AC_ORG, "%s", _("required (no default org was given)"));
    *org_id = im->opts->default_org_id;
    return QF_OK;
}

static const char *text_or_null(const qf_import *im, int column)
{
    const char *s = qf__imp_raw(im, column);
    return s && *s ? s : NULL;
}

static int read_activity(qf_import *im, qf_activity *a)
{
    int rc = parse_org(im, &a->org_id);
    if (rc)
        return rc;
    const char *kind = qf__imp_trimmed(im, AC_KIND);
    if (!kind || !*kind)
        return qf__imp_fail(im, AC_KIND, "%s", _("required"));
    rc = resolve_term(&a->kind, im, AC_KIND, &im->refs.kinds, kind, _("activity kind"));
    if (rc)
        return rc;
    a->title = qf__imp_raw(im, AC_TITLE);
    if (!a->title || !*a->title)
        return qf__imp_fail(im, AC_TITLE, "%s", _("required"));
    a->topic = text_or_null(im, AC_TOPIC);
    a->place = text_or_null(im, AC_PLACE);
    rc = parse_datetime(im, AC_STARTS_AT, &a->starts_at, true);
    if (!rc)
        rc = parse_datetime(im, AC_ENDS_AT, &a->ends_at, false);
    if (!rc)
        rc = parse_role(im, AC_HOST, &a->host_id);
    if (!rc)
        rc = parse_role(im, AC_RECORDER, &a->recorder_id);
    if (!rc)
        rc = parse_role(im, AC_LECTURER, &a->lecturer_id);
    if (rc)
        return rc;
    a->attrs = text_or_null(im, AC_ATTRS);
    if (a->attrs && (rc = qf__check_json_object(im->db, im->header[AC_ATTRS], a->attrs)) != 0)
        return qf__imp_locate_at(im, rc, AC_ATTRS);
    return QF_OK;
}

int qf__import_activity_row(qf_import *im)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.starts_at = a.ends_at = QF_DATETIME_NONE;
    im->n_att = im->n_guests = im->n_agenda = 0;
    int rc = read_activity(im, &a);
    if (!rc)
        rc = parse_attendance(im, AC_PRESENT, QF_ATTEND_PRESENT);
    if (!rc)
        rc = parse_attendance(im, AC_ABSENT, QF_ATTEND_ABSENT);
    if (!rc)
        rc = parse_attendance(im, AC_LEAVE, QF_ATTEND_LEAVE);
    if (!rc)
        rc = parse_attendance(im, AC_LATE, QF_ATTEND_LATE);
    if (!rc)
        rc = parse_guests(im);
    if (!rc)
        rc = parse_agenda(im);
    if (rc)
        return rc;
    qf_activity_parts parts = {im->att,      im->n_att,  im->guests,
                               im->n_guests, im->agenda, im->n_agenda};
    rc = qf_activity_create(NULL, im->db, &a, &parts);
    return rc ? qf__imp_locate(im, rc) : QF_OK;
}
