/* qufa — sync between a branch and its organ (docs/sync.md).
 *
 * A branch works on its own database and pushes its audit log up: the sealed entries after the
 * last one the organ acknowledged. The organ verifies the hash chain of what arrives (a gap, a
 * fork or an altered entry is refused and nothing is applied) and keeps each branch's log; a
 * replica of a branch (an in-memory database holding exactly the branch's records, rebuilt from
 * the log) is what the organ's commands judge. The organ's database is any qf_db: only portable
 * SQL through the store layer touches it. */
#ifndef QUFA_SYNC_H
#define QUFA_SYNC_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_sync_report {
    int64_t seals;       /* seals (branch transactions) applied by this push */
    int64_t entries;     /* audit entries applied */
    int64_t skipped;     /* seals the organ already held (a repeated push) */
    int64_t acked_seq;   /* the organ's last acknowledged entry of the branch after the push */
    int64_t batches;     /* organ transactions committed */
} qf_sync_report;

/* Called after each entry is written inside the organ's transaction, with the number written
 * so far by this push; returning non-zero abandons the push (its open batch rolls back, what
 * earlier batches committed stays). Tests use it to interrupt a push at any point. */
typedef int (*qf_sync_progress_fn)(void *ud, int64_t entries_written);

typedef struct qf_sync_options {
    unsigned version;
    const char *branch;          /* the branch's name at the organ; NULL = its top org's code */
    int64_t batch_seals;         /* seals per organ transaction; 0 = 500 */
    int64_t max_seals;           /* stop after this many seals; 0 = all */
    qf_sync_progress_fn progress;
    void *progress_ud;
} qf_sync_options;
#define QF_SYNC_OPTIONS_VERSION 1
#define QF_SYNC_OPTIONS_INIT {QF_SYNC_OPTIONS_VERSION, NULL, 0, 0, NULL, NULL}

/* The code a branch pushes under by default: the code of its only org of kind branch, else
 * of its only top-level org.
 * QF_EINVALID when it has none or several (name it with options.branch). */
QF_EXTERN int qf_sync_default_name(char **out, qf_db *branch);

/* Pushes the branch's sealed audit entries the organ does not hold yet. Pushing again with
 * nothing new applies nothing. Refused with QF_ECORRUPT (fork, altered entry) or
 * QF_ECONSTRAINT (gap) and nothing of the refused batch applied. */
QF_EXTERN int qf_sync_push(qf_sync_report *report, qf_db *branch, qf_db *organ,
                           const qf_sync_options *opts);

/* A batch of sealed entries read from a branch: the seals after `after_seq` (at most
 * `max_seals`, 0 = all). Applying a batch is what a push does; reading and applying apart lets
 * a batch travel another way (and tests deliver batches out of order). */
typedef struct qf_sync_batch qf_sync_batch;
QF_EXTERN int qf_sync_batch_read(qf_sync_batch **out, qf_db *branch, const char *name,
                                 int64_t after_seq, int64_t max_seals);
QF_EXTERN int64_t qf_sync_batch_seals(const qf_sync_batch *b);
QF_EXTERN int qf_sync_batch_apply(qf_sync_report *report, qf_db *organ, const qf_sync_batch *b,
                                  const qf_sync_options *opts);
QF_EXTERN void qf_sync_batch_free(qf_sync_batch *b);

/* The branches an organ holds. */
typedef struct qf_sync_branch {
    const char *name;
    int64_t acked_seq;   /* last entry held */
    const char *acked_hash;
    int64_t seals;
    const char *first_push, *last_push; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
} qf_sync_branch;
typedef struct qf_sync_iter qf_sync_iter;
QF_EXTERN int qf_sync_branches(qf_sync_iter **out, qf_db *organ);
QF_EXTERN int qf_sync_next(const qf_sync_branch **row, qf_sync_iter *it);
QF_EXTERN void qf_sync_iter_free(qf_sync_iter *it);

/* The organ's last acknowledged entry of `name` (0 and the genesis hash for a branch it has
 * never heard of). `hash_out` may be NULL. */
QF_EXTERN int qf_sync_acked(int64_t *seq, char hash_out[65], qf_db *organ, const char *name);

/* A new in-memory database holding the branch's records as the organ received them: its
 * audit log replayed, entries and seals verbatim, so qf_audit_verify on it checks them again.
 * Free it with qf_db_free. QF_ENOTFOUND when the organ has no such branch. */
QF_EXTERN int qf_sync_replica(qf_db **out, qf_db *organ, const char *name);

/* What a branch pulls: the packs (Lua source) of the organ's systems and of the latest revision
 * of every standard it issued, in the order the organ loaded them. */
typedef struct qf_sync_pack {
    const char *name;
    const char *sha256;
    const char *text;
    const char *owns; /* what it is the organ's latest of: "CODE=HASH" per standard and
                       * "system:CODE" per system, one a line */
} qf_sync_pack;
typedef struct qf_sync_pack_iter qf_sync_pack_iter;
QF_EXTERN int qf_sync_packs(qf_sync_pack_iter **out, qf_db *organ);
QF_EXTERN int qf_sync_pack_next(const qf_sync_pack **row, qf_sync_pack_iter *it);
QF_EXTERN void qf_sync_pack_iter_free(qf_sync_pack_iter *it);

#ifdef __cplusplus
}
#endif
#endif
