/* Internal to sync (sync_batch.c, sync_apply.c, sync_replica.c): a batch of sealed audit
 * entries read from a branch, as it travels to the organ. */
#ifndef QUFA_SYNC_INTERNAL_H
#define QUFA_SYNC_INTERNAL_H

#include "internal.h"

typedef struct sync_entry {
    int64_t seq, row_id;
    char *at, *actor, *action, *tbl, *before, *after; /* NULL for SQL NULL */
} sync_entry;

typedef struct sync_seal {
    int64_t first_seq, last_seq;
    char *at;
    char prev_hash[65], hash[65];
    size_t entry0, nentries; /* the seal's entries in the batch's array */
} sync_seal;

struct qf_sync_batch {
    char *name;
    sync_seal *seals;
    size_t nseals;
    sync_entry *entries;
    size_t nentries;
};

/* The seal hash over `prev` and entries [0, n): what qf__audit_seal computed at the branch. */
void qf__sync_hash(const char *prev, const sync_entry *e, size_t n, char out[65]);

#endif
