/*
 * The organ's side of a push: a batch is checked seal by seal against what the organ holds for
 * the branch, and applied in one transaction of the organ's database:
 *   - a seal the organ already holds (same last entry, same hash) is skipped: pushing twice
 *     applies once;
 *   - a seal the organ holds with another hash, or one that does not follow the organ's last
 *     hash, is a fork: refused;
 *   - a seal that starts after the organ's next expected entry is a gap: refused;
 *   - a seal whose entries do not hash to it (an entry altered, removed or added) is tampered:
 *     refused.
 * A refusal rolls the batch back, so nothing of it is applied. Each committed batch moves the
 * acknowledgement forward with its entries in the same transaction: a push killed at any point
 * leaves the organ at the end of the last committed batch, and the next push starts there.
 * Only portable SQL with bound values: the organ's database may be either backend.
 */
#include <stdlib.h>
#include <string.h>
#include "sync_internal.h"

static const char SQL_ACKED[] = "SELECT acked_seq, acked_hash FROM sync_branch WHERE name = ?1";

int qf_sync_acked(int64_t *seq, char hash_out[65], qf_db *organ, const char *name)
{
    *seq = 0;
    if (hash_out)
        snprintf(hash_out, 65, "%s", qf__audit_genesis);
    qf_stmt *st = qf__stmt(organ, SQL_ACKED);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    int step = qf__step(st);
    if (step == QF_ROW) {
        *seq = qf__col_int64(st, 0);
        if (hash_out)
            snprintf(hash_out, 65, "%s", qf__col_text(st, 1) ? qf__col_text(st, 1) : "");
    }
    qf__reset(st);
    if (step != QF_ROW && step != QF_DONE)
        return qf__sqlerr(organ, step, "sync");
    return QF_OK;
}

static int ensure_branch(qf_db *organ, const char *name, const char *now)
{
    static const char sql_has[] = "SELECT 1 FROM sync_branch WHERE name = ?1";
    static const char sql_new[] = "INSERT INTO sync_branch (name, acked_seq, acked_hash, seals, "
                                  "first_push, last_push) VALUES (?1, 0, ?2, 0, ?3, ?3)";
    qf_stmt *st = qf__stmt(organ, sql_has);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    int step = qf__step(st);
    qf__reset(st);
    if (step == QF_ROW)
        return QF_OK;
    if (step != QF_DONE)
        return qf__sqlerr(organ, step, "sync");
    st = qf__stmt(organ, sql_new);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    qf__bind_text(st, 2, qf__audit_genesis);
    qf__bind_text(st, 3, now);
    return qf__exec_stmt(organ, st, "sync");
}

/* The hash the organ holds for the branch's seal ending at `last_seq`, or "" for none. */
static int held_hash(qf_db *organ, const char *name, int64_t last_seq, char out[65])
{
    static const char sql[] = "SELECT hash FROM sync_seal WHERE branch = ?1 AND last_seq = ?2";
    qf_stmt *st = qf__stmt(organ, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    qf__bind_int64(st, 2, last_seq);
    out[0] = '\0';
    int step = qf__step(st);
    if (step == QF_ROW && qf__col_text(st, 0))
        snprintf(out, 65, "%s", qf__col_text(st, 0));
    qf__reset(st);
    return step == QF_ROW || step == QF_DONE ? QF_OK : qf__sqlerr(organ, step, "sync");
}

static int put_entry(qf_db *organ, const char *name, const sync_entry *e)
{
    static const char sql[] = "INSERT INTO sync_entry (branch, seq, at, actor, action, tbl, "
                              "row_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    qf_stmt *st = qf__stmt(organ, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    qf__bind_int64(st, 2, e->seq);
    qf__bind_text(st, 3, e->at);
    qf__bind_text(st, 4, e->actor);
    qf__bind_text(st, 5, e->action);
    qf__bind_text(st, 6, e->tbl);
    qf__bind_int64(st, 7, e->row_id);
    qf__bind_text(st, 8, e->before);
    qf__bind_text(st, 9, e->after);
    return qf__exec_stmt(organ, st, "sync");
}

/* ENTRY_CHUNK entries in one statement: one round trip to a server instead of 32 (a push of a
 * branch's year is about 2,000 entries). ?1 is the branch; each row then binds the 8 values
 * put_entry binds from ?2. */
#define ENTRY_CHUNK 32
static const char SQL_ENTRY_CHUNK[] =
    "INSERT INTO sync_entry (branch, seq, at, actor, action, tbl, row_id, before, after) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9), "
    "(?1, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17), "
    "(?1, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25), "
    "(?1, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33), "
    "(?1, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41), "
    "(?1, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49), "
    "(?1, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57), "
    "(?1, ?58, ?59, ?60, ?61, ?62, ?63, ?64, ?65), "
    "(?1, ?66, ?67, ?68, ?69, ?70, ?71, ?72, ?73), "
    "(?1, ?74, ?75, ?76, ?77, ?78, ?79, ?80, ?81), "
    "(?1, ?82, ?83, ?84, ?85, ?86, ?87, ?88, ?89), "
    "(?1, ?90, ?91, ?92, ?93, ?94, ?95, ?96, ?97), "
    "(?1, ?98, ?99, ?100, ?101, ?102, ?103, ?104, ?105), "
    "(?1, ?106, ?107, ?108, ?109, ?110, ?111, ?112, ?113), "
    "(?1, ?114, ?115, ?116, ?117, ?118, ?119, ?120, ?121), "
    "(?1, ?122, ?123, ?124, ?125, ?126, ?127, ?128, ?129), "
    "(?1, ?130, ?131, ?132, ?133, ?134, ?135, ?136, ?137), "
    "(?1, ?138, ?139, ?140, ?141, ?142, ?143, ?144, ?145), "
    "(?1, ?146, ?147, ?148, ?149, ?150, ?151, ?152, ?153), "
    "(?1, ?154, ?155, ?156, ?157, ?158, ?159, ?160, ?161), "
    "(?1, ?162, ?163, ?164, ?165, ?166, ?167, ?168, ?169), "
    "(?1, ?170, ?171, ?172, ?173, ?174, ?175, ?176, ?177), "
    "(?1, ?178, ?179, ?180, ?181, ?182, ?183, ?184, ?185), "
    "(?1, ?186, ?187, ?188, ?189, ?190, ?191, ?192, ?193), "
    "(?1, ?194, ?195, ?196, ?197, ?198, ?199, ?200, ?201), "
    "(?1, ?202, ?203, ?204, ?205, ?206, ?207, ?208, ?209), "
    "(?1, ?210, ?211, ?212, ?213, ?214, ?215, ?216, ?217), "
    "(?1, ?218, ?219, ?220, ?221, ?222, ?223, ?224, ?225), "
    "(?1, ?226, ?227, ?228, ?229, ?230, ?231, ?232, ?233), "
    "(?1, ?234, ?235, ?236, ?237, ?238, ?239, ?240, ?241), "
    "(?1, ?242, ?243, ?244, ?245, ?246, ?247, ?248, ?249), "
    "(?1, ?250, ?251, ?252, ?253, ?254, ?255, ?256, ?257)";

static int put_entry_chunk(qf_db *organ, const char *name, const sync_entry *e)
{
    qf_stmt *st = qf__stmt(organ, SQL_ENTRY_CHUNK);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    for (int k = 0; k < ENTRY_CHUNK; k++) {
        int p = 2 + 8 * k;
        qf__bind_int64(st, p, e[k].seq);
        qf__bind_text(st, p + 1, e[k].at);
        qf__bind_text(st, p + 2, e[k].actor);
        qf__bind_text(st, p + 3, e[k].action);
        qf__bind_text(st, p + 4, e[k].tbl);
        qf__bind_int64(st, p + 5, e[k].row_id);
        qf__bind_text(st, p + 6, e[k].before);
        qf__bind_text(st, p + 7, e[k].after);
    }
    return qf__exec_stmt(organ, st, "sync");
}

static int put_seal(qf_db *organ, const char *name, const sync_seal *s)
{
    static const char sql[] = "INSERT INTO sync_seal (branch, first_seq, last_seq, at, prev_hash, "
                              "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    qf_stmt *st = qf__stmt(organ, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    qf__bind_int64(st, 2, s->first_seq);
    qf__bind_int64(st, 3, s->last_seq);
    qf__bind_text(st, 4, s->at ? s->at : "");
    qf__bind_text(st, 5, s->prev_hash);
    qf__bind_text(st, 6, s->hash);
    return qf__exec_stmt(organ, st, "sync");
}

static int advance(qf_db *organ, const char *name, int64_t seq, const char *hash, int64_t seals,
                   const char *now)
{
    static const char sql[] = "UPDATE sync_branch SET acked_seq = ?2, acked_hash = ?3, "
                              "seals = seals + ?4, last_push = ?5 WHERE name = ?1";
    qf_stmt *st = qf__stmt(organ, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    qf__bind_int64(st, 2, seq);
    qf__bind_text(st, 3, hash);
    qf__bind_int64(st, 4, seals);
    qf__bind_text(st, 5, now);
    return qf__exec_stmt(organ, st, "sync");
}

/* Checks one seal that should come next: it follows the organ's last, its entries are whole
 * and hash to it. */
static int verify_seal(const qf_sync_batch *b, const sync_seal *s, int64_t acked,
                       const char *acked_hash)
{
    if (s->first_seq > acked + 1)
        return qf__err(QF_ECONSTRAINT,
                       _("sync: branch %s: the push starts at audit entry %lld but the organ holds "
                         "entries up to %lld: entries %lld-%lld are missing (push them first); "
                         "nothing was applied"),
                       b->name, (long long)s->first_seq, (long long)acked, (long long)(acked + 1),
                       (long long)(s->first_seq - 1));
    if (s->first_seq != acked + 1 || strcmp(s->prev_hash, acked_hash) != 0)
        return qf__err(QF_ECORRUPT,
                       _("sync: branch %s: audit entries %lld-%lld do not follow the organ's last "
                         "seal (entry %lld, hash %.12s…): the branch's history forked from what "
                         "the organ holds; nothing was applied"),
                       b->name, (long long)s->first_seq, (long long)s->last_seq,
                       (long long)acked, acked_hash);
    const sync_entry *e = b->entries + s->entry0;
    bool whole = (int64_t)s->nentries == s->last_seq - s->first_seq + 1;
    for (size_t i = 0; whole && i < s->nentries; i++)
        whole = e[i].seq == s->first_seq + (int64_t)i;
    char got[65];
    qf__sync_hash(s->prev_hash, e, s->nentries, got);
    if (!whole || strcmp(got, s->hash) != 0)
        return qf__err(QF_ECORRUPT,
                       _("sync: branch %s: audit entries %lld-%lld (sealed %s) do not match their "
                         "seal: an entry was altered, removed or added after it was written; "
                         "nothing was applied"),
                       b->name, (long long)s->first_seq, (long long)s->last_seq,
                       s->at ? s->at : "?");
    return QF_OK;
}

typedef struct apply_state {
    const qf_sync_options *opts;
    int64_t written; /* entries written by this push so far (for the progress hook) */
} apply_state;

/* Writes entries [0, n) of the batch's array: ENTRY_CHUNK at a time, the rest one by one; the
 * progress hook hears of each entry once its statement ran. */
static int put_entries(qf_db *organ, const qf_sync_batch *b, const sync_entry *e, size_t n,
                       apply_state *as)
{
    int rc = QF_OK;
    size_t done = 0;
    while (rc == QF_OK && done < n) {
        size_t k = n - done >= ENTRY_CHUNK ? ENTRY_CHUNK : 1;
        rc = k == ENTRY_CHUNK ? put_entry_chunk(organ, b->name, e + done)
                              : put_entry(organ, b->name, e + done);
        for (size_t i = 0; rc == QF_OK && i < k; i++) {
            as->written++;
            if (as->opts && as->opts->progress &&
                as->opts->progress(as->opts->progress_ud, as->written))
                rc = qf__err(QF_EUSER, "%s", _("sync: the push was interrupted; nothing of its "
                                                "last batch was applied"));
        }
        done += k;
    }
    return rc;
}

static int apply_in_tx(qf_sync_report *r, qf_db *organ, const qf_sync_batch *b, apply_state *as)
{
    char now[QF_UTC_LEN];
    qf__utc_now(now);
    int rc = ensure_branch(organ, b->name, now);
    int64_t acked = 0;
    char acked_hash[65];
    if (rc == QF_OK)
        rc = qf_sync_acked(&acked, acked_hash, organ, b->name);
    /* every seal is checked before anything is written (a refusal rolls the batch back all the
     * same): those the organ holds must be the same; the new ones, a suffix of the batch, must
     * each follow the one before */
    size_t first_new = b->nseals;
    for (size_t i = 0; rc == QF_OK && i < b->nseals; i++) {
        const sync_seal *s = &b->seals[i];
        if (s->last_seq <= acked && first_new == b->nseals) {
            char held[65];
            rc = held_hash(organ, b->name, s->last_seq, held);
            if (rc == QF_OK && strcmp(held, s->hash) != 0)
                rc = qf__err(QF_ECORRUPT,
                             _("sync: branch %s: audit entries %lld-%lld differ from those the "
                               "organ already holds (the branch's history was rewritten, or "
                               "another database pushes under this name); nothing was applied"),
                             b->name, (long long)s->first_seq, (long long)s->last_seq);
            if (rc == QF_OK)
                r->skipped++;
            continue;
        }
        rc = verify_seal(b, s, acked, acked_hash);
        if (rc == QF_OK) {
            if (first_new == b->nseals)
                first_new = i;
            acked = s->last_seq;
            snprintf(acked_hash, sizeof acked_hash, "%s", s->hash);
        }
    }
    int64_t applied = 0;
    if (rc == QF_OK && first_new < b->nseals) {
        /* the batch holds its seals' entries one after another, in order */
        const sync_seal *s0 = &b->seals[first_new], *sn = &b->seals[b->nseals - 1];
        size_t n = sn->entry0 + sn->nentries - s0->entry0;
        rc = put_entries(organ, b, b->entries + s0->entry0, n, as);
        for (size_t i = first_new; rc == QF_OK && i < b->nseals; i++) {
            rc = put_seal(organ, b->name, &b->seals[i]);
            if (rc == QF_OK) {
                applied++;
                r->entries += (int64_t)b->seals[i].nentries;
            }
        }
    }
    if (rc == QF_OK && applied > 0)
        rc = advance(organ, b->name, acked, acked_hash, applied, now);
    if (rc == QF_OK) {
        r->seals += applied;
        r->acked_seq = acked;
    }
    return rc;
}

int qf_sync_batch_apply(qf_sync_report *report, qf_db *organ, const qf_sync_batch *b,
                        const qf_sync_options *opts)
{
    qf_sync_report r = {0, 0, 0, 0, 0};
    if (!b)
        return qf__err(QF_EINVALID, "%s", _("sync: no batch to apply"));
    apply_state as = {opts, 0};
    int rc = qf__tx_begin(organ);
    if (rc == QF_OK) {
        qf_sync_report part = r;
        rc = qf__tx_end(organ, apply_in_tx(&part, organ, b, &as));
        if (rc == QF_OK) {
            r = part;
            r.batches = 1;
        }
    }
    if (report)
        *report = r;
    return rc;
}

/* The organ's acknowledgement must be a seal of this branch's own chain: otherwise the branch
 * is not the database that pushed under this name (or its file was restored from an older
 * copy), and pushing on would graft one history onto another. */
static int check_acked_is_ours(qf_db *branch, const char *name, int64_t acked,
                               const char *acked_hash)
{
    static const char sql[] = "SELECT hash FROM audit_seal WHERE last_seq = ?1";
    if (acked == 0)
        return QF_OK;
    qf_stmt *st = qf__stmt(branch, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, acked);
    int step = qf__step(st);
    bool same = step == QF_ROW && qf__col_text(st, 0) &&
                strcmp(qf__col_text(st, 0), acked_hash) == 0;
    qf__reset(st);
    if (step != QF_ROW && step != QF_DONE)
        return qf__sqlerr(branch, step, "sync");
    if (!same)
        return qf__err(QF_ECORRUPT,
                       _("sync: branch %s: the organ holds audit entries up to %lld (hash %.12s…), "
                         "which this database does not have: another database pushes under this "
                         "name, or this file was restored from an older copy; nothing was "
                         "applied"),
                       name, (long long)acked, acked_hash);
    return QF_OK;
}

int qf_sync_push(qf_sync_report *report, qf_db *branch, qf_db *organ, const qf_sync_options *opts)
{
    qf_sync_options def = QF_SYNC_OPTIONS_INIT;
    if (!opts)
        opts = &def;
    qf_sync_report total = {0, 0, 0, 0, 0};
    if (report)
        *report = total;
    char *name = NULL;
    int rc = opts->branch ? QF_OK : qf_sync_default_name(&name, branch);
    if (rc)
        return rc;
    const char *who = opts->branch ? opts->branch : name;
    int64_t per = opts->batch_seals > 0 ? opts->batch_seals : 500;
    apply_state as = {opts, 0};
    char acked_hash[65];
    rc = qf_sync_acked(&total.acked_seq, acked_hash, organ, who);
    if (rc == QF_OK)
        rc = check_acked_is_ours(branch, who, total.acked_seq, acked_hash);
    for (;;) {
        if (rc)
            break;
        int64_t want = per;
        if (opts->max_seals > 0) {
            int64_t left = opts->max_seals - total.seals;
            if (left <= 0)
                break;
            if (left < want)
                want = left;
        }
        qf_sync_batch *b = NULL;
        rc = qf_sync_batch_read(&b, branch, who, total.acked_seq, want);
        if (rc)
            break;
        if (b->nseals == 0) {
            qf_sync_batch_free(b);
            break;
        }
        qf_sync_report part = {0, 0, 0, 0, 0};
        rc = qf__tx_begin(organ);
        if (rc == QF_OK)
            rc = qf__tx_end(organ, apply_in_tx(&part, organ, b, &as));
        qf_sync_batch_free(b);
        if (rc == QF_OK) {
            total.seals += part.seals;
            total.entries += part.entries;
            total.skipped += part.skipped;
            total.acked_seq = part.acked_seq;
            total.batches++;
        }
    }
    free(name);
    if (report)
        *report = total;
    return rc;
}

/* ---- the branches an organ holds ----------------------------------------------------------- */

struct qf_sync_iter {
    qf_db *db;
    qf_stmt *st;
    qf_sync_branch row;
};

int qf_sync_branches(qf_sync_iter **out, qf_db *organ)
{
    static const char sql[] = "SELECT name, acked_seq, acked_hash, seals, first_push, last_push "
                              "FROM sync_branch ORDER BY name";
    qf_sync_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = organ;
    int rc = qf__borrow(&it->st, organ, sql);
    if (rc) {
        free(it);
        return rc;
    }
    *out = it;
    return QF_OK;
}

int qf_sync_next(const qf_sync_branch **row, qf_sync_iter *it)
{
    int step = qf__step(it->st);
    if (step == QF_DONE)
        return QF_ITEROVER;
    if (step != QF_ROW)
        return qf__sqlerr(it->db, step, "sync");
    qf_sync_branch *b = &it->row;
    b->name = qf__col_text(it->st, 0);
    b->acked_seq = qf__col_int64(it->st, 1);
    b->acked_hash = qf__col_text(it->st, 2);
    b->seals = qf__col_int64(it->st, 3);
    b->first_push = qf__col_text(it->st, 4);
    b->last_push = qf__col_text(it->st, 5);
    *row = b;
    return QF_OK;
}

void qf_sync_iter_free(qf_sync_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}
