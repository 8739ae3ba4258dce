/*
 * Incremental re-checks (`qufa check --since ASSESSMENT`, qf_check_options.since): a branch
 * that no write has touched since an assessment was saved keeps the assessment's findings and
 * fingerprint; the others are judged again. The result is the one a full check gives.
 *
 * Which branches a write touched is read from the audit log, not by judging or re-reading each
 * branch: every write is an audit entry (both backends), and the assessment keeps the last
 * entry its check saw. Each entry after it names its table, its row and the row's images
 * before and after; the rows it refers to (org, member, activity, procedure case) lead to the
 * branches whose judgement may read it:
 *   - an activity → its org's branch, and the branches of everyone on its attendance (the
 *     `hours` kind counts a member's hours wherever they were earned);
 *   - a member (or a row about one: status, flag, membership, post, transfer, attendance,
 *     appraisal, case) → every branch the member ever belonged to;
 *   - an org → its branch (a party group's branch, before and after a move); a waiver or a
 *     tailoring → the branch of its org (a committee's tailoring: every branch);
 *   - a committee or anything the whole deployment shares (standards, tailorings of a
 *     committee, procedures, vocabularies, the workday calendar, a table this file does not
 *     know) → every branch.
 * So the cost is that of the writes since, not of the deployment. Nothing is reused when the
 * assessment judged another today (a period's status and days left move with today alone),
 * another period or another standard, or when it was saved before this schema.
 */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

struct qf_since {
    int64_t assessment;
    qf_branch_fp *reuse; /* sorted by id */
    size_t n_reuse;
    const char *reason;  /* why every branch is judged, or "" */
};

typedef struct idset {
    int64_t *v;
    size_t n, cap;
} idset;

static int idset_add(idset *s, int64_t id)
{
    if (id <= 0)
        return QF_OK;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int64_t *g = realloc(s->v, cap * sizeof *g);
        if (!g)
            return qf__oom();
        s->v = g;
        s->cap = cap;
    }
    s->v[s->n++] = id;
    return QF_OK;
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void idset_sort(idset *s)
{
    if (s->n < 2)
        return;
    qsort(s->v, s->n, sizeof *s->v, id_cmp);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (s->v[i] != s->v[k - 1])
            s->v[k++] = s->v[i];
    s->n = k;
}

static bool idset_has(const idset *s, int64_t id)
{
    return s->n && bsearch(&id, s->v, s->n, sizeof id, id_cmp) != NULL;
}

/* What the writes since the assessment touched. */
typedef struct touched {
    idset orgs, members, activities, cases, transitions, branches;
    const char *all; /* non-NULL: every branch, and why */
} touched;

static void touched_free(touched *t)
{
    free(t->orgs.v);
    free(t->members.v);
    free(t->activities.v);
    free(t->cases.v);
    free(t->transitions.v);
    free(t->branches.v);
}

/* The tables of records and what their rows refer to. A table not listed touches every
 * branch, unless read_entries leaves it out (assessments and reminders: what a check never
 * reads; in the query, so a saved assessment's large row image is never parsed). */
enum { R_ORG = 1, R_MEMBER = 2, R_ACTIVITY = 4, R_CASE = 8, R_TRANSITION = 16,
       R_ORG_OR_ALL = 32 /* org_id; NULL means every org (a tailoring of the database) */ };
static const struct {
    const char *table;
    unsigned refs;   /* the columns org_id, member_id, activity_id, case_id, transition_id */
    unsigned self;   /* what the row itself is */
} RECORD_TABLES[] = {
    {"activity", R_ORG, R_ACTIVITY},
    {"agenda_item", R_ACTIVITY, 0},
    {"appraisal", R_ORG | R_MEMBER | R_ACTIVITY, 0},
    {"artifact", R_ORG | R_MEMBER | R_ACTIVITY, 0},
    {"attendance", R_MEMBER | R_ACTIVITY, 0},
    {"flow_case", R_ORG | R_MEMBER, R_CASE},
    {"flow_deadline", R_CASE, 0},
    {"flow_evidence", R_TRANSITION, 0},
    {"flow_transition", R_CASE, R_TRANSITION},
    {"guest", R_ACTIVITY, 0},
    {"member", 0, R_MEMBER},
    {"member_flag", R_MEMBER, 0},
    {"member_status", R_MEMBER, 0},
    {"membership", R_ORG | R_MEMBER, 0},
    {"position", R_ORG | R_MEMBER, 0},
    {"std_tailoring", R_ORG | R_ORG_OR_ALL, 0},
    {"transfer", R_ORG | R_MEMBER, 0},
    {"waiver", R_ORG, 0},
};

static int record_table(const char *t)
{
    for (size_t i = 0; i < sizeof RECORD_TABLES / sizeof RECORD_TABLES[0]; i++)
        if (strcmp(RECORD_TABLES[i].table, t) == 0)
            return (int)i;
    return -1;
}

/* An org row's entry: a branch is its own; a party group is its branch's (before and after a
 * move); anything above branches concerns them all. */
static int org_entry(touched *t, qf_stmt *st, int64_t row)
{
    const char *kind = qf__col_text(st, 12);
    if (kind && strcmp(kind, "branch") == 0)
        return idset_add(&t->branches, row);
    if (kind && strcmp(kind, "group") == 0) {
        int rc = idset_add(&t->orgs, qf__col_id(st, 10));
        return rc ? rc : idset_add(&t->orgs, qf__col_id(st, 11));
    }
    t->all = N_("an org above the branches changed");
    return QF_OK;
}

/* Reads the audit entries (after, upto] into what they touched. */
static int read_entries(touched *t, qf_db *db, int64_t after, int64_t upto)
{
    static const char sql[] =
        "SELECT tbl, row_id, "
        "CAST(json_extract(before, '$.org_id') AS BIGINT), CAST(json_extract(after, '$.org_id') AS BIGINT), "
        "CAST(json_extract(before, '$.member_id') AS BIGINT), CAST(json_extract(after, '$.member_id') AS BIGINT), "
        "CAST(json_extract(before, '$.activity_id') AS BIGINT), CAST(json_extract(after, '$.activity_id') AS BIGINT), "
        "CAST(json_extract(before, '$.case_id') AS BIGINT), CAST(json_extract(after, '$.case_id') AS BIGINT), "
        "CAST(json_extract(before, '$.parent_id') AS BIGINT), CAST(json_extract(after, '$.parent_id') AS BIGINT), "
        "coalesce(json_extract(after, '$.kind'), json_extract(before, '$.kind')), "
        "CAST(json_extract(before, '$.transition_id') AS BIGINT), CAST(json_extract(after, '$.transition_id') AS BIGINT), "
        "action FROM audit_log WHERE seq > ?1 AND seq <= ?2 AND tbl <> 'assessment' AND "
        "tbl <> 'reminder' AND tbl <> 'reminder_fire' AND tbl <> 'remind_run' AND "
        "tbl <> 'remind_setting' AND tbl <> 'reminder_rule' ORDER BY seq";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, after);
    qf__bind_int64(st, 2, upto);
    int rc = QF_OK, step = QF_DONE;
    while (rc == QF_OK && !t->all && (step = qf__step(st)) == QF_ROW) {
        const char *tbl = qf__col_text(st, 0);
        int64_t row = qf__col_int64(st, 1);
        /* a pack's source text is stored by its hash, once: a new one changes nothing until a
         * standard or tailoring refers to it, and that is an entry of its own */
        const char *action = qf__col_text(st, 15);
        if ((strcmp(tbl, "std_source") == 0 || strcmp(tbl, "procedure_source") == 0) && action &&
            strcmp(action, "insert") == 0)
            continue;
        if (strcmp(tbl, "org") == 0) {
            rc = org_entry(t, st, row);
            continue;
        }
        int k = record_table(tbl);
        if (k < 0) {
            t->all = N_("standards, procedures, vocabularies or the calendar changed");
            continue;
        }
        unsigned refs = RECORD_TABLES[k].refs, self = RECORD_TABLES[k].self;
        if ((refs & R_ORG_OR_ALL) && !qf__col_id(st, 2) && !qf__col_id(st, 3)) {
            t->all = N_("a tailoring of the whole database changed");
            continue;
        }
        static const struct {
            unsigned ref;
            int col;
        } COLS[] = {{R_ORG, 2}, {R_MEMBER, 4}, {R_ACTIVITY, 6}, {R_CASE, 8}, {R_TRANSITION, 13}};
        for (size_t c = 0; rc == QF_OK && c < sizeof COLS / sizeof COLS[0]; c++) {
            if (!(refs & COLS[c].ref))
                continue;
            idset *set = COLS[c].ref == R_ORG        ? &t->orgs
                         : COLS[c].ref == R_MEMBER   ? &t->members
                         : COLS[c].ref == R_ACTIVITY ? &t->activities
                         : COLS[c].ref == R_CASE     ? &t->cases
                                                     : &t->transitions;
            rc = idset_add(set, qf__col_id(st, COLS[c].col));
            if (rc == QF_OK)
                rc = idset_add(set, qf__col_id(st, COLS[c].col + 1));
        }
        if (rc == QF_OK && self)
            rc = idset_add(self == R_MEMBER     ? &t->members
                           : self == R_ACTIVITY ? &t->activities
                           : self == R_CASE     ? &t->cases
                                                : &t->transitions,
                           row);
    }
    qf__reset(st);
    if (rc == QF_OK && !t->all && step != QF_DONE)
        rc = qf__sqlerr(db, step, "audit log");
    return rc;
}

/* Runs `st` with ?1 = id and adds column 0 (and column 1, to `b` if given) of each row. */
static int follow(qf_db *db, qf_stmt *st, int64_t id, idset *a, idset *b)
{
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int rc = QF_OK, step = QF_DONE;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        rc = idset_add(a, qf__col_id(st, 0));
        if (rc == QF_OK && b)
            rc = idset_add(b, qf__col_id(st, 1));
    }
    qf__reset(st);
    return rc ? rc : step == QF_DONE ? QF_OK : qf__sqlerr(db, step, "incremental check");
}

/* Follows what the entries named to the orgs they concern, then the orgs to their branches. */
static int resolve(touched *t, qf_db *db)
{
    static const char sql_transition[] = "SELECT case_id FROM flow_transition WHERE id = ?1";
    static const char sql_case[] = "SELECT org_id, member_id FROM flow_case WHERE id = ?1";
    static const char sql_activity[] = "SELECT org_id FROM activity WHERE id = ?1";
    static const char sql_attendees[] = "SELECT member_id FROM attendance WHERE activity_id = ?1";
    static const char sql_member[] = "SELECT DISTINCT org_id FROM membership WHERE member_id = ?1";
    static const char sql_org[] =
        "SELECT o.kind, o.id, p.kind, p.id FROM org o LEFT JOIN org p ON p.id = o.parent_id "
        "WHERE o.id = ?1";
    int rc = QF_OK;
    idset_sort(&t->transitions);
    for (size_t i = 0; rc == QF_OK && i < t->transitions.n; i++)
        rc = follow(db, qf__stmt(db, sql_transition), t->transitions.v[i], &t->cases, NULL);
    idset_sort(&t->cases);
    for (size_t i = 0; rc == QF_OK && i < t->cases.n; i++)
        rc = follow(db, qf__stmt(db, sql_case), t->cases.v[i], &t->orgs, &t->members);
    idset_sort(&t->activities);
    for (size_t i = 0; rc == QF_OK && i < t->activities.n; i++) {
        rc = follow(db, qf__stmt(db, sql_activity), t->activities.v[i], &t->orgs, NULL);
        if (rc == QF_OK)
            rc = follow(db, qf__stmt(db, sql_attendees), t->activities.v[i], &t->members, NULL);
    }
    idset_sort(&t->members);
    for (size_t i = 0; rc == QF_OK && i < t->members.n; i++)
        rc = follow(db, qf__stmt(db, sql_member), t->members.v[i], &t->orgs, NULL);
    idset_sort(&t->orgs);
    for (size_t i = 0; rc == QF_OK && !t->all && i < t->orgs.n; i++) {
        qf_stmt *st = qf__stmt(db, sql_org);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, t->orgs.v[i]);
        int step = qf__step(st);
        if (step == QF_ROW) {
            const char *kind = qf__col_text(st, 0), *pkind = qf__col_text(st, 2);
            if (strcmp(kind, "branch") == 0)
                rc = idset_add(&t->branches, qf__col_int64(st, 1));
            else if (strcmp(kind, "group") == 0 && pkind && strcmp(pkind, "branch") == 0)
                rc = idset_add(&t->branches, qf__col_int64(st, 3));
            else
                t->all = N_("an org above the branches changed");
        } else if (step != QF_DONE) { /* QF_DONE: an org deleted since; its entry named its branch */
            rc = qf__sqlerr(db, step, "incremental check");
        }
        qf__reset(st);
    }
    idset_sort(&t->branches);
    return rc;
}

static int fp_cmp(const void *a, const void *b)
{
    return id_cmp(&((const qf_branch_fp *)a)->id, &((const qf_branch_fp *)b)->id);
}

/* The branches the assessment saved that nothing touched, with their fingerprints. */
static int read_reusable(qf_since *s, qf_db *db, const touched *t)
{
    static const char sql[] =
        "SELECT branch_id, fingerprint FROM assessment_branch WHERE assessment_id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, s->assessment);
    size_t cap = 0;
    int rc = QF_OK, step = QF_DONE;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        int64_t id = qf__col_int64(st, 0);
        const char *hex = qf__col_text(st, 1);
        if (idset_has(&t->branches, id) || !hex || strlen(hex) != 48)
            continue;
        if (s->n_reuse == cap) {
            cap = cap ? cap * 2 : 64;
            qf_branch_fp *g = realloc(s->reuse, cap * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            s->reuse = g;
        }
        qf_branch_fp *b = &s->reuse[s->n_reuse++];
        b->id = id;
        for (int k = 0; k < 24; k++) {
            unsigned v = 0;
            for (int j = 0; j < 2; j++) {
                char c = hex[2 * k + j];
                v = v * 16 + (unsigned)(c >= 'a' ? c - 'a' + 10 : c - '0');
            }
            b->fp[k] = (unsigned char)v;
        }
    }
    qf__reset(st);
    if (rc == QF_OK && step != QF_DONE)
        rc = qf__sqlerr(db, step, "assessment");
    if (rc == QF_OK && s->n_reuse > 1)
        qsort(s->reuse, s->n_reuse, sizeof *s->reuse, fp_cmp);
    return rc;
}

int qf__since_open(qf_since **out, qf_run *run, int64_t id)
{
    static const char sql[] =
        "SELECT a.today, a.period, r.standard, r.audit_seq FROM assessment a LEFT JOIN "
        "assessment_run r ON r.assessment_id = a.id WHERE a.id = ?1";
    *out = NULL;
    qf_db *db = run->db;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int step = qf__step(st);
    if (step != QF_ROW) {
        qf__reset(st);
        return step == QF_DONE
                   ? qf__err(QF_ENOTFOUND, _("since: assessment %lld does not exist"), (long long)id)
                   : qf__sqlerr(db, step, "assessment");
    }
    qf_since *s = calloc(1, sizeof *s);
    if (!s) {
        qf__reset(st);
        return qf__oom();
    }
    s->assessment = id;
    s->reason = "";
    const char *standard = qf__col_text(st, 2);
    const char *want = run->o->standard;
    int64_t seq = qf__col_type(st, 3) == QF_SQL_NULL ? -1 : qf__col_int64(st, 3);
    if (qf__col_date(st, 0) != run->today)
        s->reason = N_("the assessment was made for another today");
    else if (strcmp(qf__col_text(st, 1), run->code) != 0)
        s->reason = N_("the assessment judged another period");
    else if ((standard == NULL) != (want == NULL) || (standard && strcmp(standard, want) != 0))
        s->reason = N_("the assessment judged another set of standards");
    else if (seq < 0)
        s->reason = N_("the assessment was saved without what an incremental check needs");
    else if (seq > run->audit_seq)
        s->reason = N_("the audit log ends before the assessment");
    qf__reset(st);
    int rc = QF_OK;
    if (!*s->reason) {
        touched t = {0};
        rc = read_entries(&t, db, seq, run->audit_seq);
        if (rc == QF_OK && !t.all)
            rc = resolve(&t, db);
        if (rc == QF_OK && t.all)
            s->reason = t.all;
        else if (rc == QF_OK)
            rc = read_reusable(s, db, &t);
        touched_free(&t);
    }
    if (rc) {
        qf__since_free(s);
        return rc;
    }
    *out = s;
    return QF_OK;
}

void qf__since_free(qf_since *s)
{
    if (!s)
        return;
    free(s->reuse);
    free(s);
}

bool qf__since_reuses(const qf_since *s, int64_t id, unsigned char fp[24])
{
    qf_branch_fp key = {.id = id};
    const qf_branch_fp *b =
        s->n_reuse ? bsearch(&key, s->reuse, s->n_reuse, sizeof key, fp_cmp) : NULL;
    if (b)
        memcpy(fp, b->fp, sizeof b->fp);
    return b != NULL;
}

const char *qf__since_reason(const qf_since *s)
{
    return *s->reason ? _(s->reason) : NULL;
}

/* A saved finding names its org by code; the summary counts clauses per org id. */
static int set_org_ids(qf_db *db, qf_check_result *res, size_t first)
{
    static const char sql[] = "SELECT id FROM org WHERE code = ?1";
    const char *last = NULL;
    int64_t id = 0;
    for (size_t i = first; i < res->n; i++) {
        qf_finding *f = &res->findings[i];
        if (!f->org)
            continue;
        if (!last || strcmp(last, f->org) != 0) {
            qf_stmt *st = qf__stmt(db, sql);
            if (!st)
                return qf_error_last_code();
            qf__bind_text(st, 1, f->org);
            int step = qf__step(st);
            id = step == QF_ROW ? qf__col_int64(st, 0) : 0;
            qf__reset(st);
            if (step != QF_ROW && step != QF_DONE)
                return qf__sqlerr(db, step, "org");
            last = f->org;
        }
        f->org_id = id;
    }
    return QF_OK;
}

int qf__since_load(const qf_since *s, qf_db *db, qf_check_result *res, int64_t id)
{
    static const char sql[] =
        "SELECT findings FROM assessment_branch WHERE assessment_id = ?1 AND branch_id = ?2";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, s->assessment);
    qf__bind_int64(st, 2, id);
    int step = qf__step(st);
    size_t first = res->n;
    int rc = QF_ECORRUPT;
    if (step == QF_ROW) {
        const char *text = qf__col_text(st, 0); /* before its length: SQLite's order */
        rc = qf__findings_load_json(res, db, text, (size_t)qf__col_bytes(st, 0));
    }
    qf__reset(st);
    if (rc == QF_ECORRUPT)
        return step == QF_ROW || step == QF_DONE
                   ? qf__err(QF_ECORRUPT, _("assessment %lld is damaged"), (long long)s->assessment)
                   : qf__sqlerr(db, step, "assessment");
    return rc ? rc : set_org_ids(db, res, first);
}
