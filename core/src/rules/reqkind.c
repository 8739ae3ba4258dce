/* The built-in requirement kinds and their parameters. Thresholds are named parameters with
 * defaults so a branch's tailoring can change them by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reqkind.h"

#define END {NULL, 0, false, NULL, NULL, 0, 0, NULL}

static const qf_param_spec cadence_params[] = {
    {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0, N_("activity kind(s) that count")},
    {"per", QF_P_PERIOD_KIND, true, NULL, NULL, 0, 0, N_("half_month, month, quarter, half_year, year")},
    {"min", QF_P_INT, false, "1", NULL, 1, 1000, N_("at least this many per period")},
    {"each", QF_P_ENUM, false, "\"org\"", "org|group", 0, 0,
     N_("org: the branch itself; group: every party group of the branch")},
    {"lecturer", QF_P_POST, false, NULL, NULL, 0, 0,
     N_("only activities whose lecturer holds this post in the org that day count")},
    END};

static const qf_param_spec artifact_params[] = {
    {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0, N_("activity kind(s) judged")},
    {"type", QF_P_ARTIFACT_TYPE, true, NULL, NULL, 0, 0, N_("artifact type required")},
    {"before", QF_P_INT, false, NULL, NULL, 0, 365,
     N_("issued at least this many days before the activity starts")},
    {"within", QF_P_INT, false, NULL, NULL, 0, 365,
     N_("produced within this many days after the activity (its end, else its start)")},
    {"min", QF_P_INT, false, "1", NULL, 1, 1000, N_("at least this many artifacts of the type")},
    END};

static const qf_param_spec attendance_params[] = {
    {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0, N_("activity kind(s) judged")},
    {"rate", QF_P_NUMBER, false, NULL, NULL, 0, 0,
     N_("present / due must be at least this (0..1)")},
    {"quorum", QF_P_FRACTION, false, NULL, NULL, 0, 0,
     N_("present must exceed this fraction of those due: \">1/2\", \">4/5\", \">=2/3\"")},
    {"base", QF_P_ENUM, false, "\"members\"", "members|full|voting|posts", 0, 0,
     N_("who is due: all members of the org that day, full members, members with voting "
        "rights, or the holders of `posts` (e.g. the committee)")},
    {"posts", QF_P_POSTS, false, NULL, NULL, 0, 0,
     N_("with base = posts: the posts whose holders are due")},
    {"must_attend", QF_P_POSTS, false, NULL, NULL, 0, 0, N_("holders of these posts must be present")},
    {"late_counts", QF_P_BOOL, false, "true", NULL, 0, 0, N_("late arrivals count as present")},
    END};

static const qf_param_spec agenda_params[] = {
    {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0, N_("activity kind(s) judged")},
    {"segments", QF_P_STRINGS, true, NULL, NULL, 0, 0, N_("segment codes that must appear")},
    {"ordered", QF_P_BOOL, false, "true", NULL, 0, 0, N_("they must appear in this order")},
    {"labels", QF_P_OBJECT, false, NULL, NULL, 0, 0, N_("display names of the segments")},
    END};

static const qf_param_spec guest_params[] = {
    {"activity", QF_P_ACTIVITY_KINDS, true, NULL, NULL, 0, 0, N_("activity kind(s) judged")},
    {"role", QF_P_ROLE, true, NULL, NULL, 0, 0, N_("guest role required (expert, representative…)")},
    {"min", QF_P_INT, false, "1", NULL, 1, 1000, N_("at least this many guests of the role")},
    END};

static const qf_param_spec position_params[] = {
    {"post", QF_P_POST, true, NULL, NULL, 0, 0, N_("the post that must be held every day")},
    {"each", QF_P_ENUM, false, "\"org\"", "org|group", 0, 0, N_("in the branch, or in every group")},
    END};

static const qf_param_spec term_params[] = {
    {"years", QF_P_INT, false, "3", NULL, 1, 10, N_("term of office in years")},
    {"activity", QF_P_ACTIVITY_KINDS, false, "\"election\"", NULL, 0, 0,
     N_("the activity kind that records an election")},
    {"warn", QF_P_INT, false, "90", NULL, 0, 3650,
     N_("days before the due date from which the finding is open (a reminder)")},
    END};

static const qf_param_spec members_params[] = {
    {"status", QF_P_STATUSES, false, "[\"full\"]", NULL, 0, 0, N_("statuses counted")},
    {"min", QF_P_INT, false, NULL, NULL, 0, 100000, N_("at least this many")},
    {"max", QF_P_INT, false, NULL, NULL, 0, 100000, N_("at most this many")},
    END};

static const qf_param_spec check_params[] = {
    {"subject", QF_P_ENUM, true, NULL, "activity|member|org|period", 0, 0,
     N_("what the function is called for")},
    {"activity", QF_P_ACTIVITY_KINDS, false, NULL, NULL, 0, 0, N_("subject activity: kinds judged")},
    {"per", QF_P_PERIOD_KIND, false, NULL, NULL, 0, 0, N_("subject period: the period kind")},
    {"args", QF_P_OBJECT, false, NULL, NULL, 0, 0, N_("parameters passed to the function")},
    END};

static const qf_param_spec hours_params[] = {
    {"attr", QF_P_STRING, false, "\"class_hours\"", NULL, 0, 0,
     N_("the activity attribute holding the hours (attrs.class_hours)")},
    {"min", QF_P_NUMBER_ANY, true, NULL, NULL, 0, 0, N_("hours each member needs per period")},
    {"per", QF_P_PERIOD_KIND, false, "\"year\"", NULL, 0, 0, N_("the period the hours add up over")},
    {"posts", QF_P_OBJECT, false, NULL, NULL, 0, 0,
     N_("higher minimums for holders of posts, e.g. {secretary = 56}")},
    END};

static const qf_param_spec deadline_params[] = {
    {"procedure", QF_P_STRING, true, NULL, NULL, 0, 0,
     N_("the procedure (code) whose cases' step deadlines are judged")},
    {"steps", QF_P_STRINGS, false, NULL, NULL, 0, 0,
     N_("only the deadlines of these steps (default: every step)")},
    {"warnings", QF_P_BOOL, false, "true", NULL, 0, 0,
     N_("also judge deadlines that are only warnings (a missed one warns)")},
    END};

static const qf_kind_spec KINDS[] = {
    {"cadence", QF_REQ_CADENCE, N_("at least N activities of a kind per calendar period"),
     cadence_params},
    {"artifact", QF_REQ_ARTIFACT, N_("each activity has an artifact of a type, on time"),
     artifact_params},
    {"attendance", QF_REQ_ATTENDANCE,
     "attendance rate or quorum against membership on the day; posts that must attend",
     attendance_params},
    {"agenda", QF_REQ_AGENDA, N_("required agenda segments, in order"), agenda_params},
    {"guest", QF_REQ_GUEST, N_("at least N guests of a role"), guest_params},
    {"position", QF_REQ_POSITION, N_("a post is held on every day of the period"), position_params},
    {"term", QF_REQ_TERM, N_("the last election is not older than the term"), term_params},
    {"members", QF_REQ_MEMBERS, N_("the number of members of given statuses"), members_params},
    {"hours", QF_REQ_HOURS, N_("each member attends activities worth at least N hours per period"),
     hours_params},
    {"check", QF_REQ_CHECK, N_("a Lua function judges each subject"), check_params},
    {"deadline", QF_REQ_DEADLINE, N_("procedure cases complete their steps by their deadlines"),
     deadline_params},
};

const qf_kind_spec *qf__req_kinds(size_t *n)
{
    *n = sizeof KINDS / sizeof KINDS[0];
    return KINDS;
}

const qf_kind_spec *qf__req_kind(const char *name)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (name && strcmp(KINDS[i].name, name) == 0)
            return &KINDS[i];
    return NULL;
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

static int check_vocab_value(qf_db *db, const char *vocab, json_t *v, const char *where,
                             const char *name)
{
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: parameter %s must be a string"), where, name);
    if (qf_vocab_check(db, vocab, json_string_value(v)) != QF_OK)
        return qf__err(QF_EINVALID, "%s: %s: %s", where, name, qf_error_last());
    return QF_OK;
}

static int check_list(qf_db *db, const char *vocab, json_t *v, const char *where,
                      const char *name, bool allow_single)
{
    if (allow_single && json_is_string(v))
        return vocab ? check_vocab_value(db, vocab, v, where, name) : QF_OK;
    if (!json_is_array(v) || json_array_size(v) == 0)
        return qf__err(QF_EINVALID, _("%s: parameter %s must be a non-empty list of strings"),
                       where, name);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_string(e))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a non-empty list of strings"),
                           where, name);
        if (vocab) {
            int rc = check_vocab_value(db, vocab, e, where, name);
            if (rc)
                return rc;
        }
    }
    return QF_OK;
}

static int check_param(qf_db *db, const qf_param_spec *p, json_t *v, const char *where)
{
    switch (p->type) {
    case QF_P_ACTIVITY_KINDS:
        return check_list(db, "activity_kind", v, where, p->name, true);
    case QF_P_PERIOD_KIND: {
        qf_period_kind k;
        if (!json_is_string(v) || qf_period_kind_parse(&k, json_string_value(v)) != QF_OK ||
            k == QF_PERIOD_DAY)
            return qf__err(QF_EINVALID,
                           _("%s: parameter %s must be half_month, month, quarter, half_year or "
                             "year"),
                           where, p->name);
        return QF_OK;
    }
    case QF_P_INT:
        if (!json_is_integer(v) || json_integer_value(v) < p->min ||
            json_integer_value(v) > p->max)
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a whole number from %ld to %ld"),
                           where, p->name, p->min, p->max);
        return QF_OK;
    case QF_P_NUMBER:
        if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1)
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a number from 0 to 1"), where,
                           p->name);
        return QF_OK;
    case QF_P_BOOL:
        if (!json_is_boolean(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be true or false"), where,
                           p->name);
        return QF_OK;
    case QF_P_STRING:
        if (!json_is_string(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a string"), where, p->name);
        return QF_OK;
    case QF_P_STRINGS:
        return check_list(db, NULL, v, where, p->name, false);
    case QF_P_POST:
        return check_vocab_value(db, "post", v, where, p->name);
    case QF_P_POSTS:
        return check_list(db, "post", v, where, p->name, true);
    case QF_P_ROLE:
        return check_vocab_value(db, "guest_role", v, where, p->name);
    case QF_P_ARTIFACT_TYPE:
        return check_vocab_value(db, "artifact_type", v, where, p->name);
    case QF_P_FRACTION: {
        int n, d;
        bool s;
        if (!json_is_string(v) || !qf__parse_fraction(json_string_value(v), &n, &d, &s))
            return qf__err(QF_EINVALID,
                           _("%s: parameter %s must be a fraction like \">1/2\" or \">=2/3\""),
                           where, p->name);
        return QF_OK;
    }
    case QF_P_ENUM: {
        const char *s = json_string_value(v);
        size_t n = s ? strlen(s) : 0;
        for (const char *c = p->choices; s && c && *c;) {
            const char *bar = strchr(c, '|');
            size_t len = bar ? (size_t)(bar - c) : strlen(c);
            if (len == n && strncmp(c, s, n) == 0)
                return QF_OK;
            c = bar ? bar + 1 : NULL;
        }
        return qf__err(QF_EINVALID, _("%s: parameter %s must be one of %s"), where, p->name,
                       p->choices);
    }
    case QF_P_STATUSES: {
        int rc = check_list(db, NULL, v, where, p->name, true);
        if (rc)
            return rc;
        json_t *list = json_is_string(v) ? NULL : v;
        size_t i;
        json_t *e;
        qf_member_status st;
        if (!list)
            return qf_member_status_parse(&st, json_string_value(v)) == QF_OK
                       ? QF_OK
                       : qf__err(QF_EINVALID, "%s: %s: %s", where, p->name, qf_error_last());
        json_array_foreach(list, i, e)
        {
            if (qf_member_status_parse(&st, json_string_value(e)) != QF_OK)
                return qf__err(QF_EINVALID, "%s: %s: %s", where, p->name, qf_error_last());
        }
        return QF_OK;
    }
    case QF_P_NUMBER_ANY:
        if (!json_is_number(v) || json_number_value(v) < 0)
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a number of at least 0"),
                           where, p->name);
        return QF_OK;
    case QF_P_OBJECT:
        if (!json_is_object(v))
            return qf__err(QF_EINVALID, _("%s: parameter %s must be a table of names"), where,
                           p->name);
        return QF_OK;
    }
    return QF_OK;
}

/* `remind`: "-7d,-3d" or {"-7d", "-3d"} (docs/reminders.md) */
static int check_leads(json_t *v, const char *where)
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
    return QF_OK;
}

int qf__req_validate(qf_db *db, const qf_kind_spec *spec, json_t *params, const char *where)
{
    if (!json_is_object(params))
        return qf__err(QF_EINVALID, _("%s: parameters must be a table"), where);
    const char *key;
    json_t *v;
    json_object_foreach(params, key, v)
    {
        /* every kind takes `remind`: the lead times of the reminders its open findings give */
        if (strcmp(key, "remind") == 0) {
            int rc = check_leads(v, where);
            if (rc)
                return rc;
            continue;
        }
        const qf_param_spec *p = spec->params;
        while (p->name && strcmp(p->name, key) != 0)
            p++;
        if (!p->name) {
            char known[256] = "";
            for (const qf_param_spec *q = spec->params; q->name; q++) {
                strncat(known, q->name, sizeof known - strlen(known) - 3);
                if (q[1].name)
                    strncat(known, ", ", sizeof known - strlen(known) - 1);
            }
            return qf__err(QF_EINVALID, _("%s: %s has no parameter '%s' (it has: %s)"), where,
                           spec->name, key, known);
        }
        int rc = check_param(db, p, v, where);
        if (rc)
            return rc;
    }
    for (const qf_param_spec *p = spec->params; p->name; p++)
        if (p->required && !json_object_get(params, p->name))
            return qf__err(QF_EINVALID, _("%s: %s needs parameter '%s' (%s)"), where, spec->name,
                           p->name, _(p->doc));
    if (spec->kind == QF_REQ_ARTIFACT && json_object_get(params, "before") &&
        json_object_get(params, "within"))
        return qf__err(QF_EINVALID, _("%s: artifact takes 'before' or 'within', not both"),
                       where);
    if (spec->kind == QF_REQ_ATTENDANCE) {
        const char *base = json_string_value(json_object_get(params, "base"));
        bool posts = json_object_get(params, "posts") != NULL;
        if (base && strcmp(base, "posts") == 0 && !posts)
            return qf__err(QF_EINVALID, _("%s: base = posts needs 'posts'"), where);
        if (posts && (!base || strcmp(base, "posts") != 0))
            return qf__err(QF_EINVALID, _("%s: 'posts' goes with base = posts"), where);
    }
    if (spec->kind == QF_REQ_HOURS) {
        const char *post;
        json_t *hours;
        json_object_foreach(json_object_get(params, "posts"), post, hours)
        {
            if (qf_vocab_check(db, "post", post) != QF_OK)
                return qf__err(QF_EINVALID, "%s: posts: %s", where, qf_error_last());
            if (!json_is_number(hours) || json_number_value(hours) < 0)
                return qf__err(QF_EINVALID, _("%s: posts: the hours for %s must be a number"),
                               where, post);
        }
    }
    if (spec->kind == QF_REQ_MEMBERS && !json_object_get(params, "min") &&
        !json_object_get(params, "max"))
        return qf__err(QF_EINVALID, _("%s: members needs 'min' or 'max'"), where);
    if (spec->kind == QF_REQ_CHECK) {
        const char *subject = json_string_value(json_object_get(params, "subject"));
        if (subject && strcmp(subject, "period") == 0 && !json_object_get(params, "per"))
            return qf__err(QF_EINVALID, _("%s: a check on periods needs 'per'"), where);
        if (subject && strcmp(subject, "activity") == 0 && !json_object_get(params, "activity"))
            return qf__err(QF_EINVALID, _("%s: a check on activities needs 'activity'"), where);
    }
    return QF_OK;
}

bool qf__req_has_param(const qf_kind_spec *spec, const char *name)
{
    if (!spec || !name)
        return false;
    if (strcmp(name, "remind") == 0)
        return true;
    for (const qf_param_spec *p = spec->params; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return true;
    return false;
}

void qf__req_fill_defaults(const qf_kind_spec *spec, json_t *params)
{
    for (const qf_param_spec *p = spec->params; p->name; p++) {
        if (!p->def || json_object_get(params, p->name))
            continue;
        json_t *v = json_loads(p->def, JSON_DECODE_ANY, NULL);
        if (v)
            json_object_set_new(params, p->name, v);
    }
}

static const char *type_name(qf_param_type t)
{
    static const char *names[] = {N_("activity kinds"), N_("period kind"),   N_("integer"),
                                  N_("number"),         N_("boolean"),       N_("string"),
                                  N_("strings"),        N_("post"),          N_("posts"),
                                  N_("guest role"),     N_("artifact type"), N_("fraction"),
                                  N_("choice"),         N_("statuses"),      N_("table"),
                                  N_("number")};
    return names[t];
}

int qf_requirement_kinds_json(char **out)
{
    json_t *arr = json_array();
    size_t n;
    const qf_kind_spec *k = qf__req_kinds(&n);
    for (size_t i = 0; i < n; i++) {
        json_t *params = json_array();
        for (const qf_param_spec *p = k[i].params; p->name; p++) {
            json_t *o = json_pack("{s:s, s:s, s:b, s:s}", "name", p->name, "type",
                                  _(type_name(p->type)), "required", p->required, "doc", _(p->doc));
            if (p->def)
                json_object_set_new(o, "default", json_loads(p->def, JSON_DECODE_ANY, NULL));
            if (p->choices)
                json_object_set_new(o, "choices", json_string(p->choices));
            json_array_append_new(params, o);
        }
        json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "kind", k[i].name, "doc",
                                             _(k[i].doc), "params", params));
    }
    *out = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    return *out ? QF_OK : qf__oom();
}
