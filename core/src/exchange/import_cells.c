/* Reading a row's cells, resolving the orgs and members they name, and reporting errors at
 * the cell's file:line:column with the column's header, as the file spells it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import.h"

#define SHOW_MAX 60       /* bytes of a value quoted in a message */
#define CANDIDATES_MAX 10 /* candidates listed for an ambiguous name */

const char *qf__imp_raw(const qf_import *im, int column)
{
    int i = im->col[column];
    return i >= 0 && (size_t)i < im->n ? im->f[i] : NULL;
}

bool qf__imp_empty(const qf_import *im, int column)
{
    const char *s = qf__imp_raw(im, column);
    return !s || !*s;
}

const char *qf__imp_trimmed(qf_import *im, int column)
{
    const char *s = qf__imp_raw(im, column);
    if (!s)
        return NULL;
    /* a list cursor without separators yields the whole cell, trimmed */
    qf_list_cursor cur = {s, (const char *const[]){NULL}};
    const char *entry;
    size_t len;
    if (!qf__list_next(&cur, &entry, &len))
        return "";
    char *copy = qf__arena_alloc(&im->scratch, len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, entry, len);
    copy[len] = '\0';
    return copy;
}

const char *qf__imp_show(qf_import *im, const char *value)
{
    if (!value)
        return "";
    size_t n = strlen(value);
    if (n <= SHOW_MAX)
        return value;
    size_t cut = SHOW_MAX;
    while (cut > 0 && ((unsigned char)value[cut] & 0xc0) == 0x80)
        cut--; /* not inside a character */
    char *s = qf__arena_alloc(&im->scratch, cut + 4);
    if (!s)
        return "…";
    memcpy(s, value, cut);
    memcpy(s + cut, "…", 4);
    return s;
}

/* Where the cell of `column` is; the row's first field when the file has no such column. */
static void place(const qf_import *im, int column, char *buf, size_t size)
{
    int i = column >= 0 ? im->col[column] : -1;
    qf__imp_where(im, i >= 0 && (size_t)i < im->n ? (size_t)i : 0, buf, size);
}

int qf__imp_fail(qf_import *im, int column, const char *fmt, ...)
{
    char what[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char where[600];
    place(im, column, where, sizeof where);
    char field_what[1000];
    /* TRANSLATORS: a column's header and what is wrong with its cell ("birth_date: …") */
    snprintf(field_what, sizeof field_what, _("%s: %s"), im->header[column], what);
    return qf__err(QF_EINVALID, "%s: %s", where, field_what);
}

/* The column a core message is about: core messages start with the field name
 * ("joined: …", "guests[2].name: …", docs/internals.md), which is the column's English name. */
static int column_of_message(const qf_import *im, const char *msg)
{
    /* the field name is the leading identifier; what follows is ":", "：" (Chinese), "[" … */
    size_t n = 0;
    while ((msg[n] >= 'a' && msg[n] <= 'z') || (msg[n] >= '0' && msg[n] <= '9') || msg[n] == '_')
        n++;
    for (size_t k = 0; k < im->ncols; k++)
        if (strlen(im->cols[k].name) == n && strncmp(msg, im->cols[k].name, n) == 0)
            return (int)k;
    if (im->kind == QF_IMPORT_ACTIVITIES && n == 10 && strncmp(msg, "guest_role", n) == 0)
        return AC_GUESTS;
    return -1;
}

int qf__imp_locate_at(qf_import *im, int rc, int column)
{
    /* errors of the data are the file's errors; out of memory or a busy database are not */
    if (rc != QF_EINVALID && rc != QF_ENOTFOUND && rc != QF_EEXISTS && rc != QF_ECONSTRAINT)
        return rc;
    char msg[900];
    snprintf(msg, sizeof msg, "%s", qf_error_last());
    char where[600];
    place(im, column >= 0 ? column : column_of_message(im, msg), where, sizeof where);
    return qf__err(QF_EINVALID, "%s: %s", where, msg);
}

int qf__imp_locate(qf_import *im, int rc)
{
    return qf__imp_locate_at(im, rc, -1);
}

/* ---- orgs and members named by code or name -------------------------------------------- */

static void org_candidates(const qf_refs *r, int64_t first, bool groups_only,
                           const qf_ref_org *under, char *out, size_t size)
{
    size_t len = 0, shown = 0;
    out[0] = '\0';
    for (int64_t i = first; i >= 0 && len < size; i = r->orgs[i].next_same) {
        const qf_ref_org *o = &r->orgs[i];
        if ((groups_only && o->kind != QF_ORG_GROUP) || (under && !qf__refs_org_under(r, o, under)))
            continue;
        if (shown++ == CANDIDATES_MAX) {
            snprintf(out + len, size - len, ", …");
            break;
        }
        len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ", " : "", o->code);
    }
}

int qf__imp_org(const qf_ref_org **out, qf_import *im, int column, const char *text)
{
    const qf_refs *r = &im->refs;
    /* a code names one org; a name may name several */
    const int64_t *i = qf__strmap_get(&r->org_code, text);
    if (i) {
        *out = &r->orgs[*i];
        return QF_OK;
    }
    i = qf__strmap_get(&r->org_name, text);
    if (!i)
        return qf__imp_fail(im, column, _("no org has the code or name '%s'"),
                            qf__imp_show(im, text));
    if (r->orgs[*i].next_same >= 0) {
        char codes[400];
        org_candidates(r, *i, false, NULL, codes, sizeof codes);
        return qf__imp_fail(im, column,
                            _("'%s' is the name of several orgs (codes %s); use the code"),
                            qf__imp_show(im, text), codes);
    }
    *out = &r->orgs[*i];
    return QF_OK;
}

int qf__imp_group(const qf_ref_org **out, qf_import *im, int column, const char *text,
                  const qf_ref_org *org)
{
    const qf_refs *r = &im->refs;
    const int64_t *i = qf__strmap_get(&r->org_code, text);
    const qf_ref_org *g = NULL;
    if (i) {
        g = &r->orgs[*i];
        if (g->kind != QF_ORG_GROUP)
            return qf__imp_fail(im, column, _("'%s' is a %s, not a party group"),
                                qf__imp_show(im, text), qf_org_kind_name(g->kind));
    } else if ((i = qf__strmap_get(&r->org_name, text)) != NULL) {
        /* group names repeat from branch to branch ("第一党小组"): by name, only the groups
         * under the member's org count */
        size_t found = 0;
        for (int64_t k = *i; k >= 0; k = r->orgs[k].next_same) {
            const qf_ref_org *o = &r->orgs[k];
            if (o->kind == QF_ORG_GROUP && (!org || qf__refs_org_under(r, o, org))) {
                g = o;
                found++;
            }
        }
        if (found > 1) {
            char codes[400];
            org_candidates(r, *i, true, org, codes, sizeof codes);
            return qf__imp_fail(im, column,
                                _("'%s' is the name of several party groups (codes %s); use the "
                                  "code"),
                                qf__imp_show(im, text), codes);
        }
    }
    if (!g) {
        if (org)
            return qf__imp_fail(im, column, _("no party group under %s has the code or name '%s'"),
                                org->code, qf__imp_show(im, text));
        return qf__imp_fail(im, column, _("no party group has the code or name '%s'"),
                            qf__imp_show(im, text));
    }
    if (org && !qf__refs_org_under(r, g, org))
        return qf__imp_fail(im, column, _("party group %s is not under %s"), g->code, org->code);
    *out = g;
    return QF_OK;
}

int qf__imp_member(qf_ref_member **out, qf_import *im, int column, const char *text)
{
    qf_refs *r = &im->refs;
    /* a code names one member; a name may name several */
    const int64_t *i = qf__strmap_get(&r->member_code, text);
    if (i) {
        *out = &r->members[*i];
        return QF_OK;
    }
    i = qf__strmap_get(&r->member_name, text);
    if (!i)
        return qf__imp_fail(im, column, _("no member has the code or name '%s'"),
                            qf__imp_show(im, text));
    if (r->members[*i].next_same >= 0) {
        qf_buf who = {NULL, 0, 0};
        size_t shown = 0;
        for (int64_t k = *i; k >= 0; k = r->members[k].next_same) {
            const qf_ref_member *m = &r->members[k];
            char one[120];
            if (shown++ == CANDIDATES_MAX) {
                qf__buf_puts(&who, ", …");
                break;
            }
            if (m->code)
                snprintf(one, sizeof one, _("member %lld (code %s)"), (long long)m->id, m->code);
            else
                snprintf(one, sizeof one, _("member %lld (no code)"), (long long)m->id);
            if (shown > 1)
                qf__buf_puts(&who, ", ");
            qf__buf_puts(&who, one);
        }
        int rc = qf__imp_fail(im, column,
                              _("'%s' is the name of several members: %s; use the "
                                "member code"),
                              qf__imp_show(im, text), who.s ? who.s : "");
        qf__buf_free(&who);
        return rc;
    }
    *out = &r->members[*i];
    return QF_OK;
}
