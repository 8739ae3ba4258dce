/*
 * Activities as CSV rows, with their attendance lists, guests and agenda. A member is written
 * as their code, or their name when they have none; every reference is checked to read back
 * as the same member (a name shared by two members, or one holding a list separator, would
 * not), and the export stops with a message saying which member needs a code rather than
 * write a file that imports differently.
 */
#include <stdio.h>
#include <string.h>
#include "csvio.h"

typedef struct act_export {
    qf_db *db;
    const qf_export_options *opts;
    qf_refs *refs;
    qf_buf lists[4]; /* present, absent, leave, late */
    qf_buf guests, agenda;
} act_export;

static bool has_paren(const char *s)
{
    return strpbrk(s, "()") || strstr(s, "（") || strstr(s, "）");
}

static int not_importable(const qf_ref_member *m, const char *why)
{
    return qf__err(QF_ECONSTRAINT,
                   _("export: member %lld (%s) cannot be named in the file so that it reads back "
                     "(%s); give the member a code (党员编号) or change it"),
                   (long long)m->id, m->name, why);
}

/* The text that names member `id` in a cell; `in_list` for the attendance lists, where the
 * separators and parentheses have a meaning. */
static int member_ref(const char **out, const act_export *ex, int64_t id, bool in_list)
{
    *out = "";
    if (!id)
        return QF_OK;
    const qf_refs *r = ex->refs;
    const qf_ref_member *m = qf__refs_member_by_id(r, id);
    if (!m)
        return qf__export_changed(_("member"), id);
    const char *ref = m->code ? m->code : m->name;
    if (!m->code) {
        /* import tries codes first, then names: the name must be nobody's code and only this
         * member's name */
        const int64_t *first = qf__strmap_get(&r->member_name, m->name);
        if (qf__strmap_get(&r->member_code, m->name))
            return not_importable(m, _("the name is another member's code"));
        if (!first || r->members[*first].id != m->id || m->next_same >= 0)
            return not_importable(m, _("another member has the same name"));
    }
    if (!*ref || !qf__list_is_trimmed(ref))
        return not_importable(m, _("it begins or ends with a blank"));
    if (in_list && (qf__list_has_sep(ref, QF_SEP_MEMBERS) || has_paren(ref)))
        return not_importable(m, _("it contains a list separator or a parenthesis"));
    *out = ref;
    return QF_OK;
}

/* Appends "entry" or "entry(note)" to a list cell. */
static int add_entry(qf_buf *b, const char *sep, const char *entry, const char *note)
{
    int rc = b->len ? qf__buf_puts(b, sep) : QF_OK;
    if (!rc)
        rc = qf__buf_puts(b, entry);
    if (!rc && note && *note) {
        rc = qf__buf_puts(b, "(");
        if (!rc)
            rc = qf__buf_puts(b, note);
        if (!rc)
            rc = qf__buf_puts(b, ")");
    }
    return rc;
}

/* A note goes inside parentheses: its own must pair up, or the entry would end elsewhere. */
static int check_note(const char *note, const char *what, int64_t activity_id)
{
    if (!note || qf__list_parens_balanced(note))
        return QF_OK;
    return qf__err(QF_ECONSTRAINT,
                   _("export: activity %lld: the %s '%s' has unpaired parentheses, which the "
                     "file cannot carry; pair or remove them"),
                   (long long)activity_id, what, note);
}

static int attendance_cells(act_export *ex, int64_t activity_id)
{
    static const char sql[] =
        "SELECT member_id, state, reason FROM attendance WHERE activity_id = ?1 ORDER BY id";
    for (int i = 0; i < 4; i++)
        qf__buf_clear(&ex->lists[i]);
    qf_stmt *st = qf__stmt(ex->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, activity_id);
    int rc = QF_OK, step = QF_DONE;
    while (!rc && (step = qf__step(st)) == QF_ROW) {
        qf_attendance_state state = QF_ATTEND_PRESENT;
        const char *ref, *reason = qf__col_text(st, 2);
        rc = qf_attendance_state_parse(&state, qf__col_text(st, 1));
        if (!rc)
            rc = member_ref(&ref, ex, qf__col_int64(st, 0), true);
        if (!rc)
            rc = check_note(reason, _("reason"), activity_id);
        if (!rc)
            rc = add_entry(&ex->lists[state], ";", ref, reason);
    }
    if (!rc && step != QF_DONE)
        rc = qf__sqlerr(ex->db, step, "attendance");
    qf__reset(st);
    return rc;
}

/* Guest names and affiliations sit between | and ; and must not hold either. */
static int check_guest_text(const char *s, const char *what, int64_t activity_id)
{
    if (!s)
        return QF_OK;
    if (!qf__list_has_sep(s, QF_SEP_GUESTS) && !qf__list_has_sep(s, QF_SEP_GUEST_PARTS) &&
        qf__list_parens_balanced(s) && qf__list_is_trimmed(s))
        return QF_OK;
    return qf__err(QF_ECONSTRAINT,
                   _("export: activity %lld: the guest %s '%s' holds a separator (| or ;), "
                     "unpaired parentheses or outer blanks, which the file cannot carry"),
                   (long long)activity_id, what, s);
}

static const char *term_text(const qf_ref_vocab *v, const char *code, bool zh)
{
    bool ambiguous;
    const qf_ref_term *t = zh ? qf__refs_term(v, code, &ambiguous) : NULL;
    /* a label is written only where it reads back as this term */
    return t && t->label_unique ? t->label_zh : code;
}

static int guest_cell(act_export *ex, int64_t activity_id)
{
    static const char sql[] =
        "SELECT name, affiliation, role FROM guest WHERE activity_id = ?1 ORDER BY id";
    qf__buf_clear(&ex->guests);
    qf_stmt *st = qf__stmt(ex->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, activity_id);
    int rc = QF_OK, step = QF_DONE;
    while (!rc && (step = qf__step(st)) == QF_ROW) {
        const char *name = qf__col_text(st, 0), *aff = qf__col_text(st, 1);
        rc = check_guest_text(name, _("name"), activity_id);
        if (!rc)
            rc = check_guest_text(aff, _("affiliation"), activity_id);
        if (!rc && ex->guests.len)
            rc = qf__buf_puts(&ex->guests, ";");
        if (!rc)
            rc = qf__buf_puts(&ex->guests, name);
        if (!rc)
            rc = qf__buf_puts(&ex->guests, "|");
        if (!rc)
            rc = qf__buf_puts(&ex->guests, aff);
        if (!rc)
            rc = qf__buf_puts(&ex->guests, "|");
        if (!rc)
            rc = qf__buf_puts(&ex->guests, term_text(&ex->refs->roles, qf__col_text(st, 2),
                                                     ex->opts->chinese_headers));
    }
    if (!rc && step != QF_DONE)
        rc = qf__sqlerr(ex->db, step, "guest");
    qf__reset(st);
    return rc;
}

static int agenda_cell(act_export *ex, int64_t activity_id)
{
    static const char sql[] =
        "SELECT segment, title FROM agenda_item WHERE activity_id = ?1 ORDER BY seq";
    qf__buf_clear(&ex->agenda);
    qf_stmt *st = qf__stmt(ex->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, activity_id);
    int rc = QF_OK, step = QF_DONE;
    while (!rc && (step = qf__step(st)) == QF_ROW) {
        const char *title = qf__col_text(st, 1);
        rc = check_note(title, _("agenda title"), activity_id);
        if (!rc)
            rc = add_entry(&ex->agenda, ";", qf__col_text(st, 0), title);
    }
    if (!rc && step != QF_DONE)
        rc = qf__sqlerr(ex->db, step, "agenda");
    qf__reset(st);
    return rc;
}

static int activity_row(act_export *ex, qf_export_out *out, const qf_activity *a)
{
    const qf_ref_org *org = qf__refs_org_by_id(ex->refs, a->org_id);
    if (!org)
        return qf__export_changed(_("org"), a->org_id);
    char starts[17] = "", ends[17] = "";
    qf_datetime_format(a->starts_at, starts);
    if (a->ends_at != QF_DATETIME_NONE)
        qf_datetime_format(a->ends_at, ends);
    const char *host, *recorder, *lecturer;
    int rc = member_ref(&host, ex, a->host_id, false);
    if (!rc)
        rc = member_ref(&recorder, ex, a->recorder_id, false);
    if (!rc)
        rc = member_ref(&lecturer, ex, a->lecturer_id, false);
    if (!rc)
        rc = attendance_cells(ex, a->id);
    if (!rc)
        rc = guest_cell(ex, a->id);
    if (!rc)
        rc = agenda_cell(ex, a->id);
    if (rc)
        return rc;
    const char *cells[AC_COUNT] = {
        [AC_ORG] = org->code,
        [AC_KIND] = term_text(&ex->refs->kinds, a->kind, ex->opts->chinese_headers),
        [AC_TITLE] = a->title,
        [AC_TOPIC] = a->topic,
        [AC_STARTS_AT] = starts,
        [AC_ENDS_AT] = ends,
        [AC_PLACE] = a->place,
        [AC_HOST] = host,
        [AC_RECORDER] = recorder,
        [AC_LECTURER] = lecturer,
        [AC_PRESENT] = ex->lists[QF_ATTEND_PRESENT].s,
        [AC_ABSENT] = ex->lists[QF_ATTEND_ABSENT].s,
        [AC_LEAVE] = ex->lists[QF_ATTEND_LEAVE].s,
        [AC_LATE] = ex->lists[QF_ATTEND_LATE].s,
        [AC_GUESTS] = ex->guests.s,
        [AC_AGENDA] = ex->agenda.s,
        [AC_ATTRS] = !a->attrs || strcmp(a->attrs, "{}") == 0 ? "" : a->attrs,
    };
    return qf__export_row(out, cells, AC_COUNT);
}

int qf__export_activities(qf_db *db, qf_export_out *out, const qf_export_options *opts,
                          qf_refs *refs)
{
    if (opts->from != QF_DATE_NONE && opts->to != QF_DATE_NONE && opts->from > opts->to) {
        char a[11], b[11];
        qf_date_format(opts->from, a);
        qf_date_format(opts->to, b);
        return qf__err(QF_EINVALID, _("export options: from %s is after to %s"), a, b);
    }
    int rc = qf__refs_load_members(refs, db);
    if (!rc)
        rc = qf__refs_load_vocab(refs, &refs->kinds, db, "activity_kind");
    if (!rc)
        rc = qf__refs_load_vocab(refs, &refs->roles, db, "guest_role");
    if (rc)
        return rc;
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    f.under = opts->org_id;
    f.from = opts->from;
    f.to = opts->to;
    act_export ex;
    memset(&ex, 0, sizeof ex);
    ex.db = db;
    ex.opts = opts;
    ex.refs = refs;
    qf_activity_iter *it = NULL;
    rc = qf_activity_list(&it, db, &f);
    const qf_activity *a;
    while (!rc && (rc = qf_activity_next(&a, it)) == QF_OK)
        rc = activity_row(&ex, out, a);
    qf_activity_iter_free(it);
    for (int i = 0; i < 4; i++)
        qf__buf_free(&ex.lists[i]);
    qf__buf_free(&ex.guests);
    qf__buf_free(&ex.agenda);
    return rc == QF_ITEROVER ? QF_OK : rc;
}
