/* Internal: the catalog in memory for one check run (standards, revisions, tailorings). */
#ifndef QUFA_CATALOG_H
#define QUFA_CATALOG_H

#include <jansson.h>
#include "internal.h"
#include "reqkind.h"

typedef struct qf_std_rev {
    char *code;
    int rev;
    qf_date effective;
    qf_date expires;   /* QF_DATE_NONE = open */
    qf_date replaced;  /* day a replacing standard took effect, QF_DATE_NONE = never */
    char *replaces;
    char *source_sha;  /* NULL when loaded without source */
    char *source_name;
    json_t *def;
} qf_std_rev;

typedef struct qf_tailoring_rev {
    char *code;
    int rev;
    int64_t org_id;    /* 0 = the whole database */
    qf_date effective;
    json_t *def;
} qf_tailoring_rev;

typedef struct qf_catalog {
    qf_std_rev *revs;  /* sorted by code, then rev */
    size_t n_revs;
    qf_tailoring_rev *tailorings; /* sorted by code, then rev */
    size_t n_tailorings;
} qf_catalog;

int qf__catalog_read(qf_catalog *cat, qf_db *db);
void qf__catalog_free(qf_catalog *cat);
/* The revision of `code` in force on `d`, or NULL. */
const qf_std_rev *qf__catalog_in_force(const qf_catalog *cat, const char *code, qf_date d);
/* The same for an org that adopted the standard early (`adopted` = the day its tailoring adopts
 * it from, QF_DATE_NONE = not adopted): before the first revision takes effect, that revision. */
const qf_std_rev *qf__catalog_in_force_for(const qf_catalog *cat, const char *code, qf_date d,
                                           qf_date adopted);
/* The earliest day a tailoring of the chain adopts `code` from (QF_DATE_NONE if none does). */
qf_date qf__adopted_from(const qf_catalog *cat, const char *code, const int64_t *chain,
                         size_t n_chain, qf_date on);

/*
 * Resolves a standard revision for an org on a day: a deep copy of its definition with the
 * tailorings of the org's chain (`chain`: org ids from the root down) applied, defaults filled,
 * provenance attached. Returns a new reference (json_decref it); NULL with the error set.
 * `applies` gets whether the standard applies to the org at all (imports, org scope).
 */
/* Equal keys resolve identically (same revision, day, tailorings and, for org-owned standards,
 * whether the owner is in the chain): the engine resolves once per key, not once per branch. */
void qf__resolve_key(qf_db *db, const qf_catalog *cat, const qf_std_rev *r,
                     const int64_t *chain, size_t n_chain, qf_date on, char *buf, size_t size);
json_t *qf__resolve(qf_db *db, const qf_catalog *cat, const qf_std_rev *r, const int64_t *chain,
                    size_t n_chain, qf_date on, bool *applies);

#endif
