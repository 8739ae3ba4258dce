/* qufa — the standards catalog: systems, standards (versioned), clauses, requirements, and
 * tailoring overlays. Definitions arrive as JSON (what the Lua DSL produces; see
 * docs/writing-standards.md for the format) and are validated, hashed and stored. */
#ifndef QUFA_STANDARD_H
#define QUFA_STANDARD_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_load_outcome {
    QF_LOAD_UNCHANGED = 0, /* same canonical definition already stored: nothing written */
    QF_LOAD_NEW,           /* first revision of this code */
    QF_LOAD_REVISED        /* a new revision; the old one stays for past periods */
} qf_load_outcome;

typedef struct qf_load_item {
    const char *what;   /* "system", "standard", "tailoring" */
    const char *code;
    int rev;
    qf_load_outcome outcome;
} qf_load_item;

typedef struct qf_load_report qf_load_report;

/*
 * Loads a pack: a JSON object {"systems": [...], "standards": [...], "tailorings": [...]}.
 * `source_name` (e.g. "regulations.lua") and `source_text` (the Lua source, kept so `check`
 * functions can be re-created) may be NULL for hand-written JSON. All or nothing: a bad
 * definition aborts the whole pack with a message naming the standard, clause and field.
 */
QF_EXTERN int qf_catalog_load(qf_load_report **out, qf_db *db, const char *pack_json,
                              const char *source_name, const char *source_text);
QF_EXTERN size_t qf_load_report_count(const qf_load_report *r);
QF_EXTERN const qf_load_item *qf_load_report_item(const qf_load_report *r, size_t i);
QF_EXTERN void qf_load_report_free(qf_load_report *r);

/* Requirement kinds built into the engine, with their parameters (for docs and validation). */
QF_EXTERN int qf_requirement_kinds_json(char **out);

typedef struct qf_standard_info {
    const char *code;
    int rev;
    const char *version;
    const char *title;
    const char *system;
    const char *category;
    const char *origin;     /* "issued" or "branch" */
    qf_date effective;
    qf_date expires;        /* QF_DATE_NONE = open */
    const char *replaces;
    const char *source;     /* source file name, NULL if none */
    const char *hash;
    int clauses;
    int requirements;
} qf_standard_info;

typedef struct qf_standard_filter {
    unsigned version;
    const char *system;  /* NULL = any */
    const char *code;    /* NULL = any */
    bool all_revisions;  /* false: only the latest revision of each code */
} qf_standard_filter;
#define QF_STANDARD_FILTER_VERSION 1
#define QF_STANDARD_FILTER_INIT {QF_STANDARD_FILTER_VERSION, NULL, NULL, false}

typedef struct qf_standard_iter qf_standard_iter;
QF_EXTERN int qf_standard_list(qf_standard_iter **out, qf_db *db, const qf_standard_filter *f);
QF_EXTERN int qf_standard_next(const qf_standard_info **row, qf_standard_iter *it);
QF_EXTERN void qf_standard_iter_free(qf_standard_iter *it);

/*
 * The standard `code` as it applies to `org_id` (0 = no overlay) on day `on`: the revision in
 * force, with every tailoring of the org and its ancestors applied. Each clause carries
 * "provenance" (where it came from, which overlay changed what) and each requirement its full
 * parameters with defaults filled in. JSON text, released with qf_free.
 */
QF_EXTERN int qf_standard_resolve(char **json_out, qf_db *db, const char *code, int64_t org_id,
                                  qf_date on);
/* The same for several standards at once (the rulebook read once): a JSON object with each
 * code that exists as key and its resolved standard as value; a code with no standard is left
 * out. Released with qf_free. */
QF_EXTERN int qf_standards_resolve(char **json_out, qf_db *db, const char *const *codes, size_t n,
                                   int64_t org_id, qf_date on);

/* Systems with their categories, as JSON [{code,title,categories:[{code,title,standards:[…]}]}]. */
QF_EXTERN int qf_systems_json(char **json_out, qf_db *db);

/* The Lua source text stored under `sha256` (for re-creating check functions). */
QF_EXTERN int qf_catalog_source(char **text_out, char **name_out, qf_db *db, const char *sha256);

#ifdef __cplusplus
}
#endif
#endif
