/* Members: the descriptive record, and reading it "as of" a day (status, branch, group).
 * The dated histories (status, membership, flags) are written in member_history.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"

static const char *const STATUS_NAMES[] = {"applicant", "activist", "candidate", "probationary",
                                           "full"};

const char *qf_member_status_name(qf_member_status s)
{
    if (s == QF_STATUS_NONE)
        return "none";
    return (unsigned)s <= QF_STATUS_FULL ? STATUS_NAMES[s] : "?";
}

int qf_member_status_parse(qf_member_status *out, const char *name)
{
    for (int s = 0; s <= QF_STATUS_FULL; s++)
        if (name && strcmp(name, STATUS_NAMES[s]) == 0) {
            *out = (qf_member_status)s;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("status '%.40s' is unknown (applicant, activist, candidate, probationary, "
                     "full)"),
                   name ? name : "");
}

/* ---- validation ------------------------------------------------------------------------ */

static int check_gender(const char *g)
{
    int rc = qf__check_text("gender", g, false, 16);
    if (rc || !g || !*g)
        return rc;
    if (strcmp(g, "male") != 0 && strcmp(g, "female") != 0)
        return qf__err(QF_EINVALID, _("gender: '%s' is not male or female"), g);
    return QF_OK;
}

/* The descriptive fields, shared by create and update. */
static int validate(qf_db *db, const qf_member *m)
{
    int rc = qf__people_check_line("code", m->code, false, 64);
    if (!rc)
        rc = qf__people_check_line("name", m->name, true, 200);
    if (!rc)
        rc = check_gender(m->gender);
    if (!rc)
        rc = qf__people_check_day("birth_date", m->birth_date, false);
    if (!rc)
        rc = qf__people_check_not_future(db, "birth_date", m->birth_date);
    if (!rc)
        rc = qf__people_check_day("joined", m->joined, false);
    if (!rc)
        rc = qf__people_check_not_future(db, "joined", m->joined);
    if (!rc && m->joined != QF_DATE_NONE && m->birth_date != QF_DATE_NONE &&
        m->joined < m->birth_date) {
        char a[QF_DAY_BUF], b[QF_DAY_BUF];
        qf__people_fmt_day(m->joined, a);
        qf__people_fmt_day(m->birth_date, b);
        rc = qf__err(QF_EINVALID, _("joined: %s is before birth_date (%s)"), a, b);
    }
    if (!rc)
        rc = qf__people_check_line("phone", m->phone, false, 40);
    if (!rc)
        rc = qf__people_check_line("id_number", m->id_number, false, 40);
    if (!rc)
        rc = qf__check_json_object(db, "attrs", m->attrs);
    return rc;
}

/* Is org `inner` the org `outer` or somewhere below it? */
static int is_under(bool *out, qf_db *db, int64_t inner, int64_t outer)
{
    static const char sql[] =
        "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT o.parent_id FROM org o JOIN up "
        "ON o.id = up.id WHERE o.parent_id IS NOT NULL) SELECT 1 FROM up WHERE id = ?2";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, inner);
    qf__bind_int64(st, 2, outer);
    int rc = qf__step(st);
    qf__reset(st);
    if (rc != QF_ROW && rc != QF_DONE)
        return qf__sqlerr(db, rc, "org");
    *out = rc == QF_ROW;
    return QF_OK;
}

/* The kind, code and parent of org `id` for field `field`. */
static int org_facts(qf_db *db, const char *field, int64_t id, qf_org_kind *kind, char code[65],
                     int64_t *parent)
{
    static const char sql[] = "SELECT kind, code, parent_id FROM org WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc != QF_DONE)
            return qf__sqlerr(db, rc, "org");
        return qf__err(QF_ENOTFOUND, _("%s: org %lld does not exist"), field, (long long)id);
    }
    *kind = QF_ORG_COMMITTEE;
    qf_org_kind_parse(kind, qf__col_text(st, 0));
    snprintf(code, 65, "%s", qf__col_text(st, 1));
    *parent = qf__col_id(st, 2);
    qf__reset(st);
    return QF_OK;
}

/* The initial placement on create: org_id a non-group org, group_id a party group below it,
 * and only a party member (full or probationary from `since`) in a group. Checked before
 * anything is written, so the writes that follow have nothing left to refuse. */
static int check_placement(qf_db *db, const qf_member *m, qf_date since)
{
    char org_code[65] = "", group_code[65] = "";
    qf_org_kind kind;
    if (m->status != QF_STATUS_NONE && (unsigned)m->status > QF_STATUS_FULL)
        return qf__err(QF_EINVALID, _("status: %d is unknown"), (int)m->status);
    if (m->org_id) {
        int rc = qf__people_org(db, "org_id", m->org_id, &kind, org_code);
        if (rc)
            return rc;
        if (kind == QF_ORG_GROUP)
            return qf__err(QF_EINVALID, _("org_id: %s is a party group; pass it as group_id"),
                           org_code);
    }
    int64_t group_parent = 0;
    if (m->group_id) {
        int rc = org_facts(db, "group_id", m->group_id, &kind, group_code, &group_parent);
        if (rc)
            return rc;
        if (kind != QF_ORG_GROUP)
            return qf__err(QF_EINVALID, _("group_id: %s is a %s, not a party group"), group_code,
                           qf_org_kind_name(kind));
    }
    /* a group sits right under its branch: the walk up the tree only for one deeper down */
    if (m->org_id && m->group_id && group_parent != m->org_id) {
        bool under = false;
        int rc = is_under(&under, db, m->group_id, m->org_id);
        if (rc)
            return rc;
        if (!under)
            return qf__err(QF_EINVALID, _("group_id: party group %s is not under org %s"),
                           group_code, org_code);
    }
    if (m->group_id && m->status != QF_STATUS_FULL && m->status != QF_STATUS_PROBATIONARY)
        return qf__member_not_party_err(m->name, m->status, since, group_code);
    return QF_OK;
}

/* ---- writes ---------------------------------------------------------------------------- */

static void bind_fields(qf_stmt *st, const qf_member *m)
{
    qf__people_bind_opt(st, 1, m->code);
    qf__bind_textn(st, 2, m->name, -1, QF_STATIC);
    qf__people_bind_opt(st, 3, m->gender);
    qf__bind_date(st, 4, m->birth_date);
    qf__bind_date(st, 5, m->joined);
    qf__people_bind_opt(st, 6, m->phone);
    qf__people_bind_opt(st, 7, m->id_number);
    qf__bind_attrs(st, 8, m->attrs);
}

static int code_taken(int rc, const qf_member *m)
{
    if (rc == QF_EEXISTS)
        return qf__err(QF_EEXISTS, _("member code '%s' is already taken"), m->code);
    return rc;
}

int qf_member_create(int64_t *id_out, qf_db *db, const qf_member *m)
{
    static const char sql[] = "INSERT INTO member (code, name, gender, birth_date, joined, phone, "
                              "id_number, attrs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    qf_date since = m->since == QF_DATE_NONE ? qf_db_today(db) : m->since;
    int rc = validate(db, m);
    if (!rc)
        rc = qf__people_check_day("since", since, true);
    if (!rc)
        rc = check_placement(db, m, since);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    /* the record, its first status and its placement are one write: all or nothing */
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_fields(st, m);
    rc = code_taken(qf__exec_stmt(db, st, "member"), m);
    int64_t id = rc ? 0 : qf__last_insert_id(db);
    if (!rc)
        rc = qf__member_first_write(db, id, m->status, since, m->org_id, m->group_id);
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

int qf_member_update(qf_db *db, const qf_member *m)
{
    static const char sql[] = "UPDATE member SET code = ?1, name = ?2, gender = ?3, "
                              "birth_date = ?4, joined = ?5, phone = ?6, id_number = ?7, "
                              "attrs = ?8 WHERE id = ?9";
    int rc = validate(db, m);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_fields(st, m);
    qf__bind_int64(st, 9, m->id);
    rc = code_taken(qf__exec_stmt(db, st, "member"), m);
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("member %lld does not exist"), (long long)m->id);
    return qf__tx_end(db, rc);
}

int qf_member_delete(qf_db *db, int64_t id)
{
    /* attendance, positions, activity roles and transfers are records of what happened: a
     * member who left stays so that those records keep their meaning */
    static const char sql_refs[] =
        "SELECT (SELECT count(*) FROM attendance WHERE member_id = ?1), "
        "(SELECT count(*) FROM position WHERE member_id = ?1), "
        "(SELECT count(*) FROM activity WHERE host_id = ?1 OR recorder_id = ?1 "
        "OR lecturer_id = ?1), "
        "(SELECT count(*) FROM transfer WHERE member_id = ?1), "
        "(SELECT count(*) FROM appraisal WHERE member_id = ?1)";
    /* status, membership, flag and artifact rows go by ON DELETE CASCADE (audited too) */
    static const char sql[] = "DELETE FROM member WHERE id = ?1";
    static const char *const what[] = {N_("attendance records"), N_("positions"),
                                       N_("activities as host, recorder or lecturer"),
                                       N_("transfers"), N_("appraisal results")};
    qf_stmt *st = qf__stmt(db, sql_refs);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        return qf__sqlerr(db, rc, "member");
    }
    for (int i = 0; i < 5; i++) {
        int n = qf__col_int(st, i);
        if (n) {
            qf__reset(st);
            return qf__err(QF_ECONSTRAINT,
                           _("member %lld still has %d %s; a member who left is ended with "
                             "leave, not deleted"),
                           (long long)id, n, _(what[i]));
        }
    }
    qf__reset(st);
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, id);
    rc = qf__exec_stmt(db, st, "member");
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("member %lld does not exist"), (long long)id);
    return qf__tx_end(db, rc);
}
