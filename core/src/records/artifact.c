/*
 * Artifacts: the evidence an activity (or a member, or an org) leaves. Content is stored once
 * per distinct SHA-256 in `blob`; an artifact with an external `path` records the file's hash
 * and size only. Blobs are removed by the artifact_blob_gc trigger (schema 0004) when the last
 * artifact storing them goes, whether deleted here or by a cascade from its activity or member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "activity_internal.h"
#include "rows.h"

static int validate(qf_db *db, const qf_artifact *m)
{
    int rc = qf__check_id("activity", m->activity_id, false);
    if (!rc)
        rc = qf__check_id("member", m->member_id, false);
    if (!rc)
        rc = qf__check_id("org", m->org_id, false);
    if (rc)
        return rc;
    int owners = (m->activity_id != 0) + (m->member_id != 0) + (m->org_id != 0);
    if (owners != 1)
        return qf__err(QF_EINVALID,
                       _("artifact: needs exactly one owner (an activity, a member or an org), "
                         "got %d"),
                       owners);
    rc = qf__check_utf8("type", m->type);
    if (!rc)
        rc = qf_vocab_check(db, "artifact_type", m->type);
    if (!rc)
        rc = qf__check_text("title", m->title, false, QF_TITLE_MAX);
    if (!rc)
        rc = qf__check_datetime("issued_at", m->issued_at, false);
    if (!rc)
        rc = qf__check_text("mime", m->mime, false, 200);
    if (!rc)
        rc = qf__check_json_object(db, "attrs", m->attrs);
    return rc;
}

/* After a foreign-key failure: name the owner that does not exist. */
static int explain_missing_owner(qf_db *db, const qf_artifact *m, int rc)
{
    if (m->activity_id && qf__activity_exists(db, m->activity_id) == 0)
        return qf__err(QF_ENOTFOUND, _("artifact: activity %lld does not exist"),
                       (long long)m->activity_id);
    if (m->member_id && qf__member_exists(db, m->member_id) == 0)
        return qf__err(QF_ENOTFOUND, _("artifact: member %lld does not exist"),
                       (long long)m->member_id);
    if (m->org_id && qf__org_exists(db, m->org_id) == 0)
        return qf__err(QF_ENOTFOUND, _("artifact: org %lld does not exist"), (long long)m->org_id);
    return rc;
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* Stores the bytes unless a blob with the same digest is already there. */
static int store_blob(qf_db *db, const char *sha, const void *content, size_t len)
{
    /* ON CONFLICT on the key only (unlike INSERT OR IGNORE, which would also swallow a failed
     * CHECK): identical bytes are stored once */
    static const char sql[] = "INSERT INTO blob (sha256, size, data) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (sha256) DO NOTHING";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, sha, 64, QF_STATIC);
    qf__bind_int64(st, 2, (int64_t)len);
    /* a zero-length blob must still be a BLOB, not NULL (data is NOT NULL) */
    qf__bind_blob(st, 3, len ? content : "", len, QF_STATIC);
    return qf__exec_stmt(db, st, "blob");
}

int qf_artifact_create(int64_t *id_out, qf_db *db, const qf_artifact *meta, const void *content,
                       size_t len)
{
    static const char sql[] =
        "INSERT INTO artifact (activity_id, member_id, org_id, type, title, issued_at, sha256, "
        "size, path, mime, attrs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    int rc = validate(db, meta);
    if (!rc)
        rc = qf__check_text("path", meta->path, false, 4096);
    if (rc)
        return rc;
    const char *path = nonempty(meta->path);
    if (!content && len)
        return qf__err(QF_EINVALID, _("content: %zu bytes announced but none given"), len);
    if (content && path)
        return qf__err(QF_EINVALID,
                       _("artifact: give either content to store or an external path (%s), not "
                         "both"),
                       path);
    if (content && len > QF_ARTIFACT_MAX_BYTES)
        return qf__err(QF_EINVALID, _("content: too large (%zu bytes; at most %d MiB are stored)"),
                       len, (int)(QF_ARTIFACT_MAX_BYTES >> 20));
    /* the digest (and for an external file its size) are computed here, never taken from meta */
    char sha[65] = "";
    int64_t size = -1;
    if (content) {
        qf_sha256_hex(content, len, sha);
        size = (int64_t)len;
    } else if (path) {
        rc = qf__file_hash(path, sha, &size);
        if (rc)
            return rc;
    }
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    if (content)
        rc = store_blob(db, sha, content, len);
    qf_stmt *st = rc ? NULL : qf__stmt(db, sql);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        qf__bind_id(st, 1, meta->activity_id);
        qf__bind_id(st, 2, meta->member_id);
        qf__bind_id(st, 3, meta->org_id);
        qf__bind_textn(st, 4, meta->type, -1, QF_STATIC);
        qf__bind_text(st, 5, nonempty(meta->title));
        qf__bind_datetime(st, 6, meta->issued_at);
        if (sha[0]) {
            qf__bind_textn(st, 7, sha, 64, QF_STATIC);
            qf__bind_int64(st, 8, size);
        }
        qf__bind_text(st, 9, path);
        qf__bind_text(st, 10, nonempty(meta->mime));
        qf__bind_attrs(st, 11, meta->attrs);
        rc = qf__exec_stmt(db, st, "artifact");
        if (rc == QF_ECONSTRAINT)
            rc = explain_missing_owner(db, meta, rc);
    }
    int64_t id = rc ? 0 : qf__last_insert_id(db);
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int qf_artifact_add_file(int64_t *id_out, qf_db *db, const qf_artifact *meta, const char *file)
{
    /* validate the record first: no point reading 64 MiB for a misspelt type */
    int rc = validate(db, meta);
    if (rc)
        return rc;
    if (nonempty(meta->path))
        return qf__err(QF_EINVALID,
                       _("artifact: path (%s) is for external files; add_file stores the content"),
                       meta->path);
    void *buf = NULL;
    size_t len = 0;
    rc = qf__file_read(file, &buf, &len);
    if (rc)
        return rc;
    qf_artifact m = *meta;
    /* the file name is the default title, unless it is not UTF-8 (a title must be) */
    const char *base = base_name(file);
    if (!nonempty(m.title) && qf__utf8_valid(base, strlen(base), NULL))
        m.title = base;
    rc = qf_artifact_create(id_out, db, &m, buf, len);
    free(buf);
    return rc;
}

int qf_artifact_update(qf_db *db, const qf_artifact *meta)
{
    /* metadata only: the content (sha256, size, path) is what was recorded and stays */
    static const char sql[] =
        "UPDATE artifact SET activity_id = ?1, member_id = ?2, org_id = ?3, type = ?4, "
        "title = ?5, issued_at = ?6, mime = ?7, attrs = ?8 WHERE id = ?9";
    int rc = validate(db, meta);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_id(st, 1, meta->activity_id);
    qf__bind_id(st, 2, meta->member_id);
    qf__bind_id(st, 3, meta->org_id);
    qf__bind_textn(st, 4, meta->type, -1, QF_STATIC);
    qf__bind_text(st, 5, nonempty(meta->title));
    qf__bind_datetime(st, 6, meta->issued_at);
    qf__bind_text(st, 7, nonempty(meta->mime));
    qf__bind_attrs(st, 8, meta->attrs);
    qf__bind_int64(st, 9, meta->id);
    rc = qf__exec_stmt(db, st, "artifact");
    if (rc == QF_ECONSTRAINT)
        rc = explain_missing_owner(db, meta, rc);
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("artifact %lld does not exist"), (long long)meta->id);
    return qf__tx_end(db, rc);
}

int qf_artifact_delete(qf_db *db, int64_t id)
{
    static const char sql[] = "DELETE FROM artifact WHERE id = ?1";
    return qf__delete_by_id(db, sql, id, "artifact", _("artifact %lld does not exist"));
}

#define ARTIFACT_COLUMNS                                                                           \
    "id, activity_id, member_id, org_id, type, title, issued_at, sha256, size, path, mime, attrs"

static void read_row(qf_stmt *st, qf_artifact *a)
{
    a->id = qf__col_int64(st, 0);
    a->activity_id = qf__col_id(st, 1);
    a->member_id = qf__col_id(st, 2);
    a->org_id = qf__col_id(st, 3);
    a->type = qf__col_text(st, 4);
    a->title = qf__col_text(st, 5);
    a->issued_at = qf__col_datetime(st, 6);
    a->sha256 = qf__col_text(st, 7);
    a->size = qf__col_type(st, 8) == QF_SQL_NULL ? -1 : qf__col_int64(st, 8);
    a->path = qf__col_text(st, 9);
    a->mime = qf__col_text(st, 10);
    a->attrs = qf__col_text(st, 11);
}

int qf_artifact_get(qf_artifact **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " ARTIFACT_COLUMNS " FROM artifact WHERE id = ?1";
    *out = NULL;
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "artifact", _("artifact %lld does not exist"));
    if (rc)
        return rc;
    qf_artifact row;
    read_row(st, &row);
    const char **fields[] = {&row.type, &row.title, &row.sha256, &row.path, &row.mime, &row.attrs};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 6);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_artifact_free(qf_artifact *a)
{
    free(a);
}

/* Copies the stored bytes out, checking them against their digest: blob has no audit trail of
 * its own, so this is where an edit behind qufa's back would show. */
static int copy_content(void **out, size_t *len, int64_t id, qf_stmt *st)
{
    const char *sha = qf__col_text(st, 1);
    const void *data = qf__col_blob(st, 2);
    size_t n = (size_t)qf__col_bytes(st, 2);
    char check[65];
    qf_sha256_hex(data ? data : "", n, check);
    if (strcmp(check, sha) != 0)
        return qf__err(QF_ECORRUPT,
                       _("artifact %lld: stored content does not match its SHA-256 %s"),
                       (long long)id, sha);
    void *copy = malloc(n ? n : 1);
    if (!copy)
        return qf__oom();
    if (n)
        memcpy(copy, data, n);
    *out = copy;
    *len = n;
    return QF_OK;
}

int qf_artifact_content(void **out, size_t *len, qf_db *db, int64_t id)
{
    static const char sql[] =
        "SELECT a.path, a.sha256, b.data, b.sha256 IS NOT NULL FROM artifact a "
        "LEFT JOIN blob b ON b.sha256 = a.sha256 AND a.path IS NULL WHERE a.id = ?1";
    *out = NULL;
    *len = 0;
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "artifact", _("artifact %lld does not exist"));
    if (rc)
        return rc;
    const char *path = qf__col_text(st, 0);
    const char *sha = qf__col_text(st, 1);
    if (path)
        rc = qf__err(QF_ENOTFOUND,
                     _("artifact %lld is the external file %s; its content is not "
                       "stored"),
                     (long long)id, path);
    else if (!sha)
        rc = qf__err(QF_ENOTFOUND, _("artifact %lld has no content"), (long long)id);
    else if (!qf__col_int(st, 3))
        rc = qf__err(QF_ECORRUPT, _("artifact %lld: its stored content %s is missing"),
                     (long long)id, sha);
    else
        rc = copy_content(out, len, id, st);
    qf__reset(st);
    return rc;
}

struct qf_artifact_iter {
    qf__rows rows;
    qf_artifact row;
};

static int validate_filter(qf_db *db, const qf_artifact_filter *f)
{
    if (f->version < 1 || f->version > QF_ARTIFACT_FILTER_VERSION)
        return qf__err(QF_EINVALID,
                       _("artifact filter: version %u is unknown (initialise it with "
                         "QF_ARTIFACT_FILTER_INIT)"),
                       f->version);
    int rc = qf__check_id("filter.activity_id", f->activity_id, false);
    if (!rc)
        rc = qf__check_id("filter.member_id", f->member_id, false);
    if (!rc)
        rc = qf__check_id("filter.org_id", f->org_id, false);
    if (!rc && f->type) {
        rc = qf__check_utf8("filter.type", f->type);
        if (!rc) /* a misspelt type is an error, not an empty list */
            rc = qf_vocab_check(db, "artifact_type", f->type);
    }
    return rc;
}

/* Fixed fragments per filter that is set, so the owner indexes can be used. */
static int build_list_sql(char *sql, size_t size, const qf_artifact_filter *f)
{
    sql[0] = '\0';
    int rc = qf__sql_append(sql, size, "SELECT " ARTIFACT_COLUMNS " FROM artifact WHERE 1 = 1");
    if (!rc && f->activity_id)
        rc = qf__sql_append(sql, size, " AND activity_id = ?1");
    if (!rc && f->member_id)
        rc = qf__sql_append(sql, size, " AND member_id = ?2");
    if (!rc && f->org_id)
        rc = qf__sql_append(sql, size, " AND org_id = ?3");
    if (!rc && f->type)
        rc = qf__sql_append(sql, size, " AND type = ?4");
    /* in the order they were issued (notice, courseware, minutes, news), undated ones last */
    if (!rc)
        rc = qf__sql_append(sql, size, " ORDER BY issued_at IS NULL, issued_at, id");
    return rc;
}

int qf_artifact_list(qf_artifact_iter **out, qf_db *db, const qf_artifact_filter *f)
{
    qf_artifact_filter def = QF_ARTIFACT_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    char sql[512];
    int rc = validate_filter(db, f);
    if (!rc)
        rc = build_list_sql(sql, sizeof sql, f);
    if (rc)
        return rc;
    qf_artifact_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    rc = qf__rows_open(&it->rows, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    if (f->activity_id)
        qf__bind_int64(it->rows.st, 1, f->activity_id);
    if (f->member_id)
        qf__bind_int64(it->rows.st, 2, f->member_id);
    if (f->org_id)
        qf__bind_int64(it->rows.st, 3, f->org_id);
    if (f->type)
        qf__bind_textn(it->rows.st, 4, f->type, -1, QF_TRANSIENT);
    *out = it;
    return QF_OK;
}

int qf_artifact_next(const qf_artifact **row, qf_artifact_iter *it)
{
    int rc = qf__rows_step(&it->rows, "artifact");
    if (rc)
        return rc;
    read_row(it->rows.st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_artifact_iter_free(qf_artifact_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
