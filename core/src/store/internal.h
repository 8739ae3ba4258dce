/* Internal to core/: the db struct, the statement cache, binding helpers, validation. */
#ifndef QUFA_INTERNAL_H
#define QUFA_INTERNAL_H

#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdarg.h>
#include "qufa.h"
#include "stmt.h"

#define _(s) qf_tr(s)
#define N_(s) (s)

#define QF_STMT_CACHE_SIZE 512

typedef struct qf_stmt_slot {
    const char *key; /* the address of a static SQL string */
    qf_stmt *stmt;
} qf_stmt_slot;

/* Iterator statements, kept for reuse by SQL text (see qf__borrow). */
#define QF_POOL_SIZE 64
typedef struct qf_pooled {
    char *sql;
    qf_stmt *st;
    bool busy;
} qf_pooled;

typedef struct qf_label {
    struct qf_label *next;
    char *key;   /* "vocab\x1fcode\x1flang" */
    char *label;
} qf_label;

struct qf_pgconn;

struct qf_db {
    sqlite3 *sql;           /* SQLite: the connection (NULL on PostgreSQL) */
    struct qf_pgconn *pg;   /* PostgreSQL: the connection (NULL on SQLite) */
    char *path;             /* a file, or a connection URL with its password masked */
    char *actor;
    qf_date today;
    int today_holds;        /* runs in progress that hold today (qf__db_hold_today) */
    bool today_held;        /* `today` is the system's day, set by the outermost hold */
    int depth;              /* transaction nesting: 0 = none */
    bool conflict;          /* the last error was a serialization failure (PostgreSQL): retry */
    bool reading;           /* a read transaction of qf__read_begin is open (depth 0) */
    bool triggers_pending;  /* a replica: no audit triggers yet, query_only until the first
                             * write transaction installs them (sync_replica.c) */
    qf_stmt_slot cache[QF_STMT_CACHE_SIZE];
    qf_label *labels;
    qf_pooled pool[QF_POOL_SIZE];
};

/* errors */
int qf__err(int code, const char *fmt, ...) QF_PRINTF(2, 3);
int qf__verr(int code, const char *fmt, va_list ap);
/* Maps a SQLite result to a qufa code and message; `what` names the operation. */
int qf__sqlerr(qf_db *db, int rc, const char *what);
/* Out of memory. */
int qf__oom(void);

/*
 * The statement cache: `sql` must be a string with static storage (a literal); its address is
 * the key. The statement comes back reset with bindings cleared; do not finalize it.
 * Returns NULL with the error set.
 */
qf_stmt *qf__stmt(qf_db *db, const char *sql);
/* A fresh statement (finalized by the caller). */
int qf__prepare(qf_stmt **out, qf_db *db, const char *sql);
/*
 * A statement for an iterator: an idle one prepared earlier for the same SQL text, or a new
 * one. Preparing costs far more than running a small list (a script iterating the positions of
 * each of 20 members prepared 20 times), so iterators borrow and give back. Nested iterators on
 * the same SQL each get their own. Give it back with qf__giveback (never finalize it).
 */
int qf__borrow(qf_stmt **out, qf_db *db, const char *sql);
void qf__giveback(qf_db *db, qf_stmt *st);
/* Steps a write statement to completion; maps constraint errors to messages. */
int qf__exec_stmt(qf_db *db, qf_stmt *st, const char *what);
/* Runs SQL with no parameters (DDL, pragmas). */
int qf__exec(qf_db *db, const char *sql);
/* Whether the schema has a table of that name. */
bool qf__table_exists(qf_db *db, const char *table);

/* The system's day as the library reads it: qf_date_today_system, unless a test has set
 * qf__date_clock to a clock of its own (to make midnight come during a run). */
extern qf_date (*qf__date_clock)(void);
qf_date qf__date_today_clock(void);
/* Fix the system's day on `db` while a run is in progress (db.c). */
void qf__db_hold_today(qf_db *db);
void qf__db_release_today(qf_db *db);

/* Now in UTC as the ledgers store it ("YYYY-MM-DDTHH:MM:SSZ", 20 bytes and the '\0'). */
#define QF_UTC_LEN 21
void qf__utc_now(char buf[QF_UTC_LEN]);

/* binding: NULL / QF_DATE_NONE / 0 ids become SQL NULL */
int qf__bind_text(qf_stmt *st, int i, const char *s);
int qf__bind_date(qf_stmt *st, int i, qf_date d);
int qf__bind_datetime(qf_stmt *st, int i, qf_datetime t);
int qf__bind_id(qf_stmt *st, int i, int64_t id);
int qf__bind_attrs(qf_stmt *st, int i, const char *json);
qf_date qf__col_date(qf_stmt *st, int i);
qf_datetime qf__col_datetime(qf_stmt *st, int i);
int64_t qf__col_id(qf_stmt *st, int i); /* 0 for NULL */

/* validation: each returns QF_OK or QF_EINVALID with "field: what is wrong" */
int qf__check_utf8(const char *field, const char *s);
int qf__check_text(const char *field, const char *s, bool required, size_t max_bytes);
int qf__check_code(const char *field, const char *s); /* identifier [a-z][a-z0-9_]* */
/* The vocabulary named `vocab` as a string that lives for ever (records/vocab.c), or NULL when
 * there is none by that name. */
const char *qf__vocab_name(const char *vocab);
int qf__check_json_object(qf_db *db, const char *field, const char *json);
bool qf__utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* The length of the UTF-8 character at `s` (its first byte >= 0x80, at most `left` bytes
 * there), 0 when it is not one: no overlong forms, surrogates or code points past U+10FFFF.
 * Stops at the first byte that is not a continuation, so a NUL-terminated text may pass 4. The
 * one definition of valid UTF-8: qf__utf8_valid and the JSON writer (finding_json.c) use it. */
static inline size_t qf__utf8_char(const unsigned char *s, size_t left)
{
    unsigned c = s[0], n, min;
    if (c >= 0xc2 && c <= 0xdf)
        n = 1, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        n = 2, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 3, min = 0x10000;
    else
        return 0;
    unsigned cp = c & (0x3fu >> n);
    for (unsigned k = 1; k <= n; k++) {
        if (k >= left || (s[k] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n + 1;
}
/* Whether `s` starts with a three-byte character led by E1-EC or EE-EF, which is always valid
 * (E0 and ED limit their second byte: qf__utf8_char's general check): most text here is
 * Chinese, and this is the fast path of the UTF-8 checks. Reads s[2] only when s[1] is a
 * continuation byte, so a NUL-terminated text is never read past its end. */
static inline bool qf__utf8_common3(const unsigned char *s)
{
    return s[0] >= 0xe1 && s[0] <= 0xef && s[0] != 0xed && (s[1] & 0xc0) == 0x80 &&
           (s[2] & 0xc0) == 0x80;
}
/* Text from outside (a check function's message) made safe to show and store: invalid UTF-8
 * becomes U+FFFD, control characters their escapes ("\x1b"), line breaks spaces; cut at a
 * character boundary to fit `size`. */
void qf__text_clean(const char *in, char *out, size_t size);

/* A savepoint around one API call, so a multi-statement write is atomic on its own. */
int qf__tx_begin(qf_db *db);
int qf__tx_end(qf_db *db, int rc); /* commits when rc == QF_OK, else rolls back; returns rc */
/* How many times qf_tx_retry lets a colliding transaction run (db.h). */
#define QF_TX_ATTEMPTS 8
/*
 * A read transaction around a long read-only operation (a check, a report): every statement
 * sees the same state of the database, and none pays for taking and dropping the shared lock
 * on its own (outside a transaction each statement does, with a few system calls: a
 * whole-deployment check ran tens of thousands of statements). Does nothing inside a
 * transaction. Returns whether it opened one; pass that to qf__read_end. qf_tx_begin ends the
 * read transaction before it writes, so a write inside still works (and sees the latest
 * state).
 */
bool qf__read_begin(qf_db *db);
void qf__read_end(qf_db *db, bool opened);

/* arrays: makes room in *arr (of *cap elements of `elem` bytes) for at least `need`, doubling;
 * false (the array as it was) when out of memory */
bool qf__grow(void **arr, size_t *cap, size_t need, size_t elem);

/* strings */
char *qf__strdup(const char *s);
/* An integer's decimal digits written backwards, ending just before `end` (a buffer of 21 bytes
 * holds any): returns where they start. For hot paths where snprintf cost more than the rest
 * (keys, message numbers, the audit seal's lengths, id lists). */
char *qf__put_udecimal(char *end, uint64_t v);
char *qf__put_decimal(char *end, int64_t v); /* with a '-' when negative */
int qf__clause_cmp(const char *a, const char *b);
/* The order of a check's findings (docs/check-output.md): org, standard, the day the finding is
 * about, subject, clause number, requirement. Defined once: the check sorts its findings by it
 * and the reminders put their candidates back in it, so ledger ids follow the check. */
typedef struct qf_finding_order {
    const char *org, *standard, *subject_type, *clause; /* org may be NULL */
    qf_date period_start;
    int64_t subject_id;
    int requirement;
} qf_finding_order;
int qf__finding_order_cmp(const qf_finding_order *a, const qf_finding_order *b);
/* snprintf for hot paths (the engine's messages): the same output, faster for %s, %d, %ld,
 * %lld, %zu and numbered arguments; anything else goes to vsnprintf (see fmt.c). */
int qf__fmt(char *buf, size_t size, const char *fmt, ...) QF_PRINTF(3, 4);
/* Allocates one block holding a struct of `size` bytes followed by copies of the strings that
 * `fields` point at (array of `n` pointers to `const char *` inside the struct), and rewires
 * them. Used by every *_get so one free releases the record. */
void *qf__record_dup(const void *rec, size_t size, const char **const *fields, size_t n);
/* A loaded file's text kept once by its SHA-256: `sql_find` ("SELECT id FROM t WHERE sha256 =
 * ?1") finds it, else `sql_put` ("INSERT INTO t (sha256, name, text, loaded_at) VALUES (?1, ?2,
 * ?3, ?4)") stores it. *id is 0 when `text` is NULL. */
int qf__store_source(int64_t *id, qf_db *db, const char *sql_find, const char *sql_put,
                     const char *name, const char *text, const char *what);
/* One row by id: prepares `sql` (fixed text whose ?1 is the id), binds `id` and steps it.
 * QF_OK with *st on the row (the caller reads it, then sqlite3_reset); QF_ENOTFOUND with
 * `missing` (a translated "… %lld does not exist") when there is none. */
int qf__row_by_id(qf_stmt **st, qf_db *db, const char *sql, int64_t id, const char *table,
                  const char *missing);
/* Runs `sql` ("DELETE FROM t WHERE id = ?1") for `id` in its own transaction; QF_ENOTFOUND
 * with `missing` as above when no row went. */
int qf__delete_by_id(qf_db *db, const char *sql, int64_t id, const char *table,
                     const char *missing);

/* Tests: every new in-memory database starts as a copy of this image (a database already at the
 * current schema), so a test's set-up does not migrate. NULL restores normal opening. */
void qf__set_memory_template(const void *image, size_t len);
/* Opens a new in-memory database holding a copy of `image` (a qufa database serialized by
 * sqlite3_serialize at this schema version: nothing is migrated), as qf_db_open would. */
int qf__db_open_image(qf_db **out, const void *image, size_t len, const qf_open_options *opts);

/* audit (audit.c) */
int qf__audit_install_triggers(qf_db *db);
/* Logs a "migrate" entry for every audited row whose content is not its last logged image
 * (rows a migration inserted or reshaped), so verification stays exact across upgrades. */
int qf__audit_baseline(qf_db *db);
int qf__audit_begin(qf_db *db);
int qf__audit_seal(qf_db *db);
/* One field of an entry's canonical bytes ("<length>:" + bytes, NULL as "-:"): a seal's hash is
 * SHA-256 over the previous seal's hash and its entries' fields (seq, at, actor, action, tbl,
 * row_id, before, after) in order. Sync (exchange/sync_*.c) recomputes it on receipt. */
struct qf_sha256_ctx;
void qf__audit_hash_value(struct qf_sha256_ctx *c, const char *s, size_t n);
/* The hash a chain starts from. */
extern const char qf__audit_genesis[];

/* SHA-256 (sha256.c, over Nettle) */
typedef struct qf_sha256_ctx {
    struct sha256_ctx n;
} qf_sha256_ctx;
void qf__sha256_init(qf_sha256_ctx *c);
void qf__sha256_update(qf_sha256_ctx *c, const void *data, size_t len);
/* Hashes the row `st` is on: each column's type, length and bytes (the form
 * qf_db_content_hash and the reliability probe share). */
void qf__sha256_row(qf_sha256_ctx *c, qf_stmt *st);
void qf__sha256_final(qf_sha256_ctx *c, unsigned char out[32]);
void qf__hex(const unsigned char *bytes, size_t n, char *out);

/* embedded files (generated) */
struct qf_embedded_file {
    const char *name;
    const char *data;
    size_t len;
};
extern const struct qf_embedded_file qf_schema_files[];

#endif
