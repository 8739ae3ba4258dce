/* qufa — controlled vocabularies: activity kinds, artifact types, posts, guest roles and
 * agenda segments. The glossary's terms are built in; a branch registers its own so that a
 * typo ("lectrue") is an error rather than a new kind. */
#ifndef QUFA_VOCAB_H
#define QUFA_VOCAB_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Vocabularies: "activity_kind", "artifact_type", "post", "guest_role", "flag". */
typedef struct qf_term {
    const char *vocab;
    const char *code;     /* lower-case identifier: [a-z][a-z0-9_]{0,63} */
    const char *label_zh; /* "党小组会" */
    const char *label_en; /* "party group meeting" */
    bool builtin;
} qf_term;

/* Registers (or relabels) a user-defined term. Built-in terms cannot be changed. */
QF_EXTERN int qf_vocab_define(qf_db *db, const char *vocab, const char *code, const char *label_zh,
                              const char *label_en);
/* QF_OK if `code` is a term of `vocab`, else QF_EINVALID with a message listing the choices. */
QF_EXTERN int qf_vocab_check(qf_db *db, const char *vocab, const char *code);
/* The label for the current language (zh unless English was chosen); the code if none. The
 * pointer stays valid until the database is closed. */
QF_EXTERN const char *qf_vocab_label(qf_db *db, const char *vocab, const char *code);

typedef struct qf_term_iter qf_term_iter;
QF_EXTERN int qf_vocab_list(qf_term_iter **out, qf_db *db, const char *vocab);
QF_EXTERN int qf_vocab_next(const qf_term **row, qf_term_iter *it);
QF_EXTERN void qf_vocab_iter_free(qf_term_iter *it);

#ifdef __cplusplus
}
#endif
#endif
