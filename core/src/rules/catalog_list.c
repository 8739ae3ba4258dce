/* Listing the catalog: standards (latest or all revisions) and systems with categories. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"

struct qf_standard_iter {
    qf_db *db;
    qf_stmt *st;
    qf_standard_info row;
};

int qf_standard_list(qf_standard_iter **out, qf_db *db, const qf_standard_filter *f)
{
    qf_standard_filter def = QF_STANDARD_FILTER_INIT;
    if (!f)
        f = &def;
    qf_standard_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    int rc = qf__borrow(&it->st, db,
        "SELECT s.code, s.rev, s.version, s.title, s.system, s.category, s.origin, s.effective, "
        "s.expires, s.replaces, src.name, s.hash, json_array_length(s.def, '$.clauses'), "
        "(SELECT count(*) FROM json_each(s.def, '$.clauses') c, "
        " json_each(c.value, '$.requirements')) "
        "FROM standard s LEFT JOIN std_source src ON src.id = s.source_id "
        "WHERE (?1 IS NULL OR s.system = ?1) AND (?2 IS NULL OR s.code = ?2) "
        "AND (?3 <> 0 OR s.rev = (SELECT max(rev) FROM standard t WHERE t.code = s.code)) "
        "ORDER BY coalesce(s.system, '~'), coalesce(s.category, '~'), s.code, s.rev");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_text(it->st, 1, f->system);
    qf__bind_text(it->st, 2, f->code);
    qf__bind_int(it->st, 3, f->all_revisions);
    *out = it;
    return QF_OK;
}

int qf_standard_next(const qf_standard_info **row, qf_standard_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "standards: %s", qf__errstr(rc));
    qf_standard_info *r = &it->row;
    r->code = qf__col_text(it->st, 0);
    r->rev = qf__col_int(it->st, 1);
    r->version = qf__col_text(it->st, 2);
    r->title = qf__col_text(it->st, 3);
    r->system = qf__col_text(it->st, 4);
    r->category = qf__col_text(it->st, 5);
    r->origin = qf__col_text(it->st, 6);
    r->effective = qf__col_date(it->st, 7);
    r->expires = qf__col_date(it->st, 8);
    r->replaces = qf__col_text(it->st, 9);
    r->source = qf__col_text(it->st, 10);
    r->hash = qf__col_text(it->st, 11);
    r->clauses = qf__col_int(it->st, 12);
    r->requirements = qf__col_int(it->st, 13);
    *row = r;
    return QF_OK;
}

void qf_standard_iter_free(qf_standard_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}

int qf_systems_json(char **json_out, qf_db *db)
{
    qf_stmt *st = NULL;
    *json_out = NULL;
    int rc = qf__prepare(&st, db, "SELECT code, def FROM std_system ORDER BY code");
    if (rc)
        return rc;
    qf_stmt *stds = NULL;
    rc = qf__prepare(&stds, db,
                     "SELECT code, title, category, origin FROM standard s WHERE system = ?1 AND "
                     "rev = (SELECT max(rev) FROM standard t WHERE t.code = s.code) ORDER BY code");
    if (rc) {
        qf__finalize(st);
        return rc;
    }
    json_t *out = json_array();
    while (qf__step(st) == QF_ROW) {
        json_t *sys = json_loads(qf__col_text(st, 1), 0, NULL);
        if (!sys)
            continue;
        json_t *cats = json_object_get(sys, "categories");
        if (!cats) {
            cats = json_array();
            json_object_set_new(sys, "categories", cats);
        }
        json_t *uncategorized = json_array();
        qf__bind_textn(stds, 1, qf__col_text(st, 0), -1, QF_TRANSIENT);
        while (qf__step(stds) == QF_ROW) {
            json_t *s = json_pack("{s:s, s:s, s:s?}", "code", qf__col_text(stds, 0), "title",
                                  qf__col_text(stds, 1), "origin", qf__col_text(stds, 3));
            const char *cat = qf__col_text(stds, 2);
            size_t i;
            json_t *c;
            bool placed = false;
            json_array_foreach(cats, i, c)
            {
                if (cat && strcmp(json_string_value(json_object_get(c, "code")), cat) == 0) {
                    json_t *list = json_object_get(c, "standards");
                    if (!list) {
                        list = json_array();
                        json_object_set_new(c, "standards", list);
                    }
                    json_array_append(list, s);
                    placed = true;
                    break;
                }
            }
            if (!placed)
                json_array_append(uncategorized, s);
            json_decref(s);
        }
        qf__reset(stds);
        if (json_array_size(uncategorized))
            json_object_set(sys, "uncategorized", uncategorized);
        json_decref(uncategorized);
        json_array_append_new(out, sys);
    }
    qf__finalize(st);
    qf__finalize(stds);
    *json_out = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(out);
    return *json_out ? QF_OK : qf__oom();
}
