/* Why a finding was given: `qufa check --explain KEY`. The finding's requirement is judged
 * again, alone (run.c skips every other one), by the same evaluator, which notes through
 * QF_TRACE each record it considered and why it counted or not; when the obligation with the
 * key is emitted, its explanation is made from the evaluator's own state: the clause and its
 * source, each parameter with where its value came from, the period and the day it was judged
 * on, the counts for attendance, and the records. No rule is implemented twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

int qf__check_run_traced(qf_check_result **out, qf_db *db, const qf_check_options *o,
                         qf_trace *trace);
json_t *qf__finding_json(const qf_finding *f);

typedef struct trace_entry {
    const char *type;
    char *label; /* an activity as a subject ("2017-07-05 半月谈 "…""), NULL otherwise */
    int64_t id;
    qf_date day;
    bool counted;
    char *why;   /* rendered; NULL = counted */
    size_t seq;  /* findings emitted before it was noted */
} trace_entry;

struct qf_trace {
    qf_db *db;
    char std[100], clause[60];
    int req;
    const char *key;
    trace_entry *entries;
    size_t n, cap;
    const qf_req *owner;       /* the evaluation the entries belong to */
    const qf_plan_item *item;
    size_t owner_start;        /* findings emitted before it began */
    json_t *doc;               /* the explanation, once the key's finding is emitted */
    size_t finding;            /* its index in the result */
};

struct qf_explain {
    qf_check_result *res;
    json_t *doc;
    size_t finding;
};

static void clear_entries(qf_trace *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->entries[i].why);
        free(t->entries[i].label);
    }
    t->n = 0;
}

/* A new evaluation (another plan item judging the same requirement) starts afresh. */
static void own(qf_trace *t, const qf_eval *e)
{
    if (t->owner == e->req && t->item == e->item)
        return;
    clear_entries(t);
    t->owner = e->req;
    t->item = e->item;
    t->owner_start = e->res->n;
}

bool qf__trace_wants(const qf_trace *t, const qf_clause *c, const qf_req *r)
{
    return strcmp(c->number, t->clause) == 0 && r->index == t->req;
}

void qf__trace_note(qf_eval *e, const char *type, int64_t id, qf_date day, bool counted,
                    const qf_msg *why)
{
    qf_trace *t = e->trace;
    own(t, e);
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        trace_entry *g = realloc(t->entries, cap * sizeof *g);
        if (!g)
            return; /* an explanation short of a line, never a check that fails */
        t->entries = g;
        t->cap = cap;
    }
    char buf[600];
    char *text = NULL;
    if (why) {
        qf__msg_render(why, e->db, buf, sizeof buf);
        text = qf__strdup(buf);
    }
    char *label = NULL;
    if (strcmp(type, "activity") == 0)
        for (size_t i = 0; i < e->snap->n_activities && !label; i++)
            if (e->snap->activities[i].id == id) {
                qf__msg_render(qf__activity_subject(e, &e->snap->activities[i]), e->db, buf,
                               sizeof buf);
                label = qf__strdup(buf);
            }
    /* a member by name, from the memberships and posts the snapshot holds (a 列席 from
     * another org may have neither: then by id alone) */
    for (size_t i = 0; strcmp(type, "member") == 0 && i < e->snap->n_memberships && !label; i++)
        if (e->snap->memberships[i].member_id == id && e->snap->memberships[i].member_name)
            label = qf__strdup(e->snap->memberships[i].member_name);
    for (size_t i = 0; strcmp(type, "member") == 0 && i < e->snap->n_positions && !label; i++)
        if (e->snap->positions[i].member_id == id && e->snap->positions[i].member_name)
            label = qf__strdup(e->snap->positions[i].member_name);
    for (size_t i = 0; strcmp(type, "guest") == 0 && i < e->snap->n_guests && !label; i++)
        if (e->snap->guests[i].id == id && e->snap->guests[i].name)
            label = qf__strdup(e->snap->guests[i].name);
    for (size_t i = 0; strcmp(type, "artifact") == 0 && i < e->snap->n_artifacts && !label; i++)
        if (e->snap->artifacts[i].id == id) { /* "news brief 2017-06-25" */
            const snap_artifact *x = &e->snap->artifacts[i];
            char d[11] = "";
            if (x->issued != QF_DATETIME_NONE)
                qf_date_format(qf_datetime_date(x->issued), d);
            qf__fmt(buf, sizeof buf, "%s %s", qf_vocab_label(e->db, "artifact_type", x->type), d);
            label = qf__strdup(buf);
        }
    t->entries[t->n++] = (trace_entry){type, label, id, day, counted, text, e->res->n};
}

static json_t *date_json(qf_date d)
{
    if (d == QF_DATE_NONE)
        return json_null();
    char buf[11];
    qf_date_format(d, buf);
    return json_string(buf);
}

/* Where a parameter's value came from: the kind's default, the standard, or a tailoring (of
 * the whole database, of an organ — a committee — or of a branch or party group). */
static json_t *provenance(qf_eval *e, const qf_prov *p)
{
    if (!p)
        return json_pack("{s:s}", "from", "default");
    if (!p->by || !*p->by)
        return json_pack("{s:s}", "from", "standard");
    json_t *o = json_pack("{s:s, s:s}", "from", "tailoring", "tailoring", p->by);
    int64_t org = 0;
    for (size_t i = 0; i < e->book->n_tailorings; i++)
        if (strcmp(e->book->tailorings[i].code, p->by) == 0)
            org = e->book->tailorings[i].org_id;
    const char *level = "database";
    if (org) {
        static const char sql[] = "SELECT code, kind FROM org WHERE id = ?1";
        qf_stmt *st = qf__stmt(e->db, sql);
        if (st) {
            qf__bind_int64(st, 1, org);
            if (qf__step(st) == QF_ROW) {
                const char *kind = qf__col_text(st, 1);
                level = kind && (strcmp(kind, "committee") == 0 ||
                                 strcmp(kind, "general_branch") == 0)
                            ? "organ"
                            : "branch";
                json_object_set_new(o, "org", json_string(qf__col_text(st, 0)));
            }
            qf__reset(st);
        }
    }
    json_object_set_new(o, "level", json_string(level));
    if (p->reason)
        json_object_set_new(o, "reason", json_string(p->reason));
    if (p->effective != QF_DATE_NONE)
        json_object_set_new(o, "effective", date_json(p->effective));
    json_object_set_new(o, "was", p->was ? json_incref(p->was) : json_null());
    if (p->prev && p->prev->by && *p->prev->by)
        json_object_set_new(o, "before", provenance(e, p->prev));
    return o;
}

int qf__trace_emitted(qf_eval *e, const qf_finding *f, qf_date judged)
{
    qf_trace *t = e->trace;
    own(t, e);
    size_t k = e->res->n - 1;
    if (t->doc || strcmp(f->key, t->key) != 0)
        return QF_OK;
    const qf_std_rev *rev = e->std->rev;
    const qf_clause *c = e->clause;
    json_t *clause = json_pack("{s:s, s:s?, s:i, s:s, s:s?, s:s?, s:s, s:s?, s:s?}", "standard",
                               rev->code, "title", rev->title, "rev", rev->rev, "clause",
                               c->number, "text", c->text, "type", c->type_name, "origin",
                               rev->origin ? rev->origin : "", "source", rev->source_name,
                               "article", c->article);
    json_t *doc_src = json_object_get(rev->def, "source_doc");
    if (doc_src)
        json_object_set(clause, "document", doc_src);
    if (c->added_by)
        json_object_set_new(clause, "added_by", json_string(c->added_by));
    json_t *values = qf__req_params_json(e->req);
    json_t *params = json_array();
    for (size_t pi = 0; pi < e->req->kind->n_params; pi++) {
        const qf_pval *v = &e->req->p[pi];
        if (!v->set)
            continue;
        const char *name = e->req->kind->params[pi].name;
        json_t *val = json_object_get(values, name);
        json_t *pj = json_pack("{s:s, s:O}", "name", name, "value", val ? val : json_null());
        json_object_set_new(pj, "provenance", provenance(e, v->from));
        json_array_append_new(params, pj);
    }
    json_decref(values);
    json_t *records = json_array();
    for (size_t i = 0; i < t->n; i++) {
        const trace_entry *x = &t->entries[i];
        /* noted for this subject, or (with a day) before the first subject: what the
         * evaluator set aside for the whole requirement */
        if (x->seq != k && !(x->seq == t->owner_start && x->day != QF_DATE_NONE))
            continue;
        if (x->day != QF_DATE_NONE && (x->day < f->period_start || x->day > f->period_end))
            continue;
        json_t *r = json_pack("{s:s, s:I, s:o, s:b}", "type", x->type, "id", (json_int_t)x->id,
                              "day", date_json(x->day), "counted", x->counted);
        json_object_set_new(r, "label", x->label ? json_string(x->label) : json_null());
        json_object_set_new(r, "why", x->why ? json_string(x->why) : json_null());
        json_array_append_new(records, r);
    }
    const snap_org *judged_org = qf__snap_org(e->snap, f->org_id);
    json_t *period = json_pack("{s:s, s:o, s:o, s:o}", "code", f->period ? f->period : "",
                               "start", date_json(f->period_start), "end",
                               date_json(f->period_end), "judged_on", date_json(judged));
    t->doc = json_pack("{s:i, s:s, s:o, s:o, s:{s:i, s:s, s:o}, s:o, s:s?, s:o, s:o}",
                       "qufa_explain", 1, "key", f->key, "finding", qf__finding_json(f),
                       "clause", clause, "requirement", "index", e->req->index, "kind",
                       e->req->kind->name, "params", params, "period", period, "org",
                       judged_org ? judged_org->code : NULL, "counts",
                       f->counts ? qf__counts_json(f->counts) : json_null(), "records",
                       records);
    t->finding = k;
    return t->doc ? QF_OK : qf__oom();
}

/* "GY1-BYT/3.1#1@gy1/period/2017-08-H1" → its parts and the period to judge */
static int parse_key(qf_db *db, const char *key, qf_trace *t, qf_check_options *o)
{
    const char *slash = strchr(key, '/'), *hash = slash ? strchr(slash, '#') : NULL;
    const char *at = hash ? strchr(hash, '@') : NULL;
    const char *rest = at ? strchr(at, '/') : NULL;
    if (!rest || (size_t)(slash - key) >= sizeof t->std ||
        (size_t)(hash - slash - 1) >= sizeof t->clause)
        return qf__err(QF_EINVALID,
                       _("key: '%s' is not a finding's key "
                         "(STANDARD/CLAUSE#N@ORG/period/P, …/activity/ID, …/TYPE/ID/P)"),
                       key);
    memcpy(t->std, key, (size_t)(slash - key));
    t->std[slash - key] = '\0';
    memcpy(t->clause, slash + 1, (size_t)(hash - slash - 1));
    t->clause[hash - slash - 1] = '\0';
    t->req = atoi(hash + 1);
    char org[80];
    size_t on = (size_t)(rest - at - 1);
    if (on >= sizeof org)
        on = sizeof org - 1;
    memcpy(org, at + 1, on);
    org[on] = '\0';
    rest++;
    /* the branch judges its groups' obligations too */
    static const char sql[] = "SELECT CASE WHEN o.kind = 'group' THEN o.parent_id ELSE o.id END "
                              "FROM org o WHERE o.code = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, org, -1, QF_TRANSIENT);
    o->org_id = qf__step(st) == QF_ROW ? qf__col_int64(st, 0) : 0;
    qf__reset(st);
    if (!o->org_id)
        return qf__err(QF_ENOTFOUND, _("key: there is no org %s (%s)"), org, key);
    const char *period = NULL;
    if (strncmp(rest, "period/", 7) == 0) {
        period = rest + 7;
    } else if (strncmp(rest, "activity/", 9) == 0) {
        static const char sql_a[] = "SELECT substr(starts_at, 1, 10) FROM activity WHERE id = ?1";
        st = qf__stmt(db, sql_a);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, atoll(rest + 9));
        qf_date d = qf__step(st) == QF_ROW ? qf__col_date(st, 0) : QF_DATE_NONE;
        qf__reset(st);
        if (d == QF_DATE_NONE)
            return qf__err(QF_ENOTFOUND, _("key: there is no activity %s (%s)"), rest + 9, key);
        o->period = (qf_period){QF_PERIOD_DAY, d, d};
        return QF_OK;
    } else {
        const char *p = strchr(rest, '/'); /* TYPE/ID/PERIOD */
        period = p ? strchr(p + 1, '/') : NULL;
        if (period)
            period++;
    }
    if (!period || qf_period_parse(&o->period, period) != QF_OK)
        return qf__err(QF_EINVALID, _("key: '%s' does not end with a period (%s)"),
                       period ? period : rest, key);
    return QF_OK;
}

int qf_check_explain(qf_explain **out, qf_db *db, const char *key, const qf_check_options *with)
{
    *out = NULL;
    if (!key || !*key)
        return qf__err(QF_EINVALID, "%s", _("key: required (a finding's key, see check --format json)"));
    qf_trace t = {.db = db, .key = key};
    qf_check_options o;
    int rc = qf_check_options_init(&o, db);
    if (!rc)
        rc = parse_key(db, key, &t, &o);
    if (rc)
        return rc;
    o.standard = t.std;
    if (with) {
        o.custom = with->custom;
        o.payload = with->payload;
    }
    qf_check_result *res = NULL;
    rc = qf__check_run_traced(&res, db, &o, &t);
    clear_entries(&t);
    free(t.entries);
    if (!rc && !t.doc)
        rc = qf__err(QF_ENOTFOUND,
                     _("key: no finding %s as of %s (see the keys in check --format json)"), key,
                     qf_check_period(res));
    if (rc) {
        json_decref(t.doc);
        qf_check_result_free(res);
        return rc;
    }
    qf_explain *x = calloc(1, sizeof *x);
    if (!x) {
        json_decref(t.doc);
        qf_check_result_free(res);
        return qf__oom();
    }
    /* the result is sorted after the run: find the finding again by its key */
    for (size_t i = 0; i < res->n; i++)
        if (strcmp(res->findings[i].key, key) == 0)
            x->finding = i;
    x->res = res;
    x->doc = t.doc;
    *out = x;
    return QF_OK;
}

const qf_finding *qf_explain_finding(const qf_explain *x)
{
    return x ? &x->res->findings[x->finding] : NULL;
}

int qf_explain_json(char **out, const qf_explain *x)
{
    *out = json_dumps(x->doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    return *out ? QF_OK : qf__oom();
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

int qf_explain_write_text(const qf_explain *x, FILE *out)
{
    const qf_finding *f = qf_explain_finding(x);
    json_t *c = json_object_get(x->doc, "clause");
    fprintf(out, "%s\n", f->key);
    fprintf(out, _("finding: %s — %s\n"), qf_finding_status_name(f->status),
            f->message ? f->message : "");
    fprintf(out, _("clause: %s %s %s (revision %d, %s)\n"), str(c, "standard"), str(c, "clause"),
            str(c, "title"), (int)json_integer_value(json_object_get(c, "rev")), str(c, "origin"));
    if (*str(c, "text"))
        fprintf(out, "  %s\n", str(c, "text"));
    if (*str(c, "source"))
        fprintf(out, _("  source: %s\n"), str(c, "source"));
    json_t *req = json_object_get(x->doc, "requirement");
    fprintf(out, _("requirement %d (%s):\n"), (int)json_integer_value(json_object_get(req, "index")),
            str(req, "kind"));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(req, "params"), i, p)
    {
        char *v = json_dumps(json_object_get(p, "value"), JSON_ENCODE_ANY | JSON_COMPACT);
        json_t *pr = json_object_get(p, "provenance");
        const char *from = str(pr, "from");
        fprintf(out, "  %s = %s  ", str(p, "name"), v ? v : "");
        free(v);
        if (strcmp(from, "default") == 0)
            fprintf(out, "%s\n", _("(the kind's default)"));
        else if (strcmp(from, "standard") == 0)
            fprintf(out, "%s\n", _("(as issued in the standard)"));
        else {
            char *was = json_dumps(json_object_get(pr, "was"), JSON_ENCODE_ANY | JSON_COMPACT);
            const char *level = str(pr, "level");
            fprintf(out,
                    strcmp(level, "organ") == 0    ? _("(tailored by the organ: %s of %s; was %s)")
                    : strcmp(level, "branch") == 0 ? _("(tailored by the branch: %s of %s; was %s)")
                                                   : _("(tailored: %s%s; was %s)"),
                    str(pr, "tailoring"), str(pr, "org"), was ? was : "");
            free(was);
            if (*str(pr, "reason"))
                fprintf(out, _(" — %s"), str(pr, "reason"));
            fputc('\n', out);
        }
    }
    json_t *per = json_object_get(x->doc, "period");
    fprintf(out, _("period: %s (%s to %s), judged on %s; org %s\n"), str(per, "code"),
            str(per, "start"), str(per, "end"), str(per, "judged_on"), str(x->doc, "org"));
    if (f->counts)
        fprintf(out,
                _("members (docs/counting.md): %d due, %d with a vote, %d present (%d late), "
                  "%d on leave, %d absent, %d not recorded; %d sat in\n"),
                f->counts->due, f->counts->voting, f->counts->present, f->counts->late,
                f->counts->leave, f->counts->absent, f->counts->unrecorded, f->counts->observers);
    json_t *records = json_object_get(x->doc, "records");
    if (json_array_size(records) == 0)
        fprintf(out, "%s\n", _("records considered: none"));
    else
        fprintf(out, "%s\n", _("records considered:"));
    json_t *r;
    json_array_foreach(records, i, r)
    {
        bool counted = json_is_true(json_object_get(r, "counted"));
        const char *why = str(r, "why");
        const char *label = str(r, "label");
        fprintf(out, "  %s %s %lld %s%s%s\n", counted ? "+" : "-", str(r, "type"),
                (long long)json_integer_value(json_object_get(r, "id")),
                *label ? label : str(r, "day"), *why ? _(": ") : "", why);
    }
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

void qf_explain_free(qf_explain *x)
{
    if (!x)
        return;
    json_decref(x->doc);
    qf_check_result_free(x->res);
    free(x);
}
