/*
 * A member's dated histories: status (a new row from a day on), membership of orgs and flags
 * (both ranges [start, end], end inclusive, NULL = open), and the combined history iterator.
 * Where a day is optional, QF_DATE_NONE means the database's today, as for create's `since`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"

static qf_date or_today(qf_db *db, qf_date d)
{
    return d == QF_DATE_NONE ? qf_db_today(db) : d;
}

/* ---- status ---------------------------------------------------------------------------- */

/* Refuses a status before admission from `since` while the member is in a party group on or
 * after that day (leave the group first). */
static int keeps_group_party(qf_db *db, int64_t member_id, qf_member_status status, qf_date since)
{
    static const char sql[] =
        "SELECT o.code, x.start FROM membership x JOIN org o ON o.id = x.org_id "
        "WHERE x.member_id = ?1 AND o.kind = 'group' AND (x.end IS NULL OR x.end >= ?2) "
        "ORDER BY x.start LIMIT 1";
    if (status == QF_STATUS_FULL || status == QF_STATUS_PROBATIONARY)
        return QF_OK;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_date(st, 2, since);
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        return rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "membership");
    }
    char group[65], day[QF_DAY_BUF], name[QF_NAME_BUF];
    snprintf(group, sizeof group, "%s", qf__col_text(st, 0));
    qf__people_fmt_day(since, day);
    qf__reset(st);
    qf__people_member_name(db, member_id, name);
    return qf__err(QF_ECONSTRAINT,
                   _("status: %s is in party group %s on or after %s; a member of a party group "
                     "is full or probationary (end the group membership first)"),
                   name, group, day);
}

int qf__member_status_write(qf_db *db, int64_t member_id, qf_member_status status, qf_date since,
                            const char *note)
{
    int guard = keeps_group_party(db, member_id, status, since);
    if (guard)
        return guard;
    static const char sql_cur[] =
        "SELECT status, since FROM member_status WHERE member_id = ?1 ORDER BY since DESC LIMIT 1";
    /* a second change on the current status's own day corrects it rather than adding a row */
    static const char sql_put[] =
        "INSERT INTO member_status (member_id, status, since, note) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (member_id, since) DO UPDATE SET status = excluded.status, "
        "note = excluded.note";
    qf_stmt *st = qf__stmt(db, sql_cur);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    int rc = qf__step(st);
    if (rc == QF_ROW) {
        qf_member_status cur = QF_STATUS_NONE;
        qf_member_status_parse(&cur, qf__col_text(st, 0));
        qf_date cur_since = qf__col_date(st, 1);
        qf__reset(st);
        if (since < cur_since) {
            char a[QF_DAY_BUF], b[QF_DAY_BUF];
            qf__people_fmt_day(since, a);
            qf__people_fmt_day(cur_since, b);
            return qf__err(QF_ECONSTRAINT,
                           _("since: %s is before the current status (%s since %s); the history "
                             "only grows forward"),
                           a, qf_member_status_name(cur), b);
        }
        /* the same status again is no change (imports may repeat themselves) */
        if (cur == status && (!note || !*note))
            return QF_OK;
    } else {
        qf__reset(st);
        if (rc != QF_DONE)
            return qf__sqlerr(db, rc, "member_status");
    }
    st = qf__stmt(db, sql_put);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_textn(st, 2, qf_member_status_name(status), -1, QF_STATIC);
    qf__bind_date(st, 3, since);
    qf__people_bind_opt(st, 4, note);
    return qf__exec_stmt(db, st, "member_status");
}

int qf_member_set_status(qf_db *db, int64_t id, qf_member_status status, qf_date since,
                         const char *note)
{
    since = or_today(db, since);
    if ((unsigned)status > QF_STATUS_FULL)
        return qf__err(QF_EINVALID, _("status: %d is unknown"), (int)status);
    int rc = qf__people_check_day("since", since, true);
    if (!rc)
        rc = qf__check_text("note", note, false, 2000);
    if (!rc)
        rc = qf__people_member_exists(db, id);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    return qf__tx_end(db, qf__member_status_write(db, id, status, since, note));
}

int qf_member_status_on(qf_member_status *out, qf_db *db, int64_t id, qf_date on)
{
    static const char sql[] = "SELECT status FROM member_status WHERE member_id = ?1 "
                              "AND since <= ?2 ORDER BY since DESC LIMIT 1";
    on = or_today(db, on);
    int rc = qf__people_check_day("on", on, true);
    if (!rc)
        rc = qf__people_member_exists(db, id);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    qf__bind_date(st, 2, on);
    rc = qf__step(st);
    *out = QF_STATUS_NONE;
    if (rc == QF_ROW)
        qf_member_status_parse(out, qf__col_text(st, 0));
    qf__reset(st);
    if (rc != QF_ROW && rc != QF_DONE)
        return qf__sqlerr(db, rc, "member_status");
    return QF_OK;
}

/* ---- membership ------------------------------------------------------------------------ */

/* A party group is made of party members: applicants, activists and candidates for admission
 * attend its meetings as 列席 at most, and are never placed in it (DOMAIN.md, "who counts"). */
static const char *const NOT_YET[] = {N_("an applicant"), N_("an activist"),
                                      N_("a candidate for admission")};

static int party_member_on(qf_db *db, int64_t member_id, qf_date since, const char *group)
{
    static const char sql[] = "SELECT status FROM member_status WHERE member_id = ?1 "
                              "AND since <= ?2 ORDER BY since DESC LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_date(st, 2, since);
    int rc = qf__step(st);
    qf_member_status status = QF_STATUS_NONE;
    if (rc == QF_ROW)
        qf_member_status_parse(&status, qf__col_text(st, 0));
    qf__reset(st);
    if (rc != QF_ROW && rc != QF_DONE)
        return qf__sqlerr(db, rc, "member_status");
    if (status == QF_STATUS_FULL || status == QF_STATUS_PROBATIONARY)
        return QF_OK;
    char name[QF_NAME_BUF];
    qf__people_member_name(db, member_id, name);
    return qf__member_not_party_err(name, status, since, group);
}

int qf__member_not_party_err(const char *name, qf_member_status status, qf_date since,
                             const char *group)
{
    char day[QF_DAY_BUF];
    qf__people_fmt_day(since, day);
    return qf__err(QF_ECONSTRAINT,
                   _("group: %s is %s on %s; only party members (full or probationary) are "
                     "placed in party group %s (place them once admitted)"),
                   name,
                   (unsigned)status <= QF_STATUS_CANDIDATE ? _(NOT_YET[status])
                                                           : _("not yet a member"),
                   day, group);
}

/* Ends the member's membership of `org_id` and of every org below it (a member who leaves a
 * branch leaves its party groups too) on `until`, where it runs past that day. */
static int end_tree(qf_db *db, int64_t member_id, int64_t org_id, qf_date until)
{
    static const char sql[] =
        "WITH RECURSIVE sub(id) AS (SELECT ?2 UNION SELECT o.id FROM org o JOIN sub "
        "ON o.parent_id = sub.id) UPDATE membership SET \"end\" = ?3 WHERE member_id = ?1 "
        "AND org_id IN (SELECT id FROM sub) AND start <= ?3 AND (\"end\" IS NULL OR \"end\" > ?3)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int64(st, 2, org_id);
    qf__bind_date(st, 3, until);
    return qf__exec_stmt(db, st, "membership");
}

/* A membership row of `st` (columns: org code, start, end) as "code start..end". */
static int overlap_err(qf_stmt *st, int64_t member_id, const char *org_code, qf_date since)
{
    char range[QF_RANGE_BUF], day[QF_DAY_BUF], held[65];
    snprintf(held, sizeof held, "%s", qf__col_text(st, 0));
    qf__people_fmt_range(qf__col_date(st, 1), qf__col_date(st, 2), range);
    qf__people_fmt_day(since, day);
    qf__reset(st);
    return qf__err(QF_ECONSTRAINT,
                   _("membership: member %lld is in %s for %s; joining %s from %s would overlap "
                     "it"),
                   (long long)member_id, held, range, org_code, day);
}

int qf__member_join_write(qf_db *db, int64_t member_id, int64_t org_id, qf_date since)
{
    /* any membership of the same org on or after `since` overlaps an open-ended new one */
    static const char sql_same[] =
        "SELECT o.code, x.start, x.end FROM membership x JOIN org o ON o.id = x.org_id "
        "WHERE x.member_id = ?1 AND x.org_id = ?2 AND (x.end IS NULL OR x.end >= ?3) "
        "ORDER BY x.start LIMIT 1";
    /* another org of the same kind: only an open membership that began earlier can be ended
     * the day before; anything else reaching `since` is a conflict to resolve by hand */
    static const char sql_conflict[] =
        "SELECT o.code, x.start, x.end FROM membership x JOIN org o ON o.id = x.org_id "
        "WHERE x.member_id = ?1 AND o.kind = ?2 AND x.org_id <> ?3 "
        "AND (x.end IS NULL OR x.end >= ?4) AND NOT (x.end IS NULL AND x.start < ?4) "
        "ORDER BY x.start LIMIT 1";
    static const char sql_open[] =
        "SELECT x.org_id FROM membership x JOIN org o ON o.id = x.org_id "
        "WHERE x.member_id = ?1 AND o.kind = ?2 AND x.org_id <> ?3 AND x.end IS NULL "
        "AND x.start < ?4 LIMIT 1";
    static const char sql_put[] =
        "INSERT INTO membership (member_id, org_id, start) VALUES (?1, ?2, ?3)";
    qf_org_kind kind;
    char code[65];
    int rc = qf__people_org(db, "org_id", org_id, &kind, code);
    if (!rc && kind == QF_ORG_GROUP)
        rc = party_member_on(db, member_id, since, code);
    if (rc)
        return rc;
    const char *kind_name = qf_org_kind_name(kind);

    qf_stmt *st = qf__stmt(db, sql_same);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int64(st, 2, org_id);
    qf__bind_date(st, 3, since);
    if (qf__step(st) == QF_ROW)
        return overlap_err(st, member_id, code, since);
    qf__reset(st);

    st = qf__stmt(db, sql_conflict);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_textn(st, 2, kind_name, -1, QF_STATIC);
    qf__bind_int64(st, 3, org_id);
    qf__bind_date(st, 4, since);
    if (qf__step(st) == QF_ROW)
        return overlap_err(st, member_id, code, since);
    qf__reset(st);

    /* normally one open row; each pass ends one, so the loop ends */
    for (;;) {
        st = qf__stmt(db, sql_open);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, member_id);
        qf__bind_textn(st, 2, kind_name, -1, QF_STATIC);
        qf__bind_int64(st, 3, org_id);
        qf__bind_date(st, 4, since);
        rc = qf__step(st);
        int64_t old = rc == QF_ROW ? qf__col_int64(st, 0) : 0;
        qf__reset(st);
        if (rc != QF_ROW && rc != QF_DONE)
            return qf__sqlerr(db, rc, "membership");
        if (!old)
            break;
        rc = end_tree(db, member_id, old, since - 1);
        if (rc)
            return rc;
        if (qf__changes(db) == 0)
            return qf__err(QF_ERROR, "membership: could not end the membership of org %lld",
                           (long long)old);
    }

    st = qf__stmt(db, sql_put);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int64(st, 2, org_id);
    qf__bind_date(st, 3, since);
    return qf__exec_stmt(db, st, "membership");
}

/*
 * What qf__member_status_write and qf__member_join_write (twice) write for a new member, in two
 * statements instead of ten: their look-ups guard a change to an existing history (a status
 * before the current one, a membership overlapping another, an open one to end), and a member
 * inserted a moment ago has none. The places go in one multi-row INSERT.
 */
int qf__member_first_write(qf_db *db, int64_t member_id, qf_member_status status, qf_date since,
                           int64_t org_id, int64_t group_id)
{
    static const char sql_status[] =
        "INSERT INTO member_status (member_id, status, since) VALUES (?1, ?2, ?3)";
    static const char sql_one[] =
        "INSERT INTO membership (member_id, org_id, start) VALUES (?1, ?2, ?3)";
    static const char sql_two[] =
        "INSERT INTO membership (member_id, org_id, start) VALUES (?1, ?2, ?3), (?1, ?4, ?3)";
    int rc = QF_OK;
    if (status != QF_STATUS_NONE) {
        qf_stmt *st = qf__stmt(db, sql_status);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, member_id);
        qf__bind_textn(st, 2, qf_member_status_name(status), -1, QF_STATIC);
        qf__bind_date(st, 3, since);
        rc = qf__exec_stmt(db, st, "member_status");
    }
    if (rc || (!org_id && !group_id))
        return rc;
    qf_stmt *st = qf__stmt(db, org_id && group_id ? sql_two : sql_one);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int64(st, 2, org_id ? org_id : group_id);
    qf__bind_date(st, 3, since);
    if (org_id && group_id)
        qf__bind_int64(st, 4, group_id);
    return qf__exec_stmt(db, st, "membership");
}

int qf_member_join(qf_db *db, int64_t member_id, int64_t org_id, qf_date since)
{
    since = or_today(db, since);
    int rc = qf__people_check_day("since", since, true);
    if (!rc)
        rc = qf__people_member_exists(db, member_id);
    if (!rc)
        rc = qf__people_org(db, "org_id", org_id, NULL, NULL);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    return qf__tx_end(db, qf__member_join_write(db, member_id, org_id, since));
}

int qf_member_leave(qf_db *db, int64_t member_id, int64_t org_id, qf_date until)
{
    /* covered: in the org on `until`; first: when the member first joined it */
    static const char sql[] =
        "SELECT EXISTS (SELECT 1 FROM membership WHERE member_id = ?1 AND org_id = ?2 "
        "AND start <= ?3 AND (\"end\" IS NULL OR \"end\" >= ?3)), (SELECT min(start) FROM membership "
        "WHERE member_id = ?1 AND org_id = ?2)";
    char code[65];
    until = or_today(db, until);
    int rc = qf__people_check_day("until", until, true);
    if (!rc)
        rc = qf__people_member_exists(db, member_id);
    if (!rc)
        rc = qf__people_org(db, "org_id", org_id, NULL, code);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int64(st, 2, org_id);
    qf__bind_date(st, 3, until);
    rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        return qf__sqlerr(db, rc, "membership");
    }
    bool covered = qf__col_int(st, 0) != 0;
    qf_date first = qf__col_date(st, 1);
    qf__reset(st);
    if (!covered && first != QF_DATE_NONE && until < first)
        return qf__people_check_range("until", first, until); /* ended before it began */
    if (!covered) {
        char day[QF_DAY_BUF];
        qf__people_fmt_day(until, day);
        return qf__err(QF_ENOTFOUND, _("member %lld is not in %s on %s"), (long long)member_id,
                       code, day);
    }
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    return qf__tx_end(db, end_tree(db, member_id, org_id, until));
}

/* ---- flags ----------------------------------------------------------------------------- */

int qf_member_set_flag(qf_db *db, int64_t member_id, const char *flag, qf_date start, qf_date end)
{
    static const char sql_overlap[] =
        "SELECT start, \"end\" FROM member_flag WHERE member_id = ?1 AND flag = ?2 "
        "AND (?4 IS NULL OR start <= ?4) AND (\"end\" IS NULL OR \"end\" >= ?3) ORDER BY start LIMIT 1";
    static const char sql_put[] =
        "INSERT INTO member_flag (member_id, flag, start, \"end\") VALUES (?1, ?2, ?3, ?4)";
    start = or_today(db, start);
    int rc = qf__people_check_day("start", start, true);
    if (!rc)
        rc = qf__people_check_day("end", end, false);
    if (!rc)
        rc = qf__people_check_range("end", start, end);
    if (!rc)
        rc = qf__people_member_exists(db, member_id);
    if (!rc)
        rc = qf_vocab_check(db, "flag", flag);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql_overlap);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, member_id);
    qf__bind_textn(st, 2, flag, -1, QF_STATIC);
    qf__bind_date(st, 3, start);
    qf__bind_date(st, 4, end);
    if (qf__step(st) == QF_ROW) {
        char held[QF_RANGE_BUF], asked[QF_RANGE_BUF];
        qf__people_fmt_range(qf__col_date(st, 0), qf__col_date(st, 1), held);
        qf__people_fmt_range(start, end, asked);
        qf__reset(st);
        return qf__tx_end(db, qf__err(QF_ECONSTRAINT,
                                      _("flag: member %lld already has %s for %s, which overlaps "
                                        "%s"),
                                      (long long)member_id, flag, held, asked));
    }
    qf__reset(st);
    st = qf__stmt(db, sql_put);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, member_id);
    qf__bind_textn(st, 2, flag, -1, QF_STATIC);
    qf__bind_date(st, 3, start);
    qf__bind_date(st, 4, end);
    return qf__tx_end(db, qf__exec_stmt(db, st, "member_flag"));
}

int qf_member_clear_flag(qf_db *db, int64_t member_id, const char *flag, qf_date end)
{
    static const char sql_open[] = "SELECT id, start FROM member_flag WHERE member_id = ?1 "
                                   "AND flag = ?2 AND \"end\" IS NULL ORDER BY start DESC LIMIT 1";
    static const char sql_end[] = "UPDATE member_flag SET \"end\" = ?2 WHERE id = ?1";
    end = or_today(db, end);
    int rc = qf__people_check_day("end", end, true);
    if (!rc)
        rc = qf__people_member_exists(db, member_id);
    if (!rc)
        rc = qf_vocab_check(db, "flag", flag);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql_open);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_textn(st, 2, flag, -1, QF_STATIC);
    rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc != QF_DONE)
            return qf__sqlerr(db, rc, "member_flag");
        return qf__err(QF_ENOTFOUND, _("flag: member %lld has no open %s flag"),
                       (long long)member_id, flag);
    }
    int64_t row = qf__col_int64(st, 0);
    qf_date start = qf__col_date(st, 1);
    qf__reset(st);
    rc = qf__people_check_range("end", start, end);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    st = qf__stmt(db, sql_end);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, row);
    qf__bind_date(st, 2, end);
    return qf__tx_end(db, qf__exec_stmt(db, st, "member_flag"));
}

int qf_member_has_flag(bool *out, qf_db *db, int64_t member_id, const char *flag, qf_date on)
{
    static const char sql[] = "SELECT 1 FROM member_flag WHERE member_id = ?1 AND flag = ?2 "
                              "AND start <= ?3 AND (\"end\" IS NULL OR \"end\" >= ?3)";
    on = or_today(db, on);
    int rc = qf__people_check_day("on", on, true);
    if (!rc)
        rc = qf__people_member_exists(db, member_id);
    if (!rc)
        rc = qf_vocab_check(db, "flag", flag);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_textn(st, 2, flag, -1, QF_STATIC);
    qf__bind_date(st, 3, on);
    rc = qf__step(st);
    qf__reset(st);
    if (rc != QF_ROW && rc != QF_DONE)
        return qf__sqlerr(db, rc, "member_flag");
    *out = rc == QF_ROW;
    return QF_OK;
}

/* ---- history --------------------------------------------------------------------------- */

struct qf_member_history {
    qf_db *db;
    qf_stmt *st;
    qf_member_event row;
};

int qf_member_history_list(qf_member_history **out, qf_db *db, int64_t member_id)
{
    *out = NULL;
    int rc = qf__people_member_exists(db, member_id);
    if (rc)
        return rc;
    qf_member_history *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    /* a status lasts until the day before the next one begins; on one day, status changes
     * come before org changes before flags, then in the order they were written */
    it->db = db;
    rc = qf__borrow(&it->st, db,
        "SELECT what, value, org_id, start, end_, note FROM ("
        " SELECT 0 AS k, s.id AS rid, 'status' AS what, s.status AS value, NULL AS org_id,"
        "  s.since AS start, date(lead(s.since) OVER (ORDER BY s.since), '-1 day') AS end_,"
        "  s.note AS note FROM member_status s WHERE s.member_id = ?1"
        " UNION ALL SELECT 1, x.id, 'org', o.code, x.org_id, x.start, x.end, NULL"
        "  FROM membership x JOIN org o ON o.id = x.org_id WHERE x.member_id = ?1"
        " UNION ALL SELECT 2, f.id, 'flag', f.flag, NULL, f.start, f.end, NULL"
        "  FROM member_flag f WHERE f.member_id = ?1"
        ") AS h ORDER BY start, k, rid");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->st, 1, member_id);
    *out = it;
    return QF_OK;
}

int qf_member_history_next(const qf_member_event **row, qf_member_history *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "member history: %s", qf__errstr(rc));
    it->row.what = qf__col_text(it->st, 0);
    it->row.value = qf__col_text(it->st, 1);
    it->row.org_id = qf__col_id(it->st, 2);
    it->row.start = qf__col_date(it->st, 3);
    it->row.end = qf__col_date(it->st, 4);
    it->row.note = qf__col_text(it->st, 5);
    *row = &it->row;
    return QF_OK;
}

void qf_member_history_free(qf_member_history *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}
