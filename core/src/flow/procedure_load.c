/* Storing procedure definitions (a new revision only when the canonical hash changed), their
 * Lua source, listing them, and the parameters a case starts with. */
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

static int parse_json(json_t **out, const char *json, const char *what)
{
    if (!json)
        return qf__err(QF_EINVALID, _("%s: no definition given"), what);
    int rc = qf__check_utf8(what, json);
    if (rc)
        return rc;
    json_error_t e;
    *out = json_loads(json, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (!*out)
        return qf__err(QF_EINVALID, _("%s:%d:%d: %s"), what, e.line, e.column, e.text);
    return QF_OK;
}

int qf_procedure_canonical(char **json_out, char hash_out[65], qf_db *db, const char *json)
{
    if (json_out)
        *json_out = NULL;
    json_t *in = NULL, *def = NULL;
    int rc = parse_json(&in, json, "procedure");
    if (!rc)
        rc = qf__proc_normalize(&def, db, in);
    json_decref(in);
    char hash[65];
    if (!rc)
        rc = qf__proc_canonical(json_out, hash, def);
    json_decref(def);
    if (!rc && hash_out)
        memcpy(hash_out, hash, 65);
    return rc;
}

static int store_source(int64_t *id, qf_db *db, const char *name, const char *text)
{
    static const char sql_find[] = "SELECT id FROM procedure_source WHERE sha256 = ?1";
    static const char sql_put[] =
        "INSERT INTO procedure_source (sha256, name, text, loaded_at) VALUES (?1, ?2, ?3, ?4)";
    return qf__store_source(id, db, sql_find, sql_put, name, text, "procedure source");
}

/* The procedure's own artifact types join the vocabulary (existing terms are left alone). */
static int define_types(qf_db *db, json_t *def)
{
    const char *code;
    json_t *t;
    json_object_foreach(json_object_get(def, "artifact_types"), code, t)
    {
        if (qf_vocab_check(db, "artifact_type", code) == QF_OK)
            continue;
        int rc =
            qf_vocab_define(db, "artifact_type", code, json_string_value(json_object_get(t, "zh")),
                            json_string_value(json_object_get(t, "en")));
        if (rc)
            return rc;
    }
    return QF_OK;
}

static int store(int *rev_out, qf_load_outcome *outcome, qf_db *db, json_t *def,
                 const char *source_name, const char *source_text)
{
    static const char sql_latest[] =
        "SELECT rev, hash FROM procedure_def WHERE code = ?1 ORDER BY rev DESC LIMIT 1";
    static const char sql_put[] =
        "INSERT INTO procedure_def (code, rev, version, title, subject, def, hash, source_id, "
        "loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    const char *code = json_string_value(json_object_get(def, "code"));
    char hash[65];
    char *canon = NULL;
    int rc = qf__proc_canonical(&canon, hash, def);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql_latest);
    if (!st) {
        free(canon);
        return qf_error_last_code();
    }
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    int rev = 0;
    bool same = false;
    if (qf__step(st) == QF_ROW) {
        rev = qf__col_int(st, 0);
        same = strcmp(qf__col_text(st, 1), hash) == 0;
    }
    qf__reset(st);
    if (same) {
        free(canon);
        *rev_out = rev;
        *outcome = QF_LOAD_UNCHANGED;
        return QF_OK;
    }
    int64_t source_id = 0;
    rc = store_source(&source_id, db, source_name, source_text);
    if (!rc && !(st = qf__stmt(db, sql_put)))
        rc = qf_error_last_code();
    if (!rc) {
        char at[QF_UTC_LEN];
        qf__utc_now(at);
        qf__bind_textn(st, 1, code, -1, QF_STATIC);
        qf__bind_int(st, 2, rev + 1);
        qf__bind_text(st, 3, json_string_value(json_object_get(def, "version")));
        qf__bind_text(st, 4, json_string_value(json_object_get(def, "title")));
        qf__bind_text(st, 5, json_string_value(json_object_get(def, "subject")));
        qf__bind_textn(st, 6, canon, -1, QF_STATIC);
        qf__bind_textn(st, 7, hash, -1, QF_TRANSIENT);
        qf__bind_id(st, 8, source_id);
        qf__bind_textn(st, 9, at, -1, QF_TRANSIENT);
        rc = qf__exec_stmt(db, st, code);
    }
    free(canon);
    if (!rc)
        rc = define_types(db, def);
    *rev_out = rev + 1;
    *outcome = rev ? QF_LOAD_REVISED : QF_LOAD_NEW;
    return rc;
}

int qf_procedure_load(int *rev_out, qf_load_outcome *outcome, qf_db *db, const char *json,
                      const char *source_name, const char *source_text)
{
    json_t *in = NULL, *def = NULL;
    int rc = parse_json(&in, json, source_name ? source_name : "procedure");
    if (!rc)
        rc = qf__proc_normalize(&def, db, in);
    json_decref(in);
    if (rc)
        return rc;
    int rev = 0;
    qf_load_outcome o = QF_LOAD_UNCHANGED;
    rc = qf__tx_begin(db);
    if (!rc)
        rc = qf__tx_end(db, store(&rev, &o, db, def, source_name, source_text));
    json_decref(def);
    if (rc)
        return rc;
    if (rev_out)
        *rev_out = rev;
    if (outcome)
        *outcome = o;
    return QF_OK;
}

int qf__proc_find(int64_t *def_id, int *rev, qf_db *db, const char *code, int want_rev)
{
    static const char sql[] =
        "SELECT id, rev FROM procedure_def WHERE code = ?1 AND (?2 = 0 OR rev = ?2) "
        "ORDER BY rev DESC LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, code);
    qf__bind_int(st, 2, want_rev);
    int rc = qf__step(st);
    if (rc == QF_ROW) {
        *def_id = qf__col_int64(st, 0);
        *rev = qf__col_int(st, 1);
    }
    qf__reset(st);
    if (rc == QF_ROW)
        return QF_OK;
    if (rc != QF_DONE)
        return qf__sqlerr(db, rc, "procedure");
    if (want_rev)
        return qf__err(QF_ENOTFOUND, _("procedure %s has no revision %d"), code ? code : "",
                       want_rev);
    return qf__err(QF_ENOTFOUND, _("there is no procedure %s (load it with 'qufa flow load')"),
                   code ? code : "");
}

int qf__proc_def_by_id(json_t **out, qf_db *db, int64_t def_id)
{
    static const char sql[] = "SELECT def FROM procedure_def WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, def_id);
    *out = NULL;
    if (qf__step(st) == QF_ROW)
        *out = json_loads(qf__col_text(st, 0), 0, NULL);
    qf__reset(st);
    if (!*out)
        return qf__err(QF_ECORRUPT, _("procedure definition %lld cannot be read"),
                       (long long)def_id);
    return QF_OK;
}

int qf_procedure_get(char **json_out, int *rev_out, qf_db *db, const char *code, int rev)
{
    static const char sql[] = "SELECT def FROM procedure_def WHERE id = ?1";
    *json_out = NULL;
    int64_t id;
    int found;
    int rc = qf__proc_find(&id, &found, db, code, rev);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    if (qf__step(st) == QF_ROW)
        *json_out = qf__strdup(qf__col_text(st, 0));
    qf__reset(st);
    if (!*json_out)
        return qf__oom();
    if (rev_out)
        *rev_out = found;
    return QF_OK;
}

int qf_procedure_source(char **text_out, char **name_out, char hash_out[65], qf_db *db,
                        const char *code, int rev)
{
    static const char sql[] =
        "SELECT s.text, s.name, p.hash FROM procedure_def p JOIN procedure_source s ON "
        "s.id = p.source_id WHERE p.id = ?1";
    *text_out = NULL;
    if (name_out)
        *name_out = NULL;
    int64_t id;
    int found;
    int rc = qf__proc_find(&id, &found, db, code, rev);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    if (qf__step(st) != QF_ROW) {
        qf__reset(st);
        return qf__err(QF_ENOTFOUND, _("procedure %s revision %d was loaded without its source"),
                       code, found);
    }
    *text_out = qf__strdup(qf__col_text(st, 0));
    if (name_out)
        *name_out = qf__strdup(qf__col_text(st, 1));
    if (hash_out)
        snprintf(hash_out, 65, "%s", qf__col_text(st, 2));
    qf__reset(st);
    if (!*text_out || (name_out && !*name_out)) {
        free(*text_out);
        *text_out = NULL;
        if (name_out) {
            free(*name_out);
            *name_out = NULL;
        }
        return qf__oom();
    }
    return QF_OK;
}

/* ---- listing ------------------------------------------------------------------------------- */

struct qf_procedure_iter {
    qf_stmt *st;
    qf_procedure_info row;
};

int qf_procedure_list(qf_procedure_iter **out, qf_db *db, const qf_procedure_filter *f)
{
    qf_procedure_filter def = QF_PROCEDURE_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    qf_procedure_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = qf__prepare(
        &it->st, db,
        "SELECT p.code, p.rev, p.version, p.title, p.subject, p.hash, s.name, s.sha256, "
        "p.loaded_at, json_array_length(p.def, '$.steps'), (SELECT count(*) FROM flow_case c "
        "WHERE c.def_id = p.id AND c.state = 'active') FROM procedure_def p LEFT JOIN "
        "procedure_source s ON s.id = p.source_id WHERE (?1 IS NULL OR p.code = ?1) AND "
        "(?2 = 1 OR p.rev = (SELECT max(q.rev) FROM procedure_def q WHERE q.code = p.code)) "
        "ORDER BY p.code, p.rev");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_text(it->st, 1, f->code);
    qf__bind_int(it->st, 2, f->all_revisions);
    *out = it;
    return QF_OK;
}

int qf_procedure_next(const qf_procedure_info **row, qf_procedure_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "procedure: %s", qf__errstr(rc));
    qf_stmt *st = it->st;
    it->row = (qf_procedure_info){.code = qf__col_text(st, 0),
                                  .rev = qf__col_int(st, 1),
                                  .version = qf__col_text(st, 2),
                                  .title = qf__col_text(st, 3),
                                  .subject = qf__col_text(st, 4),
                                  .hash = qf__col_text(st, 5),
                                  .source_name = qf__col_text(st, 6),
                                  .source_sha = qf__col_text(st, 7),
                                  .loaded_at = qf__col_text(st, 8),
                                  .steps = qf__col_int(st, 9),
                                  .open_cases = qf__col_int64(st, 10)};
    *row = &it->row;
    return QF_OK;
}

void qf_procedure_iter_free(qf_procedure_iter *it)
{
    if (!it)
        return;
    qf__finalize(it->st);
    free(it);
}
