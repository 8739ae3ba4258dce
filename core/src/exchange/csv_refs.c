/*
 * The look-up tables an import or export builds once: orgs, members and vocabulary terms,
 * each read with one query into arrays sorted by id and hashed by code and by name. A file of
 * 100,000 activities with twenty names each then resolves two million names without a single
 * query (and an export writes them without one either).
 */
#include <stdlib.h>
#include <string.h>
#include "csvio.h"

static int arena_dup(qf_refs *r, const char **out, const char *s)
{
    *out = NULL;
    if (!s)
        return QF_OK;
    *out = qf__arena_strdup(&r->arena, s);
    return *out ? QF_OK : qf__oom();
}

/* Hashes `key` to `index`; a key seen before gets `index` appended to its chain instead, which
 * keeps the chain in id order for messages listing the candidates. */
static int index_name(qf_strmap *map, const char *key, int64_t index, int64_t *next_of,
                      size_t stride)
{
    bool created;
    int64_t *slot = qf__strmap_slot(map, key, &created);
    if (!slot)
        return qf__oom();
    if (created) {
        *slot = index;
        return QF_OK;
    }
    int64_t i = *slot;
    for (;;) {
        int64_t *next = (int64_t *)((char *)next_of + (size_t)i * stride);
        if (*next < 0) {
            *next = index;
            return QF_OK;
        }
        i = *next;
    }
}

int qf__refs_load_orgs(qf_refs *r, qf_db *db)
{
    static const char sql[] = "SELECT id, parent_id, kind, code, name FROM org ORDER BY id";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    size_t cap = 0;
    int rc = QF_OK, step;
    while ((step = qf__step(st)) == QF_ROW) {
        if (!qf__grow((void **)&r->orgs, &cap, r->n_orgs + 1, sizeof *r->orgs)) {
            rc = qf__oom();
            break;
        }
        qf_ref_org *o = &r->orgs[r->n_orgs];
        o->id = qf__col_int64(st, 0);
        o->parent_id = qf__col_id(st, 1);
        qf_org_kind_parse(&o->kind, qf__col_text(st, 2));
        o->next_same = -1;
        rc = arena_dup(r, &o->code, qf__col_text(st, 3));
        if (!rc)
            rc = arena_dup(r, &o->name, qf__col_text(st, 4));
        if (rc)
            break;
        r->n_orgs++;
    }
    qf__reset(st);
    if (step != QF_DONE && step != QF_ROW)
        return qf__sqlerr(db, step, "org");
    if (step == QF_ROW)
        return rc;
    for (size_t i = 0; i < r->n_orgs; i++) {
        bool created;
        int64_t *slot = qf__strmap_slot(&r->org_code, r->orgs[i].code, &created);
        if (!slot)
            return qf__oom();
        *slot = (int64_t)i; /* codes are unique in the schema */
        rc = index_name(&r->org_name, r->orgs[i].name, (int64_t)i, &r->orgs[0].next_same,
                        sizeof *r->orgs);
        if (rc)
            return rc;
    }
    return QF_OK;
}

int qf__refs_load_members(qf_refs *r, qf_db *db)
{
    static const char sql[] = "SELECT id, code, name FROM member ORDER BY id";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    size_t cap = 0;
    int rc = QF_OK, step;
    while ((step = qf__step(st)) == QF_ROW) {
        if (!qf__grow((void **)&r->members, &cap, r->n_members + 1, sizeof *r->members)) {
            rc = qf__oom();
            break;
        }
        qf_ref_member *m = &r->members[r->n_members];
        memset(m, 0, sizeof *m);
        m->id = qf__col_int64(st, 0);
        m->next_same = -1;
        rc = arena_dup(r, &m->code, qf__col_text(st, 1));
        if (!rc)
            rc = arena_dup(r, &m->name, qf__col_text(st, 2));
        if (rc)
            break;
        r->n_members++;
    }
    qf__reset(st);
    if (step != QF_DONE && step != QF_ROW)
        return qf__sqlerr(db, step, "member");
    if (step == QF_ROW)
        return rc;
    for (size_t i = 0; i < r->n_members; i++) {
        qf_ref_member *m = &r->members[i];
        if (m->code) {
            bool created;
            int64_t *slot = qf__strmap_slot(&r->member_code, m->code, &created);
            if (!slot)
                return qf__oom();
            *slot = (int64_t)i;
        }
        rc = index_name(&r->member_name, m->name, (int64_t)i, &r->members[0].next_same,
                        sizeof *r->members);
        if (rc)
            return rc;
    }
    return QF_OK;
}

int qf__refs_load_vocab(qf_refs *r, qf_ref_vocab *v, qf_db *db, const char *vocab)
{
    static const char sql[] =
        "SELECT code, label_zh FROM vocab WHERE vocab = ?1 ORDER BY builtin DESC, id";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, vocab, -1, QF_STATIC);
    size_t cap = 0;
    int rc = QF_OK, step;
    while ((step = qf__step(st)) == QF_ROW) {
        if (!qf__grow((void **)&v->terms, &cap, v->n + 1, sizeof *v->terms)) {
            rc = qf__oom();
            break;
        }
        qf_ref_term *t = &v->terms[v->n];
        const char *label = qf__col_text(st, 1);
        rc = arena_dup(r, &t->code, qf__col_text(st, 0));
        if (!rc)
            rc = arena_dup(r, &t->label_zh, label && *label ? label : NULL);
        if (rc)
            break;
        v->n++;
    }
    qf__reset(st);
    if (step != QF_DONE && step != QF_ROW)
        return qf__sqlerr(db, step, "vocab");
    if (step == QF_ROW)
        return rc;
    bool created;
    for (size_t i = 0; i < v->n; i++) {
        int64_t *slot = qf__strmap_slot(&v->by_code, v->terms[i].code, &created);
        if (!slot)
            return qf__oom();
        *slot = (int64_t)i;
    }
    for (size_t i = 0; i < v->n; i++) {
        if (!v->terms[i].label_zh)
            continue;
        int64_t *slot = qf__strmap_slot(&v->by_label, v->terms[i].label_zh, &created);
        if (!slot)
            return qf__oom();
        *slot = created ? (int64_t)i : -1; /* two terms with one label: neither by label */
    }
    for (size_t i = 0; i < v->n; i++) {
        const int64_t *l = qf__strmap_get(&v->by_label, v->terms[i].label_zh);
        v->terms[i].label_unique =
            l && *l == (int64_t)i && !qf__strmap_get(&v->by_code, v->terms[i].label_zh);
    }
    return QF_OK;
}

static void vocab_free(qf_ref_vocab *v)
{
    free(v->terms);
    qf__strmap_free(&v->by_code);
    qf__strmap_free(&v->by_label);
}

void qf__refs_free(qf_refs *r)
{
    qf__arena_free(&r->arena);
    free(r->orgs);
    free(r->members);
    qf__strmap_free(&r->org_code);
    qf__strmap_free(&r->org_name);
    qf__strmap_free(&r->member_code);
    qf__strmap_free(&r->member_name);
    vocab_free(&r->kinds);
    vocab_free(&r->roles);
    memset(r, 0, sizeof *r);
}

const qf_ref_org *qf__refs_org_by_id(const qf_refs *r, int64_t id)
{
    size_t lo = 0, hi = r->n_orgs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->orgs[mid].id == id)
            return &r->orgs[mid];
        if (r->orgs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const qf_ref_member *qf__refs_member_by_id(const qf_refs *r, int64_t id)
{
    size_t lo = 0, hi = r->n_members;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->members[mid].id == id)
            return &r->members[mid];
        if (r->members[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool qf__refs_org_under(const qf_refs *r, const qf_ref_org *inner, const qf_ref_org *outer)
{
    /* the tree is shallow (committee > general branch > branch > group); the bound guards
     * against a cycle that the schema does not forbid */
    for (size_t hops = 0; inner && hops <= r->n_orgs; hops++) {
        if (inner->id == outer->id)
            return true;
        inner = inner->parent_id ? qf__refs_org_by_id(r, inner->parent_id) : NULL;
    }
    return false;
}

const qf_ref_term *qf__refs_term(const qf_ref_vocab *v, const char *text, bool *ambiguous)
{
    *ambiguous = false;
    const int64_t *i = qf__strmap_get(&v->by_code, text);
    if (i)
        return &v->terms[*i];
    i = qf__strmap_get(&v->by_label, text);
    if (i && *i < 0)
        *ambiguous = true;
    return i && *i >= 0 ? &v->terms[*i] : NULL;
}
