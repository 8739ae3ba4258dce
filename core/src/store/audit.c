/*
 * The audit log. Triggers generated from each record table's own columns append an entry for
 * every inserted, updated or deleted row (so no code path can forget, and even writes made with
 * the sqlite3 shell are logged). The actor and time come from the one-row audit_ctx table that
 * the outermost transaction fills; at commit the transaction's entries are sealed: one
 * SHA-256 over the previous seal's hash and the canonical bytes of each entry.
 *
 * Verification checks the chain, that no entry is unsealed (unsealed = written outside qufa),
 * and that every live row still equals its last logged image (catches edits made after
 * dropping the triggers).
 *
 * The trigger DDL is built from the schema's own table and column names (never from user
 * values), quoted as identifiers.
 */
#include <stdlib.h>
#include <string.h>
#include "audit_backend.h"
#include "internal.h"
#include "mask.h"

/* ---- the audited tables ---------------------------------------------------------------- */

int qf__names_add(qf_names *l, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        char **p = realloc(l->names, cap * sizeof *p);
        if (!p)
            return qf__oom();
        l->names = p;
        l->cap = cap;
    }
    if (!(l->names[l->n] = qf__strdup(name)))
        return qf__oom();
    l->n++;
    return QF_OK;
}

void qf__names_free(qf_names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    l->names = NULL;
    l->n = l->cap = 0;
}

static int audited_tables(qf_db *db, qf_names *out)
{
    return db->pg ? qf__audit_pg_tables(db, out) : qf__audit_lite_tables(db, out);
}

int qf__audit_install_triggers(qf_db *db)
{
    if (db->pg)
        return qf__audit_pg_install(db);
    qf_names t = {0};
    int rc = audited_tables(db, &t);
    if (rc == QF_OK)
        rc = qf__audit_lite_install(db, &t);
    qf__names_free(&t);
    return rc;
}

int qf__audit_baseline(qf_db *db)
{
    qf_names t = {0};
    int rc = audited_tables(db, &t);
    if (rc == QF_OK)
        rc = db->pg ? qf__audit_pg_baseline(db, &t) : qf__audit_lite_baseline(db, &t);
    qf__names_free(&t);
    return rc;
}

/* ---- per transaction ------------------------------------------------------------------- */

/* The actor and time of the entries a transaction writes: on SQLite the one row of
 * audit_ctx, on PostgreSQL two settings local to the transaction (concurrent sessions each have
 * their own; nothing is written). */
int qf__audit_begin(qf_db *db)
{
    static const char sql_pg[] =
        "SELECT set_config('qufa.actor', ?1, true), set_config('qufa.at', ?2, true)";
    static const char sql[] = "INSERT INTO audit_ctx (id, actor, at) VALUES (1, ?1, ?2) "
                              "ON CONFLICT (id) DO UPDATE SET actor = excluded.actor, at = excluded.at";
    /* before the first migration the table does not exist yet */
    if (!db->pg && qf_db_schema_version(db) <= 0 && !qf__table_exists(db, "audit_ctx"))
        return QF_OK;
    qf_stmt *st = qf__stmt(db, db->pg ? sql_pg : sql);
    if (!st)
        return qf_error_last_code();
    char at[QF_UTC_LEN];
    qf__utc_now(at);
    qf__bind_textn(st, 1, db->actor, -1, QF_STATIC);
    qf__bind_textn(st, 2, at, -1, QF_TRANSIENT);
    return qf__exec_stmt(db, st, "audit");
}

/* Canonical bytes of one entry: each field as "<length>:" + bytes, NULL as "-:". The length
 * is written by hand: snprintf cost a third as much as hashing the entry (measured). */
void qf__audit_hash_value(qf_sha256_ctx *c, const char *s, size_t n)
{
    if (!s) {
        qf__sha256_update(c, "-:", 2);
        return;
    }
    char len[24];
    len[sizeof len - 1] = ':';
    char *p = qf__put_udecimal(len + sizeof len - 1, n);
    qf__sha256_update(c, p, (size_t)(len + sizeof len - p));
    qf__sha256_update(c, s, n);
}

/*
 * The canonical bytes of the entries read at a seal or a verification, gathered in a buffer and
 * handed to SHA-256 a buffer at a time: the same bytes as qf__audit_hash_value field by field,
 * but two hash calls per field cost more than the hashing itself (SHA extensions) on short
 * fields, and an integer column read as text made SQLite convert it and allocate (measured with
 * callgrind and perf on bench_insert's members).
 */
typedef struct canon {
    qf_sha256_ctx *c;
    size_t n;
    char b[4096];
} canon;

static void canon_flush(canon *k)
{
    qf__sha256_update(k->c, k->b, k->n);
    k->n = 0;
}

static void canon_put(canon *k, const char *s, size_t n)
{
    if (n > sizeof k->b - k->n) {
        canon_flush(k);
        if (n >= sizeof k->b) { /* a long image: hashed where it is */
            qf__sha256_update(k->c, s, n);
            return;
        }
    }
    memcpy(k->b + k->n, s, n);
    k->n += n;
}


static void canon_field(canon *k, const char *s, size_t n)
{
    char len[24];
    char *end = len + sizeof len;
    end[-1] = ':';
    char *p = qf__put_udecimal(end - 1, n);
    canon_put(k, p, (size_t)(end - p));
    canon_put(k, s, n);
}

static void hash_field(canon *k, qf_stmt *st, int i)
{
    switch (qf__col_type(st, i)) {
    case QF_SQL_NULL:
        canon_put(k, "-:", 2);
        return;
    case QF_SQL_INTEGER: {
        /* the decimal text SQLite would give (seq, row_id), without its conversion */
        int64_t v = qf__col_int64(st, i);
        char num[24];
        char *end = num + sizeof num;
        char *p = qf__put_decimal(end, v);
        canon_field(k, p, (size_t)(end - p));
        return;
    }
    default:
        canon_field(k, qf__col_text(st, i), (size_t)qf__col_bytes(st, i));
    }
}

static const char SQL_ENTRIES[] =
    "SELECT seq, at, actor, action, tbl, row_id, before, after FROM audit_log "
    "WHERE seq > ?1 AND seq <= ?2 ORDER BY seq";

/* Hashes entries (from, to] after `prev`; *count gets how many there were. */
static int hash_range(qf_db *db, qf_stmt *st, int64_t from, int64_t to, const char *prev,
                      char out[65], int64_t *count)
{
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    qf__sha256_update(&c, prev, strlen(prev));
    qf__bind_int64(st, 1, from);
    qf__bind_int64(st, 2, to);
    int64_t n = 0;
    int rc;
    canon k = {.c = &c, .n = 0};
    while ((rc = qf__step(st)) == QF_ROW) {
        for (int i = 0; i < 8; i++)
            hash_field(&k, st, i);
        n++;
    }
    canon_flush(&k);
    qf__reset(st);
    if (rc != QF_DONE)
        return qf__sqlerr(db, rc, "audit");
    unsigned char d[32];
    qf__sha256_final(&c, d);
    qf__hex(d, 32, out);
    if (count)
        *count = n;
    return QF_OK;
}

const char qf__audit_genesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";
#define GENESIS qf__audit_genesis

int qf__audit_seal(qf_db *db)
{
    static const char sql_last[] =
        "SELECT (SELECT coalesce(max(seq), 0) FROM audit_log), "
        "(SELECT last_seq FROM audit_seal ORDER BY id DESC LIMIT 1), "
        "(SELECT hash FROM audit_seal ORDER BY id DESC LIMIT 1)";
    static const char sql_insert[] = "INSERT INTO audit_seal (first_seq, last_seq, at, prev_hash, "
                                     "hash) VALUES (?1, ?2, ?3, ?4, ?5)";
    static const char sql_clear[] = "DELETE FROM audit_ctx";
    qf_stmt *st = qf__stmt(db, sql_last);
    if (!st)
        return qf_error_last_code();
    if (qf__step(st) != QF_ROW)
        return qf__sqlerr(db, qf__errcode(db), "audit seal");
    int64_t max_seq = qf__col_int64(st, 0);
    int64_t last = qf__col_int64(st, 1);
    char prev[65];
    const char *h = qf__col_text(st, 2);
    snprintf(prev, sizeof prev, "%s", h ? h : GENESIS);
    qf__reset(st);

    int rc = QF_OK;
    if (max_seq > last) {
        qf_stmt *entries = qf__stmt(db, SQL_ENTRIES);
        char hash[65];
        if (!entries)
            return qf_error_last_code();
        rc = hash_range(db, entries, last, max_seq, prev, hash, NULL);
        if (rc)
            return rc;
        qf_stmt *ins = qf__stmt(db, sql_insert);
        if (!ins)
            return qf_error_last_code();
        char at[QF_UTC_LEN];
        qf__utc_now(at);
        qf__bind_int64(ins, 1, last + 1);
        qf__bind_int64(ins, 2, max_seq);
        qf__bind_textn(ins, 3, at, -1, QF_TRANSIENT);
        qf__bind_textn(ins, 4, prev, -1, QF_TRANSIENT);
        qf__bind_textn(ins, 5, hash, -1, QF_TRANSIENT);
        rc = qf__exec_stmt(db, ins, "audit seal");
    }
    if (rc == QF_OK && !db->pg) {
        qf_stmt *clr = qf__stmt(db, sql_clear);
        rc = clr ? qf__exec_stmt(db, clr, "audit") : qf_error_last_code();
    }
    return rc;
}

/* ---- listing --------------------------------------------------------------------------- */

struct qf_audit_iter {
    qf_db *db;
    qf_stmt *st;
    qf_audit_entry row;
};

int qf_audit_list(qf_audit_iter **out, qf_db *db, const qf_audit_filter *f)
{
    qf_audit_filter def = QF_AUDIT_FILTER_INIT;
    if (!f)
        f = &def;
    qf_audit_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    /* only the filters that are set, columns bare, so one row's history uses audit_log_row
     * instead of reading the whole log ("?1 IS NULL OR tbl = ?1" cannot use an index) */
    char sql[300] = "SELECT seq, at, actor, action, tbl, row_id, before, after FROM audit_log "
                    "WHERE seq > ?3";
    if (f->table)
        strcat(sql, " AND tbl = ?1");
    if (f->row_id)
        strcat(sql, " AND row_id = ?2");
    strcat(sql, " ORDER BY seq LIMIT CASE WHEN ?4 > 0 THEN ?4 ELSE 9223372036854775807 END");
    int rc = qf__borrow(&it->st, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    if (f->table)
        qf__bind_text(it->st, 1, f->table);
    if (f->row_id)
        qf__bind_int64(it->st, 2, f->row_id);
    qf__bind_int64(it->st, 3, f->after_seq);
    qf__bind_int64(it->st, 4, f->limit);
    *out = it;
    return QF_OK;
}

int qf_audit_next(const qf_audit_entry **row, qf_audit_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "audit: %s", qf__errstr(rc));
    qf_audit_entry *e = &it->row;
    e->seq = qf__col_int64(it->st, 0);
    e->at = qf__col_text(it->st, 1);
    e->actor = qf__col_text(it->st, 2);
    e->action = qf__col_text(it->st, 3);
    e->table = qf__col_text(it->st, 4);
    e->row_id = qf__col_int64(it->st, 5);
    e->before = qf__col_text(it->st, 6);
    e->after = qf__col_text(it->st, 7);
    *row = e;
    return QF_OK;
}

void qf_audit_iter_free(qf_audit_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}

/* ---- verification ---------------------------------------------------------------------- */

static int verify_chain(qf_db *db, qf_audit_report *r)
{
    qf_stmt *seals = NULL, *entries = NULL;
    int rc = qf__prepare(&seals, db,
                         "SELECT id, first_seq, last_seq, prev_hash, hash, at FROM audit_seal "
                         "ORDER BY id");
    if (rc == QF_OK)
        rc = qf__prepare(&entries, db, SQL_ENTRIES);
    char prev[65];
    snprintf(prev, sizeof prev, "%s", GENESIS);
    int64_t expect_first = 1;
    while (rc == QF_OK && qf__step(seals) == QF_ROW) {
        int64_t id = qf__col_int64(seals, 0);
        int64_t first = qf__col_int64(seals, 1);
        int64_t last = qf__col_int64(seals, 2);
        const char *prev_hash = qf__col_text(seals, 3);
        const char *hash = qf__col_text(seals, 4);
        const char *at = qf__col_text(seals, 5);
        char got[65];
        int64_t count = 0;
        r->seals++;
        if (first != expect_first || !prev_hash || strcmp(prev_hash, prev) != 0) {
            rc = qf__err(QF_ECORRUPT,
                         _("audit seal %lld (%s) does not follow the one before it: the chain was "
                           "cut or reordered"),
                         (long long)id, at ? at : "?");
            break;
        }
        rc = hash_range(db, entries, first - 1, last, prev, got, &count);
        if (rc)
            break;
        r->entries += count;
        if (!hash || strcmp(hash, got) != 0 || count != last - first + 1) {
            rc = qf__err(QF_ECORRUPT,
                         _("audit entries %lld-%lld (sealed %s) were altered or removed after "
                           "they were written"),
                         (long long)first, (long long)last, at ? at : "?");
            break;
        }
        snprintf(prev, sizeof prev, "%s", hash);
        expect_first = last + 1;
    }
    qf__finalize(seals);
    qf__finalize(entries);
    if (rc)
        return rc;

    /* entries past the last seal were not written through qufa */
    qf_stmt *st = NULL;
    rc = qf__prepare(&st, db,
                     "SELECT seq, action, tbl, row_id FROM audit_log WHERE seq >= ?1 ORDER BY seq "
                     "LIMIT 1");
    if (rc)
        return rc;
    qf__bind_int64(st, 1, expect_first);
    if (qf__step(st) == QF_ROW) {
        rc = qf__err(QF_ECORRUPT,
                     _("%s row %lld was changed outside qufa (%s, audit entry %lld has no seal)"),
                     qf__col_utext(st, 2), (long long)qf__col_int64(st, 3),
                     qf__col_utext(st, 1), (long long)qf__col_int64(st, 0));
    }
    qf__finalize(st);
    return rc;
}

/* ": field F is 'now' but the audit log recorded 'was'", personal fields masked unless
 * `unmask` (as exports mask them). */
void qf__audit_describe(char *buf, size_t size, const char *field, const char *now,
                        const char *was, bool unmask)
{
    char now_m[200], was_m[200];
    if (!unmask && field && qf__is_personal_field(field)) {
        if (now) {
            qf__mask_field(field, now, now_m, sizeof now_m);
            now = now_m;
        }
        if (was) {
            qf__mask_field(field, was, was_m, sizeof was_m);
            was = was_m;
        }
    }
    snprintf(buf, size, _(": field %s is '%s' but the audit log recorded '%s'"),
             field ? field : "?", now ? now : "NULL", was ? was : "NULL");
}

static int verify_blobs(qf_db *db)
{
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db, "SELECT sha256, size, data FROM blob");
    if (rc)
        return rc;
    while (qf__step(st) == QF_ROW) {
        const char *key = qf__col_text(st, 0);
        const void *data = qf__col_blob(st, 2);
        int n = qf__col_bytes(st, 2);
        char got[65];
        qf_sha256_hex(data ? data : "", (size_t)n, got);
        if (strcmp(key, got) != 0 || qf__col_int64(st, 1) != n) {
            rc = qf__err(QF_ECORRUPT, _("stored file %.12s… was altered: its bytes no longer "
                                        "match their SHA-256"),
                         key);
            break;
        }
    }
    qf__finalize(st);
    return rc;
}

int qf_audit_verify(qf_db *db, qf_audit_report *report)
{
    return qf_audit_verify_with(db, NULL, report);
}

int qf_audit_verify_with(qf_db *db, const qf_audit_verify_options *o, qf_audit_report *report)
{
    if (o && o->version != QF_AUDIT_VERIFY_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("audit verify options: use QF_AUDIT_VERIFY_OPTIONS_INIT to initialise "
                         "them"));
    bool unmask = o && o->unmask;
    qf_audit_report r = {0, 0, 0, 0};
    /* One read transaction around every statement: each would otherwise see the database as of
     * its own start, and a writer committing between them (entries read after the seals were)
     * would look like entries written outside qufa. WAL keeps this snapshot without blocking
     * the writer. */
    bool own_tx = qf__read_begin(db);
    int rc = QF_OK;
    if (rc == QF_OK)
        rc = verify_chain(db, &r);
    if (rc == QF_OK) {
        qf_names t = {0};
        rc = audited_tables(db, &t);
        for (size_t i = 0; i < t.n && rc == QF_OK; i++)
            rc = db->pg ? qf__audit_pg_verify_table(db, t.names[i], unmask, &r)
                        : qf__audit_lite_verify_table(db, t.names[i], unmask, &r);
        qf__names_free(&t);
    }
    if (rc == QF_OK)
        rc = verify_blobs(db);
    qf__read_end(db, own_tx); /* nothing was written */
    if (rc)
        r.problems = 1;
    if (report)
        *report = r;
    return rc;
}
