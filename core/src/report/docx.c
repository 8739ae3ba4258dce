/*
 * .docx from a skeleton (see qufa/docx.h): read the package, render each XML part with the
 * values plus `document` (the Markdown's blocks), check that it is still well-formed XML
 * (expat), and zip the parts again in the skeleton's order.
 */
#include <expat.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "markdown_internal.h"
#include "qufa/docx.h"
#include "qufa/package.h"
#include "template_internal.h"
#include "zip_internal.h"

/* A rendered part may be larger than a document template's output: a sign-in sheet of a few
 * hundred members is a few hundred kilobytes of table XML. */
#define PART_MAX_OUTPUT (32 * 1024 * 1024)

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool is_template_part(const char *name)
{
    return ends_with(name, ".xml") || ends_with(name, ".rels");
}

/* Drops the empty comments that section tags written as <!--{{#p}}--> leave behind, with the
 * line of one that stood alone on it: the skeleton stays a document Word opens (showing every
 * style), and the output has no trace of the tags. */
static void strip_empty_comments(char *s, size_t *len)
{
    static const char mark[] = "<!---->";
    const size_t m = sizeof mark - 1;
    size_t r = 0, w = 0, n = *len;
    while (r < n) {
        if (s[r] == '<' && r + m <= n && memcmp(s + r, mark, m) == 0) {
            r += m;
            size_t ls = w; /* the start of the line written so far, if only blanks are on it */
            while (ls > 0 && (s[ls - 1] == ' ' || s[ls - 1] == '\t'))
                ls--;
            bool alone = (ls == 0 || s[ls - 1] == '\n') && (r == n || s[r] == '\n');
            if (alone) {
                w = ls;
                if (r < n)
                    r++;
            }
            continue;
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
    *len = w;
}

typedef struct xml_check {
    XML_Parser p;
    bool doctype;
} xml_check;

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    xml_check *c = ud;
    c->doctype = true;
    XML_StopParser(c->p, XML_FALSE);
}

/* Well-formed, and without a DOCTYPE (an OOXML part never has one; entities could not grow). */
static int check_xml(const char *what, const char *part, const char *s, size_t len)
{
    xml_check c = {XML_ParserCreate("UTF-8"), false};
    if (!c.p)
        return qf__oom();
    XML_SetUserData(c.p, &c);
    XML_SetStartDoctypeDeclHandler(c.p, on_doctype);
    enum XML_Status st = XML_Parse(c.p, s, (int)len, XML_TRUE);
    int rc = QF_OK;
    if (c.doctype)
        rc = qf__err(QF_EINVALID, _("%s: %s has a DOCTYPE, which a Word document never has"),
                     what, part);
    else if (st != XML_STATUS_OK)
        rc = qf__err(QF_EINVALID,
                     _("%s: %s:%lu:%lu: %s (the part is not well-formed XML once rendered)"),
                     what, part, (unsigned long)XML_GetCurrentLineNumber(c.p),
                     (unsigned long)XML_GetCurrentColumnNumber(c.p) + 1,
                     XML_ErrorString(XML_GetErrorCode(c.p)));
    XML_ParserFree(c.p);
    return rc;
}

/* Renders one template part into `out` (malloc'd). */
static int render_part(char **out, size_t *out_len, const char *what, const qf__zip_part *p,
                       json_t *data)
{
    size_t nl = strlen(what) + strlen(p->name) + 2;
    char *tname = malloc(nl);
    if (!tname)
        return qf__oom();
    snprintf(tname, nl, "%s:%s", what, p->name);
    qf_template *t = NULL;
    int rc = qf_template_parse(&t, tname, (const char *)p->data, p->len);
    free(tname);
    if (rc)
        return rc;
    qf_template_options o = QF_TEMPLATE_OPTIONS_INIT;
    o.escape = QF_ESCAPE_XML;
    o.max_output = PART_MAX_OUTPUT;
    rc = qf__template_render_json(out, out_len, t, data, &o);
    qf_template_free(t);
    if (rc)
        return rc;
    strip_empty_comments(*out, out_len);
    rc = check_xml(what, p->name, *out, *out_len);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

static int has_part(const qf__zip_part *parts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0)
            return 1;
    return 0;
}

/* The values: the caller's object, with `document` (the Markdown's structure) added. */
static int make_data(json_t **out, const char *what, const char *data_json, const char *md,
                     size_t md_len)
{
    json_t *data;
    if (data_json) {
        json_error_t jerr;
        data = json_loads(data_json, 0, &jerr);
        if (!data || !json_is_object(data)) {
            json_decref(data);
            return qf__err(QF_EINVALID, _("%s: the data is not a JSON object (%s)"), what,
                           data ? _("another JSON value") : jerr.text);
        }
    } else if (!(data = json_object())) {
        return qf__oom();
    }
    json_t *doc = NULL;
    int rc = qf__markdown_blocks(&doc, md, md_len);
    if (!rc && json_object_set_new(data, "document", doc) != 0)
        rc = qf__oom();
    if (rc) {
        json_decref(data);
        return rc;
    }
    *out = data;
    return QF_OK;
}

int qf_docx_render(void **out, size_t *out_len, const void *skeleton, size_t skeleton_len,
                   const char *markdown, size_t md_len, const qf_docx_options *o)
{
    *out = NULL;
    *out_len = 0;
    if (o && o->version != QF_DOCX_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("docx options: use QF_DOCX_OPTIONS_INIT to initialise them"));
    const char *what = o && o->skeleton_name && *o->skeleton_name ? o->skeleton_name
                                                                  : "skeleton.docx";
    if (!skeleton || !skeleton_len)
        return qf__err(QF_EINVALID, _("%s: the skeleton is empty"), what);
    qf__zip_part *parts = NULL;
    size_t n = 0;
    int rc = qf__zip_read(&parts, &n, skeleton, skeleton_len, what);
    if (rc)
        return rc;
    if (!has_part(parts, n, "word/document.xml") || !has_part(parts, n, "[Content_Types].xml")) {
        qf__zip_parts_free(parts, n);
        return qf__err(QF_EINVALID,
                       _("%s: not a Word document (word/document.xml or [Content_Types].xml is "
                         "missing)"),
                       what);
    }
    json_t *data = NULL;
    rc = make_data(&data, what, o ? o->data_json : NULL, markdown, md_len);
    qf_zip_entry *entries = calloc(n, sizeof *entries);
    char **rendered = calloc(n, sizeof *rendered);
    if (!rc && (!entries || !rendered))
        rc = qf__oom();
    for (size_t i = 0; !rc && i < n; i++) {
        entries[i] = (qf_zip_entry){parts[i].name, parts[i].data, parts[i].len, QF_DATETIME_NONE};
        if (is_template_part(parts[i].name)) {
            size_t len = 0;
            rc = render_part(&rendered[i], &len, what, &parts[i], data);
            entries[i].data = rendered[i];
            entries[i].len = len;
        }
    }
    if (!rc)
        rc = qf_zip_build(out, out_len, entries, n);
    for (size_t i = 0; rendered && i < n; i++)
        free(rendered[i]);
    free(rendered);
    free(entries);
    json_decref(data);
    qf__zip_parts_free(parts, n);
    return rc;
}
