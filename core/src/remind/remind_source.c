/* Where reminders come from besides the check (remind_check.c): the
 * deadlines of procedure cases (qf_flow_tick), and custom rules judged by the embedding. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "remind_internal.h"

rm_cand *rm__add(rm_cands *c)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 128;
        rm_cand *g = realloc(c->items, cap * sizeof *g);
        if (!g) {
            qf__oom();
            return NULL;
        }
        c->items = g;
        c->cap = cap;
    }
    rm_cand *x = &c->items[c->n++];
    memset(x, 0, sizeof *x);
    x->due = QF_DATE_NONE;
    x->period_start = QF_DATE_NONE;
    return x;
}

char *rm__fmt(rm_cands *c, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return qf__arena_strdup(&c->arena, buf);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

bool rm__in_scope(const rm_ctx *c, int64_t org_id)
{
    if (!c->scope)
        return true;
    return bsearch(&org_id, c->scope, c->n_scope, sizeof org_id, cmp_id) != NULL;
}

const char *rm__default_post(qf_db *db, int64_t org_id)
{
    static const char sql[] = "SELECT kind FROM org WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    bool group = false;
    if (st) {
        qf__bind_int64(st, 1, org_id);
        group = qf__step(st) == QF_ROW && strcmp(qf__col_text(st, 0), "group") == 0;
        qf__reset(st);
    }
    return group ? "group_leader" : "secretary";
}

/* ---- procedures ---------------------------------------------------------------------- */

typedef struct tick_ctx {
    rm_ctx *c;
    char leads[200];
    int rc;
} tick_ctx;

/* The post a procedure step names as responsible (NULL: none). */
static const char *step_post(rm_ctx *c, const char *procedure, int rev, const char *step)
{
    char *json = NULL;
    if (qf_procedure_get(&json, NULL, c->db, procedure, rev) != QF_OK)
        return NULL;
    json_t *def = json_loads(json, 0, NULL);
    qf_free(json);
    const char *post = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(def, "steps"), i, s)
    {
        const char *code = json_string_value(json_object_get(s, "code"));
        if (code && strcmp(code, step) == 0) {
            post = qf__arena_strdup(&c->cands.arena,
                                    json_string_value(json_object_get(s, "responsible")));
            break;
        }
    }
    json_decref(def);
    return post;
}

static int on_deadline(void *payload, const qf_deadline *d)
{
    tick_ctx *t = payload;
    rm_ctx *c = t->c;
    rm_cands *cs = &c->cands;
    if (d->state != QF_DUE_PENDING && d->state != QF_DUE_OVERDUE &&
        d->state != QF_DUE_ESCALATED && d->state != QF_DUE_WAITING)
        return 0;
    if (!rm__in_scope(c, d->org_id))
        return 0;
    qf_case *k = NULL;
    if ((t->rc = qf_case_get(&k, c->db, d->case_id)) != QF_OK)
        return 1;
    char who[200] = "";
    if (d->member_id) {
        qf_member *m = NULL;
        if (qf_member_get(&m, c->db, d->member_id, QF_DATE_NONE) == QF_OK)
            snprintf(who, sizeof who, "%s", m->name);
        qf_member_free(m);
    } else {
        qf_org *o = NULL;
        if (qf_org_get(&o, c->db, d->org_id) == QF_OK)
            snprintf(who, sizeof who, "%s", o->name);
        qf_org_free(o);
    }
    char anchor[11];
    qf_date_format(d->anchor_date, anchor);
    const qf_msg *rule =
        d->label ? rm__msg(cs, "%s", "s", d->label)
        : d->kind == QF_DEADLINE_WITHIN
            ? rm__msg(cs, N_("within %s of %s"), "ss", d->duration, d->anchor)
            : rm__msg(cs, N_("not before %s after %s"), "ss", d->duration, d->anchor);
    rm_cand *x = rm__add(cs);
    if (!x) {
        qf_case_free(k);
        t->rc = qf_error_last_code();
        return 1;
    }
    x->source = "procedure";
    x->rule = rm__fmt(cs, "%s/%s#%d", d->procedure, d->step, d->rule);
    x->subject_key = rm__fmt(cs, "procedure/%lld/%s#%d", (long long)d->case_id, d->step, d->rule);
    x->key = rm__fmt(cs, "%s/%s", x->subject_key, anchor);
    x->subject_type = "case";
    x->subject_id = d->case_id;
    x->subject = rm__msg(cs, "%s", "s", who);
    x->org_id = d->org_id;
    x->title = rm__msg(cs, N_("%s · %s · %s"), "sss", k->title ? k->title : d->procedure, who,
                       d->step_title ? d->step_title : d->step);
    if (d->kind == QF_DEADLINE_NOT_BEFORE)
        x->message = rm__msg(cs, N_("%s: case %lld, step %s can be completed from %s (%s)"),
                             "slsDM", who, (long long)d->case_id,
                             d->step_title ? d->step_title : d->step, d->due, rule);
    else
        x->message = rm__msg(cs, N_("%s: case %lld, step %s is due by %s (%s)"), "slsDM", who,
                             (long long)d->case_id, d->step_title ? d->step_title : d->step,
                             d->due, rule);
    x->due = d->due;
    x->leads = qf__arena_strdup(&cs->arena, t->leads);
    x->responsible = step_post(c, d->procedure, k->rev, d->step);
    x->kind = d->due >= c->today ? RM_OPEN : RM_OVERDUE;
    x->always = true; /* a step still to do can still be done */
    qf_case_free(k);
    return 0;
}

int rm__from_procedures(rm_ctx *c)
{
    tick_ctx t = {.c = c, .rc = QF_OK};
    int rc = rm__leads_for(c->db, "procedure", t.leads, sizeof t.leads);
    if (rc)
        return rc;
    qf_tick_options o = QF_TICK_OPTIONS_INIT;
    o.within_days = 366;
    o.org_id = c->opts->org_id;
    rc = qf_flow_tick(c->db, c->today, &o, on_deadline, &t);
    return t.rc ? t.rc : rc;
}

/* What a case says of a deadline no tick reported (done, ready, or gone). */
static rm_kind recheck_procedure(rm_ctx *c, const char *key)
{
    long long case_id;
    char rest[300];
    if (sscanf(key, "procedure/%lld/%299s", &case_id, rest) != 2)
        return RM_GONE;
    qf_case *k = NULL;
    int rc = qf_case_get(&k, c->db, case_id);
    if (rc == QF_ENOTFOUND)
        return RM_GONE;
    if (rc)
        return RM_UNKNOWN;
    qf_case_state state = k->state;
    qf_case_free(k);
    if (state == QF_CASE_COMPLETED)
        return RM_MET;
    if (state == QF_CASE_CANCELLED)
        return RM_GONE;
    qf_deadline_iter *it = NULL;
    if (qf_case_deadlines(&it, c->db, case_id) != QF_OK)
        return RM_UNKNOWN;
    rm_kind kind = RM_GONE;
    const qf_deadline *d;
    while (qf_deadline_next(&d, it) == QF_OK) {
        char anchor[11], want[300];
        qf_date_format(d->anchor_date, anchor);
        snprintf(want, sizeof want, "%s#%d/%s", d->step, d->rule, anchor);
        if (strcmp(want, rest) != 0)
            continue;
        if (d->state == QF_DUE_MET || d->state == QF_DUE_MISSED)
            kind = RM_MET;
        else
            kind = RM_UNKNOWN; /* still to do (a "not before" whose day has come) */
    }
    qf_deadline_iter_free(it);
    return kind;
}

/* ---- custom rules --------------------------------------------------------------------- */

int rm__from_items(rm_ctx *c)
{
    rm_cands *cs = &c->cands;
    const qf_remind_options *o = c->opts;
    char defleads[200];
    int rc = rm__leads_for(c->db, "custom", defleads, sizeof defleads);
    if (rc)
        return rc;
    for (size_t i = 0; i < o->n_items; i++) {
        const qf_remind_item *it = &o->items[i];
        char where[120];
        snprintf(where, sizeof where, _("reminder of rule %.60s"), it->rule ? it->rule : "?");
        if ((rc = qf__check_text("rule", it->rule, true, 64)) ||
            (rc = qf__check_text("title", it->title, true, 400)) ||
            (rc = qf__check_text("message", it->message, false, 2000)) ||
            (rc = qf__check_text("subject", it->subject, false, 400)))
            return qf__err(rc, "%s: %s", where, qf_error_last());
        const char *type = it->subject_type ? it->subject_type : "none";
        if (strcmp(type, "member") != 0 && strcmp(type, "org") != 0 && strcmp(type, "none") != 0)
            return qf__err(QF_EINVALID, _("%s: subject_type must be member, org or none (%s)"),
                           where, type);
        if (it->leads) {
            qf_duration l[QF_LEADS_MAX];
            size_t n;
            if (qf_leads_parse(l, &n, it->leads) != QF_OK)
                return qf__err(QF_EINVALID, "%s: %s", where, qf_error_last());
        }
        if (it->responsible && qf_vocab_check(c->db, "post", it->responsible) != QF_OK)
            return qf__err(QF_EINVALID, "%s: responsible: %s", where, qf_error_last());
        int64_t org = it->org_id;
        if (!org && strcmp(type, "org") == 0)
            org = it->subject_id;
        if (!org && strcmp(type, "member") == 0) {
            qf_member *m = NULL;
            if (qf_member_get(&m, c->db, it->subject_id, c->today) == QF_OK)
                org = m->org_id;
            qf_member_free(m);
        }
        if (org && !rm__in_scope(c, org))
            continue;
        rm_cand *x = rm__add(cs);
        if (!x)
            return qf_error_last_code();
        x->source = "custom";
        x->rule = qf__arena_strdup(&cs->arena, it->rule);
        x->subject_key = rm__fmt(cs, "custom/%s/%s:%lld", it->rule, type, (long long)it->subject_id);
        /* a condition without a day of its own is one occurrence for as long as it holds */
        if (it->due == QF_DATE_NONE) {
            x->key = x->subject_key;
        } else {
            char due[11];
            qf_date_format(it->due, due);
            x->key = rm__fmt(cs, "%s/%s", x->subject_key, due);
        }
        x->subject_type = qf__arena_strdup(&cs->arena, type);
        x->subject_id = it->subject_id;
        x->subject = it->subject ? rm__msg(cs, "%s", "s", it->subject) : NULL;
        x->org_id = org;
        /* a custom rule's texts are the rule's own words, kept as written */
        x->title = rm__msg(cs, "%s", "s", it->title);
        x->message = rm__msg(cs, "%s", "s", it->message ? it->message : it->title);
        x->due = it->due;
        x->leads = qf__arena_strdup(&cs->arena, it->leads ? it->leads : defleads);
        x->responsible = qf__arena_strdup(&cs->arena, it->responsible);
        x->kind = it->due == QF_DATE_NONE || it->due >= c->today ? RM_OPEN : RM_OVERDUE;
        x->always = true;
    }
    return QF_OK;
}

static rm_kind recheck_custom(rm_ctx *c, const char *key)
{
    for (size_t i = 0; i < c->opts->n_rules; i++) {
        const char *rule = c->opts->rules[i];
        size_t len = strlen(rule);
        if (strncmp(key, "custom/", 7) == 0 && strncmp(key + 7, rule, len) == 0 &&
            key[7 + len] == '/')
            return RM_MET; /* judged now, and its condition no longer holds */
    }
    return RM_UNKNOWN;
}

rm_kind rm__recheck_records(rm_ctx *c, const char *source, int64_t subject_id);

rm_kind rm__recheck(rm_ctx *c, const char *source, const char *key, int64_t subject_id)
{
    if (strcmp(source, "procedure") == 0)
        return recheck_procedure(c, key);
    if (strcmp(source, "custom") == 0)
        return recheck_custom(c, key);
    if (strcmp(source, "check") == 0)
        return RM_UNKNOWN; /* judged from the findings (see remind_run.c) */
    return rm__recheck_records(c, source, subject_id);
}
