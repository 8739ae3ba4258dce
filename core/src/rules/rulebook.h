/* Internal: the compiled rulebook — every stored standard revision and tailoring, compiled once
 * per run into typed structures (clauses, requirements with typed parameters), and the
 * resolution of a standard for an org's chain of tailorings on a day. Evaluators only ever see
 * resolved standards: they never look a parameter up by name or re-read a definition. */
#ifndef QUFA_RULEBOOK_H
#define QUFA_RULEBOOK_H

#include <jansson.h>
#include "arena.h"
#include "internal.h"
#include "json_kept.h"
#include "kinds.h"

typedef enum qf_clause_type {
    QF_CLAUSE_REQUIREMENT = 0, /* 应: unmet fails */
    QF_CLAUSE_RECOMMENDATION,  /* 宜: unmet warns */
    QF_CLAUSE_PERMISSION,      /* 可: never fails */
    QF_CLAUSE_STATEMENT        /* text only */
} qf_clause_type;

/* A clause exempted by a tailoring (not applicable), until `expires` (QF_DATE_NONE = open). */
typedef struct qf_exemption {
    const char *by, *reason;
    qf_date expires;
    qf_date effective; /* the tailoring's effective day */
} qf_exemption;

typedef struct qf_clause {
    const char *number, *text, *title, *article, *note, *responsible;
    qf_clause_type type;
    const char *type_name;       /* "requirement", … as written */
    qf_req *reqs;
    size_t n_reqs;
    const qf_exemption *na;      /* NULL unless a tailoring exempts it */
    const char *added_by;        /* tailoring that added the clause, NULL if the standard's own */
    const char *added_reason;
    json_t *def;                 /* the clause as written (borrowed) */
} qf_clause;

/* One stored revision of a standard, compiled. */
typedef struct qf_std_rev {
    const char *code;
    int rev;
    qf_date effective, expires; /* expires QF_DATE_NONE = open */
    qf_date replaced;           /* day a replacing standard took effect, QF_DATE_NONE = never */
    const char *replaces;
    const char *source_sha, *source_name;
    const char *title, *origin, *system, *category;
    const char *owner;          /* org code of a branch's own standard (def.org), NULL if issued */
    int64_t owner_id;           /* that org's id (0 if none or unknown) */
    bool to_branches, to_groups, to_committees; /* applies_to (default: branches) */
    qf_clause *clauses;
    size_t n_clauses;
    json_t *def;
} qf_std_rev;

/* A tailoring's target: "CODE", "CODE/CLAUSE" or "CODE/CLAUSE#N". */
typedef struct qf_target {
    const char *code, *clause; /* clause NULL = the whole standard */
    int req;                   /* 0 = every requirement of the clause */
} qf_target;

typedef struct qf_tset {
    qf_target t;
    json_t *params; /* object (borrowed) */
    const char *reason;
} qf_tset;

typedef struct qf_tna {
    qf_target t;
    const char *reason;
    qf_date expires;
} qf_tna;

typedef struct qf_tadd {
    const char *code;
    qf_clause clause;
    const char *reason;
} qf_tadd;

typedef struct qf_tadopt {
    const char *code;
    qf_date from;
    const char *reason;
} qf_tadopt;

typedef struct qf_tailoring_rev {
    const char *code;
    int rev;
    int64_t org_id;    /* 0 = the whole database */
    qf_date effective; /* QF_DATE_NONE = always */
    const char *const *imports;
    size_t n_imports;
    const char *const *adds;
    size_t n_adds;
    qf_tset *sets;
    size_t n_sets;
    qf_tna *nas;
    size_t n_nas;
    qf_tadd *add_clauses;
    size_t n_add_clauses;
    qf_tadopt *adopts;
    size_t n_adopts;
    json_t *def;
} qf_tailoring_rev;

typedef struct qf_rulebook {
    qf_arena arena;
    qf_std_rev *revs;               /* sorted by code, then rev */
    size_t n_revs;
    qf_tailoring_rev *tailorings;   /* sorted by code, then rev */
    size_t n_tailorings;
} qf_rulebook;

/* Reads and compiles every stored revision and tailoring. */
int qf__rulebook_read(qf_rulebook *b, qf_db *db);
void qf__rulebook_free(qf_rulebook *b);

/* Compiles a clause definition (JSON) into `out`; strings and values borrow from `def` or go
 * to `a`. `where` prefixes messages. Used by the loader (validation) and by the reader. */
int qf__clause_compile(qf_db *db, json_t *def, const char *std_code, qf_arena *a,
                       const qf_prov *from, qf_clause *out, const char *where);
/* Parses a target; false when malformed. */
bool qf__target_parse(const char *s, qf_arena *a, qf_target *out);

/* The revision of `code` in force on `d`, or NULL. */
const qf_std_rev *qf__rulebook_in_force(const qf_rulebook *b, const char *code, qf_date d);
/* The same for an org that adopted the standard early (`adopted` = the day its tailoring adopts
 * it from, QF_DATE_NONE = not adopted): before the first revision takes effect, that revision. */
const qf_std_rev *qf__rulebook_in_force_for(const qf_rulebook *b, const char *code, qf_date d,
                                            qf_date adopted);
/* Whether `code` has any revision. */
bool qf__rulebook_knows(const qf_rulebook *b, const char *code);

/* ---- resolution ------------------------------------------------------------------------- */

/* An org's chain: org ids from the root down to the org (a branch's tailorings apply after its
 * committee's). Grows as needed. */
typedef struct qf_chain {
    int64_t *ids;
    size_t n;
} qf_chain;
int qf__chain_load(qf_chain *c, qf_db *db, int64_t org_id);
void qf__chain_free(qf_chain *c);
bool qf__chain_has(const qf_chain *c, int64_t org_id);

/* The tailoring revisions that apply to a chain on a day (global first, then root down); the
 * array is allocated in `a`. */
size_t qf__chain_tailorings(const qf_rulebook *b, const qf_chain *c, qf_date on, qf_arena *a,
                            const qf_tailoring_rev ***out);
/* The earliest day a tailoring of the chain adopts `code` from (QF_DATE_NONE if none does). */
qf_date qf__adopted_from(const qf_rulebook *b, const char *code, const qf_chain *c, qf_date on);

/* A standard revision resolved for a chain on a day: its clauses (and the clauses tailorings
 * add) with every parameter change applied and its provenance kept. */
typedef struct qf_resolved {
    const qf_std_rev *rev;
    bool applies;               /* the standard applies to the org at all */
    qf_clause *clauses;
    size_t n_clauses;
    const char *added_by;       /* tailoring that adds the standard (adds = {…}) */
    const char *adopted_by, *adopted_reason;
    qf_date adopted_from;
    unsigned char digest[32];   /* SHA-256 of the resolution's canonical form (fingerprints) */
} qf_resolved;

/* Resolves `r` for chain `c` on `on` into `out` (allocated in `a`). */
int qf__resolve(qf_db *db, const qf_rulebook *b, const qf_std_rev *r, const qf_chain *c,
                qf_date on, qf_arena *a, qf_resolved *out);
/* A key such that equal keys resolve identically (the engine resolves once per key). */
void qf__resolve_key(const qf_rulebook *b, const qf_std_rev *r, const qf_chain *c, qf_date on,
                     qf_arena *a, char **key);
/* The resolved standard as JSON for people and scripts (standards show, qf_standard_resolve). */
json_t *qf__resolved_json(qf_db *db, const qf_resolved *s);

#endif
