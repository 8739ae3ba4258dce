/* Messages as an id plus typed arguments, rendered in the reader's language when shown.
 *
 * The engine never stores translated text: a finding's message, its subject label and a
 * reminder's title are a message id (the English msgid, marked N_()) with arguments that keep
 * what they are — a date, a period, an activity kind, a number, a nested message — so
 * `qufa remind show` in English renders English from a ledger filled in Chinese, and a saved
 * assessment speaks the current language. Stored as compact JSON:
 *   {"id": "%s: no %s held (required: at least %d %s)",
 *    "args": [{"period": "2017-06-H2"}, {"vocab": "activity_kind", "code": "lecture"}, 1,
 *             {"per": "half_month"}]}
 * Argument forms: a string (shown as it is: names, titles), an integer, a real
 * ({"num": 58.8}), {"date": "2017-06-30"}, {"vocab": V, "code": C} (the term's label),
 * {"period": CODE} (its label: "2017年6月下半月"), {"per": KIND} ("每半月"), {"msg": {...}} (a
 * nested message), {"list": [...], "sep": ID} (items joined by the translated separator) and
 * {"due": "2017-09-30"} (days left or overdue, counted from the day it is read).
 */
#ifndef QUFA_MSG_H
#define QUFA_MSG_H

#include <jansson.h>
#include <stdbool.h>
#include "arena.h"
#include "qufa/date.h"
#include "qufa/db.h"

#define QF_MSG_MAX_ARGS 9

typedef struct qf_msg qf_msg;

typedef enum qf_marg_type {
    QF_MA_STR = 0,
    QF_MA_INT,
    QF_MA_NUM,
    QF_MA_DATE,
    QF_MA_VOCAB,
    QF_MA_PERIOD,
    QF_MA_PER,
    QF_MA_MSG,
    QF_MA_LIST,
    QF_MA_DUE /* a due date shown relative to the day it is read: "25 day(s) left until …" */
} qf_marg_type;

typedef struct qf_marg {
    qf_marg_type type;
    union {
        const char *s;
        long long i;
        double d;
        qf_date date;
        struct {
            const char *vocab, *code;
        } v;
        const char *period; /* canonical period code */
        int per;            /* qf_period_kind */
        const qf_msg *m;
        struct {
            const qf_msg *const *items;
            size_t n;
            const char *sep; /* msgid of the separator */
        } list;
    } u;
} qf_marg;

struct qf_msg {
    const char *id; /* the English format (msgid) */
    unsigned n;
    qf_marg a[]; /* n of them, at most QF_MSG_MAX_ARGS (a finding holds a dozen messages:
                  * room for the most in each was two thirds of a reminder run's memory) */
};

/*
 * Builds a message in `a`. `types` has one letter per argument:
 *   s const char *      (copied; NULL is shown as "")
 *   d int               z size_t        l long long     f double
 *   D qf_date           P const qf_period *             K qf_period_kind (int)
 *   R qf_date: a due date, rendered relative to the reader's today ("25 day(s) left until
 *     2017-09-30" / "15 day(s) overdue since 2017-09-30"), so a stored message never goes stale
 *   V const char *vocab, const char *code
 *   M const qf_msg *    (NULL is shown as "")
 *   L const qf_msg *const *items, size_t n, const char *sep_id  (the array is copied; the
 *     messages it points at must live in `a` too)
 *   W const char *vocab, const char *const *codes, size_t n, const char *sep_id
 * Returns NULL (and sets the error) when out of memory or `types` is wrong.
 */
qf_msg *qf__msg(qf_arena *a, const char *id, const char *types, ...);
/* A message that is just text (a label with nothing to translate). */
qf_msg *qf__msg_text(qf_arena *a, const char *text);

/* Renders in the current language into buf (always NUL-terminated, cut at a character);
 * returns the length written. `db` supplies vocabulary labels (NULL: codes are shown). */
size_t qf__msg_render(const qf_msg *m, qf_db *db, char *buf, size_t size);
/* The same into a new string in `a`. */
char *qf__msg_render_arena(const qf_msg *m, qf_db *db, qf_arena *a);

/* Texts of messages the caller has rendered already (the check's shared subjects, engine/
 * emit.c): `text` returns a message's text when it is the same as rendering it nested would
 * give — rendered with this module, shorter than 2,047 bytes, nested at most 3 deep — else
 * NULL. A message nested in the one being rendered is then copied, not rendered again. */
typedef struct qf_msg_known {
    const char *(*text)(void *ctx, const qf_msg *m);
    void *ctx;
} qf_msg_known;
char *qf__msg_render_arena_known(const qf_msg *m, qf_db *db, qf_arena *a,
                                 const qf_msg_known *known);
/* How deep messages nest in m (a message without nested ones: 0), counted up to `limit`. */
int qf__msg_nesting(const qf_msg *m, int limit);

/* JSON form (see above); NULL m gives JSON null. */
json_t *qf__msg_json(const qf_msg *m);
/* The same JSON as compact text, written directly (a reminder run stores thousands): a new
 * string to free, NULL when out of memory or m is NULL. */
char *qf__msg_dump(const qf_msg *m);
/* Parses the JSON form into `a`; NULL (error set) when it is not a message. It goes through
 * the reader below (msg_read.c), the one reader of the form. */
qf_msg *qf__msg_from_json(qf_arena *a, json_t *j);

/*
 * The JSON form read from a parser's events, for a reader that builds no tree (msg_read.c
 * says the rules): begin, then the events of one object; once done, the result is the message
 * (made in `a`) or NULL when it is damaged (error set). A damaged message does not stop the
 * events: they are taken until its object ends. Each event returns false only when memory ran
 * out (stop feeding then).
 */
typedef struct qf_msg_reader qf_msg_reader;
qf_msg_reader *qf__msg_reader_new(void);
void qf__msg_reader_free(qf_msg_reader *r);
void qf__msg_reader_begin(qf_msg_reader *r, qf_arena *a);
bool qf__msg_reader_start(qf_msg_reader *r, bool map);
bool qf__msg_reader_end(qf_msg_reader *r);
bool qf__msg_reader_key(qf_msg_reader *r, const char *s, size_t n);
bool qf__msg_reader_string(qf_msg_reader *r, const char *s, size_t n);
bool qf__msg_reader_integer(qf_msg_reader *r, long long i);
bool qf__msg_reader_real(qf_msg_reader *r, double d);
bool qf__msg_reader_other(qf_msg_reader *r, bool is_null); /* null (true) or a boolean */
bool qf__msg_reader_done(const qf_msg_reader *r);
bool qf__msg_reader_oom(const qf_msg_reader *r);
qf_msg *qf__msg_reader_result(const qf_msg_reader *r);
/* An empty message of n arguments (at most QF_MSG_MAX_ARGS) with its id, in `a`; NULL (error
 * set) when out of memory or n is too many. */
qf_msg *qf__msg_new(qf_arena *a, const char *id, size_t n);
/* Copies a message (and what it refers to) into `a`. */
qf_msg *qf__msg_copy(qf_arena *a, const qf_msg *m);

#endif
