/* Reminders from the check: each obligation's key, deadline, lead times, responsible post and
 * clause text become a candidate.
 *
 * The check is streamed branch by branch (qf_check_each) and only what a reminder run can use
 * is kept, copied: an obligation still open (it goes into the ledger), a lapse the ledger
 * already knows by its key or that fell due since the last run (caught up), and — as a bare
 * verdict — whatever is said about the subject of a reminder still unresolved (met, gone,
 * superseded). The rest of a two-year check (closed periods nobody is reminded of) is dropped
 * as it comes, so a run holds one branch's findings at a time and builds no text for them.
 *
 * QUFA_REMIND_REFERENCE=1 in the environment keeps the whole-range path (qf_check_run, every
 * finding a candidate): the tests run both and compare the ledgers and outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_filter.h"
#include "remind_internal.h"

/* Which lead-times setting a finding falls under. */
static const char *leads_kind(const qf_finding *f)
{
    if (f->kind && strcmp(f->kind, "term") == 0)
        return "term";
    if (f->subject_type && strcmp(f->subject_type, "activity") == 0)
        return "activity";
    qf_period p;
    if (f->period && qf_period_parse(&p, f->period) == QF_OK && p.kind != QF_PERIOD_DAY &&
        p.kind != QF_PERIOD_RANGE)
        return qf_period_kind_name(p.kind);
    return "activity";
}

/* The lead times for a kind of finding: read once per run per kind (a settings query each). */
static int leads_of(rm_ctx *c, const qf_finding *f, const char **out)
{
    const char *what = leads_kind(f);
    for (size_t i = 0; i < c->n_leads; i++)
        if (strcmp(c->leads[i].what, what) == 0) {
            *out = c->leads[i].leads;
            return QF_OK;
        }
    char buf[200];
    int rc = rm__leads_for(c->db, what, buf, sizeof buf);
    if (rc)
        return rc;
    char *copy = qf__arena_strdup(&c->cands.arena, buf);
    if (!copy)
        return qf__oom();
    if (c->n_leads < sizeof c->leads / sizeof c->leads[0]) {
        c->leads[c->n_leads].what = qf__arena_strdup(&c->cands.arena, what);
        c->leads[c->n_leads++].leads = copy;
    }
    *out = copy;
    return QF_OK;
}

/* The clause's text, shortened to its first sentence without notes in parentheses: what the
 * reminder is about ("党支部委员会会议一般每月召开1次"). NULL when the finding has none. */
static const char *clause_text(const qf_finding *f, char *buf, size_t size)
{
    const char *text = f->clause_text;
    if (!text)
        return NULL;
    static const char *const stops[] = {"（", "(", "。", "；", NULL};
    size_t len = strlen(text);
    for (const char *const *st = stops; *st; st++) {
        const char *p = strstr(text, *st);
        if (p && (size_t)(p - text) < len)
            len = (size_t)(p - text);
    }
    if (len == 0)
        return NULL;
    if (len >= size)
        len = size - 1;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
        len--; /* not inside a UTF-8 sequence */
    memcpy(buf, text, len);
    buf[len] = '\0';
    return buf;
}

/* What a finding says for reminders, and its reminder keys. */
typedef struct seen {
    rm_kind kind;
    char rule[200];
    char subject_key[400];
    char key[420];
} seen;

/* A key written piece by piece, cut where snprintf would cut it: classify makes the keys of
 * each of a run's findings (100,000 at 1,000 branches), and snprintf, then qf__fmt, cost more
 * than the rest of the run's own work on them. */
typedef struct keybuf {
    char *p, *last; /* the end so far; the last byte (for the '\0') */
} keybuf;

static void kb_init(keybuf *k, char *buf, size_t size)
{
    k->p = buf;
    k->last = buf + size - 1;
    *buf = '\0';
}

static void kb_put(keybuf *k, const char *s, size_t n)
{
    size_t room = (size_t)(k->last - k->p);
    if (n > room)
        n = room;
    memcpy(k->p, s, n);
    k->p += n;
    *k->p = '\0';
}

static void kb_str(keybuf *k, const char *s)
{
    if (!s)
        s = "(null)"; /* (what glibc's snprintf writes) */
    kb_put(k, s, strlen(s));
}

static void kb_int(keybuf *k, long long v)
{
    char digits[21];
    const char *start = qf__put_decimal(digits + sizeof digits, v);
    kb_put(k, start, (size_t)(digits + sizeof digits - start));
}

/* "STD/CLAUSE#N": a requirement's rule, as a reminder names it */
static void kb_rule(keybuf *k, const char *standard, const char *clause, long long requirement)
{
    kb_str(k, standard);
    kb_put(k, "/", 1);
    kb_str(k, clause);
    kb_put(k, "#", 1);
    kb_int(k, requirement);
}

/*
 * A check reminder's subject key: "check/RULE/TYPE:ID" for a subject of its own (an activity,
 * an org), "check/RULE/ORG/PERIOD" for a period and "check/RULE/ORG/member:ID/PERIOD" for a
 * member. With no type, "check/RULE/": how the key of each of a requirement's findings starts.
 * Written only here: classify makes the keys, and the filters ask whether the ledger knows one.
 */
static void kb_subject_key(keybuf *k, const char *standard, const char *clause,
                           long long requirement, const char *type, const char *org, long long id,
                           const char *period)
{
    kb_put(k, "check/", 6);
    kb_rule(k, standard, clause, requirement);
    kb_put(k, "/", 1);
    if (!type)
        return;
    if (strcmp(type, "activity") != 0 && strcmp(type, "org") != 0) {
        kb_str(k, org ? org : "?");
        kb_put(k, "/", 1);
    }
    if (strcmp(type, "period") == 0) {
        kb_str(k, period ? period : "");
        return;
    }
    if (strcmp(type, "member") == 0) {
        kb_put(k, "member:", 7);
        kb_int(k, id);
        kb_put(k, "/", 1);
        kb_str(k, period ? period : "");
        return;
    }
    kb_str(k, type);
    kb_put(k, ":", 1);
    kb_int(k, id);
}

/* false: the finding is nothing a reminder is about (a procedure deadline, out of scope) */
static bool classify(const rm_ctx *c, const qf_finding *f, seen *s)
{
    if (f->kind && strcmp(f->kind, "deadline") == 0)
        return false; /* procedure deadlines come from the cases themselves */
    if (!rm__in_scope(c, f->org_id))
        return false;
    bool check_fn = f->kind && strcmp(f->kind, "check") == 0;
    const char *type = f->subject_type ? f->subject_type : "";
    keybuf k;
    kb_init(&k, s->rule, sizeof s->rule);
    kb_rule(&k, f->standard, f->clause, f->requirement);
    kb_init(&k, s->subject_key, sizeof s->subject_key);
    kb_subject_key(&k, f->standard, f->clause, f->requirement, type, f->org,
                   (long long)f->subject_id, f->period);
    kb_init(&k, s->key, sizeof s->key);
    kb_str(&k, s->subject_key);
    /* a term (org subject) comes round again with a new due date: it is part of the key */
    if (strcmp(type, "org") == 0) {
        char dl[11];
        qf_date_format(f->deadline, dl);
        kb_put(&k, "/", 1);
        kb_str(&k, dl);
    }
    switch (f->status) {
    case QF_FINDING_PASS: s->kind = RM_MET; break;
    case QF_FINDING_NA: s->kind = RM_GONE; break;
    case QF_FINDING_WAIVED: s->kind = RM_GONE; break; /* explained: nothing to remind of */
    case QF_FINDING_ERROR: s->kind = RM_UNKNOWN; break;
    case QF_FINDING_OPEN:
        /* a check function judging an org or member answers for the whole range checked: it
         * has no day of its own to remind of (write a qufa.reminder for it) */
        if (f->deadline == QF_DATE_NONE || (check_fn && (strcmp(type, "org") == 0 ||
                                                         strcmp(type, "member") == 0)))
            s->kind = RM_UNKNOWN;
        else
            s->kind = f->deadline >= c->today ? RM_OPEN : RM_OVERDUE;
        break;
    case QF_FINDING_FAIL:
    case QF_FINDING_WARN:
    default:
        /* material that came in late was still produced: nothing left to remind of */
        if (f->kind && strcmp(f->kind, "artifact") == 0 && f->n_artifacts > 0)
            s->kind = RM_MET;
        else if (f->deadline == QF_DATE_NONE)
            s->kind = RM_UNKNOWN;
        else
            s->kind = RM_OVERDUE;
        break;
    }
    return true;
}

/* A verdict only: what the check says about the subject of an unresolved reminder. */
static int add_verdict(rm_ctx *c, const seen *s)
{
    rm_cands *cs = &c->cands;
    rm_cand *x = rm__add(cs);
    if (!x)
        return qf_error_last_code();
    x->kind = s->kind;
    x->light = true;
    x->source = "check";
    x->key = qf__arena_strdup(&cs->arena, s->key);
    x->subject_key = qf__arena_strdup(&cs->arena, s->subject_key);
    return x->key && x->subject_key ? QF_OK : qf__oom();
}

/* A whole candidate, its texts copied out of the finding (which the check frees). */
static int add_finding(rm_ctx *c, const qf_finding *f, const seen *s)
{
    rm_cands *cs = &c->cands;
    qf_arena *a = &cs->arena;
    rm_cand *x = rm__add(cs);
    if (!x)
        return qf_error_last_code();
    x->kind = s->kind;
    x->source = "check";
    x->rule = qf__arena_strdup(a, s->rule);
    x->subject_key = qf__arena_strdup(a, s->subject_key);
    x->key = qf__arena_strdup(a, s->key);
    x->subject_type = qf__arena_strdup(a, f->subject_type ? f->subject_type : "");
    x->subject_id = f->subject_id;
    x->subject = f->subject_msg ? qf__msg_copy(a, f->subject_msg) : NULL;
    x->org_id = f->org_id;
    x->period_start = f->period_start;
    x->responsible = qf__arena_strdup(a, f->responsible);
    x->org_code = qf__arena_strdup(a, f->org);
    x->standard = qf__arena_strdup(a, f->standard);
    x->clause = qf__arena_strdup(a, f->clause);
    x->requirement = f->requirement;
    char what[300];
    const char *text = clause_text(f, what, sizeof what);
    x->title = rm__msg(cs, N_("%s: %s (%s %s)"), "Msss", x->subject,
                       text ? text : f->standard_title ? f->standard_title : f->standard,
                       f->standard, f->clause);
    x->message = f->message_msg ? qf__msg_copy(a, f->message_msg) : NULL;
    if (!x->title || !x->message || !x->subject || !x->rule || !x->key)
        return qf_error_last_code() ? qf_error_last_code() : qf__oom();
    x->due = f->deadline;
    if (f->remind) {
        x->leads = qf__arena_strdup(a, f->remind);
        return x->leads ? QF_OK : qf__oom();
    }
    return leads_of(c, f, &x->leads);
}

/* ---- which findings a run can use ------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has(char *const *set, size_t n, const char *s)
{
    return n && bsearch(&s, set, n, sizeof *set, cmp_str) != NULL;
}

static int push_str(rm_ctx *c, char ***set, size_t *n, size_t *cap, const char *s)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        char **g = realloc(*set, nc * sizeof *g);
        if (!g)
            return qf__oom();
        *set = g;
        *cap = nc;
    }
    char *copy = qf__arena_strdup(&c->cands.arena, s);
    if (!copy)
        return qf__oom();
    (*set)[(*n)++] = copy;
    return QF_OK;
}

typedef struct stream {
    rm_ctx *c;
    char **keys;          /* every check reminder in the ledger, by key (any state) */
    size_t n_keys, cap_keys;
    char **subjects;      /* the subjects of the unresolved ones */
    size_t n_subjects, cap_subjects;
    qf_arena scratch;     /* one branch's keys */
} stream;

/* The ledger's check reminders: every key, the subjects of the unresolved ones, and the first
 * day those are about (c->check_from, the day the check must judge from). */
static int load_ledger(stream *s)
{
    static const char sql[] =
        "SELECT key, subject_key, CASE WHEN " RM_UNRESOLVED " THEN 1 ELSE 0 END, period_start "
        "FROM reminder WHERE source = 'check'";
    qf_stmt *st = qf__stmt(s->c->db, sql);
    if (!st)
        return qf_error_last_code();
    s->c->check_from = QF_DATE_NONE;
    int rc = QF_OK, step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        rc = push_str(s->c, &s->keys, &s->n_keys, &s->cap_keys, qf__col_text(st, 0));
        if (rc || !qf__col_int(st, 2))
            continue;
        rc = push_str(s->c, &s->subjects, &s->n_subjects, &s->cap_subjects, qf__col_text(st, 1));
        qf_date start = qf__col_date(st, 3), *first = &s->c->check_from;
        if (start != QF_DATE_NONE && (*first == QF_DATE_NONE || start < *first))
            *first = start;
    }
    qf__reset(st);
    if (rc)
        return rc;
    if (step != QF_DONE)
        return qf__sqlerr(s->c->db, step, "reminder");
    if (s->n_keys)
        qsort(s->keys, s->n_keys, sizeof *s->keys, cmp_str);
    if (s->n_subjects)
        qsort(s->subjects, s->n_subjects, sizeof *s->subjects, cmp_str);
    return QF_OK;
}

enum { SKIP = 0, VERDICT, WHOLE };

/*
 * Which requirements a run judges. A finding with no day of its own to fall due
 * (qf__req_dated) is never a candidate (classify: met, gone or unknown, never open or
 * overdue; a procedure's deadline is not even that: classify drops it); it matters only as
 * the verdict on an unresolved reminder about its subject, and such a reminder has the
 * requirement's rule in its subject key ("check/STD/CLAUSE#N/…": one made when the same rule
 * judged the same subject in another way, by an earlier revision). So such a requirement is
 * judged only when an unresolved reminder's subject key starts with its rule: the candidates
 * are those of judging it all.
 * The attendance, agenda and guests of every activity and the check functions on orgs and
 * members (three of them reading the org's members as of today) are a quarter of a run.
 */
static bool judges(void *payload, const char *standard, const qf_clause *clause, const qf_req *req)
{
    const stream *s = payload;
    if (qf__req_dated(req) && req->kind->kind != QF_REQ_DEADLINE)
        return true;
    if (!s->n_subjects)
        return false;
    char prefix[260];
    keybuf k;
    kb_init(&k, prefix, sizeof prefix);
    kb_subject_key(&k, standard, clause->number, req->index, NULL, NULL, 0, NULL);
    size_t n = (size_t)(k.p - prefix);
    /* the first subject not below the prefix: it starts with it if any does */
    size_t lo = 0, hi = s->n_subjects;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->subjects[mid], prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_subjects && strncmp(s->subjects[lo], prefix, n) == 0;
}

/*
 * Which activities a check function on activities is called for. Its finding's only deadline
 * is the activity's day (while `open`; a `fail` has none: unknown), so the finding about an
 * activity held before today (not open) that is not since the last run (not caught up) is a
 * candidate only when the ledger knows its key — which, for an activity, is its subject key.
 * Judging the others would find nothing a run can use: two thirds of the calls, the next day.
 */
static bool judges_activity(void *payload, const char *standard, const qf_clause *clause,
                            const qf_req *req, int64_t id, qf_date day)
{
    const stream *s = payload;
    const rm_ctx *c = s->c;
    if (day >= c->today || (c->last_run != QF_DATE_NONE && day > c->last_run))
        return true;
    char key[300];
    keybuf k;
    kb_init(&k, key, sizeof key);
    kb_subject_key(&k, standard, clause->number, req->index, "activity", NULL, id, NULL);
    return has(s->keys, s->n_keys, key);
}

/* Which periods of an org a cadence judges: as judges_activity, its finding falls due on the
 * period's last day, and its key is its subject key ("check/RULE/ORG/PERIOD"). */
static bool judges_period(void *payload, const char *standard, const qf_clause *clause,
                          const qf_req *req, const char *org, qf_period p)
{
    const stream *s = payload;
    const rm_ctx *c = s->c;
    if (p.end >= c->today || (c->last_run != QF_DATE_NONE && p.end > c->last_run))
        return true;
    char key[300], code[48];
    qf_period_format(&p, code, sizeof code);
    keybuf k;
    kb_init(&k, key, sizeof key);
    kb_subject_key(&k, standard, clause->number, req->index, "period", org, 0, code);
    return has(s->keys, s->n_keys, key);
}

/*
 * Which findings the check keeps for on_branch: an obligation open or overdue (on_branch
 * decides, with the branch's other findings, whether a lapse goes in), and any other only as
 * the verdict on an unresolved reminder about its subject. The rest (a period met long ago, an
 * activity's material in order) is dropped before its texts are rendered: most of a run's.
 */
static bool keeps_finding(void *payload, const qf_finding *f)
{
    const stream *s = payload;
    seen sn;
    if (!classify(s->c, f, &sn))
        return false;
    return sn.kind == RM_OPEN || sn.kind == RM_OVERDUE ||
           has(s->subjects, s->n_subjects, sn.subject_key);
}

/* One branch's findings: those a run can use become candidates, in the check's order. */
static int on_branch(void *payload, const qf_check_result *br)
{
    stream *s = payload;
    rm_ctx *c = s->c;
    size_t n = qf_check_count(br);
    if (!n)
        return 0;
    qf__arena_reset(&s->scratch);
    seen *sn = qf__arena_alloc(&s->scratch, n * sizeof *sn);
    unsigned char *keep = qf__arena_alloc(&s->scratch, n);
    const char **whole = qf__arena_alloc(&s->scratch, n * sizeof *whole);
    if (!sn || !keep || !whole)
        return qf__oom();
    size_t n_whole = 0;
    /* an open obligation goes into the ledger; a lapse only when the ledger knows its key, or
     * it fell due since the last run (apply_candidates ignores the others) */
    for (size_t i = 0; i < n; i++) {
        const qf_finding *f = qf_check_finding(br, i);
        keep[i] = SKIP;
        if (!classify(c, f, &sn[i]))
            continue;
        bool caught_up = c->last_run != QF_DATE_NONE && f->deadline > c->last_run;
        if (sn[i].kind == RM_OPEN ||
            (sn[i].kind == RM_OVERDUE && (caught_up || has(s->keys, s->n_keys, sn[i].key)))) {
            keep[i] = WHOLE;
            whole[n_whole++] = sn[i].key;
        } else {
            keep[i] = VERDICT;
        }
    }
    if (n_whole > 1)
        qsort(whole, n_whole, sizeof *whole, cmp_str);
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < n; i++) {
        if (keep[i] == VERDICT) {
            /* a lapse sharing its key with one that goes in updates that one */
            if (sn[i].kind == RM_OVERDUE && has((char *const *)whole, n_whole, sn[i].key))
                keep[i] = WHOLE;
            else if (!has(s->subjects, s->n_subjects, sn[i].subject_key))
                continue;
        }
        rc = keep[i] == WHOLE ? add_finding(c, qf_check_finding(br, i), &sn[i])
                              : add_verdict(c, &sn[i]);
    }
    return rc ? (rc < 0 ? rc : -rc) : 0;
}

/* The order of qf_check_run's findings (qf__finding_order_cmp), across branches: ledger rows are
 * numbered in the order candidates go in. Verdicts have no order of their own: last. */
static int cand_cmp(const void *pa, const void *pb)
{
    const rm_cand *a = pa, *b = pb;
    if (a->light != b->light)
        return a->light ? 1 : -1;
    if (a->light)
        return 0;
    qf_finding_order x = {a->org_code, a->standard, a->subject_type, a->clause, a->period_start,
                          a->subject_id, a->requirement};
    qf_finding_order y = {b->org_code, b->standard, b->subject_type, b->clause, b->period_start,
                          b->subject_id, b->requirement};
    return qf__finding_order_cmp(&x, &y);
}

static int from_stream(stream *s, const qf_check_options *o)
{
    rm_ctx *c = s->c;
    qf_req_filter filter = {judges, judges_activity, judges_period, keeps_finding, s};
    int rc = qf__check_each_judging(c->db, o, &filter, on_branch, s, NULL);
    if (!rc && c->cands.n > 1)
        qsort(c->cands.items, c->cands.n, sizeof *c->cands.items, cand_cmp);
    return rc;
}

/* The reference: the whole range judged at once, every finding a candidate. */
static int from_whole(rm_ctx *c, const qf_check_options *o)
{
    qf_check_result *r = NULL;
    int rc = qf_check_run(&r, c->db, o);
    if (rc)
        return rc;
    seen s;
    for (size_t i = 0; rc == QF_OK && i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        if (classify(c, f, &s))
            rc = add_finding(c, f, &s);
    }
    qf_check_result_free(r);
    return rc;
}

/* The check over the range a run needs, streamed (or the reference path, QUFA_REMIND_REFERENCE). */
static int judge(rm_ctx *c, stream *s)
{
    qf_check_options o;
    int rc = qf_check_options_init(&o, c->db);
    if (rc)
        return rc;
    /* a party group's reminders are judged with its branch (the check judges branches) */
    o.org_id = c->opts->org_id;
    if (o.org_id) {
        static const char sql[] = "SELECT kind, parent_id FROM org WHERE id = ?1";
        qf_stmt *st = qf__stmt(c->db, sql);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, o.org_id);
        if (qf__step(st) == QF_ROW && strcmp(qf__col_text(st, 0), "group") == 0)
            o.org_id = qf__col_id(st, 1);
        qf__reset(st);
    }
    /* from the first day anything unresolved or missed since the last run is about, to a year
     * ahead (the material due before activities already scheduled) */
    qf_date from = c->today;
    if (c->last_run != QF_DATE_NONE && c->last_run + 1 < from)
        from = c->last_run + 1;
    if (c->check_from != QF_DATE_NONE && c->check_from < from)
        from = c->check_from;
    o.period.kind = QF_PERIOD_RANGE;
    o.period.start = qf_period_containing(QF_PERIOD_YEAR, from).start;
    o.period.end = qf_period_containing(QF_PERIOD_YEAR, c->today + 366).end;
    o.custom = c->opts->custom;
    o.payload = c->opts->custom_payload;
    const char *ref = getenv("QUFA_REMIND_REFERENCE");
    return ref && *ref && strcmp(ref, "0") != 0 ? from_whole(c, &o) : from_stream(s, &o);
}

int rm__from_check(rm_ctx *c)
{
    stream s = {.c = c};
    int rc = load_ledger(&s);
    if (!rc)
        rc = judge(c, &s);
    free(s.keys);
    free(s.subjects);
    qf__arena_free(&s.scratch);
    return rc;
}
