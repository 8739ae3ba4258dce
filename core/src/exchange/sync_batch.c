/*
 * Reading a branch's sealed audit entries for a push: the seals after the organ's last
 * acknowledged entry, each with its entries, copied out of the branch's database so the batch
 * can be applied to another (the organ's) and outlive the branch's statements. Entries past the
 * last seal are not sealed yet (a transaction still open, or a write made outside qufa) and are
 * not shipped.
 */
#include <stdlib.h>
#include <string.h>
#include "sync_internal.h"

void qf__sync_hash(const char *prev, const sync_entry *e, size_t n, char out[65])
{
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    qf__sha256_update(&c, prev, strlen(prev));
    for (size_t i = 0; i < n; i++) {
        char num[24];
        int len = snprintf(num, sizeof num, "%lld", (long long)e[i].seq);
        qf__audit_hash_value(&c, num, (size_t)len);
        const char *text[4] = {e[i].at, e[i].actor, e[i].action, e[i].tbl};
        for (int k = 0; k < 4; k++)
            qf__audit_hash_value(&c, text[k], text[k] ? strlen(text[k]) : 0);
        len = snprintf(num, sizeof num, "%lld", (long long)e[i].row_id);
        qf__audit_hash_value(&c, num, (size_t)len);
        qf__audit_hash_value(&c, e[i].before, e[i].before ? strlen(e[i].before) : 0);
        qf__audit_hash_value(&c, e[i].after, e[i].after ? strlen(e[i].after) : 0);
    }
    unsigned char d[32];
    qf__sha256_final(&c, d);
    qf__hex(d, 32, out);
}

void qf_sync_batch_free(qf_sync_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nentries; i++) {
        sync_entry *e = &b->entries[i];
        free(e->at);
        free(e->actor);
        free(e->action);
        free(e->tbl);
        free(e->before);
        free(e->after);
    }
    for (size_t i = 0; i < b->nseals; i++)
        free(b->seals[i].at);
    free(b->entries);
    free(b->seals);
    free(b->name);
    free(b);
}

int64_t qf_sync_batch_seals(const qf_sync_batch *b)
{
    return b ? (int64_t)b->nseals : 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *d = qf__strdup(s);
    if (!d)
        *oom = true;
    return d;
}

static int read_seals(qf_sync_batch *b, qf_db *branch, int64_t after_seq, int64_t max_seals)
{
    static const char sql[] = "SELECT first_seq, last_seq, at, prev_hash, hash FROM audit_seal "
                              "WHERE last_seq > ?1 ORDER BY id";
    qf_stmt *st = qf__stmt(branch, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, after_seq);
    size_t cap = 0;
    int rc = QF_OK, step;
    while ((max_seals <= 0 || (int64_t)b->nseals < max_seals) &&
           (step = qf__step(st)) == QF_ROW) {
        if (b->nseals == cap) {
            cap = cap ? cap * 2 : 64;
            sync_seal *more = realloc(b->seals, cap * sizeof *more);
            if (!more) {
                rc = qf__oom();
                break;
            }
            b->seals = more;
        }
        sync_seal *s = &b->seals[b->nseals];
        memset(s, 0, sizeof *s);
        s->first_seq = qf__col_int64(st, 0);
        s->last_seq = qf__col_int64(st, 1);
        bool oom = false;
        s->at = dup_or_null(qf__col_text(st, 2), &oom);
        snprintf(s->prev_hash, sizeof s->prev_hash, "%s", qf__col_text(st, 3) ? qf__col_text(st, 3) : "");
        snprintf(s->hash, sizeof s->hash, "%s", qf__col_text(st, 4) ? qf__col_text(st, 4) : "");
        b->nseals++;
        if (oom) {
            rc = qf__oom();
            break;
        }
    }
    qf__reset(st);
    return rc;
}

/* The entries of the batch's seals, assigned to their seal by seq. */
static int read_entries(qf_sync_batch *b, qf_db *branch)
{
    if (b->nseals == 0)
        return QF_OK;
    qf_audit_filter f = QF_AUDIT_FILTER_INIT;
    f.after_seq = b->seals[0].first_seq - 1;
    qf_audit_iter *it = NULL;
    int rc = qf_audit_list(&it, branch, &f);
    if (rc)
        return rc;
    int64_t last = b->seals[b->nseals - 1].last_seq;
    size_t cap = 0, si = 0;
    const qf_audit_entry *e;
    while (rc == QF_OK && (rc = qf_audit_next(&e, it)) == QF_OK && e->seq <= last) {
        while (si < b->nseals && e->seq > b->seals[si].last_seq)
            si++;
        if (si == b->nseals || e->seq < b->seals[si].first_seq)
            continue; /* between seals: not part of any; the organ finds the seal short */
        if (b->nentries == cap) {
            cap = cap ? cap * 2 : 256;
            sync_entry *more = realloc(b->entries, cap * sizeof *more);
            if (!more) {
                rc = qf__oom();
                break;
            }
            b->entries = more;
        }
        if (b->seals[si].nentries == 0)
            b->seals[si].entry0 = b->nentries;
        b->seals[si].nentries++;
        sync_entry *x = &b->entries[b->nentries++];
        bool oom = false;
        x->seq = e->seq;
        x->row_id = e->row_id;
        x->at = dup_or_null(e->at, &oom);
        x->actor = dup_or_null(e->actor, &oom);
        x->action = dup_or_null(e->action, &oom);
        x->tbl = dup_or_null(e->table, &oom);
        x->before = dup_or_null(e->before, &oom);
        x->after = dup_or_null(e->after, &oom);
        if (oom)
            rc = qf__oom();
    }
    qf_audit_iter_free(it);
    return rc == QF_ITEROVER ? QF_OK : rc;
}

int qf_sync_batch_read(qf_sync_batch **out, qf_db *branch, const char *name, int64_t after_seq,
                       int64_t max_seals)
{
    *out = NULL;
    int rc = qf__check_text(_("branch"), name, true, 200);
    if (rc)
        return rc;
    if (after_seq < 0)
        return qf__err(QF_EINVALID, _("sync: after_seq must be 0 or more (%lld)"),
                       (long long)after_seq);
    qf_sync_batch *b = calloc(1, sizeof *b);
    if (!b || !(b->name = qf__strdup(name))) {
        free(b);
        return qf__oom();
    }
    bool opened = qf__read_begin(branch); /* seals and entries from one snapshot */
    rc = read_seals(b, branch, after_seq, max_seals);
    if (rc == QF_OK)
        rc = read_entries(b, branch);
    qf__read_end(branch, opened);
    if (rc) {
        qf_sync_batch_free(b);
        return rc;
    }
    *out = b;
    return QF_OK;
}

/* The only org of kind `branch`, else the only top-level org. */
static int only_code(char **out, int *count, qf_db *branch, const char *sql)
{
    qf_stmt *st = qf__stmt(branch, sql);
    if (!st)
        return qf_error_last_code();
    *count = 0;
    int step;
    while ((step = qf__step(st)) == QF_ROW) {
        if ((*count)++ == 0)
            *out = qf__strdup(qf__col_text(st, 0));
    }
    qf__reset(st);
    if (step != QF_DONE)
        return qf__sqlerr(branch, step, "sync");
    if (*count == 0)
        return QF_OK;
    return *out ? QF_OK : qf__oom();
}

int qf_sync_default_name(char **out, qf_db *branch)
{
    static const char sql_branch[] = "SELECT code FROM org WHERE kind = 'branch' ORDER BY id";
    static const char sql_top[] = "SELECT code FROM org WHERE parent_id IS NULL ORDER BY id";
    *out = NULL;
    char *code = NULL;
    int n = 0;
    int rc = only_code(&code, &n, branch, sql_branch);
    if (rc == QF_OK && n != 1) {
        free(code);
        code = NULL;
        rc = only_code(&code, &n, branch, sql_top);
    }
    if (rc)
        return rc;
    if (n != 1) {
        free(code);
        if (n == 0)
            return qf__err(QF_EINVALID, "%s",
                           _("sync: the branch's database has no organisation to push under: "
                             "add its org first, or name the branch with --name"));
        return qf__err(QF_EINVALID,
                       _("sync: the branch's database has %d top-level organisations and not one "
                         "branch: name the one to push under with --name"),
                       n);
    }
    *out = code;
    return QF_OK;
}
