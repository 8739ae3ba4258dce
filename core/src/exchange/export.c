/*
 * qf_export_csv: members or activities as CSV that qf_import_csv reads back. Orgs and members
 * are written by code (a member without a code by name), so a file moves between databases.
 * Members are exported as of the database's today: status, its date, branch and group; the
 * history before is not part of the file. Activities are in export_activity.c.
 *
 * Personal fields are masked unless opts->unmask: such a file is for reading, and import
 * refuses the masked values (csv_mask.c) rather than store stars over real data.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "csvio.h"

int qf__export_row(qf_export_out *out, const char *const *cells, size_t n)
{
    return out->row(out, cells, n);
}

static int csv_row(qf_export_out *out, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = qf_csv_write_field(out->csv, cells[i], i + 1 == n);
        if (rc)
            return rc;
    }
    return QF_OK;
}

int qf__export_changed(const char *what, int64_t id)
{
    return qf__err(QF_EBUSY,
                   _("export: %s %lld appeared while the export ran (another program is "
                     "writing); run the export again"),
                   what, (long long)id);
}

static const char *org_code(const qf_refs *r, int64_t id, int *rc)
{
    if (!id)
        return "";
    const qf_ref_org *o = qf__refs_org_by_id(r, id);
    if (!o) {
        *rc = qf__export_changed(_("org"), id);
        return "";
    }
    return o->code;
}

static const char *gender_text(const char *g, bool zh)
{
    if (!g)
        return "";
    if (!zh)
        return g;
    return strcmp(g, "male") == 0 ? "男" : strcmp(g, "female") == 0 ? "女" : g;
}

static const char *status_text(qf_member_status s, bool zh)
{
    if (s == QF_STATUS_NONE)
        return "";
    return zh ? QF_STATUS_LABELS_ZH[s] : qf_member_status_name(s);
}

/* "{}" is what an empty cell imports as; writing it as empty keeps files plain. */
static const char *attrs_text(const char *attrs)
{
    return !attrs || strcmp(attrs, "{}") == 0 ? "" : attrs;
}

static int member_row(qf_export_out *out, const qf_member *m, const qf_export_options *opts,
                      const qf_refs *refs)
{
    char birth[11], since[11], joined[11], masked_phone[64], masked_id[64];
    const char *phone = m->phone ? m->phone : "", *id_number = m->id_number ? m->id_number : "";
    if (opts->unmask) {
        qf_date_format(m->birth_date, birth);
    } else {
        qf__mask_birth_date(m->birth_date, birth);
        qf__mask_phone(m->phone, masked_phone, sizeof masked_phone);
        qf__mask_id_number(m->id_number, masked_id, sizeof masked_id);
        phone = masked_phone;
        id_number = masked_id;
    }
    qf_date_format(m->since, since);
    qf_date_format(m->joined, joined);
    int rc = QF_OK;
    const char *cells[MC_COUNT] = {
        [MC_NAME] = m->name,
        [MC_GENDER] = gender_text(m->gender, opts->chinese_headers),
        [MC_BIRTH_DATE] = birth,
        [MC_STATUS] = status_text(m->status, opts->chinese_headers),
        [MC_SINCE] = since,
        [MC_ORG] = org_code(refs, m->org_id, &rc),
        [MC_GROUP] = org_code(refs, m->group_id, &rc),
        [MC_JOINED] = joined,
        [MC_CODE] = m->code ? m->code : "",
        [MC_PHONE] = phone,
        [MC_ID_NUMBER] = id_number,
        [MC_ATTRS] = attrs_text(m->attrs),
    };
    return rc ? rc : qf__export_row(out, cells, MC_COUNT);
}

static int export_members(qf_db *db, qf_export_out *out, const qf_export_options *opts,
                          qf_refs *refs)
{
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.under = opts->org_id; /* the org and every org below it */
    qf_member_iter *it = NULL;
    int rc = qf_member_list(&it, db, &f);
    const qf_member *m;
    while (!rc && (rc = qf_member_next(&m, it)) == QF_OK)
        rc = member_row(out, m, opts, refs);
    qf_member_iter_free(it);
    return rc == QF_ITEROVER ? QF_OK : rc;
}

static int check_args(qf_db *db, qf_import_kind kind, const qf_export_options *opts)
{
    if (!db)
        return qf__err(QF_EINVALID, "%s", _("export: no database or no output"));
    if (kind != QF_IMPORT_MEMBERS && kind != QF_IMPORT_ACTIVITIES)
        return qf__err(QF_EINVALID, _("export: kind %d is unknown"), (int)kind);
    if (opts->version < 1 || opts->version > QF_EXPORT_OPTIONS_VERSION)
        return qf__err(QF_EINVALID,
                       _("export options: version %u is unknown (initialise them with "
                         "QF_EXPORT_OPTIONS_INIT)"),
                       opts->version);
    if (opts->org_id < 0)
        return qf__err(QF_EINVALID, _("export options: org_id %lld is not a valid id"),
                       (long long)opts->org_id);
    return QF_OK;
}

static int write_header(qf_export_out *out, qf_import_kind kind, const qf_export_options *opts)
{
    size_t n;
    const qf_csv_column *cols = qf__csv_columns(kind, &n);
    const char *cells[QF_CSV_MAX_COLUMNS];
    for (size_t k = 0; k < n; k++)
        cells[k] = opts->chinese_headers ? cols[k].label_zh : cols[k].name;
    return qf__export_row(out, cells, n);
}

int qf__export_records(qf_db *db, qf_import_kind kind, qf_export_out *out,
                       const qf_export_options *opts)
{
    int rc = check_args(db, kind, opts);
    if (rc)
        return rc;
    out->kind = kind;
    qf_refs refs;
    memset(&refs, 0, sizeof refs);
    rc = qf__refs_load_orgs(&refs, db);
    if (!rc && opts->org_id && !qf__refs_org_by_id(&refs, opts->org_id))
        rc = qf__err(QF_ENOTFOUND, _("export options: org %lld does not exist"),
                     (long long)opts->org_id);
    if (!rc)
        rc = write_header(out, kind, opts);
    if (!rc)
        rc = kind == QF_IMPORT_MEMBERS ? export_members(db, out, opts, &refs)
                                       : qf__export_activities(db, out, opts, &refs);
    qf__refs_free(&refs);
    return rc;
}

int qf_export_csv(qf_db *db, qf_import_kind kind, FILE *out, const qf_export_options *opts)
{
    static const qf_export_options defaults = QF_EXPORT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!out)
        return qf__err(QF_EINVALID, "%s", _("export: no database or no output"));
    if (opts->version >= 1 && opts->version <= QF_EXPORT_OPTIONS_VERSION && opts->bom &&
        fputs("\xef\xbb\xbf", out) == EOF)
        return qf__err(QF_ERROR, _("csv: write error (%s)"), strerror(errno));
    qf_export_out o = {csv_row, out, NULL, kind};
    int rc = qf__export_records(db, kind, &o, opts);
    if (!rc && fflush(out) != 0)
        rc = qf__err(QF_ERROR, _("csv: write error (%s)"), strerror(errno));
    return rc;
}
