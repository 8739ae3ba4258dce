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
#include <time.h>
#include "internal.h"
#include "mask.h"

/* ---- trigger generation ---------------------------------------------------------------- */

static const char SQL_AUDITED_TABLES[] =
    "SELECT s.name FROM sqlite_schema s WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%' "
    "AND s.name NOT LIKE 'audit_%' AND EXISTS (SELECT 1 FROM pragma_table_info(s.name) c "
    "WHERE c.name = 'id' AND c.pk = 1 AND upper(c.type) = 'INTEGER') ORDER BY s.name";

/* Appends json_object('c1', P."c1", ...) for table `t` with row prefix P (NEW/OLD/t). */
static char *json_expr(qf_db *db, const char *table, const char *prefix)
{
    sqlite3_stmt *cols = NULL;
    if (qf__prepare(&cols, db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid"))
        return NULL;
    sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
    char *expr = sqlite3_mprintf("json_object(");
    bool first = true;
    while (expr && sqlite3_step(cols) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(cols, 0);
        char *next = sqlite3_mprintf("%s%s%Q, %s.\"%w\"", expr, first ? "" : ", ", c, prefix, c);
        sqlite3_free(expr);
        expr = next;
        first = false;
    }
    sqlite3_finalize(cols);
    if (expr) {
        char *next = sqlite3_mprintf("%s)", expr);
        sqlite3_free(expr);
        expr = next;
    }
    if (!expr)
        qf__oom();
    return expr;
}

static int create_triggers_for(qf_db *db, const char *t)
{
    char *nj = json_expr(db, t, "NEW");
    char *oj = json_expr(db, t, "OLD");
    if (!nj || !oj) {
        sqlite3_free(nj);
        sqlite3_free(oj);
        return qf_error_last_code() ? qf_error_last_code() : qf__oom();
    }
    static const char ctx[] =
        "(SELECT at FROM audit_ctx WHERE id = 1), (SELECT actor FROM audit_ctx WHERE id = 1)";
    char *sql = sqlite3_mprintf(
        "DROP TRIGGER IF EXISTS \"qf_audit_%w_i\";"
        "DROP TRIGGER IF EXISTS \"qf_audit_%w_u\";"
        "DROP TRIGGER IF EXISTS \"qf_audit_%w_d\";"
        "CREATE TRIGGER \"qf_audit_%w_i\" AFTER INSERT ON \"%w\" BEGIN "
        "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
        "VALUES (%s, 'insert', %Q, NEW.id, NULL, %s); END;"
        "CREATE TRIGGER \"qf_audit_%w_u\" AFTER UPDATE ON \"%w\" BEGIN "
        "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
        "VALUES (%s, 'update', %Q, NEW.id, %s, %s); END;"
        "CREATE TRIGGER \"qf_audit_%w_d\" AFTER DELETE ON \"%w\" BEGIN "
        "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
        "VALUES (%s, 'delete', %Q, OLD.id, %s, NULL); END;",
        t, t, t, t, t, ctx, t, nj, t, t, ctx, t, oj, nj, t, t, ctx, t, oj);
    sqlite3_free(nj);
    sqlite3_free(oj);
    if (!sql)
        return qf__oom();
    int rc = qf__exec(db, sql);
    sqlite3_free(sql);
    return rc;
}

int qf__audit_install_triggers(qf_db *db)
{
    sqlite3_stmt *st = NULL;
    int rc = qf__prepare(&st, db, SQL_AUDITED_TABLES);
    if (rc)
        return rc;
    /* collect names first: creating triggers while stepping over sqlite_schema is not allowed */
    char *names[256];
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 256)
        names[n++] = qf__strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        if (rc == QF_OK)
            rc = names[i] ? create_triggers_for(db, names[i]) : qf__oom();
        free(names[i]);
    }
    return rc;
}

int qf__audit_baseline(qf_db *db)
{
    sqlite3_stmt *st = NULL;
    int rc = qf__prepare(&st, db, SQL_AUDITED_TABLES);
    if (rc)
        return rc;
    char *names[256];
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 256)
        names[n++] = qf__strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        char *expr = rc == QF_OK && names[i] ? json_expr(db, names[i], "t") : NULL;
        /* the image differs from the last logged one (or there is none) */
        char *sql = expr ? sqlite3_mprintf(
                               "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
                               "SELECT (SELECT at FROM audit_ctx WHERE id = 1), "
                               "(SELECT actor FROM audit_ctx WHERE id = 1), 'migrate', %Q, t.id, "
                               "(SELECT after FROM audit_log a WHERE a.tbl = %Q AND a.row_id = t.id "
                               "ORDER BY a.seq DESC LIMIT 1), %s FROM \"%w\" t WHERE %s IS NOT "
                               "(SELECT after FROM audit_log a WHERE a.tbl = %Q AND a.row_id = t.id "
                               "ORDER BY a.seq DESC LIMIT 1)",
                               names[i], names[i], expr, names[i], expr, names[i])
                         : NULL;
        if (rc == QF_OK)
            rc = sql ? qf__exec(db, sql) : (names[i] ? qf_error_last_code() : qf__oom());
        sqlite3_free(sql);
        sqlite3_free(expr);
        free(names[i]);
    }
    return rc;
}

/* ---- per transaction ------------------------------------------------------------------- */

static void utc_now(char buf[21])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int qf__audit_begin(qf_db *db)
{
    static const char sql[] = "INSERT OR REPLACE INTO audit_ctx (id, actor, at) VALUES (1, ?1, ?2)";
    /* before the first migration the table does not exist yet */
    if (qf_db_schema_version(db) <= 0) {
        sqlite3_stmt *probe = NULL;
        int exists = sqlite3_prepare_v2(db->sql, "SELECT 1 FROM audit_ctx", -1, &probe, NULL) ==
                     SQLITE_OK;
        sqlite3_finalize(probe);
        if (!exists)
            return QF_OK;
    }
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    char at[21];
    utc_now(at);
    sqlite3_bind_text(st, 1, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
    return qf__exec_stmt(db, st, "audit");
}

/* Canonical bytes of one entry: each field as "<length>:" + bytes, NULL as "-:". The length
 * is written by hand: snprintf cost a third as much as hashing the entry (measured). */
static void hash_field(qf_sha256_ctx *c, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        qf__sha256_update(c, "-:", 2);
        return;
    }
    const unsigned char *s = sqlite3_column_text(st, i);
    int n = sqlite3_column_bytes(st, i);
    char len[16];
    char *p = len + sizeof len;
    *--p = ':';
    unsigned v = (unsigned)n;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    qf__sha256_update(c, p, (size_t)(len + sizeof len - p));
    qf__sha256_update(c, s, (size_t)n);
}

static const char SQL_ENTRIES[] =
    "SELECT seq, at, actor, action, tbl, row_id, before, after FROM audit_log "
    "WHERE seq > ?1 AND seq <= ?2 ORDER BY seq";

/* Hashes entries (from, to] after `prev`; *count gets how many there were. */
static int hash_range(qf_db *db, sqlite3_stmt *st, int64_t from, int64_t to, const char *prev,
                      char out[65], int64_t *count)
{
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    qf__sha256_update(&c, prev, strlen(prev));
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    int64_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < 8; i++)
            hash_field(&c, st, i);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return qf__sqlerr(db, rc, "audit");
    unsigned char d[32];
    qf__sha256_final(&c, d);
    qf__hex(d, 32, out);
    if (count)
        *count = n;
    return QF_OK;
}

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

int qf__audit_seal(qf_db *db)
{
    static const char sql_last[] =
        "SELECT (SELECT coalesce(max(seq), 0) FROM audit_log), "
        "(SELECT last_seq FROM audit_seal ORDER BY id DESC LIMIT 1), "
        "(SELECT hash FROM audit_seal ORDER BY id DESC LIMIT 1)";
    static const char sql_insert[] = "INSERT INTO audit_seal (first_seq, last_seq, at, prev_hash, "
                                     "hash) VALUES (?1, ?2, ?3, ?4, ?5)";
    static const char sql_clear[] = "DELETE FROM audit_ctx";
    sqlite3_stmt *st = qf__stmt(db, sql_last);
    if (!st)
        return qf_error_last_code();
    if (sqlite3_step(st) != SQLITE_ROW)
        return qf__sqlerr(db, sqlite3_extended_errcode(db->sql), "audit seal");
    int64_t max_seq = sqlite3_column_int64(st, 0);
    int64_t last = sqlite3_column_int64(st, 1);
    char prev[65];
    const char *h = (const char *)sqlite3_column_text(st, 2);
    snprintf(prev, sizeof prev, "%s", h ? h : GENESIS);
    sqlite3_reset(st);

    int rc = QF_OK;
    if (max_seq > last) {
        sqlite3_stmt *entries = qf__stmt(db, SQL_ENTRIES);
        char hash[65];
        if (!entries)
            return qf_error_last_code();
        rc = hash_range(db, entries, last, max_seq, prev, hash, NULL);
        if (rc)
            return rc;
        sqlite3_stmt *ins = qf__stmt(db, sql_insert);
        if (!ins)
            return qf_error_last_code();
        char at[21];
        utc_now(at);
        sqlite3_bind_int64(ins, 1, last + 1);
        sqlite3_bind_int64(ins, 2, max_seq);
        sqlite3_bind_text(ins, 3, at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 5, hash, -1, SQLITE_TRANSIENT);
        rc = qf__exec_stmt(db, ins, "audit seal");
    }
    if (rc == QF_OK) {
        sqlite3_stmt *clr = qf__stmt(db, sql_clear);
        rc = clr ? qf__exec_stmt(db, clr, "audit") : qf_error_last_code();
    }
    return rc;
}

/* ---- listing --------------------------------------------------------------------------- */

struct qf_audit_iter {
    qf_db *db;
    sqlite3_stmt *st;
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
    strcat(sql, " ORDER BY seq LIMIT CASE WHEN ?4 > 0 THEN ?4 ELSE -1 END");
    int rc = qf__borrow(&it->st, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    if (f->table)
        qf__bind_text(it->st, 1, f->table);
    if (f->row_id)
        sqlite3_bind_int64(it->st, 2, f->row_id);
    sqlite3_bind_int64(it->st, 3, f->after_seq);
    sqlite3_bind_int64(it->st, 4, f->limit);
    *out = it;
    return QF_OK;
}

int qf_audit_next(const qf_audit_entry **row, qf_audit_iter *it)
{
    int rc = sqlite3_step(it->st);
    if (rc == SQLITE_DONE)
        return QF_ITEROVER;
    if (rc != SQLITE_ROW)
        return qf__err(QF_ERROR, "audit: %s", sqlite3_errstr(rc));
    qf_audit_entry *e = &it->row;
    e->seq = sqlite3_column_int64(it->st, 0);
    e->at = qf__col_text(it->st, 1);
    e->actor = qf__col_text(it->st, 2);
    e->action = qf__col_text(it->st, 3);
    e->table = qf__col_text(it->st, 4);
    e->row_id = sqlite3_column_int64(it->st, 5);
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
    sqlite3_stmt *seals = NULL, *entries = NULL;
    int rc = qf__prepare(&seals, db,
                         "SELECT id, first_seq, last_seq, prev_hash, hash, at FROM audit_seal "
                         "ORDER BY id");
    if (rc == QF_OK)
        rc = qf__prepare(&entries, db, SQL_ENTRIES);
    char prev[65];
    snprintf(prev, sizeof prev, "%s", GENESIS);
    int64_t expect_first = 1;
    while (rc == QF_OK && sqlite3_step(seals) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(seals, 0);
        int64_t first = sqlite3_column_int64(seals, 1);
        int64_t last = sqlite3_column_int64(seals, 2);
        const char *prev_hash = (const char *)sqlite3_column_text(seals, 3);
        const char *hash = (const char *)sqlite3_column_text(seals, 4);
        const char *at = (const char *)sqlite3_column_text(seals, 5);
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
    sqlite3_finalize(seals);
    sqlite3_finalize(entries);
    if (rc)
        return rc;

    /* entries past the last seal were not written through qufa */
    sqlite3_stmt *st = NULL;
    rc = qf__prepare(&st, db,
                     "SELECT seq, action, tbl, row_id FROM audit_log WHERE seq >= ?1 ORDER BY seq "
                     "LIMIT 1");
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, expect_first);
    if (sqlite3_step(st) == SQLITE_ROW) {
        rc = qf__err(QF_ECORRUPT,
                     _("%s row %lld was changed outside qufa (%s, audit entry %lld has no seal)"),
                     sqlite3_column_text(st, 2), (long long)sqlite3_column_int64(st, 3),
                     sqlite3_column_text(st, 1), (long long)sqlite3_column_int64(st, 0));
    }
    sqlite3_finalize(st);
    return rc;
}

/* Names the first field where the live row and its logged image differ, with both values —
 * personal fields masked unless `unmask`. */
static void describe_difference(qf_db *db, const char *table, int64_t row_id, bool unmask,
                                char *buf, size_t size)
{
    char *expr = json_expr(db, table, "t");
    char *sql = expr ? sqlite3_mprintf(
                           "SELECT j.key, json_extract(%s, '$.\"' || j.key || '\"'), j.value "
                           "FROM \"%w\" t, audit_log a, json_each(a.after) j WHERE t.id = ?1 AND "
                           "a.seq = (SELECT max(seq) FROM audit_log WHERE tbl = %Q AND row_id = ?1) "
                           "AND json_extract(%s, '$.\"' || j.key || '\"') IS NOT j.value LIMIT 1",
                           expr, table, table, expr)
                     : NULL;
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sql && qf__prepare(&st, db, sql) == QF_OK) {
        sqlite3_bind_int64(st, 1, row_id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *field = (const char *)sqlite3_column_text(st, 0);
            const char *now = (const char *)sqlite3_column_text(st, 1);
            const char *was = (const char *)sqlite3_column_text(st, 2);
            char now_m[200], was_m[200];
            if (!unmask && qf__is_personal_field(field)) {
                qf__mask_field(field, now, now_m, sizeof now_m);
                qf__mask_field(field, was, was_m, sizeof was_m);
                now = now ? now_m : NULL;
                was = was ? was_m : NULL;
            }
            snprintf(buf, size, _(": field %s is '%s' but the audit log recorded '%s'"), field,
                     now ? now : "NULL", was ? was : "NULL");
        }
        sqlite3_finalize(st);
    }
    sqlite3_free(sql);
    sqlite3_free(expr);
}

static int verify_table(qf_db *db, const char *table, bool unmask, qf_audit_report *r)
{
    char *expr = json_expr(db, table, "t");
    if (!expr)
        return qf_error_last_code();
    /* live rows whose content is not their last logged image */
    char *sql = sqlite3_mprintf(
        "SELECT t.id, (SELECT count(*) FROM \"%w\") FROM \"%w\" t WHERE %s IS NOT "
        "(SELECT after FROM audit_log a WHERE a.tbl = %Q AND a.row_id = t.id "
        "ORDER BY a.seq DESC LIMIT 1) ORDER BY t.id LIMIT 1",
        table, table, expr, table);
    sqlite3_free(expr);
    sqlite3_stmt *st = NULL;
    int rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    sqlite3_free(sql);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        char detail[600];
        describe_difference(db, table, id, unmask, detail, sizeof detail);
        rc = qf__err(QF_ECORRUPT,
                     _("%s row %lld was changed outside qufa: it differs from its last audit "
                       "entry%s"),
                     table, (long long)id, detail);
    }
    sqlite3_finalize(st);
    if (rc)
        return rc;

    /* rows the log says exist but are gone */
    sql = sqlite3_mprintf(
        "SELECT a.row_id FROM audit_log a WHERE a.tbl = %Q AND a.action <> 'delete' AND a.seq = "
        "(SELECT max(seq) FROM audit_log b WHERE b.tbl = a.tbl AND b.row_id = a.row_id) AND NOT "
        "EXISTS (SELECT 1 FROM \"%w\" t WHERE t.id = a.row_id) LIMIT 1",
        table, table);
    rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    sqlite3_free(sql);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = qf__err(QF_ECORRUPT, _("%s row %lld was deleted outside qufa"), table,
                     (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    if (rc)
        return rc;

    sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
    rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    sqlite3_free(sql);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        r->rows += sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return QF_OK;
}

static int verify_blobs(qf_db *db)
{
    sqlite3_stmt *st = NULL;
    int rc = qf__prepare(&st, db, "SELECT sha256, size, data FROM blob");
    if (rc)
        return rc;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const void *data = sqlite3_column_blob(st, 2);
        int n = sqlite3_column_bytes(st, 2);
        char got[65];
        qf_sha256_hex(data ? data : "", (size_t)n, got);
        if (strcmp(key, got) != 0 || sqlite3_column_int64(st, 1) != n) {
            rc = qf__err(QF_ECORRUPT, _("stored file %.12s… was altered: its bytes no longer "
                                        "match their SHA-256"),
                         key);
            break;
        }
    }
    sqlite3_finalize(st);
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
    bool own_tx = sqlite3_get_autocommit(db->sql);
    int rc = own_tx ? qf__exec(db, "BEGIN") : QF_OK;
    if (rc == QF_OK)
        rc = verify_chain(db, &r);
    if (rc == QF_OK) {
        sqlite3_stmt *st = NULL;
        rc = qf__prepare(&st, db, SQL_AUDITED_TABLES);
        while (rc == QF_OK && sqlite3_step(st) == SQLITE_ROW) {
            char *t = qf__strdup((const char *)sqlite3_column_text(st, 0));
            rc = t ? verify_table(db, t, unmask, &r) : qf__oom();
            free(t);
        }
        sqlite3_finalize(st);
    }
    if (rc == QF_OK)
        rc = verify_blobs(db);
    if (own_tx && !sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL); /* nothing was written */
    if (rc)
        r.problems = 1;
    if (report)
        *report = r;
    return rc;
}
