/* Controlled vocabularies (activity kinds, artifact types, posts, guest roles, flags). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "rows.h"

static const char *const VOCABS[] = {"activity_kind", "artifact_type", "post", "guest_role", "flag"};

const char *qf__vocab_name(const char *vocab)
{
    for (size_t i = 0; i < sizeof VOCABS / sizeof VOCABS[0]; i++)
        if (vocab && strcmp(vocab, VOCABS[i]) == 0)
            return VOCABS[i];
    return NULL;
}

static int check_vocab_name(const char *vocab)
{
    if (qf__vocab_name(vocab))
        return QF_OK;
    return qf__err(QF_EINVALID,
                   _("vocabulary '%.40s' is unknown (activity_kind, artifact_type, post, "
                     "guest_role, flag)"),
                   vocab ? vocab : "");
}

int qf_vocab_define(qf_db *db, const char *vocab, const char *code, const char *label_zh,
                    const char *label_en)
{
    static const char sql_get[] = "SELECT builtin FROM vocab WHERE vocab = ?1 AND code = ?2";
    static const char sql_put[] =
        "INSERT INTO vocab (vocab, code, label_zh, label_en) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (vocab, code) DO UPDATE SET label_zh = excluded.label_zh, "
        "label_en = excluded.label_en";
    int rc = check_vocab_name(vocab);
    if (!rc)
        rc = qf__check_code(vocab, code);
    if (!rc)
        rc = qf__check_text("label_zh", label_zh, false, 200);
    if (!rc)
        rc = qf__check_text("label_en", label_en, false, 200);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql_get);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, vocab, -1, QF_STATIC);
    qf__bind_textn(st, 2, code, -1, QF_STATIC);
    bool builtin = qf__step(st) == QF_ROW && qf__col_int(st, 0);
    qf__reset(st);
    if (builtin)
        return qf__err(QF_EEXISTS, _("%s '%s' is built in and cannot be redefined"), vocab, code);
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    st = qf__stmt(db, sql_put);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_textn(st, 1, vocab, -1, QF_STATIC);
    qf__bind_textn(st, 2, code, -1, QF_STATIC);
    qf__bind_text(st, 3, label_zh);
    qf__bind_text(st, 4, label_en);
    return qf__tx_end(db, qf__exec_stmt(db, st, vocab));
}

int qf_vocab_check(qf_db *db, const char *vocab, const char *code)
{
    static const char sql[] = "SELECT 1 FROM vocab WHERE vocab = ?1 AND code = ?2";
    static const char sql_all[] = "SELECT group_concat(code, ', ') FROM "
                                  "(SELECT code FROM vocab WHERE vocab = ?1 ORDER BY builtin DESC, code) AS v";
    if (!code || !*code)
        return qf__err(QF_EINVALID, _("%s: required"), vocab);
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, vocab, -1, QF_STATIC);
    qf__bind_textn(st, 2, code, -1, QF_STATIC);
    int found = qf__step(st) == QF_ROW;
    qf__reset(st);
    if (found)
        return QF_OK;
    st = qf__stmt(db, sql_all);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, vocab, -1, QF_STATIC);
    const char *all = qf__step(st) == QF_ROW ? qf__col_text(st, 0) : NULL;
    int rc = qf__err(QF_EINVALID, _("%s '%.64s' is unknown (known: %s; register new ones with "
                                    "define_kind)"),
                     vocab, code, all ? all : "");
    qf__reset(st);
    return rc;
}

const char *qf_vocab_label(qf_db *db, const char *vocab, const char *code)
{
    static const char sql[] = "SELECT label_zh, label_en FROM vocab WHERE vocab = ?1 AND code = ?2";
    if (!code)
        return "";
    const char *lang = qf_language();
    /* labels are cached per database: the engine asks for the same few on every finding */
    char key[512];
    size_t nv = strlen(vocab), nc = strlen(code), nl = strlen(lang);
    if (nv + nc + nl + 3 > sizeof key)
        return code; /* longer than any code the vocab table holds (64 characters) */
    /* built by hand: qf__fmt here, for every finding, was a percent of a check */
    memcpy(key, vocab, nv);
    key[nv] = '\x1f';
    memcpy(key + nv + 1, code, nc);
    key[nv + 1 + nc] = '\x1f';
    memcpy(key + nv + nc + 2, lang, nl + 1);
    for (qf_label **pp = &db->labels; *pp; pp = &(*pp)->next) {
        qf_label *l = *pp;
        if (strcmp(l->key, key) == 0) {
            if (pp != &db->labels) { /* the most recent first: a check asks for a few often */
                *pp = l->next;
                l->next = db->labels;
                db->labels = l;
            }
            return l->label;
        }
    }
    qf_stmt *st = qf__stmt(db, sql);
    const char *label = NULL;
    if (st) {
        qf__bind_textn(st, 1, vocab, -1, QF_STATIC);
        qf__bind_textn(st, 2, code, -1, QF_STATIC);
        if (qf__step(st) == QF_ROW)
            label = qf__col_text(st, strcmp(lang, "en") == 0 ? 1 : 0);
    }
    qf_label *l = calloc(1, sizeof *l);
    if (l) {
        l->key = qf__strdup(key);
        l->label = qf__strdup(label && *label ? label : code);
    }
    if (st)
        qf__reset(st);
    if (!l || !l->key || !l->label) {
        if (l) {
            free(l->key);
            free(l->label);
            free(l);
        }
        return code;
    }
    l->next = db->labels;
    db->labels = l;
    return l->label;
}

struct qf_term_iter {
    qf__rows rows;
    qf_term row;
};

int qf_vocab_list(qf_term_iter **out, qf_db *db, const char *vocab)
{
    qf_term_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = qf__rows_open(&it->rows, db,
                         "SELECT vocab, code, label_zh, label_en, builtin FROM vocab "
                         "WHERE ?1 IS NULL OR vocab = ?1 ORDER BY vocab, builtin DESC, id");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_text(it->rows.st, 1, vocab);
    *out = it;
    return QF_OK;
}

int qf_vocab_next(const qf_term **row, qf_term_iter *it)
{
    int rc = qf__rows_step(&it->rows, "vocab");
    if (rc)
        return rc;
    it->row.vocab = qf__col_text(it->rows.st, 0);
    it->row.code = qf__col_text(it->rows.st, 1);
    it->row.label_zh = qf__col_text(it->rows.st, 2);
    it->row.label_en = qf__col_text(it->rows.st, 3);
    it->row.builtin = qf__col_int(it->rows.st, 4) != 0;
    *row = &it->row;
    return QF_OK;
}

void qf_vocab_iter_free(qf_term_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
