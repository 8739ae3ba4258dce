/*
 * Validating and normalising procedure definitions. The input is what the Lua declaration
 * produces (functions replaced by {"ref": …}); the output is a fresh object holding only known
 * keys in one canonical shape, so two declarations that mean the same hash the same and every
 * reader of a stored definition can rely on its shape. Every message starts with
 * "procedure CODE" and the step, field or rule, and says what was expected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

static int norm_stages(qf_def_ctx *c, json_t *in, const char *where0)
{
    static const char *const keys[] = {"code", "title", "doc", NULL};
    json_t *stages = json_object_get(in, "stages");
    json_t *out = json_array();
    json_object_set_new(c->out, "stages", out);
    if (!stages)
        return QF_OK;
    if (!json_is_array(stages) || json_array_size(stages) > QF_PROC_MAX_LIST)
        return qf__err(QF_EINVALID, _("%s: stages must be a list of {code=, title=}"), where0);
    size_t i;
    json_t *s;
    json_array_foreach(stages, i, s)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: stage #%zu"), where0, i + 1);
        if (!json_is_object(s))
            return qf__err(QF_EINVALID, _("%s: must be a table {code=, title=}"), where);
        int rc = qf__pj_only_keys(s, keys, where);
        if (!rc)
            rc = qf__pj_check_ident("code", json_object_get(s, "code"), where);
        if (rc)
            return rc;
        const char *code = json_string_value(json_object_get(s, "code"));
        snprintf(where, sizeof where, _("%s: stage %s"), where0, code);
        json_t *o = json_pack("{s:s}", "code", code);
        json_array_append_new(out, o);
        if ((rc = qf__pj_copy_text(o, s, "title", true, 400, where)) ||
            (rc = qf__pj_copy_text(o, s, "doc", false, 4000, where)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(code, json_string_value(json_object_get(json_array_get(out, j), "code"))) ==
                0)
                return qf__err(QF_EINVALID, _("%s: appears twice"), where);
    }
    return QF_OK;
}

static int norm_deadlines(qf_def_ctx *c, json_t *dst, json_t *src, const char *where0)
{
    static const char *const keys[] = {"within", "not_before", "from", "kind", "label", NULL};
    json_t *list = json_object_get(src, "deadlines");
    json_t *out = json_array();
    json_object_set_new(dst, "deadlines", out);
    if (!list)
        return QF_OK;
    if (!json_is_array(list) || json_array_size(list) > 10)
        return qf__err(QF_EINVALID,
                       _("%s: deadlines must be a list of {within=, from=} or {not_before=, "
                         "from=} (at most 10)"),
                       where0);
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: deadline #%zu"), where0, i + 1);
        if (!json_is_object(d))
            return qf__err(QF_EINVALID, _("%s: must be a table {within=, from=}"), where);
        int rc = qf__pj_only_keys(d, keys, where);
        if (rc)
            return rc;
        json_t *within = json_object_get(d, "within"), *nb = json_object_get(d, "not_before");
        if ((within != NULL) == (nb != NULL))
            return qf__err(QF_EINVALID, _("%s: give either within or not_before"), where);
        const char *key = within ? "within" : "not_before";
        char w[340];
        snprintf(w, sizeof w, "%s: %s", where, key);
        if ((rc = qf__proc_check_duration(c, within ? within : nb, w)))
            return rc;
        json_t *o = json_pack("{s:O}", key, within ? within : nb);
        json_array_append_new(out, o);
        json_t *from = json_object_get(d, "from");
        if (from && (!json_is_string(from) || json_string_length(from) == 0 ||
                     json_string_length(from) > 130))
            return qf__err(QF_EINVALID,
                           _("%s: from must be \"entered\", \"start\", a step code or "
                             "\"step.field\""),
                           where);
        json_object_set_new(o, "from", from ? json_incref(from) : json_string("entered"));
        json_t *kind = json_object_get(d, "kind");
        const char *k = json_string_value(kind);
        if (kind && (!k || (strcmp(k, "interrupt") != 0 && strcmp(k, "warning") != 0)))
            return qf__err(QF_EINVALID, _("%s: kind must be \"interrupt\" or \"warning\""), where);
        if (kind && nb)
            return qf__err(QF_EINVALID,
                           _("%s: a not_before rule always refuses an early completion; kind "
                             "applies to within"),
                           where);
        if (within)
            json_object_set_new(o, "kind", json_string(k ? k : "warning"));
        if ((rc = qf__pj_copy_text(o, d, "label", false, 400, where)))
            return rc;
    }
    return QF_OK;
}

/* next: absent (the following step), a code, or a list of codes / {to=, when=, again=, …} */
static int norm_next(qf_def_ctx *c, json_t *dst, json_t *src, json_t *steps_in, size_t index,
                     const char *where)
{
    static const char *const keys[] = {"to", "when", "when_doc", "again", "label", NULL};
    json_t *next = json_object_get(src, "next");
    json_t *final = json_object_get(src, "final");
    json_t *out = json_array();
    json_object_set_new(dst, "next", out);
    if (final && !json_is_boolean(final))
        return qf__err(QF_EINVALID, _("%s: final must be true or false"), where);
    if (json_is_true(final)) {
        if (next)
            return qf__err(QF_EINVALID, _("%s: a final step has no next"), where);
        return QF_OK;
    }
    if (!next) {
        json_t *following = json_array_get(steps_in, index + 1);
        if (following)
            json_array_append_new(out,
                                  json_pack("{s:O}", "to", json_object_get(following, "code")));
        return QF_OK;
    }
    json_t *list = next;
    if (json_is_string(next) || (json_is_object(next) && json_object_get(next, "to")))
        list = json_pack("[O]", next);
    else
        json_incref(list);
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > QF_PROC_MAX_LIST) {
        json_decref(list);
        return qf__err(QF_EINVALID,
                       _("%s: next must be a step code or a list of codes or {to=, when=} "
                         "(or final = true)"),
                       where);
    }
    int rc = QF_OK;
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t)
    {
        char w[340];
        snprintf(w, sizeof w, _("%s: next #%zu"), where, i + 1);
        json_t *o;
        if (json_is_string(t)) {
            o = json_pack("{s:O}", "to", t);
        } else if (json_is_object(t)) {
            if ((rc = qf__pj_only_keys(t, keys, w)))
                break;
            o = json_pack("{s:O*}", "to", json_object_get(t, "to"));
            json_t *again = json_object_get(t, "again");
            if (again && !json_is_boolean(again)) {
                json_decref(o);
                rc = qf__err(QF_EINVALID, _("%s: again must be true or false"), w);
                break;
            }
            if (json_is_true(again))
                json_object_set_new(o, "again", json_true());
            if ((rc = qf__pj_copy_ref(o, t, "when", w)) ||
                (rc = qf__pj_copy_text(o, t, "when_doc", false, 1000, w)) ||
                (rc = qf__pj_copy_text(o, t, "label", false, 400, w))) {
                json_decref(o);
                break;
            }
        } else {
            rc = qf__err(QF_EINVALID, _("%s: must be a step code or {to=, when=}"), w);
            break;
        }
        json_array_append_new(out, o);
        if ((rc = qf__pj_check_ident(_("to"), json_object_get(o, "to"), w)))
            break;
        const char *to = json_string_value(json_object_get(o, "to"));
        for (size_t j = 0; j < i; j++)
            if (strcmp(to, json_string_value(json_object_get(json_array_get(out, j), "to"))) == 0)
                rc = qf__err(QF_EINVALID, _("%s: step %s is named twice"), w, to);
        if (rc)
            break;
    }
    json_decref(list);
    (void)c;
    return rc;
}

static int norm_step(qf_def_ctx *c, json_t *steps_in, size_t index, json_t *s, const char *where0)
{
    static const char *const keys[] = {"code",        "title",  "stage", "doc",       "responsible",
                                       "artifacts",   "fields", "guard", "guard_doc", "deadlines",
                                       "on_complete", "next",   "final", NULL};
    char where[300];
    snprintf(where, sizeof where, _("%s: step #%zu"), where0, index + 1);
    if (!json_is_object(s))
        return qf__err(QF_EINVALID, _("%s: must be a table {code=, title=, …}"), where);
    int rc = qf__pj_check_ident("code", json_object_get(s, "code"), where);
    if (rc)
        return rc;
    const char *code = json_string_value(json_object_get(s, "code"));
    snprintf(where, sizeof where, _("%s: step %s"), where0, code);
    if ((rc = qf__pj_only_keys(s, keys, where)))
        return rc;
    json_t *o = json_pack("{s:s}", "code", code);
    json_array_append_new(json_object_get(c->out, "steps"), o);
    if ((rc = qf__pj_copy_text(o, s, "title", true, 400, where)) ||
        (rc = qf__pj_copy_text(o, s, "doc", false, 4000, where)) ||
        (rc = qf__pj_copy_text(o, s, "guard_doc", false, 1000, where)))
        return rc;
    json_t *stage = json_object_get(s, "stage");
    json_t *stages = json_object_get(c->out, "stages");
    if (stage) {
        bool found = false;
        size_t i;
        json_t *st;
        json_array_foreach(stages, i, st)
        {
            found = found || json_equal(json_object_get(st, "code"), stage);
        }
        if (!found)
            return qf__err(QF_EINVALID, _("%s: stage '%s' is not declared in stages"), where,
                           json_is_string(stage) ? json_string_value(stage) : "?");
        json_object_set(o, "stage", stage);
    } else if (json_array_size(stages)) {
        return qf__err(QF_EINVALID, _("%s: field 'stage' is required when stages are declared"),
                       where);
    }
    json_t *resp = json_object_get(s, "responsible");
    if (resp) {
        if (!json_is_string(resp) || qf_vocab_check(c->db, "post", json_string_value(resp)))
            return qf__err(QF_EINVALID, "%s: responsible: %s", where,
                           json_is_string(resp) ? qf_error_last() : _("must be a post"));
        json_object_set(o, "responsible", resp);
    }
    json_t *arts = json_object_get(s, "artifacts");
    json_t *alist = json_array();
    json_object_set_new(o, "artifacts", alist);
    if (arts) {
        json_t *list = json_is_string(arts) ? json_pack("[O]", arts) : json_incref(arts);
        if (!json_is_array(list) || json_array_size(list) > QF_PROC_MAX_LIST)
            rc = qf__err(QF_EINVALID, _("%s: artifacts must be a type or a list of types"), where);
        size_t i;
        json_t *a;
        json_array_foreach(list, i, a)
        {
            if (rc)
                break;
            char w[340];
            snprintf(w, sizeof w, _("%s: artifacts #%zu"), where, i + 1);
            if ((rc = qf__proc_check_artifact_type(c, a, w)))
                break;
            size_t j;
            json_t *b;
            json_array_foreach(alist, j, b)
            {
                if (json_equal(a, b))
                    rc = qf__err(QF_EINVALID, _("%s: type %s is named twice"), w,
                                 json_string_value(a));
            }
            json_array_append(alist, a);
        }
        json_decref(list);
        if (rc)
            return rc;
    }
    if ((rc = qf__proc_norm_fields(c, o, s, where)) || (rc = norm_deadlines(c, o, s, where)) ||
        (rc = qf__pj_copy_ref(o, s, "guard", where)) ||
        (rc = qf__pj_copy_ref(o, s, "on_complete", where)) ||
        (rc = norm_next(c, o, s, steps_in, index, where)))
        return rc;
    if (json_object_get(o, "guard_doc") && !json_object_get(o, "guard"))
        return qf__err(QF_EINVALID, _("%s: guard_doc describes a guard, but there is none"), where);
    return QF_OK;
}

json_t *qf__proc_step(json_t *def, const char *step)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(def, "steps"), i, s)
    {
        if (step && strcmp(json_string_value(json_object_get(s, "code")), step) == 0)
            return s;
    }
    return NULL;
}

const char *qf__proc_step_title(json_t *def, const char *step)
{
    return json_string_value(json_object_get(qf__proc_step(def, step), "title"));
}

static int step_index(json_t *def, const char *step)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(def, "steps"), i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "code")), step) == 0)
            return (int)i;
    }
    return -1;
}

/* "entered", "start", "start.F", "S", "S.F": F a date field of the start or of step S */
static int check_anchor(qf_def_ctx *c, json_t *rule, size_t own, const char *where)
{
    const char *from = json_string_value(json_object_get(rule, "from"));
    bool within = json_object_get(rule, "within") != NULL;
    if (strcmp(from, "entered") == 0 || strcmp(from, "start") == 0)
        return QF_OK;
    char step[70];
    const char *dot = strchr(from, '.');
    size_t n = dot ? (size_t)(dot - from) : strlen(from);
    if (n >= sizeof step)
        n = sizeof step - 1;
    memcpy(step, from, n);
    step[n] = '\0';
    json_t *fields;
    if (strcmp(step, "start") == 0) {
        fields = json_object_get(c->out, "fields");
    } else {
        int idx = step_index(c->out, step);
        if (idx < 0)
            return qf__err(QF_EINVALID,
                           _("%s: from '%s': there is no step %s (use \"entered\", \"start\", "
                             "a step code or \"step.field\")"),
                           where, from, step);
        if ((size_t)idx == own && (!dot || within))
            return qf__err(QF_EINVALID,
                           dot ? _("%s: from '%s': a within rule cannot count from a field the "
                                   "step itself records")
                               : _("%s: from '%s': a step cannot count from its own completion"),
                           where, from);
        if ((size_t)idx != own && !qf__proc_reaches(c->out, (size_t)idx, own))
            return qf__err(QF_EINVALID, _("%s: from '%s': step %s can never come before this one"),
                           where, from, step);
        fields = json_object_get(json_array_get(json_object_get(c->out, "steps"), (size_t)idx),
                                 "fields");
    }
    if (!dot)
        return QF_OK;
    json_t *f = json_object_get(fields, dot + 1);
    if (!f || strcmp(json_string_value(json_object_get(f, "type")), "date") != 0)
        return qf__err(QF_EINVALID, _("%s: from '%s': %s has no date field %s"), where, from, step,
                       dot + 1);
    return QF_OK;
}

/* Checks that need every step: transition targets, anchors, the graph. */
static int check_links(qf_def_ctx *c)
{
    json_t *steps = json_object_get(c->out, "steps");
    size_t i, j;
    json_t *s, *t;
    json_array_foreach(steps, i, s)
    {
        const char *code = json_string_value(json_object_get(s, "code"));
        for (j = 0; j < i; j++)
            if (strcmp(code,
                       json_string_value(json_object_get(json_array_get(steps, j), "code"))) == 0)
                return qf__err(QF_EINVALID, _("procedure %s: step %s appears twice"), c->code,
                               code);
        json_array_foreach(json_object_get(s, "next"), j, t)
        {
            const char *to = json_string_value(json_object_get(t, "to"));
            if (step_index(c->out, to) < 0)
                return qf__err(QF_EINVALID,
                               _("procedure %s: step %s: next #%zu: there is no step %s"), c->code,
                               code, j + 1, to);
        }
    }
    int rc = qf__proc_check_graph(c->out, c->code);
    if (rc)
        return rc;
    json_array_foreach(steps, i, s)
    {
        json_t *rule;
        json_array_foreach(json_object_get(s, "deadlines"), j, rule)
        {
            char where[300];
            snprintf(where, sizeof where, _("procedure %s: step %s: deadline #%zu"), c->code,
                     json_string_value(json_object_get(s, "code")), j + 1);
            if ((rc = check_anchor(c, rule, i, where)))
                return rc;
        }
    }
    return QF_OK;
}

int qf__proc_normalize(json_t **out, qf_db *db, json_t *in)
{
    static const char *const keys[] = {
        "code",           "title",  "version",  "subject", "source", "doc", "params",
        "artifact_types", "fields", "on_start", "stages",  "steps",  NULL};
    *out = NULL;
    if (!json_is_object(in))
        return qf__err(QF_EINVALID, "%s", _("a procedure must be a table"));
    json_t *code = json_object_get(in, "code");
    char where[200];
    snprintf(where, sizeof where, _("procedure %s"),
             json_is_string(code) ? json_string_value(code) : "?");
    int rc = qf__pj_check_ident("code", code, where);
    if (!rc)
        rc = qf__pj_only_keys(in, keys, where);
    if (rc)
        return rc;
    qf_def_ctx c = {db, json_string_value(code), json_object(), NULL, NULL};
    json_object_set(c.out, "code", code);
    json_t *subject = json_object_get(in, "subject");
    const char *subj = subject ? json_string_value(subject) : "none";
    if (!subj ||
        (strcmp(subj, "member") != 0 && strcmp(subj, "org") != 0 && strcmp(subj, "none") != 0))
    {
        char shown[80];
        rc = qf__err(QF_EINVALID,
                     _("%s: subject must be \"member\", \"org\" or \"none\", not %s"), where,
                     qf__pj_show(subject, shown, sizeof shown));
    }
    else
        json_object_set_new(c.out, "subject", json_string(subj));
    if (!rc)
        rc = qf__pj_copy_text(c.out, in, "title", true, 400, where);
    if (!rc)
        rc = qf__pj_copy_text(c.out, in, "version", false, 64, where);
    if (!rc)
        rc = qf__pj_copy_text(c.out, in, "source", false, 1000, where);
    if (!rc)
        rc = qf__pj_copy_text(c.out, in, "doc", false, 4000, where);
    if (!rc)
        rc = qf__proc_norm_params(&c, in, where);
    if (!rc)
        rc = qf__proc_norm_types(&c, in, where);
    if (!rc) {
        char w[300];
        snprintf(w, sizeof w, _("%s: start"), where);
        rc = qf__proc_norm_fields(&c, c.out, in, w);
    }
    if (!rc)
        rc = qf__pj_copy_ref(c.out, in, "on_start", where);
    if (!rc)
        rc = norm_stages(&c, in, where);
    json_t *steps = json_object_get(in, "steps");
    if (!rc && (!json_is_array(steps) || json_array_size(steps) == 0 ||
                json_array_size(steps) > QF_PROC_MAX_STEPS))
        rc = qf__err(QF_EINVALID, _("%s: steps must be a non-empty list (at most %d)"), where,
                     QF_PROC_MAX_STEPS);
    if (!rc) {
        json_object_set_new(c.out, "steps", json_array());
        size_t i;
        json_t *s;
        json_array_foreach(steps, i, s)
        {
            if ((rc = norm_step(&c, steps, i, s, where)))
                break;
        }
    }
    if (!rc)
        rc = check_links(&c);
    if (rc) {
        json_decref(c.out);
        return rc;
    }
    *out = c.out;
    return QF_OK;
}

int qf__proc_canonical(char **text, char hash[65], json_t *def)
{
    char *s = json_dumps(def, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!s)
        return qf__oom();
    qf_sha256_hex(s, strlen(s), hash);
    if (text)
        *text = s;
    else
        free(s);
    return QF_OK;
}
