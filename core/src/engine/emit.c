/* Emitting a finding from an evaluator's obligation: the clause type (应 fails, 宜 warns, 可
 * never fails), an exemption in force, the stable key, a waiver, the cause, the texts rendered in the
 * current language (the message and subject stay ids with arguments for storage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static int grow(qf_check_result *r)
{
    if (r->n < r->cap)
        return QF_OK;
    size_t cap = r->cap ? r->cap * 2 : 256;
    qf_finding *g = realloc(r->findings, cap * sizeof *g);
    if (!g)
        return qf__oom();
    r->findings = g;
    r->cap = cap;
    return QF_OK;
}

static const int64_t *copy_ids(qf_arena *a, const int64_t *ids, size_t n)
{
    if (!n)
        return NULL;
    int64_t *d = qf__arena_alloc(a, n * sizeof *d);
    if (d)
        memcpy(d, ids, n * sizeof *d);
    return d;
}

/* A key being written into a fixed buffer; `over` when it did not fit. */
typedef struct keybuf {
    char buf[400];
    size_t n;
    bool over;
} keybuf;

static void kput(keybuf *k, const char *s)
{
    if (!s) { /* left to qf__fmt, as before */
        k->over = true;
        return;
    }
    size_t n = strlen(s);
    if (k->n + n >= sizeof k->buf) {
        k->over = true;
        return;
    }
    memcpy(k->buf + k->n, s, n);
    k->n += n;
}

static void kput_int(keybuf *k, long long v)
{
    char d[24];
    const char *p = qf__put_decimal(d + sizeof d, (int64_t)v);
    size_t n = (size_t)(d + sizeof d - p);
    if (k->n + n >= sizeof k->buf) {
        k->over = true;
        return;
    }
    memcpy(k->buf + k->n, p, n);
    k->n += n;
}

/* "GY1-BYT/4.1#1@gy1/period/2017-06-H2", "FZDYXZ/2#1@gy1/activity/17",
 * "DKJS/6#1@gy1/member/12/2017". Written piece by piece (qf__fmt for every finding was 2% of
 * a check); a key too long for the buffer is cut by qf__fmt as before. */
static char *make_key(qf_arena *a, const qf_finding *f)
{
    const char *org = f->org ? f->org : "";
    keybuf k = {.n = 0, .over = false};
    kput(&k, f->standard);
    kput(&k, "/");
    kput(&k, f->clause);
    kput(&k, "#");
    kput_int(&k, f->requirement);
    kput(&k, "@");
    kput(&k, org);
    if (strcmp(f->subject_type, "period") == 0) {
        kput(&k, "/period/");
        kput(&k, f->period);
    } else if (strcmp(f->subject_type, "activity") == 0) {
        kput(&k, "/activity/");
        kput_int(&k, f->subject_id);
    } else {
        kput(&k, "/");
        kput(&k, f->subject_type);
        kput(&k, "/");
        kput_int(&k, f->subject_id);
        kput(&k, "/");
        kput(&k, f->period);
    }
    if (!k.over) {
        k.buf[k.n] = '\0';
        return qf__arena_strdup(a, k.buf);
    }
    char buf[400];
    if (strcmp(f->subject_type, "period") == 0)
        qf__fmt(buf, sizeof buf, "%s/%s#%d@%s/period/%s", f->standard, f->clause, f->requirement,
                org, f->period);
    else if (strcmp(f->subject_type, "activity") == 0)
        qf__fmt(buf, sizeof buf, "%s/%s#%d@%s/activity/%lld", f->standard, f->clause,
                f->requirement, org, (long long)f->subject_id);
    else
        qf__fmt(buf, sizeof buf, "%s/%s#%d@%s/%s/%lld/%s", f->standard, f->clause, f->requirement,
                org, f->subject_type, (long long)f->subject_id, f->period);
    return qf__arena_strdup(a, buf);
}

/*
 * A finding's texts are copied into the result's arena (the rulebook and the snapshot go before
 * the result), but most are the same for many findings: the standard's code and title, the
 * clause's number and text, the org's code, the period. Each is copied once per result and the
 * copy shared (12 copies per finding were a seventh of emitting it). `kept_same` finds the copy
 * by the source's address — for the rulebook's strings, which do not change while the run
 * lasts; `kept_text` by the address too, but only while the text there is the same (a
 * snapshot's org code: a later branch's snapshot may hold another at that address; a label
 * from the vocabulary cache); `kept_period` by the period itself.
 */
/* The copy of `s` kept in one half of the slots: the first half trusts the address alone, the
 * second also compares the text (`same_text`). */
static const char *kept(qf_check_result *r, const char *s, bool same_text)
{
    if (!s)
        return NULL;
    uintptr_t h = (uintptr_t)s;
    size_t half = same_text ? QF_KEPT_SLOTS / 2 : 0;
    qf_kept *k = &r->kept[half + ((h >> 3) ^ (h >> 11)) % (QF_KEPT_SLOTS / 2)];
    if (k->src == s && (!same_text || strcmp(k->copy, s) == 0))
        return k->copy;
    const char *copy = qf__arena_strdup(&r->arena, s);
    if (copy) {
        k->src = s;
        k->copy = copy;
    }
    return copy;
}

static const char *kept_same(qf_check_result *r, const char *s)
{
    return kept(r, s, false);
}

static const char *kept_text(qf_check_result *r, const char *s)
{
    return kept(r, s, true);
}

/* The period's code ("2019-06-H2"), made and copied once per result for each period. */
static const char *kept_period(qf_check_result *r, const qf_period *p)
{
    unsigned h = (unsigned)p->start * 31u + (unsigned)p->end * 7u + (unsigned)p->kind;
    qf_kept_period *k = &r->kept_periods[h % QF_KEPT_PERIODS];
    if (k->code && k->p.kind == p->kind && k->p.start == p->start && k->p.end == p->end)
        return k->code;
    char code[48] = "";
    qf_period_format(p, code, sizeof code);
    const char *copy = qf__arena_strdup(&r->arena, code);
    if (copy) {
        k->p = *p;
        k->code = copy;
    }
    return copy;
}

/* A subject's text, rendered once per message: the subjects are shared (eval_util.c) and made
 * in the result's arena, where a message's address is not reused while the slot lives. */
static qf_kept_render *render_slot(qf_check_result *r, const qf_msg *m)
{
    uintptr_t h = (uintptr_t)m;
    return &r->kept_renders[((h >> 4) ^ (h >> 12)) % QF_KEPT_SUBJECTS];
}

const char *qf__kept_render(qf_check_result *r, const qf_msg *m, qf_db *db)
{
    qf_kept_render *k = render_slot(r, m);
    if (k->msg == m && k->text)
        return k->text;
    char *text = qf__msg_render_arena(m, db, &r->arena);
    if (text) {
        k->msg = m;
        k->text = text;
        k->nestable = strlen(text) < 2047 && qf__msg_nesting(m, 4) <= 3;
    }
    return text;
}

/* The message's nested subjects and labels from the texts kept above (qf_msg_known). */
static const char *known_text(void *ctx, const qf_msg *m)
{
    const qf_kept_render *k = render_slot(ctx, m);
    return k->msg == m && k->nestable ? k->text : NULL;
}

int qf__emit(qf_eval *e, const qf_ob *o)
{
    qf_check_result *r = e->res;
    int rc = grow(r);
    if (rc)
        return rc;
    qf_arena *a = &r->arena;
    qf_finding *f = &r->findings[r->n];
    memset(f, 0, sizeof *f);
    f->status = o->status;
    if (o->status == QF_FINDING_FAIL) {
        if (e->clause->type == QF_CLAUSE_RECOMMENDATION)
            f->status = QF_FINDING_WARN;
        else if (e->clause->type == QF_CLAUSE_PERMISSION)
            f->status = QF_FINDING_NA; /* 可: never fails */
    }
    const qf_msg *message = o->message;
    const qf_exemption *na = e->clause->na;
    /* the day an obligation is judged on, for exemptions and waivers: a period's end (or today,
     * while it runs), an activity's own day — a notice for a meeting in September is not exempt
     * by an exemption until July, even in June */
    qf_date judged = strcmp(o->subject_type, "activity") == 0 || o->period.end < e->today
                         ? o->period.end
                         : e->today;
    if (na) {
        /* exempt when the day it is judged on falls before the exemption ends */
        if (na->expires == QF_DATE_NONE || judged <= na->expires) {
            f->status = QF_FINDING_NA;
            message = na->expires == QF_DATE_NONE
                          ? qf__msg(e->scratch, N_("not applicable: %s (tailoring %s)"), "ss",
                                    na->reason ? na->reason : "", na->by)
                          : qf__msg(e->scratch, N_("not applicable until %s: %s (tailoring %s)"),
                                    "Dss", na->expires, na->reason ? na->reason : "", na->by);
            if (!message)
                return qf_error_last_code();
        }
    }
    const qf_std_rev *rev = e->std->rev;
    f->standard = rev->code; /* the rulebook outlives the result? no: copied below */
    f->rev = rev->rev;
    f->standard_title = rev->title;
    f->clause = e->clause->number;
    f->requirement = e->req->index;
    f->kind = e->req->kind->name;
    f->subject_type = o->subject_type;
    f->subject_id = o->subject_id;
    f->org_id = o->org_id ? o->org_id : e->org->id;
    const snap_org *org = qf__snap_org(e->snap, f->org_id);
    f->org = org ? org->code : NULL;
    f->period = kept_period(r, &o->period);
    f->period_start = o->period.start;
    f->period_end = o->period.end;
    f->responsible = e->clause->responsible;
    f->due = f->status == QF_FINDING_OPEN ? o->due : QF_DATE_NONE;
    f->days_left = f->status == QF_FINDING_OPEN && o->due != QF_DATE_NONE ? o->due - e->today : 0;
    f->deadline = o->due;
    f->remind = e->req->leads;
    /* copies into the result's arena (the rulebook and the snapshot go before the result) */
    f->standard = kept_same(r, f->standard);
    f->standard_title = kept_same(r, f->standard_title);
    f->clause = kept_same(r, f->clause);
    f->kind = kept_same(r, f->kind);
    f->subject_type = kept_text(r, f->subject_type);
    f->org = kept_text(r, f->org);
    f->responsible = kept_same(r, f->responsible);
    f->responsible_label =
        f->responsible ? kept_text(r, qf_vocab_label(e->db, "post", f->responsible)) : NULL;
    f->remind = kept_same(r, f->remind);
    f->clause_text = kept_same(r, e->clause->text);
    f->activities = copy_ids(a, o->activities, o->n_activities);
    f->n_activities = o->n_activities;
    f->artifacts = copy_ids(a, o->artifacts, o->n_artifacts);
    f->n_artifacts = o->n_artifacts;
    if (o->counts) {
        qf_counts *c = qf__arena_alloc(a, sizeof *c);
        if (!c)
            return qf__oom();
        *c = *o->counts;
        f->counts = c;
    }
    f->key = make_key(a, f);
    if (!f->key)
        return qf__oom();
    /* a waiver in force makes an unmet obligation `waived` (not a lapse: no cause) */
    if ((rc = qf__waiver_apply(e, f, &message, judged)))
        return rc;
    if (e->filter && e->filter->finding && !e->filter->finding(e->filter->payload, f))
        return QF_OK; /* a finding the caller cannot use: its slot is taken by the next */
    if (o->cause && (f->status == QF_FINDING_FAIL || f->status == QF_FINDING_WARN)) {
        /* "cadence/lecture@gy1/period/0/2017-06": written piece by piece like the key (qf__fmt
         * cost 700 instructions a cause); one that would not fit in 300 bytes is cut by qf__fmt
         * as before */
        keybuf k = {.n = 0, .over = false};
        kput(&k, o->cause);
        kput(&k, "@");
        kput(&k, f->org ? f->org : "");
        kput(&k, "/");
        kput(&k, f->subject_type);
        kput(&k, "/");
        kput_int(&k, f->subject_id);
        kput(&k, "/");
        kput(&k, f->period);
        char cause[300];
        if (!k.over && k.n < sizeof cause) {
            k.buf[k.n] = '\0';
            f->cause = qf__arena_strdup(a, k.buf);
        } else {
            qf__fmt(cause, sizeof cause, "%s@%s/%s/%lld/%s", o->cause, f->org ? f->org : "",
                    f->subject_type, (long long)f->subject_id, f->period);
            f->cause = qf__arena_strdup(a, cause);
        }
    }
    /* the evaluators build messages in the result's arena (e->scratch): kept as they are */
    f->message_msg = message;
    f->subject_msg = o->subject;
    if (!f->message_msg || !f->subject_msg || !f->key || !f->period || !f->standard)
        return qf_error_last_code() ? qf_error_last_code() : qf__oom();
    f->message_id = f->message_msg->id;
    /* the subject first: the message often nests it */
    f->subject = qf__kept_render(r, f->subject_msg, e->db);
    const qf_msg_known known = {known_text, r};
    f->message = qf__msg_render_arena_known(f->message_msg, e->db, a, &known);
    if (!f->message || !f->subject)
        return qf__oom();
    r->n++;
    qf__findings_held(1);
    return e->trace ? qf__trace_emitted(e, f, judged) : QF_OK;
}
