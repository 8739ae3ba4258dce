/* One member row: parse and check each cell (so that an error points at its cell), then one
 * qf_member_create, which writes the record, its first status and its placement. */
#include <stdio.h>
#include <string.h>
#include "import.h"

int qf__import_members_prepare(qf_import *im)
{
    int rc = qf__refs_load_orgs(&im->refs, im->db);
    if (rc)
        return rc;
    int64_t def = im->opts->default_org_id;
    if (im->col[MC_ORG] < 0 && !def)
        return qf__imp_fail_field(im, 0,
                                  _("no org column (%s) and no default org: the members would "
                                    "belong to no branch"),
                                  im->cols[MC_ORG].label_zh);
    if (def) {
        const qf_ref_org *o = qf__refs_org_by_id(&im->refs, def);
        if (!o)
            return qf__err(QF_EINVALID, _("import options: default org %lld does not exist"),
                           (long long)def);
        if (o->kind == QF_ORG_GROUP)
            return qf__err(QF_EINVALID,
                           _("import options: default org %s is a party group, not a branch"),
                           o->code);
    }
    return QF_OK;
}

/* Refuses the stars of a masked export in a personal field (see csv_mask.c). */
static int refuse_masked(qf_import *im, int column, const char *s)
{
    if (!qf__is_masked(s))
        return QF_OK;
    return qf__imp_fail(im, column,
                        _("'%s' is masked (the file was exported without unmask); export it "
                          "again with unmask, or empty the column"),
                        qf__imp_show(im, s));
}

static int parse_date(qf_import *im, int column, qf_date *out, bool personal)
{
    *out = QF_DATE_NONE;
    const char *s = qf__imp_trimmed(im, column);
    if (!s || !*s)
        return QF_OK;
    if (personal) {
        int rc = refuse_masked(im, column, s);
        if (rc)
            return rc;
    }
    if (qf_date_parse(out, s) != QF_OK) {
        char why[300];
        snprintf(why, sizeof why, "%s", qf_error_last());
        return qf__imp_fail(im, column, "%s", why);
    }
    return QF_OK;
}

static int parse_gender(qf_import *im, const char **out)
{
    *out = NULL;
    const char *s = qf__imp_trimmed(im, MC_GENDER);
    if (!s || !*s)
        return QF_OK;
    if (strcmp(s, "男") == 0 || qf__ascii_iequal(s, "male"))
        *out = "male";
    else if (strcmp(s, "女") == 0 || qf__ascii_iequal(s, "female"))
        *out = "female";
    else
        return qf__imp_fail(im, MC_GENDER, _("'%s' is not 男/女 or male/female"),
                            qf__imp_show(im, s));
    return QF_OK;
}

static int parse_status(qf_import *im, qf_member_status *out)
{
    *out = QF_STATUS_NONE;
    const char *s = qf__imp_trimmed(im, MC_STATUS);
    if (!s || !*s)
        return QF_OK;
    for (int k = 0; k <= QF_STATUS_FULL; k++)
        if (strcmp(s, QF_STATUS_LABELS_ZH[k]) == 0 ||
            qf__ascii_iequal(s, qf_member_status_name((qf_member_status)k))) {
            *out = (qf_member_status)k;
            return QF_OK;
        }
    return qf__imp_fail(
        im, MC_STATUS,
        _("'%s' is unknown (入党申请人, 入党积极分子, 发展对象, 预备党员, 正式党员, "
          "or applicant, activist, candidate, probationary, full)"),
        qf__imp_show(im, s));
}

/* The branch and party group from `since`. No org column means the default org; an empty
 * org cell means none (a member who left keeps their record without a branch). */
static int parse_placement(qf_import *im, qf_member *m)
{
    const qf_ref_org *org = NULL, *group = NULL;
    const char *s = qf__imp_trimmed(im, MC_ORG);
    if (!s) {
        org = qf__refs_org_by_id(&im->refs, im->opts->default_org_id);
    } else if (*s) {
        int rc = qf__imp_org(&org, im, MC_ORG, s);
        if (rc)
            return rc;
        if (org->kind == QF_ORG_GROUP)
            return qf__imp_fail(im, MC_ORG, _("'%s' is a party group; put it in the group column"),
                                qf__imp_show(im, s));
    }
    s = qf__imp_trimmed(im, MC_GROUP);
    if (s && *s) {
        int rc = qf__imp_group(&group, im, MC_GROUP, s, org);
        if (rc)
            return rc;
    }
    m->org_id = org ? org->id : 0;
    m->group_id = group ? group->id : 0;
    return QF_OK;
}

/* A code may appear once in the file; a code already in the database is caught by the
 * insert itself (UNIQUE), which costs no extra query per row. */
static int check_code_in_file(qf_import *im, const char *code)
{
    const int64_t *seen = qf__strmap_get(&im->codes_seen, code);
    if (seen && im->xlsx)
        return qf__imp_fail(im, MC_CODE, _("'%s' is already used in row %lld of this sheet"),
                            qf__imp_show(im, code), (long long)*seen);
    if (seen)
        return qf__imp_fail(im, MC_CODE, _("'%s' is already used on line %lld of this file"),
                            qf__imp_show(im, code), (long long)*seen);
    /* the map borrows its keys, and the cell goes with the row: key it by a kept copy */
    char *kept = qf__arena_strdup(&im->kept, code);
    bool created;
    int64_t *line = kept ? qf__strmap_slot(&im->codes_seen, kept, &created) : NULL;
    if (!line)
        return qf__oom();
    *line = qf__imp_line(im);
    return QF_OK;
}

static int code_taken(qf_import *im, const char *code)
{
    qf_member *other = NULL;
    if (qf_member_lookup(&other, im->db, code, QF_DATE_NONE) != QF_OK)
        return qf__imp_fail(im, MC_CODE, _("'%s' is already taken"), qf__imp_show(im, code));
    int rc = qf__imp_fail(im, MC_CODE, _("'%s' is already taken by member %lld (%s)"),
                          qf__imp_show(im, code), (long long)other->id, other->name);
    qf_member_free(other);
    return rc;
}

static int read_member(qf_import *im, qf_member *m)
{
    m->name = qf__imp_raw(im, MC_NAME);
    if (!m->name || !*m->name)
        return qf__imp_fail(im, MC_NAME, "%s", _("required"));
    int rc = parse_gender(im, &m->gender);
    if (!rc)
        rc = parse_date(im, MC_BIRTH_DATE, &m->birth_date, true);
    if (!rc)
        rc = parse_status(im, &m->status);
    if (!rc)
        rc = parse_date(im, MC_JOINED, &m->joined, false);
    if (!rc)
        rc = parse_date(im, MC_SINCE, &m->since, false);
    if (rc)
        return rc;
    /* the status's day: a member's status as full or probationary dates from joining */
    if (m->since == QF_DATE_NONE)
        m->since = (m->status == QF_STATUS_FULL || m->status == QF_STATUS_PROBATIONARY) &&
                           m->joined != QF_DATE_NONE
                       ? m->joined
                       : qf_db_today(im->db);
    rc = parse_placement(im, m);
    if (rc)
        return rc;
    m->phone = qf__imp_raw(im, MC_PHONE);
    m->id_number = qf__imp_raw(im, MC_ID_NUMBER);
    rc = refuse_masked(im, MC_PHONE, m->phone);
    if (!rc)
        rc = refuse_masked(im, MC_ID_NUMBER, m->id_number);
    if (rc)
        return rc;
    m->attrs = qf__imp_raw(im, MC_ATTRS);
    if (m->attrs && *m->attrs &&
        (rc = qf__check_json_object(im->db, im->header[MC_ATTRS], m->attrs)) != QF_OK)
        return qf__imp_locate_at(im, rc, MC_ATTRS);
    return QF_OK;
}

int qf__import_member_row(qf_import *im)
{
    qf_member m;
    memset(&m, 0, sizeof m);
    m.birth_date = m.joined = m.since = QF_DATE_NONE;
    m.status = QF_STATUS_NONE;
    int rc = read_member(im, &m);
    if (rc)
        return rc;
    m.code = qf__imp_raw(im, MC_CODE);
    if (m.code && !*m.code)
        m.code = NULL;
    if (m.code && (rc = check_code_in_file(im, m.code)) != QF_OK)
        return rc;
    rc = qf_member_create(NULL, im->db, &m);
    if (rc == QF_EEXISTS && m.code)
        return code_taken(im, m.code);
    return rc ? qf__imp_locate(im, rc) : QF_OK;
}
