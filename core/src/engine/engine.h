/* Internal: the engine. For each branch a plan is made first — every standard resolved for the
 * org it judges (the branch, or one of its party groups for a group's own standard), split into
 * segments of judging days where the revision or a tailoring changes — then the branch's
 * snapshot is evaluated against the plan. Evaluators emit obligations (what was due, for whom,
 * by when, and how it stands today); findings, reminders and reports are views of them. */
#ifndef QUFA_ENGINE_H
#define QUFA_ENGINE_H

#include "arena.h"
#include "check_filter.h"
#include "check_view.h"
#include "evaluators.h"
#include "fphash.h"
#include "kind_params.h"
#include "msg.h"
#include "rulebook.h"
#include "snapshot.h"

/* ---- the plan ------------------------------------------------------------------------------ */

/* A resolved standard judging the days [from, to] of the org `scope_id`. */
typedef struct qf_plan_item {
    const qf_resolved *std;
    qf_date from, to;
    qf_date adopted;  /* the org adopted the standard early from this day (or QF_DATE_NONE) */
    int64_t scope_id; /* the branch, or the party group that owns the standard */
} qf_plan_item;

typedef struct qf_plan {
    qf_plan_item *items;
    size_t n, cap;
    snap_need need;   /* what the requirements read of activities' children */
    const qf_req_filter *filter; /* the requirements judged (NULL: all) */
} qf_plan;

/* Whether the plan judges requirement `req` of clause `cl` of item `it`. */
static inline bool qf__plan_judges(const qf_plan *p, const qf_plan_item *it, const qf_clause *cl,
                                   const qf_req *req)
{
    return !p->filter || p->filter->judges(p->filter->payload, it->std->rev->code, cl, req);
}

typedef struct qf_resolve_cache qf_resolve_cache;
qf_resolve_cache *qf__resolve_cache_new(void);
void qf__resolve_cache_free(qf_resolve_cache *c);
/* The resolved requirement's parameters as compact JSON with sorted keys (what a check
 * function receives), made once per run; owned by the cache. NULL when out of memory. */
const char *qf__resolve_cache_params(qf_resolve_cache *c, const qf_req *req);

/* Plans one branch over the judging days [from, to] (`only`: one standard code, or NULL;
 * `filter`: the requirements judged, or NULL for all). */
int qf__plan_branch(qf_plan *p, qf_db *db, const qf_rulebook *b, qf_resolve_cache *cache,
                    int64_t branch_id, qf_date from, qf_date to, qf_date today, const char *only,
                    const qf_req_filter *filter);
void qf__plan_free(qf_plan *p);

/* ---- the result ---------------------------------------------------------------------------- */

/* A waiver as the engine matches it (engine/waiver_apply.c); strings in the result's arena. */
typedef struct qf_waiver_rule {
    int64_t id, org_id;
    const char *standard, *clause, *pattern, *reason, *recorded_by, *approved_by;
    int requirement;
    qf_date from, until;
} qf_waiver_rule;

/* A branch of a run and the fingerprint of what judging it read (24 bytes: qf__fphash_digest). */
typedef struct qf_branch_fp {
    int64_t id;
    unsigned char fp[24];
} qf_branch_fp;
typedef struct qf_org_branch {
    const char *org;
    size_t branch; /* index into the result's branches */
} qf_org_branch;

/* Explain mode (explain.c): the key asked about and what the evaluators said about the records
 * they considered. NULL in a normal check, so a check pays one pointer test per hook. */
typedef struct qf_trace qf_trace;

/* A string copied into a result's arena once for all the findings that name it (emit.c). */
#define QF_KEPT_SLOTS 64
typedef struct qf_kept {
    const char *src, *copy;
} qf_kept;

/* A period's code in a result's arena, kept by the period (emit.c). */
#define QF_KEPT_PERIODS 32
typedef struct qf_kept_period {
    qf_period p;
    const char *code; /* NULL: empty */
} qf_kept_period;

/* Subjects made once per result: an activity's (by its id), an org's period (by org and period)
 * (eval_util.c), and the text of a subject message, rendered once (emit.c). */
#define QF_KEPT_SUBJECTS 64
typedef struct qf_kept_subject {
    int64_t id; /* the activity, or the org of the period */
    qf_period p;
    const qf_msg *msg; /* NULL: empty */
} qf_kept_subject;
typedef struct qf_kept_render {
    const qf_msg *msg;
    const char *text;
    bool nestable; /* the text is what rendering it nested would give (qf_msg_known) */
} qf_kept_render;
/* A shared message's text, rendered once per result (emit.c): a subject, or a label that
 * many findings' messages nest (cadence's kinds). */
const char *qf__kept_render(qf_check_result *r, const qf_msg *m, qf_db *db);

struct qf_check_result {
    qf_arena arena;
    /* what emitting findings keeps in the arena to share among them; emptied with it */
    qf_kept kept[QF_KEPT_SLOTS];
    qf_kept_period kept_periods[QF_KEPT_PERIODS];
    qf_kept_subject kept_activities[QF_KEPT_SUBJECTS], kept_period_subjects[QF_KEPT_SUBJECTS];
    qf_kept_render kept_renders[QF_KEPT_SUBJECTS];
    qf_trace *trace;          /* explain mode only */
    qf_waiver_rule *waivers;  /* every waiver, read once per run */
    size_t n_waivers;
    bool waivers_borrowed;    /* the run's (a branch's result in a stream): not freed here */
    qf_finding *findings;
    size_t n, cap;
    char *period;         /* the requested period's code */
    char *fingerprint;
    char *org;            /* org code asked for, NULL = all */
    qf_date today;
    qf_period range;
    /* what an assessment saved from this result needs for a later incremental check
     * (incremental.c): the audit entry the run saw last, the standard it was limited to, each
     * branch judged with its inputs' fingerprint, and which branch each finding's org is in */
    int64_t audit_seq;
    char *standard;
    qf_branch_fp *branches;
    size_t n_branches;
    qf_org_branch *org_branch; /* sorted by org code (codes in the arena) */
    size_t n_org_branch;
    size_t rejudged;           /* branches judged anew (the others reused from `since`) */
};

/* Adds a copy of `f` (a saved finding being loaded): strings and ids go to the result's arena;
 * a message stored as an id with arguments is rendered in the current language. */
int qf__result_add(qf_check_result *r, qf_db *db, const qf_finding *f);
/* Sorts the findings (org, standard, period, subject, clause) and links those that share a
 * cause (same_as). */
void qf__result_sort(qf_check_result *r);
/* Empties a result for the next branch, keeping its memory (stream.c). */
void qf__result_clear(qf_check_result *r);
/* Findings held by every result alive in this thread, and the most held at once since the last
 * reset: a streamed check must hold one branch's at a time (tested, never timed). */
void qf__findings_held(ptrdiff_t delta);
size_t qf__findings_peak(bool reset);

/* The output formats in pieces (check_output.c), so a whole result and a streamed run write
 * the same bytes: a head, each result's findings, then the summary. */
json_t *qf__finding_json(const qf_finding *f);
/* The same finding's JSON text, nested `depth` levels deep (finding_json.c): jansson's bytes
 * without a jansson object per finding, appended after `sep` to `b` (exchange/csvio.h's
 * growable string, grown as needed; its length as it was on error). The text is not
 * NUL-terminated: it is `b->len` bytes. */
struct qf_buf;
int qf__finding_json_append(struct qf_buf *b, const char *sep, const qf_finding *f, int depth);
json_t *qf__summary_json(const qf_check_summary *s);
int qf__json_head(FILE *out, const char *period, qf_date today, const char *org);
int qf__json_findings(FILE *out, const qf_check_result *r, size_t *written);
int qf__json_tail(FILE *out, size_t written, const char *fingerprint, const qf_check_summary *s);
int qf__csv_head(FILE *out);
int qf__csv_rows(FILE *out, const qf_check_result *r);
void qf__text_head(FILE *out, const char *period, qf_date today);
int qf__text_findings(FILE *out, const qf_check_result *r, const qf_text_options *o);
int qf__text_summary(FILE *out, const qf_check_summary *s);

/* ---- one run of the check: the rulebook, the branches, the fingerprint (run.c) ------------- */

typedef struct qf_run {
    qf_db *db;
    const qf_check_options *o;
    qf_rulebook book;
    bool book_read;
    qf_resolve_cache *cache;
    int64_t *branches;    /* the branches judged, in code order */
    size_t n_branches;
    qf_fphash fp;         /* every branch's inputs, in that order */
    qf_date today;
    char code[40];        /* the requested period's code */
    char *org;            /* the org asked for, NULL = all */
    qf_trace *trace;      /* explain mode: given to each result the run makes */
    qf_check_result *waiver_set; /* holds the waivers (read once, hashed into fp) */
    int64_t audit_seq;    /* the last audit entry this run's snapshot holds */
    unsigned char branch_fp[24]; /* the fingerprint of the branch qf__run_branch did last */
    struct qf_since *since; /* an incremental run: what the assessment lets it reuse */
    size_t rejudged;      /* branches judged (not reused) */
    const qf_req_filter *filter; /* the requirements judged (NULL: all) */
} qf_run;

/* An assessment saved as a run streams: each branch's findings (their JSON text) and
 * fingerprint spooled to a temporary file as it is judged (assessment_spool.c), then written
 * in one transaction once the run has ended (assessment.c). */
typedef struct qf_spool {
    FILE *f;
    size_t n;
} qf_spool;
int qf__spool_open(qf_spool *s);
int qf__spool_put(qf_spool *s, int64_t branch, const unsigned char fp[24], const char *json);
int qf__spool_rewind(qf_spool *s);
/* The next branch; *json is malloc'd. */
int qf__spool_next(qf_spool *s, int64_t *branch, unsigned char fp[24], char **json);
void qf__spool_close(qf_spool *s);
int qf__assessment_spool_branch(qf_spool *s, int64_t branch, const unsigned char fp[24],
                                const qf_check_result *r);
/* Writes the assessment of `run` (ended: its fingerprint and summary given) with the spooled
 * branches; *id gets its id. */
int qf__assessment_write_spooled(int64_t *id, qf_db *db, const qf_run *run, const char *note,
                                 const char *fingerprint, const qf_check_summary *s,
                                 qf_spool *spool);
int qf__check_options_valid(const qf_check_options *o);
int qf__run_open(qf_run *run, qf_db *db, const qf_check_options *o, qf_trace *trace);
void qf__run_close(qf_run *run); /* after a failed open too */
/* Judges branch i of the run, adding its findings (unsorted) to `res`. */
int qf__run_branch(qf_run *run, qf_check_result *res, size_t i);
/* ---- incremental runs (incremental.c): branches whose inputs did not change since an
 * assessment keep its findings ---------------------------------------------------------------- */
typedef struct qf_since qf_since;
/* Reads what assessment `id` lets this run reuse: every branch it saved that no write since
 * touched (today, period and standard unchanged); `run` is open, its branches listed. */
int qf__since_open(qf_since **out, qf_run *run, int64_t id);
void qf__since_free(qf_since *s);
/* Whether branch `id` is reused; if so its saved fingerprint is copied to fp. */
bool qf__since_reuses(const qf_since *s, int64_t id, unsigned char fp[24]);
/* Adds the saved findings of branch `id` to `res`, in their saved order. */
int qf__since_load(const qf_since *s, qf_db *db, qf_check_result *res, int64_t id);
/* Why nothing could be reused ("" when branches were reused or judged by choice). */
const char *qf__since_reason(const qf_since *s);
/* The saved findings of a JSON array (`len` bytes; each finding as qf__finding_json writes
 * it) added to `res` (finding_load.c). QF_ECORRUPT, with no message set, when the text is not
 * such an array or a finding lacks its standard or clause: the caller names the assessment. */
int qf__findings_load_json(qf_check_result *res, qf_db *db, const char *json, size_t len);

/* An empty result with the run's period and today. */
qf_check_result *qf__run_result(const qf_run *run, const char *org);
/* The run's fingerprint once every branch is judged. */
void qf__run_fingerprint(const qf_run *run, char hex[65]);
/* A stream's org asked for (NULL = all) and period code, while it runs. */
const char *qf__stream_org(const qf_check_stream *s);
const char *qf__stream_period(const qf_check_stream *s);

/* ---- evaluation ---------------------------------------------------------------------------- */

/* One requirement being judged for one org over one window of judging dates. */
typedef struct qf_eval {
    qf_db *db;
    qf_check_result *res;
    const qf_check_options *opts;
    const qf_rulebook *book;
    const qf_snapshot *snap;
    const qf_plan_item *item;
    const qf_resolved *std;
    const qf_clause *clause;
    const qf_req *req;
    const qf_pval *p;         /* req->p */
    const snap_org *org;      /* the org the standard judges (the branch or a group) */
    qf_date today;
    qf_period range;          /* the requested period */
    qf_date win_from, win_to; /* judging dates this revision covers */
    qf_fphash *fp;            /* the run's fingerprint, for evaluators that read beyond the snapshot */
    qf_arena *scratch;        /* where messages are built: the result's arena (findings keep them) */
    /* qf__eval_kind's answers by kind (the snapshot interns kinds: one pointer per kind) */
    const char *kind_seen[8];
    bool kind_ok[8];
    int n_kind_seen;
    qf_trace *trace;          /* explain mode: where evaluators say why a record counted or not */
    qf_resolve_cache *cache;  /* the run's resolutions (NULL: none), which `std` belongs to */
    qf_check_view *view;      /* the branch for check functions' own questions (NULL: none) */
    const qf_req_filter *filter; /* a caller judging only some findings (NULL: every one) */
} qf_eval;

/* Explain mode: a record an evaluator considered for the obligation it emits next, whether it
 * counted and why (`why` NULL for "counted"). Use QF_TRACE: nothing is built when not
 * explaining. `day` places the record in a period (an entry whose day is outside the emitted
 * obligation's period is not about it). */
void qf__trace_note(qf_eval *e, const char *type, int64_t id, qf_date day, bool counted,
                    const qf_msg *why);
#define QF_TRACE(e, type, id, day, counted, why)                                                   \
    do {                                                                                           \
        if ((e)->trace)                                                                            \
            qf__trace_note((e), (type), (id), (day), (counted), (why));                            \
    } while (0)
/* Explain mode: the finding just emitted; when it is the one asked about, its explanation is
 * made (clause, parameters with provenance, period, records considered). */
int qf__trace_emitted(qf_eval *e, const qf_finding *f, qf_date judged);
/* Explain mode: whether the run judges this requirement at all (only the key's). */
bool qf__trace_wants(const qf_trace *t, const qf_clause *c, const qf_req *r);

/* What an evaluator says about one subject: an obligation and how it stands today. */
typedef struct qf_ob {
    qf_finding_status status; /* as if the clause were a requirement (fail = unmet) */
    const char *subject_type; /* "period", "activity", "org", "member" */
    int64_t subject_id;
    const qf_msg *subject;
    int64_t org_id;           /* 0: the org the standard judges */
    qf_period period;
    const qf_msg *message;
    qf_date due;              /* the last day the rule allows, whatever the status */
    const int64_t *activities;
    size_t n_activities;
    const int64_t *artifacts;
    size_t n_artifacts;
    const char *cause;        /* what the lapse is (kind-specific); NULL: only this finding */
    const qf_counts *counts;  /* attendance: the counting model's answer, or NULL */
} qf_ob;

/* Adds a finding: maps fail to warn/n-a by clause type, applies an exemption in force, keys it,
 * renders its texts. */
int qf__emit(qf_eval *e, const qf_ob *o);

/* Reads every waiver into the result and adds them to the fingerprint. */
int qf__waivers_load(qf_check_result *r, qf_db *db, qf_fphash *fp);
/* Applies the waivers to finding `f` (status, key and org set), judged on day `judged`: a fail,
 * warn or open finding a waiver holds for becomes `waived`; one a matching waiver held for
 * only before that day keeps its status and says "waiver expired on …". *message is extended. */
int qf__waiver_apply(qf_eval *e, qf_finding *f, const qf_msg **message, qf_date judged);

/* Attendance counts in a finding's JSON evidence and back (counts_json.c): "body", then these
 * integer fields in this order (finding_json.c writes the same object directly). */
#define COUNT_FIELDS(X)                                                                           \
    X(due) X(voting) X(full) X(present) X(present_voting) X(present_full) X(late) X(leave)         \
        X(absent) X(unrecorded) X(observers) X(guests) X(recorded)
json_t *qf__counts_json(const qf_counts *c);
/* False (and `out` zeroed) when `o` is not a counts object. */
bool qf__counts_from_json(qf_counts *out, json_t *o);

/* Whether a judging date falls in this evaluation's window. */
bool qf__in_window(const qf_eval *e, qf_date d);
/* Whether this evaluation judges period `p`: the segment holding its judging day (its end, or
 * today), or — when the standard is not in force that day — the segment holding the last day
 * before it on which it is, else the period's last such day (so a period the standard covers in
 * part gets exactly one n/a, judged by the revision a reader would look at). */
bool qf__judges_period(const qf_eval *e, qf_period p);
/* The standard (any revision, or adopted early) is in force on every day of [a, b]. */
bool qf__in_force_throughout(const qf_eval *e, qf_date a, qf_date b);
/* Whether an activity kind (a snapshot's interned string) is in a list parameter. */
bool qf__eval_kind(qf_eval *e, const qf_pval *kinds, const char *kind);
/* Whether an activity is held by the org the standard judges (or one of its groups when
 * `with_groups`). */
bool qf__eval_org_holds(const qf_eval *e, const snap_activity *a, bool with_groups);
/* The orgs a requirement with `each` judges: the scope, or each party group under it. The
 * array is allocated in the scratch arena. */
size_t qf__eval_orgs(qf_eval *e, const char *each, const snap_org ***out);
/* Whether a per-activity requirement judges activity `a`: of one of the kinds, starting inside
 * the requested range on a day this revision covers, held by the org the standard judges or
 * (for a branch) one of its party groups. */
bool qf__eval_activity_judged(qf_eval *e, const qf_pval *kinds, const snap_activity *a);
/* The obligation about an activity (subject, org, day, evidence) before its verdict. */
qf_ob qf__activity_ob(qf_eval *e, const snap_activity *a);
/* "2017-05-10 党课 "题目"": an activity as a subject */
const qf_msg *qf__activity_subject(qf_eval *e, const snap_activity *a);
/* "第一党小组 <m>" when judging a group under a branch, else m */
const qf_msg *qf__org_subject(qf_eval *e, const snap_org *o, const qf_msg *m);
/* qf__org_subject of the period's label ("%s", P), one message per org and period for all the
 * result's findings about them. */
const qf_msg *qf__period_subject(qf_eval *e, const snap_org *o, const qf_period *p);
/* A list of activity kinds as one message ("党小组会或支部委员会") */
const qf_msg *qf__kinds_msg(qf_eval *e, const qf_pval *kinds);
/* Whether member `m` holds `post` in org `org` (0: any org of the snapshot) on `d`. */
bool qf__snap_holds_post(const qf_snapshot *s, int64_t m, int64_t org, const char *post,
                         qf_date d);

/* A cause: "what/detail" (the kind's lapse and what it is about), in the scratch arena. */
const char *qf__cause(qf_eval *e, const char *what, const char *detail);

/* zh/en helpers */
const char *qf__per_label(qf_period_kind k); /* "每半月" / "per half month" */

#endif
