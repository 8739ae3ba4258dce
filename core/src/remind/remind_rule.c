/* Custom reminder rules declared in standards packs (qufa.reminder{…}): validated, stored with
 * the pack's source (their function is re-created from it when reminders run), listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "remind_internal.h"

static const char *const RULE_KEYS[] = {"code", "title", "subject", "lead", "responsible",
                                        "doc",  "org",   "fn",      NULL};

static int validate_rule(qf_db *db, json_t *r, size_t index)
{
    char where[120];
    if (!json_is_object(r))
        return qf__err(QF_EINVALID, _("reminder #%zu: must be a table"), index + 1);
    const char *code = json_string_value(json_object_get(r, "code"));
    snprintf(where, sizeof where, _("reminder %s"), code ? code : "?");
    const char *key;
    json_t *v;
    json_object_foreach(r, key, v)
    {
        const char *const *k = RULE_KEYS;
        while (*k && strcmp(*k, key) != 0)
            k++;
        if (!*k)
            return qf__err(QF_EINVALID,
                           _("%s: unknown field '%s' (expected: code, title, subject, lead, "
                             "responsible, doc, org, fn)"),
                           where, key);
    }
    int rc = qf__check_code("code", code);
    if (rc)
        return qf__err(rc, "%s: %s", where, qf_error_last());
    if ((rc = qf__check_text("title", json_string_value(json_object_get(r, "title")), true, 400)) ||
        (rc = qf__check_text("doc", json_string_value(json_object_get(r, "doc")), false, 4000)))
        return qf__err(rc, "%s: %s", where, qf_error_last());
    const char *subject = json_string_value(json_object_get(r, "subject"));
    if (json_object_get(r, "subject") &&
        (!subject || (strcmp(subject, "member") != 0 && strcmp(subject, "branch") != 0 &&
                      strcmp(subject, "group") != 0)))
        return qf__err(QF_EINVALID, _("%s: subject must be member, branch or group (%s)"), where,
                       subject ? subject : "?");
    json_t *lead = json_object_get(r, "lead");
    if (lead) {
        char text[256] = "";
        if (json_is_string(lead)) {
            snprintf(text, sizeof text, "%s", json_string_value(lead));
        } else if (json_is_array(lead)) {
            size_t i;
            json_t *e;
            json_array_foreach(lead, i, e)
            {
                size_t len = strlen(text);
                snprintf(text + len, sizeof text - len, "%s%s", i ? "," : "",
                         json_is_string(e) ? json_string_value(e) : "?");
            }
        }
        qf_duration l[QF_LEADS_MAX];
        size_t n;
        if (qf_leads_parse(l, &n, text) != QF_OK)
            return qf__err(QF_EINVALID, "%s: lead: %s", where, qf_error_last());
    }
    json_t *resp = json_object_get(r, "responsible");
    if (resp && (!json_is_string(resp) || qf_vocab_check(db, "post", json_string_value(resp))))
        return qf__err(QF_EINVALID, "%s: responsible: %s", where,
                       json_is_string(resp) ? qf_error_last() : _("must be a post"));
    const char *org = json_string_value(json_object_get(r, "org"));
    if (json_object_get(r, "org")) {
        qf_org *o = NULL;
        if (!org || qf_org_lookup(&o, db, org) != QF_OK)
            return qf__err(QF_EINVALID, _("%s: org '%s' does not exist"), where, org ? org : "?");
        qf_org_free(o);
    }
    json_t *fn = json_object_get(r, "fn");
    if (!json_is_object(fn) || !json_is_string(json_object_get(fn, "text")))
        return qf__err(QF_EINVALID, _("%s: needs fn = function(subject, ctx) … end"), where);
    return QF_OK;
}

static int store_source(int64_t *id, qf_db *db, const char *name, const char *text)
{
    static const char sql_find[] = "SELECT id FROM std_source WHERE sha256 = ?1";
    static const char sql_put[] =
        "INSERT INTO std_source (sha256, name, text, loaded_at) VALUES (?1, ?2, ?3, ?4)";
    return qf__store_source(id, db, sql_find, sql_put, name, text, "source");
}

static int load_rules(int *changed, qf_db *db, json_t *rules, const char *name, const char *text)
{
    static const char sql_get[] = "SELECT hash FROM reminder_rule WHERE code = ?1";
    static const char sql_put[] =
        "INSERT INTO reminder_rule (code, title, def, hash, source_id, loaded_at) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6) ON CONFLICT (code) DO UPDATE SET title = excluded.title, "
        "def = excluded.def, hash = excluded.hash, source_id = excluded.source_id, "
        "loaded_at = excluded.loaded_at";
    static const char sql_gone[] =
        "DELETE FROM reminder_rule WHERE source_id IN (SELECT id FROM std_source WHERE name = ?1) "
        "AND code NOT IN (SELECT json_extract(value, '$.code') FROM json_each(?2))";
    /* the unresolved reminders of the rules dropped expire with them */
    static const char sql_expire[] =
        "UPDATE reminder SET state = 'expired', resolved = ?3, snoozed_until = NULL, "
        "sequence = sequence + 1, changed_at = ?4 WHERE source = 'custom' AND " RM_UNRESOLVED
        " AND rule IN (SELECT code FROM "
        "reminder_rule WHERE source_id IN (SELECT id FROM std_source WHERE name = ?1) AND code NOT "
        "IN (SELECT json_extract(value, '$.code') FROM json_each(?2)))";
    size_t i, j;
    json_t *r, *s;
    int rc;
    json_array_foreach(rules, i, r)
    {
        if ((rc = validate_rule(db, r, i)))
            return rc;
        json_array_foreach(rules, j, s)
        {
            if (j >= i)
                break;
            if (json_equal(json_object_get(r, "code"), json_object_get(s, "code")))
                return qf__err(QF_EINVALID, _("reminder %s is declared twice"),
                               json_string_value(json_object_get(r, "code")));
        }
    }
    int64_t source_id = 0;
    if ((rc = store_source(&source_id, db, name, text)))
        return rc;
    char at[QF_UTC_LEN];
    qf__utc_now(at);
    json_array_foreach(rules, i, r)
    {
        const char *code = json_string_value(json_object_get(r, "code"));
        char *canon = json_dumps(r, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
        if (!canon)
            return qf__oom();
        char hash[65];
        qf_sha256_hex(canon, strlen(canon), hash);
        qf_stmt *st = qf__stmt(db, sql_get);
        if (!st) {
            free(canon);
            return qf_error_last_code();
        }
        qf__bind_textn(st, 1, code, -1, QF_STATIC);
        bool same = qf__step(st) == QF_ROW && strcmp(qf__col_text(st, 0), hash) == 0;
        qf__reset(st);
        if (same) {
            free(canon);
            continue;
        }
        st = qf__stmt(db, sql_put);
        if (!st) {
            free(canon);
            return qf_error_last_code();
        }
        qf__bind_textn(st, 1, code, -1, QF_STATIC);
        qf__bind_textn(st, 2, json_string_value(json_object_get(r, "title")), -1,
                          QF_STATIC);
        qf__bind_textn(st, 3, canon, -1, QF_STATIC);
        qf__bind_textn(st, 4, hash, -1, QF_TRANSIENT);
        qf__bind_id(st, 5, source_id);
        qf__bind_textn(st, 6, at, -1, QF_TRANSIENT);
        rc = qf__exec_stmt(db, st, code);
        free(canon);
        if (rc)
            return rc;
        if (changed)
            (*changed)++;
    }
    if (name) {
        /* rules this file no longer declares */
        char *codes = json_dumps(rules, JSON_COMPACT);
        qf_stmt *st = qf__stmt(db, sql_expire);
        if (!st || !codes) {
            free(codes);
            return st ? qf__oom() : qf_error_last_code();
        }
        qf__bind_textn(st, 1, name, -1, QF_STATIC);
        qf__bind_textn(st, 2, codes, -1, QF_TRANSIENT);
        qf__bind_date(st, 3, qf_db_today(db));
        qf__bind_textn(st, 4, at, -1, QF_TRANSIENT);
        if ((rc = qf__exec_stmt(db, st, "reminder"))) {
            free(codes);
            return rc;
        }
        st = qf__stmt(db, sql_gone);
        if (!st) {
            free(codes);
            return qf_error_last_code();
        }
        qf__bind_textn(st, 1, name, -1, QF_STATIC);
        qf__bind_textn(st, 2, codes, -1, QF_TRANSIENT);
        free(codes);
        rc = qf__exec_stmt(db, st, "reminder_rule");
        if (!rc && changed)
            *changed += qf__changes(db);
    }
    return rc;
}

int qf_reminder_rules_load(int *changed, qf_db *db, const char *json, const char *source_name,
                           const char *source_text)
{
    if (changed)
        *changed = 0;
    json_error_t jerr;
    json_t *rules = json ? json_loads(json, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!json_is_array(rules)) {
        json_decref(rules);
        return qf__err(QF_EINVALID, _("%s: reminders must be a list"),
                       source_name ? source_name : "pack");
    }
    int rc = qf__tx_begin(db);
    if (rc == QF_OK)
        rc = qf__tx_end(db, load_rules(changed, db, rules, source_name, source_text));
    json_decref(rules);
    return rc;
}

/* ---- listing ------------------------------------------------------------------------- */

struct qf_reminder_rule_iter {
    qf_db *db;
    qf_stmt *st;
    qf_reminder_rule row;
};

int qf_reminder_rule_list(qf_reminder_rule_iter **out, qf_db *db)
{
    static const char sql[] =
        "SELECT r.code, r.title, r.def, s.sha256, s.name FROM reminder_rule r LEFT JOIN std_source s "
        "ON s.id = r.source_id ORDER BY r.code";
    *out = NULL;
    qf_reminder_rule_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    int rc = qf__borrow(&it->st, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    *out = it;
    return QF_OK;
}

int qf_reminder_rule_next(const qf_reminder_rule **row, qf_reminder_rule_iter *it)
{
    *row = NULL;
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__sqlerr(it->db, rc, "reminder_rule");
    it->row.code = qf__col_text(it->st, 0);
    it->row.title = qf__col_text(it->st, 1);
    it->row.def = qf__col_text(it->st, 2);
    it->row.source_sha = qf__col_text(it->st, 3);
    it->row.source_name = qf__col_text(it->st, 4);
    *row = &it->row;
    return QF_OK;
}

void qf_reminder_rule_iter_free(qf_reminder_rule_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}
