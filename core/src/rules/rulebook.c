/* The compiled rulebook: every stored standard revision and tailoring read once and compiled
 * (see rulebook.h), and the questions asked of it (which revision is in force on a day). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rulebook.h"

static qf_date date_or_none(const char *s)
{
    qf_date d;
    return s && qf_date_parse(&d, s) == QF_OK ? d : QF_DATE_NONE;
}

/* Definitions are kept alive by the rulebook; compiled values borrow from them. */
typedef struct owned_json {
    json_t **items;
    size_t n, cap;
} owned_json;

static int64_t org_id_of(qf_db *db, const char *code)
{
    static const char sql[] = "SELECT id FROM org WHERE code = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    int64_t id = 0;
    if (st && code) {
        qf__bind_textn(st, 1, code, -1, QF_STATIC);
        if (qf__step(st) == QF_ROW)
            id = qf__col_int64(st, 0);
        qf__reset(st);
    }
    return id;
}

static int compile_standard(qf_db *db, qf_std_rev *r, qf_arena *a)
{
    json_t *def = r->def;
    static const qf_prov ISSUED = {"", NULL, QF_DATE_NONE, NULL, NULL};
    r->title = json_string_value(json_object_get(def, "title"));
    r->origin = json_string_value(json_object_get(def, "origin"));
    if (!r->origin)
        r->origin = "issued";
    r->system = json_string_value(json_object_get(def, "system"));
    r->category = json_string_value(json_object_get(def, "category"));
    r->owner = json_string_value(json_object_get(def, "org"));
    r->owner_id = r->owner ? org_id_of(db, r->owner) : 0;
    json_t *applies = json_object_get(def, "applies_to");
    if (!applies) {
        r->to_branches = true;
    } else {
        size_t i;
        json_t *k;
        json_array_foreach(applies, i, k)
        {
            const char *s = json_string_value(k);
            if (!s)
                continue;
            if (strcmp(s, "branch") == 0)
                r->to_branches = true;
            else if (strcmp(s, "group") == 0)
                r->to_groups = true;
            else if (strcmp(s, "committee") == 0 || strcmp(s, "general_branch") == 0)
                r->to_committees = true;
        }
    }
    json_t *clauses = json_object_get(def, "clauses");
    size_t n = json_array_size(clauses);
    r->clauses = n ? qf__arena_alloc(a, n * sizeof *r->clauses) : NULL;
    if (n && !r->clauses)
        return qf__oom();
    char where[120];
    snprintf(where, sizeof where, _("standard %s"), r->code);
    for (size_t i = 0; i < n; i++) {
        int rc = qf__clause_compile(db, json_array_get(clauses, i), r->code, a, &ISSUED,
                                    &r->clauses[i], where);
        if (rc)
            return qf__err(QF_ECORRUPT, _("standard %s rev %d: stored definition does not compile: %s"),
                           r->code, r->rev, qf_error_last());
        r->n_clauses = i + 1;
    }
    return QF_OK;
}

static const char *const *string_list(json_t *v, qf_arena *a, size_t *n)
{
    *n = 0;
    size_t m = json_array_size(v);
    if (!m)
        return NULL;
    const char **out = qf__arena_alloc(a, m * sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < m; i++)
        if (json_is_string(json_array_get(v, i)))
            out[(*n)++] = json_string_value(json_array_get(v, i));
    return out;
}

static int compile_tailoring(qf_db *db, qf_tailoring_rev *t, qf_arena *a)
{
    json_t *def = t->def;
    t->imports = string_list(json_object_get(def, "import"), a, &t->n_imports);
    t->adds = string_list(json_object_get(def, "adds"), a, &t->n_adds);
    size_t i;
    json_t *e;
    json_t *sets = json_object_get(def, "set");
    t->sets = json_array_size(sets) ? qf__arena_alloc(a, json_array_size(sets) * sizeof *t->sets)
                                    : NULL;
    json_array_foreach(sets, i, e)
    {
        qf_tset *s = &t->sets[t->n_sets];
        if (!qf__target_parse(json_string_value(json_object_get(e, "target")), a, &s->t))
            continue; /* validated at load; a damaged one changes nothing */
        s->params = json_object_get(e, "params");
        s->reason = json_string_value(json_object_get(e, "reason"));
        t->n_sets++;
    }
    json_t *nas = json_object_get(def, "not_applicable");
    t->nas = json_array_size(nas) ? qf__arena_alloc(a, json_array_size(nas) * sizeof *t->nas)
                                  : NULL;
    json_array_foreach(nas, i, e)
    {
        qf_tna *x = &t->nas[t->n_nas];
        if (!qf__target_parse(json_string_value(json_object_get(e, "target")), a, &x->t))
            continue;
        x->reason = json_string_value(json_object_get(e, "reason"));
        x->expires = date_or_none(json_string_value(json_object_get(e, "expires")));
        t->n_nas++;
    }
    json_t *adds = json_object_get(def, "add_clauses");
    t->add_clauses = json_array_size(adds)
                         ? qf__arena_alloc(a, json_array_size(adds) * sizeof *t->add_clauses)
                         : NULL;
    qf_prov *prov = qf__arena_alloc(a, sizeof *prov);
    if (!prov)
        return qf__oom();
    *prov = (qf_prov){t->code, NULL, t->effective, NULL, NULL};
    json_array_foreach(adds, i, e)
    {
        qf_tadd *x = &t->add_clauses[t->n_add_clauses];
        x->code = json_string_value(json_object_get(e, "standard"));
        x->reason = json_string_value(json_object_get(e, "reason"));
        char where[120];
        snprintf(where, sizeof where, _("tailoring %s"), t->code);
        if (!x->code || qf__clause_compile(db, json_object_get(e, "clause"), x->code, a, prov,
                                           &x->clause, where) != QF_OK)
            return qf__err(QF_ECORRUPT, _("tailoring %s rev %d: stored definition does not compile: %s"),
                           t->code, t->rev, qf_error_last());
        x->clause.added_by = t->code;
        x->clause.added_reason = x->reason;
        t->n_add_clauses++;
    }
    json_t *adopts = json_object_get(def, "adopt");
    t->adopts = json_array_size(adopts)
                    ? qf__arena_alloc(a, json_array_size(adopts) * sizeof *t->adopts)
                    : NULL;
    json_array_foreach(adopts, i, e)
    {
        qf_tadopt *x = &t->adopts[t->n_adopts];
        x->code = json_string_value(json_object_get(e, "standard"));
        x->from = date_or_none(json_string_value(json_object_get(e, "from")));
        x->reason = json_string_value(json_object_get(e, "reason"));
        if (x->code && x->from != QF_DATE_NONE)
            t->n_adopts++;
    }
    return QF_OK;
}

int qf__rulebook_read(qf_rulebook *b, qf_db *db)
{
    memset(b, 0, sizeof *b);
    qf_arena *a = &b->arena;
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db,
                         "SELECT s.code, s.rev, s.effective, s.expires, s.replaces, s.def, "
                         "src.sha256, src.name, (SELECT count(*) FROM standard) "
                         "FROM standard s LEFT JOIN std_source src ON src.id = s.source_id "
                         "ORDER BY s.code, s.rev");
    if (rc)
        return rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (!b->revs) {
            size_t n = (size_t)qf__col_int64(st, 8);
            b->revs = calloc(n ? n : 1, sizeof *b->revs);
            if (!b->revs) {
                rc = qf__oom();
                break;
            }
        }
        qf_std_rev *r = &b->revs[b->n_revs];
        r->code = qf__arena_strdup(a, qf__col_text(st, 0));
        r->rev = qf__col_int(st, 1);
        r->effective = date_or_none(qf__col_text(st, 2));
        r->expires = date_or_none(qf__col_text(st, 3));
        r->replaced = QF_DATE_NONE;
        r->replaces = qf__arena_strdup(a, qf__col_text(st, 4));
        r->def = qf__json_kept(qf__col_text(st, 5)); /* parsed once per process */
        r->source_sha = qf__arena_strdup(a, qf__col_text(st, 6));
        r->source_name = qf__arena_strdup(a, qf__col_text(st, 7));
        if (!r->code || !r->def) {
            json_decref(r->def);
            r->def = NULL;
            rc = qf__err(QF_ECORRUPT, _("standard %s: stored definition is damaged"),
                         qf__col_text(st, 0));
            break;
        }
        b->n_revs++;
    }
    qf__finalize(st);
    if (rc != QF_DONE) {
        qf__rulebook_free(b);
        return rc < 0 ? rc : qf__sqlerr(db, rc, "catalog");
    }
    /* a replacing standard ends the replaced one on the day it takes effect */
    for (size_t i = 0; i < b->n_revs; i++) {
        const qf_std_rev *y = &b->revs[i];
        if (!y->replaces)
            continue;
        for (size_t j = 0; j < b->n_revs; j++) {
            qf_std_rev *x = &b->revs[j];
            if (strcmp(x->code, y->replaces) == 0 &&
                (x->replaced == QF_DATE_NONE || y->effective < x->replaced))
                x->replaced = y->effective;
        }
    }
    for (size_t i = 0; i < b->n_revs; i++)
        if ((rc = compile_standard(db, &b->revs[i], a))) {
            qf__rulebook_free(b);
            return rc;
        }

    rc = qf__prepare(&st, db,
                     "SELECT code, rev, org_id, effective, def, (SELECT count(*) FROM "
                     "std_tailoring) FROM std_tailoring ORDER BY code, rev");
    if (rc) {
        qf__rulebook_free(b);
        return rc;
    }
    while ((rc = qf__step(st)) == QF_ROW) {
        if (!b->tailorings) {
            size_t n = (size_t)qf__col_int64(st, 5);
            b->tailorings = calloc(n ? n : 1, sizeof *b->tailorings);
            if (!b->tailorings) {
                rc = qf__oom();
                break;
            }
        }
        qf_tailoring_rev *t = &b->tailorings[b->n_tailorings];
        t->code = qf__arena_strdup(a, qf__col_text(st, 0));
        t->rev = qf__col_int(st, 1);
        t->org_id = qf__col_id(st, 2);
        t->effective = date_or_none(qf__col_text(st, 3));
        t->def = qf__json_kept(qf__col_text(st, 4));
        if (!t->code || !t->def) {
            json_decref(t->def);
            t->def = NULL;
            rc = qf__err(QF_ECORRUPT, "%s", _("a stored tailoring is damaged"));
            break;
        }
        b->n_tailorings++;
    }
    qf__finalize(st);
    if (rc != QF_DONE) {
        qf__rulebook_free(b);
        return rc < 0 ? rc : qf__sqlerr(db, rc, "catalog");
    }
    for (size_t i = 0; i < b->n_tailorings; i++)
        if ((rc = compile_tailoring(db, &b->tailorings[i], a))) {
            qf__rulebook_free(b);
            return rc;
        }
    return QF_OK;
}

void qf__rulebook_free(qf_rulebook *b)
{
    for (size_t i = 0; i < b->n_revs; i++)
        json_decref(b->revs[i].def);
    for (size_t i = 0; i < b->n_tailorings; i++)
        json_decref(b->tailorings[i].def);
    free(b->revs);
    free(b->tailorings);
    qf__arena_free(&b->arena);
    memset(b, 0, sizeof *b);
}

bool qf__rulebook_knows(const qf_rulebook *b, const char *code)
{
    for (size_t i = 0; code && i < b->n_revs; i++)
        if (strcmp(b->revs[i].code, code) == 0)
            return true;
    return false;
}

const qf_std_rev *qf__rulebook_in_force(const qf_rulebook *b, const char *code, qf_date d)
{
    const qf_std_rev *best = NULL;
    for (size_t i = 0; i < b->n_revs; i++) {
        const qf_std_rev *r = &b->revs[i];
        if (strcmp(r->code, code) != 0 || r->effective > d)
            continue;
        if (!best || r->rev > best->rev)
            best = r;
    }
    if (!best)
        return NULL;
    if (best->expires != QF_DATE_NONE && d > best->expires)
        return NULL;
    if (best->replaced != QF_DATE_NONE && d >= best->replaced)
        return NULL;
    return best;
}

const qf_std_rev *qf__rulebook_in_force_for(const qf_rulebook *b, const char *code, qf_date d,
                                            qf_date adopted)
{
    const qf_std_rev *r = qf__rulebook_in_force(b, code, d);
    if (r || adopted == QF_DATE_NONE || d < adopted)
        return r;
    /* before the standard's own start: its first revision, for an org that adopted it early */
    const qf_std_rev *first = NULL;
    for (size_t i = 0; i < b->n_revs; i++)
        if (strcmp(b->revs[i].code, code) == 0 && (!first || b->revs[i].rev < first->rev))
            first = &b->revs[i];
    return first && d < first->effective ? first : NULL;
}
