/* The built-in requirement kinds: the descriptor table and the compilation of parameter values
 * through it. Thresholds are named parameters with defaults so a branch's tailoring can change
 * them by name; every value is checked once, here, whoever gives it (a pack, a tailoring). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kinds.h"
#include "kind_params.h"
#include "evaluators.h"

#define END {NULL, 0, false, NULL, NULL, 0, 0, NULL}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]) - 1)

static const qf_param_spec cadence_params[] = {
    [CAD_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0,
                      N_("activity kind(s) that count")},
    [CAD_PER] = {"per", QF_P_PERIOD_KIND, true, NULL, NULL, 0, 0,
                 N_("half_month, month, quarter, half_year, year")},
    [CAD_MIN] = {"min", QF_P_INT, false, "1", NULL, 1, 1000, N_("at least this many per period")},
    [CAD_EACH] = {"each", QF_P_ENUM, false, "\"org\"", "org|group", 0, 0,
                  N_("org: the org the standard applies to, counting its own activities; group: "
                     "every party group of the branch, each on its own activities")},
    [CAD_LECTURER] = {"lecturer", QF_P_POST, false, NULL, NULL, 0, 0,
                      N_("only activities whose lecturer holds this post in the org that day "
                         "count")},
    [CAD_INCLUDE_GROUPS] = {"include_groups", QF_P_BOOL, false, "false", NULL, 0, 0,
                            N_("with each = org: the party groups' activities count for the "
                               "branch too")},
    END};

static const qf_param_spec artifact_params[] = {
    [ART_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0,
                      N_("activity kind(s) judged")},
    [ART_TYPE] = {"type", QF_P_ARTIFACT_TYPE, true, NULL, NULL, 0, 0, N_("artifact type required")},
    [ART_BEFORE] = {"before", QF_P_INT, false, NULL, NULL, 0, 365,
                    N_("issued at least this many days before the activity starts")},
    [ART_WITHIN] = {"within", QF_P_INT, false, NULL, NULL, 0, 365,
                    N_("produced from the activity's start up to this many days after its end")},
    [ART_MIN] = {"min", QF_P_INT, false, "1", NULL, 1, 1000,
                 N_("at least this many artifacts of the type")},
    END};

static const qf_param_spec attendance_params[] = {
    [ATT_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0,
                      N_("activity kind(s) judged")},
    [ATT_RATE] = {"rate", QF_P_NUMBER, false, NULL, NULL, 0, 0,
                  N_("present / due must be at least this (0..1)")},
    [ATT_QUORUM] = {"quorum", QF_P_FRACTION, false, NULL, NULL, 0, 0,
                    N_("present must exceed this fraction of those due: \">1/2\", \">4/5\", "
                       "\">=2/3\"")},
    [ATT_BASE] = {"base", QF_P_ENUM, false, "\"members\"", "members|full|voting|posts", 0, 0,
                  N_("who is due (docs/counting.md): members: the org's full and probationary "
                     "members that day (at a committee meeting, the committee); full: the full "
                     "members among them; voting: those with voting rights; posts: the holders "
                     "of `posts` instead")},
    [ATT_POSTS] = {"posts", QF_P_POSTS, false, NULL, NULL, 0, 0,
                   N_("with base = posts: the posts whose holders are due")},
    [ATT_MUST_ATTEND] = {"must_attend", QF_P_POSTS, false, NULL, NULL, 0, 0,
                         N_("holders of these posts must be present")},
    [ATT_LATE_COUNTS] = {"late_counts", QF_P_BOOL, false, "true", NULL, 0, 0,
                         N_("late arrivals count as present")},
    END};

static const qf_param_spec agenda_params[] = {
    [AGE_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0,
                      N_("activity kind(s) judged")},
    [AGE_SEGMENTS] = {"segments", QF_P_STRINGS, true, NULL, NULL, 0, 0,
                      N_("segment codes that must appear")},
    [AGE_ORDERED] = {"ordered", QF_P_BOOL, false, "true", NULL, 0, 0,
                     N_("they must appear in this order")},
    [AGE_LABELS] = {"labels", QF_P_OBJECT, false, NULL, NULL, 0, 0,
                    N_("display names of the segments")},
    END};

static const qf_param_spec guest_params[] = {
    [GST_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0,
                      N_("activity kind(s) judged")},
    [GST_ROLE] = {"role", QF_P_ROLE, true, NULL, NULL, 0, 0,
                  N_("guest role required (expert, representative…)")},
    [GST_MIN] = {"min", QF_P_INT, false, "1", NULL, 1, 1000,
                 N_("at least this many guests of the role")},
    END};

static const qf_param_spec position_params[] = {
    [POS_POST] = {"post", QF_P_POST, true, NULL, NULL, 0, 0,
                  N_("the post that must be held every day")},
    [POS_EACH] = {"each", QF_P_ENUM, false, "\"org\"", "org|group", 0, 0,
                  N_("in the org the standard applies to, or in every group")},
    END};

static const qf_param_spec term_params[] = {
    [TRM_YEARS] = {"years", QF_P_INT, false, "3", NULL, 1, 10, N_("term of office in years")},
    [TRM_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, false, "\"election\"", NULL, 0, 0,
                      N_("the activity kind that records an election")},
    [TRM_WARN] = {"warn", QF_P_INT, false, "90", NULL, 0, 3650,
                  N_("days before the due date from which the finding is open (a reminder)")},
    END};

static const qf_param_spec members_params[] = {
    [MEM_STATUS] = {"status", QF_P_STATUSES, false, "[\"full\"]", NULL, 0, 0,
                    N_("statuses counted")},
    [MEM_MIN] = {"min", QF_P_INT, false, NULL, NULL, 0, 100000, N_("at least this many")},
    [MEM_MAX] = {"max", QF_P_INT, false, NULL, NULL, 0, 100000, N_("at most this many")},
    END};

static const qf_param_spec check_params[] = {
    [CHK_SUBJECT] = {"subject", QF_P_ENUM, true, NULL, "activity|member|org|period", 0, 0,
                     N_("what the function is called for")},
    [CHK_ACTIVITY] = {"activity", QF_P_ACTIVITY_KINDS, false, NULL, NULL, 0, 0,
                      N_("subject activity: kinds judged")},
    [CHK_PER] = {"per", QF_P_PERIOD_KIND, false, NULL, NULL, 0, 0,
                 N_("subject period: the period kind")},
    [CHK_ARGS] = {"args", QF_P_OBJECT, false, NULL, NULL, 0, 0,
                  N_("parameters passed to the function")},
    END};

static const qf_param_spec hours_params[] = {
    [HRS_ATTR] = {"attr", QF_P_STRING, false, "\"class_hours\"", NULL, 0, 0,
                  N_("the activity attribute holding the hours (attrs.class_hours)")},
    [HRS_MIN] = {"min", QF_P_NUMBER_ANY, true, NULL, NULL, 0, 0,
                 N_("hours each member needs per period")},
    [HRS_PER] = {"per", QF_P_PERIOD_KIND, false, "\"year\"", NULL, 0, 0,
                 N_("the period the hours add up over")},
    [HRS_POSTS] = {"posts", QF_P_POST_HOURS, false, NULL, NULL, 0, 0,
                   N_("higher minimums for holders of posts, e.g. {secretary = 56}")},
    END};

static const qf_param_spec deadline_params[] = {
    [DLN_PROCEDURE] = {"procedure", QF_P_STRING, true, NULL, NULL, 0, 0,
                       N_("the procedure (code) whose cases' step deadlines are judged")},
    [DLN_STEPS] = {"steps", QF_P_STRINGS, false, NULL, NULL, 0, 0,
                   N_("only the deadlines of these steps (default: every step)")},
    [DLN_WARNINGS] = {"warnings", QF_P_BOOL, false, "true", NULL, 0, 0,
                      N_("also judge deadlines that are only warnings (a missed one warns)")},
    END};

/* ---- rules between parameters --------------------------------------------------------- */

static int validate_artifact(const qf_req *r, const char *where)
{
    if (r->p[ART_BEFORE].set && r->p[ART_WITHIN].set)
        return qf__err(QF_EINVALID, _("%s: artifact takes 'before' or 'within', not both"), where);
    return QF_OK;
}

static int validate_attendance(const qf_req *r, const char *where)
{
    bool posts_base = strcmp(r->p[ATT_BASE].s, "posts") == 0;
    if (posts_base && !r->p[ATT_POSTS].set)
        return qf__err(QF_EINVALID, _("%s: base = posts needs 'posts'"), where);
    if (r->p[ATT_POSTS].set && !posts_base)
        return qf__err(QF_EINVALID, _("%s: 'posts' goes with base = posts"), where);
    return QF_OK;
}

static int validate_members(const qf_req *r, const char *where)
{
    if (!r->p[MEM_MIN].set && !r->p[MEM_MAX].set)
        return qf__err(QF_EINVALID, _("%s: members needs 'min' or 'max'"), where);
    if (r->p[MEM_MIN].set && r->p[MEM_MAX].set && r->p[MEM_MIN].i > r->p[MEM_MAX].i)
        return qf__err(QF_EINVALID, _("%s: members: min (%ld) is more than max (%ld)"), where,
                       r->p[MEM_MIN].i, r->p[MEM_MAX].i);
    return QF_OK;
}

static int validate_check(const qf_req *r, const char *where)
{
    const char *subject = r->p[CHK_SUBJECT].s;
    if (strcmp(subject, "period") == 0 && !r->p[CHK_PER].set)
        return qf__err(QF_EINVALID, _("%s: a check on periods needs 'per'"), where);
    if (strcmp(subject, "activity") == 0 && !r->p[CHK_ACTIVITY].set)
        return qf__err(QF_EINVALID, _("%s: a check on activities needs 'activity'"), where);
    return QF_OK;
}

static int validate_cadence(const qf_req *r, const char *where)
{
    if (r->p[CAD_INCLUDE_GROUPS].i && strcmp(r->p[CAD_EACH].s, "group") == 0)
        return qf__err(QF_EINVALID,
                       _("%s: include_groups goes with each = org (each = group judges every "
                         "group on its own activities)"),
                       where);
    return QF_OK;
}

/* ---- the table ---------------------------------------------------------------------------- */

static const qf_kind_desc KINDS[] = {
    {"cadence", QF_REQ_CADENCE, N_("at least N activities of a kind per calendar period"),
     "period", cadence_params, COUNT(cadence_params), validate_cadence, qf__eval_cadence, NULL},
    {"artifact", QF_REQ_ARTIFACT, N_("each activity has an artifact of a type, on time"),
     "activity", artifact_params, COUNT(artifact_params), validate_artifact, qf__eval_artifact,
     qf__needs_artifacts},
    {"attendance", QF_REQ_ATTENDANCE,
     N_("attendance rate or quorum against those due on the day; posts that must attend"),
     "activity", attendance_params, COUNT(attendance_params), validate_attendance,
     qf__eval_attendance, qf__needs_attendance},
    {"agenda", QF_REQ_AGENDA, N_("required agenda segments, in order"), "activity", agenda_params,
     COUNT(agenda_params), NULL, qf__eval_agenda, qf__needs_agenda},
    {"guest", QF_REQ_GUEST, N_("at least N guests of a role"), "activity", guest_params,
     COUNT(guest_params), NULL, qf__eval_guest, qf__needs_guests},
    {"position", QF_REQ_POSITION, N_("a post is held on every day of the period"), "org",
     position_params, COUNT(position_params), NULL, qf__eval_position, NULL},
    {"term", QF_REQ_TERM, N_("the last election is not older than the term"), "org",
     term_params, COUNT(term_params), NULL, qf__eval_term, NULL},
    {"members", QF_REQ_MEMBERS, N_("the number of members of given statuses"), "org",
     members_params, COUNT(members_params), validate_members, qf__eval_members, NULL},
    {"hours", QF_REQ_HOURS, N_("each member attends activities worth at least N hours per period"),
     "member", hours_params, COUNT(hours_params), NULL, qf__eval_hours, NULL},
    {"check", QF_REQ_CHECK, N_("a Lua function judges each subject"), "any", check_params,
     COUNT(check_params), validate_check, qf__eval_check, NULL},
    {"deadline", QF_REQ_DEADLINE, N_("procedure cases complete their steps by their deadlines"),
     "member", deadline_params, COUNT(deadline_params), NULL, qf__eval_deadline, NULL},
};

const qf_kind_desc *qf__kinds(size_t *n)
{
    *n = sizeof KINDS / sizeof KINDS[0];
    return KINDS;
}

bool qf__req_dated(const qf_req *r)
{
    switch (r->kind->kind) {
    case QF_REQ_ATTENDANCE:
    case QF_REQ_AGENDA:
    case QF_REQ_GUEST:
    case QF_REQ_MEMBERS:
    case QF_REQ_POSITION: return false;
    case QF_REQ_CHECK: {
        const char *subject = r->p[CHK_SUBJECT].s;
        return subject && (strcmp(subject, "period") == 0 || strcmp(subject, "activity") == 0);
    }
    default: return true;
    }
}

const qf_kind_desc *qf__kind(const char *name)
{
    for (size_t i = 0; name && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].name, name) == 0)
            return &KINDS[i];
    return NULL;
}

int qf__kind_param(const qf_kind_desc *k, const char *name)
{
    for (size_t i = 0; name && i < k->n_params; i++)
        if (strcmp(k->params[i].name, name) == 0)
            return (int)i;
    return -1;
}

bool qf__pval_has(const qf_pval *v, const char *code)
{
    for (size_t i = 0; code && i < v->n; i++)
        if (strcmp(v->list[i], code) == 0)
            return true;
    return false;
}

bool qf__parse_fraction(const char *s, int *num, int *den, bool *strict)
{
    if (!s)
        return false;
    bool st;
    if (s[0] == '>' && s[1] == '=') {
        st = false;
        s += 2;
    } else if (s[0] == '>') {
        st = true;
        s++;
    } else {
        return false;
    }
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return false;
    const char *d0 = end + 1;
    long d = strtol(d0, &end, 10);
    if (end == d0 || *end != '\0' || n < 0 || d <= 0 || n > d || d > 1000)
        return false;
    *num = (int)n;
    *den = (int)d;
    *strict = st;
    return true;
}

/* ---- compiling one value ------------------------------------------------------------------ */

static int vocab_value(qf_db *db, const char *vocab, json_t *v, const char *where,
                       const char *name)
{
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: parameter %s must be a string"), where, name);
    if (vocab && qf_vocab_check(db, vocab, json_string_value(v)) != QF_OK)
        return qf__err(QF_EINVALID, "%s: %s: %s", where, name, qf_error_last());
    return QF_OK;
}

/* A string or (allow_single) a list of strings, each a term of `vocab` when given. */
static int list_value(qf_db *db, const char *vocab, json_t *v, bool allow_single, qf_arena *a,
                      qf_pval *out, const char *where, const char *name)
{
    size_t n = json_is_string(v) && allow_single ? 1 : json_array_size(v);
    if (!(allow_single && json_is_string(v)) && (!json_is_array(v) || n == 0))
        return qf__err(QF_EINVALID, _("%s: parameter %s must be a non-empty list of strings"),
                       where, name);
    const char **list = qf__arena_alloc(a, n * sizeof *list);
    if (!list)
        return qf__oom();
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_is_string(v) ? v : json_array_get(v, i);
        if (!json_is_string(e))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a non-empty list of strings"),
                           where, name);
        int rc = vocab_value(db, vocab, e, where, name);
        if (rc)
            return rc;
        list[i] = json_string_value(e);
    }
    out->list = list;
    out->n = n;
    return QF_OK;
}

int qf__pval_compile(qf_db *db, const qf_param_spec *p, json_t *v, qf_arena *a, qf_pval *out,
                     const char *where)
{
    memset(out, 0, sizeof *out);
    out->set = true;
    out->json = v;
    switch (p->type) {
    case QF_P_ACTIVITY_KINDS:
        return list_value(db, "activity_kind", v, true, a, out, where, p->name);
    case QF_P_PERIOD_KIND: {
        qf_period_kind k;
        if (!json_is_string(v) || qf_period_kind_parse(&k, json_string_value(v)) != QF_OK ||
            k == QF_PERIOD_DAY || k == QF_PERIOD_RANGE)
            return qf__err(QF_EINVALID,
                           _("%s: parameter %s must be half_month, month, quarter, half_year or "
                             "year"),
                           where, p->name);
        out->per = (int)k;
        out->s = json_string_value(v);
        return QF_OK;
    }
    case QF_P_INT:
        if (!json_is_integer(v) || json_integer_value(v) < p->min || json_integer_value(v) > p->max)
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a whole number from %ld to %ld"),
                           where, p->name, p->min, p->max);
        out->i = (long)json_integer_value(v);
        out->d = (double)out->i;
        return QF_OK;
    case QF_P_NUMBER:
        if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1)
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a number from 0 to 1"), where,
                           p->name);
        out->d = json_number_value(v);
        return QF_OK;
    case QF_P_NUMBER_ANY:
        if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1e6)
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a number of at least 0"),
                           where, p->name);
        out->d = json_number_value(v);
        return QF_OK;
    case QF_P_BOOL:
        if (!json_is_boolean(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be true or false"), where,
                           p->name);
        out->i = json_is_true(v);
        return QF_OK;
    case QF_P_STRING:
        if (!json_is_string(v) || !*json_string_value(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a string"), where, p->name);
        out->s = json_string_value(v);
        if (qf__check_text(p->name, out->s, true, 200) != QF_OK)
            return qf__err(QF_EINVALID, "%s: %s", where, qf_error_last());
        return QF_OK;
    case QF_P_STRINGS:
        return list_value(db, NULL, v, false, a, out, where, p->name);
    case QF_P_POST:
        out->s = json_string_value(v);
        return vocab_value(db, "post", v, where, p->name);
    case QF_P_POSTS:
        return list_value(db, "post", v, true, a, out, where, p->name);
    case QF_P_ROLE:
        out->s = json_string_value(v);
        return vocab_value(db, "guest_role", v, where, p->name);
    case QF_P_ARTIFACT_TYPE:
        out->s = json_string_value(v);
        return vocab_value(db, "artifact_type", v, where, p->name);
    case QF_P_FRACTION:
        if (!json_is_string(v) ||
            !qf__parse_fraction(json_string_value(v), &out->num, &out->den, &out->strict))
            return qf__err(QF_EINVALID,
                           _("%s: parameter %s must be a fraction like \">1/2\" or \">=2/3\""),
                           where, p->name);
        out->s = json_string_value(v);
        return QF_OK;
    case QF_P_ENUM: {
        const char *s = json_string_value(v);
        size_t n = s ? strlen(s) : 0;
        for (const char *c = p->choices; s && c && *c;) {
            const char *bar = strchr(c, '|');
            size_t len = bar ? (size_t)(bar - c) : strlen(c);
            if (len == n && strncmp(c, s, n) == 0) {
                out->s = s;
                return QF_OK;
            }
            c = bar ? bar + 1 : NULL;
        }
        return qf__err(QF_EINVALID, _("%s: parameter %s must be one of %s"), where, p->name,
                       p->choices);
    }
    case QF_P_STATUSES: {
        int rc = list_value(db, NULL, v, true, a, out, where, p->name);
        qf_member_status st;
        for (size_t i = 0; rc == QF_OK && i < out->n; i++)
            if (qf_member_status_parse(&st, out->list[i]) != QF_OK)
                rc = qf__err(QF_EINVALID, "%s: %s: %s", where, p->name, qf_error_last());
        return rc;
    }
    case QF_P_OBJECT:
        if (!json_is_object(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a table of names"), where,
                           p->name);
        return QF_OK;
    case QF_P_POST_HOURS: {
        if (!json_is_object(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a table of names"), where,
                           p->name);
        size_t n = json_object_size(v), i = 0;
        const char **keys = qf__arena_alloc(a, (n + 1) * sizeof *keys);
        double *values = qf__arena_alloc(a, (n + 1) * sizeof *values);
        if (!keys || !values)
            return qf__oom();
        const char *post;
        json_t *hours;
        json_object_foreach(v, post, hours)
        {
            if (qf_vocab_check(db, "post", post) != QF_OK)
                return qf__err(QF_EINVALID, "%s: %s: %s", where, p->name, qf_error_last());
            if (!json_is_number(hours) || json_number_value(hours) < 0)
                return qf__err(QF_EINVALID, _("%s: posts: the hours for %s must be a number"),
                               where, post);
            keys[i] = qf__arena_strdup(a, post);
            values[i++] = json_number_value(hours);
        }
        out->keys = keys;
        out->values = values;
        out->n = n;
        return QF_OK;
    }
    }
    return QF_OK;
}

/* `remind`: "-7d,-3d" or {"-7d", "-3d"} (docs/reminders.md), joined into one text */
static int compile_leads(json_t *v, qf_arena *a, qf_req *out, const char *where)
{
    char text[256] = "";
    if (json_is_string(v)) {
        snprintf(text, sizeof text, "%s", json_string_value(v));
    } else if (json_is_array(v) && json_array_size(v) > 0) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            if (!json_is_string(e))
                return qf__err(QF_EINVALID,
                               _("%s: parameter remind must be lead times (\"-7d,-3d\" or a list "
                                 "of them)"),
                               where);
            size_t len = strlen(text);
            snprintf(text + len, sizeof text - len, "%s%s", i ? "," : "", json_string_value(e));
        }
    } else {
        return qf__err(QF_EINVALID,
                       _("%s: parameter remind must be lead times (\"-7d,-3d\" or a list of them)"),
                       where);
    }
    qf_duration leads[QF_LEADS_MAX];
    size_t n;
    if (qf_leads_parse(leads, &n, text) != QF_OK)
        return qf__err(QF_EINVALID, "%s: remind: %s", where, qf_error_last());
    out->leads = qf__arena_strdup(a, text);
    out->leads_json = v;
    return out->leads ? QF_OK : qf__oom();
}

/* The kind's defaults, parsed once per process (the descriptor table is static). */
static json_t *default_json(const qf_param_spec *p)
{
    static json_t *cache[QF_REQ_COUNT_][16];
    size_t nk;
    const qf_kind_desc *ks = qf__kinds(&nk);
    for (size_t k = 0; k < nk; k++) {
        if (p < ks[k].params || p >= ks[k].params + ks[k].n_params)
            continue;
        size_t i = (size_t)(p - ks[k].params);
        if (!cache[k][i]) /* kept for the life of the process, like the table itself */
            cache[k][i] = json_loads(p->def, JSON_DECODE_ANY, NULL);
        return cache[k][i];
    }
    return NULL;
}

static int known_list(const qf_kind_desc *k, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < k->n_params; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", i ? ", " : "", k->params[i].name);
    }
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, ", remind");
    return QF_OK;
}

int qf__req_compile(qf_db *db, const qf_kind_desc *k, json_t *params, qf_arena *a,
                    const qf_prov *from, qf_req *out, const char *where)
{
    memset(out, 0, sizeof *out);
    out->kind = k;
    if (params && !json_is_object(params))
        return qf__err(QF_EINVALID, _("%s: parameters must be a table"), where);
    out->p = qf__arena_alloc(a, (k->n_params ? k->n_params : 1) * sizeof *out->p);
    if (!out->p)
        return qf__oom();
    memset(out->p, 0, (k->n_params ? k->n_params : 1) * sizeof *out->p);
    const char *key;
    json_t *v;
    int rc;
    json_object_foreach(params, key, v)
    {
        if (strcmp(key, "remind") == 0) {
            if ((rc = compile_leads(v, a, out, where)))
                return rc;
            out->leads_from = from;
            continue;
        }
        int i = qf__kind_param(k, key);
        if (i < 0) {
            char known[300];
            known_list(k, known, sizeof known);
            return qf__err(QF_EINVALID, _("%s: %s has no parameter '%s' (it has: %s)"), where,
                           k->name, key, known);
        }
        if ((rc = qf__pval_compile(db, &k->params[i], v, a, &out->p[i], where)))
            return rc;
        out->p[i].from = from;
    }
    for (size_t i = 0; i < k->n_params; i++) {
        const qf_param_spec *p = &k->params[i];
        if (out->p[i].set)
            continue;
        if (p->required)
            return qf__err(QF_EINVALID, _("%s: %s needs parameter '%s' (%s)"), where, k->name,
                           p->name, _(p->doc));
        if (p->def && (rc = qf__pval_compile(db, p, default_json(p), a, &out->p[i], where)))
            return rc;
        out->p[i].from = NULL; /* the kind's default */
    }
    return k->validate ? k->validate(out, where) : QF_OK;
}

int qf__req_set(qf_db *db, qf_req *r, const char *name, json_t *v, qf_arena *a,
                const qf_prov *from, const char *where)
{
    const qf_kind_desc *k = r->kind;
    qf_pval *p = qf__arena_alloc(a, (k->n_params ? k->n_params : 1) * sizeof *p);
    if (!p)
        return qf__oom();
    memcpy(p, r->p, k->n_params * sizeof *p);
    r->p = p;
    int rc;
    if (strcmp(name, "remind") == 0) {
        if ((rc = compile_leads(v, a, r, where)))
            return rc;
        r->leads_from = from;
        return QF_OK;
    }
    int i = qf__kind_param(k, name);
    if (i < 0) {
        char known[300];
        known_list(k, known, sizeof known);
        return qf__err(QF_EINVALID, _("%s: %s has no parameter '%s' (it has: %s)"), where, k->name,
                       name, known);
    }
    if ((rc = qf__pval_compile(db, &k->params[i], v, a, &p[i], where)))
        return rc;
    p[i].from = from;
    return k->validate ? k->validate(r, where) : QF_OK;
}

json_t *qf__req_params_json(const qf_req *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (size_t i = 0; i < r->kind->n_params; i++)
        if (r->p[i].set && r->p[i].json)
            json_object_set(o, r->kind->params[i].name, r->p[i].json);
    if (r->leads_json)
        json_object_set(o, "remind", r->leads_json);
    return o;
}

/* ---- documentation, from the same table -------------------------------------------------- */

static const char *type_name(qf_param_type t)
{
    static const char *names[] = {N_("activity kinds"), N_("period kind"),   N_("integer"),
                                  N_("number"),         N_("boolean"),       N_("string"),
                                  N_("strings"),        N_("post"),          N_("posts"),
                                  N_("guest role"),     N_("artifact type"), N_("fraction"),
                                  N_("choice"),         N_("statuses"),      N_("table"),
                                  N_("number"),         N_("hours by post")};
    return names[t];
}

int qf_requirement_kinds_json(char **out)
{
    json_t *arr = json_array();
    size_t n;
    const qf_kind_desc *k = qf__kinds(&n);
    for (size_t i = 0; i < n; i++) {
        json_t *params = json_array();
        for (size_t j = 0; j < k[i].n_params; j++) {
            const qf_param_spec *p = &k[i].params[j];
            json_t *o = json_pack("{s:s, s:s, s:b, s:s}", "name", p->name, "type",
                                  _(type_name(p->type)), "required", p->required, "doc", _(p->doc));
            if (p->def)
                json_object_set_new(o, "default", json_loads(p->def, JSON_DECODE_ANY, NULL));
            if (p->choices)
                json_object_set_new(o, "choices", json_string(p->choices));
            if (p->type == QF_P_INT) {
                json_object_set_new(o, "min", json_integer(p->min));
                json_object_set_new(o, "max", json_integer(p->max));
            }
            json_array_append_new(params, o);
        }
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "kind", k[i].name, "doc",
                                             _(k[i].doc), "subject", k[i].subject, "params",
                                             params));
    }
    *out = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    return *out ? QF_OK : qf__oom();
}
