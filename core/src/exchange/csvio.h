/* Internal to the CSV files (csv.c, import*.c, export*.c, csv_*.c): reader positions, the
 * column tables, a string map and the look-up tables an import or export builds once. */
#ifndef QUFA_CSVIO_H
#define QUFA_CSVIO_H

#include <stdio.h>
#include "arena.h"
#include "internal.h"

/* ---- reader extras (csv.c) ------------------------------------------------------------- */

typedef struct qf_csv_pos {
    size_t at;         /* byte offset in the input */
    size_t line_start; /* offset of the first byte of that line */
    int line;
} qf_csv_pos;

/* Line and 1-based character column where field `i` of the last record starts; `i` equal to
 * the number of fields gives the position right after the last field (for "a field is
 * missing"). A quoted field starts at its opening quote. */
void qf__csv_field_pos(const qf_csv *c, size_t i, int *line, int *column);
/* Back to the first record, after a pass that reached the end without an error. */
int qf__csv_rewind(qf_csv *c);

/* ---- columns (csv_columns.c) ----------------------------------------------------------- */

typedef struct qf_csv_column {
    const char *name;     /* English field name, matched case-insensitively */
    const char *label_zh; /* Chinese header, matched exactly */
    bool required;        /* the header must have it */
} qf_csv_column;

/* Member columns, in the order exports write them. */
enum {
    MC_NAME,
    MC_GENDER,
    MC_BIRTH_DATE,
    MC_STATUS,
    MC_SINCE,
    MC_ORG,
    MC_GROUP,
    MC_JOINED,
    MC_CODE,
    MC_PHONE,
    MC_ID_NUMBER,
    MC_ATTRS,
    MC_COUNT
};
/* Activity columns, in the order exports write them. */
enum {
    AC_ORG,
    AC_KIND,
    AC_TITLE,
    AC_TOPIC,
    AC_STARTS_AT,
    AC_ENDS_AT,
    AC_PLACE,
    AC_HOST,
    AC_RECORDER,
    AC_LECTURER,
    AC_PRESENT,
    AC_ABSENT,
    AC_LEAVE,
    AC_LATE,
    AC_GUESTS,
    AC_AGENDA,
    AC_ATTRS,
    AC_COUNT
};
#define QF_CSV_MAX_COLUMNS AC_COUNT

const qf_csv_column *qf__csv_columns(qf_import_kind kind, size_t *n);

/* Chinese labels of the member statuses (入党申请人 …), indexed by qf_member_status. */
extern const char *const QF_STATUS_LABELS_ZH[QF_STATUS_FULL + 1];

/* ---- list syntax (csv_lists.c) --------------------------------------------------------- */

/* Separators of attendance lists (; ； 、 , ，), of guests (; ；) and of the agenda (; ； →). */
extern const char *const QF_SEP_MEMBERS[];
extern const char *const QF_SEP_GUESTS[];
extern const char *const QF_SEP_AGENDA[];
/* Separators of a guest's parts: | ｜ */
extern const char *const QF_SEP_GUEST_PARTS[];

/*
 * Walks the entries of a list cell. A separator inside parentheses (ASCII or full-width) does
 * not split, so a reason may contain one: "张三(出差; 北京)". Empty entries are skipped; each
 * entry is trimmed of spaces.
 */
typedef struct qf_list_cursor {
    const char *p;
    const char *const *seps;
} qf_list_cursor;
bool qf__list_next(qf_list_cursor *c, const char **entry, size_t *len);

/*
 * Splits "name(note)" / "name（note）" into the name (trimmed) and the note (verbatim, may be
 * empty). Without parentheses note is NULL. Returns false if the entry has an opening
 * parenthesis but does not end with the matching closing one.
 */
bool qf__list_split_note(const char *entry, size_t len, const char **name, size_t *name_len,
                         const char **note, size_t *note_len);

/* Does `s` equal `lower` (a lower-case ASCII word) ignoring ASCII case? "Male" = "male". */
bool qf__ascii_iequal(const char *s, const char *lower);
/* Moves [start, end) inward past blanks (ASCII space, tab, U+3000). */
void qf__list_trim(const char **start, const char **end);
/* Does `s` contain any of `seps`? */
bool qf__list_has_sep(const char *s, const char *const *seps);
/* Are the parentheses in `s` balanced (both kinds count as one)? */
bool qf__list_parens_balanced(const char *s);
/* Is `s` free of leading and trailing spaces (so that trimming on import keeps it)? */
bool qf__list_is_trimmed(const char *s);

/* ---- masking of personal fields (base/mask.c) ------------------------------------------ */
#include "mask.h"

/* ---- a growable string ----------------------------------------------------------------- */

typedef struct qf_buf {
    char *s;
    size_t len, cap;
} qf_buf;
int qf__buf_add(qf_buf *b, const char *s, size_t n);
int qf__buf_puts(qf_buf *b, const char *s);
void qf__buf_clear(qf_buf *b); /* keeps the memory, "" again */
void qf__buf_free(qf_buf *b);
/* The bytes qf_csv_write_cell writes for `s`, appended to `b` (csv.c): a caller writing many
 * rows writes them out in large pieces instead of a locked stdio call per field. */
int qf__csv_cell_append(qf_buf *b, const char *s, int last_in_row);

/* ---- a string -> int64 map (csv_map.c) ------------------------------------------------- */

/* Open addressing; keys are borrowed (keep them alive, e.g. in an arena). */
typedef struct qf_strmap {
    const char **keys;
    int64_t *vals;
    size_t cap, n;
} qf_strmap;
/* The value slot for `key`, created (and *created set) if absent; NULL when out of memory.
 * The pointer is valid until the next insertion. */
int64_t *qf__strmap_slot(qf_strmap *m, const char *key, bool *created);
/* The value for `key`, or NULL. */
const int64_t *qf__strmap_get(const qf_strmap *m, const char *key);
void qf__strmap_free(qf_strmap *m);

/* ---- look-up tables, built with one query each (csv_refs.c) ---------------------------- */

/* Entries with the same name are chained through `next_same` (-1 ends the chain). */
typedef struct qf_ref_org {
    int64_t id, parent_id;
    qf_org_kind kind;
    const char *code, *name;
    int64_t next_same;
} qf_ref_org;

typedef struct qf_ref_member {
    int64_t id;
    const char *code; /* NULL if none */
    const char *name;
    int64_t next_same;
    int64_t stamp; /* the import's row that last listed the member (duplicate detection) */
    int stamp_col; /* the column that listed it */
} qf_ref_member;

typedef struct qf_ref_term {
    const char *code, *label_zh;
    bool label_unique; /* the label names this term only, and is no term's code */
} qf_ref_term;

typedef struct qf_ref_vocab {
    qf_ref_term *terms;
    size_t n;
    qf_strmap by_code, by_label; /* -> index; by_label holds -1 for an ambiguous label */
} qf_ref_vocab;

typedef struct qf_refs {
    qf_arena arena;
    qf_ref_org *orgs; /* by id */
    size_t n_orgs;
    qf_strmap org_code, org_name; /* -> index of the first org with that name */
    qf_ref_member *members;       /* by id */
    size_t n_members;
    qf_strmap member_code, member_name;
    qf_ref_vocab kinds, roles;
} qf_refs;

int qf__refs_load_orgs(qf_refs *r, qf_db *db);
int qf__refs_load_members(qf_refs *r, qf_db *db);
int qf__refs_load_vocab(qf_refs *r, qf_ref_vocab *v, qf_db *db, const char *vocab);
void qf__refs_free(qf_refs *r);

const qf_ref_org *qf__refs_org_by_id(const qf_refs *r, int64_t id);
const qf_ref_member *qf__refs_member_by_id(const qf_refs *r, int64_t id);
/* Is org `inner` the org `outer` or below it? */
bool qf__refs_org_under(const qf_refs *r, const qf_ref_org *inner, const qf_ref_org *outer);
/* A term by code, or by its Chinese label when that is unambiguous; NULL if neither. */
const qf_ref_term *qf__refs_term(const qf_ref_vocab *v, const char *text, bool *ambiguous);

/* ---- export (export.c, export_activity.c) ---------------------------------------------- */

/* Where an export's rows go: CSV text (qf_export_csv) or a worksheet (qf_export_xlsx). The
 * first row is the header. A cell may be NULL (empty). */
typedef struct qf_export_out {
    int (*row)(struct qf_export_out *out, const char *const *cells, size_t n);
    FILE *csv;
    void *sheet; /* export_xlsx.c's writer */
    qf_import_kind kind;
} qf_export_out;

/* Writes one record of `n` cells. */
int qf__export_row(qf_export_out *out, const char *const *cells, size_t n);
/* The header and every row of `kind`, checked options first (export.c). */
int qf__export_records(qf_db *db, qf_import_kind kind, qf_export_out *out,
                       const qf_export_options *opts);
/* QF_EBUSY: a row referred to an org or member that the look-up tables, read a moment
 * before, did not have (another process wrote in between). */
int qf__export_changed(const char *what, int64_t id);
int qf__export_activities(qf_db *db, qf_export_out *out, const qf_export_options *opts,
                          qf_refs *refs);

#endif
