/*
 * The workbook's map: the package relationships name the workbook part, the workbook lists its
 * sheets (name, visibility, relationship id) and whether dates count from 1904, and the
 * workbook's relationships give each sheet's part and those of the shared strings and styles.
 * Parts are found through the relationships, not by their usual names, because writers other
 * than Excel name them differently.
 */
#include <stdlib.h>
#include <string.h>
#include "xlsx_internal.h"

/* ---- relationships ---------------------------------------------------------------------- */

typedef struct rel {
    char *id, *type, *target; /* target resolved to a part name */
} rel;

typedef struct rels {
    rel *r;
    size_t n, cap;
    char *base; /* the folder targets are relative to, e.g. "xl/" */
    const xlsx_pkg *p;
} rels;

static void rels_free(rels *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->r[i].id);
        free(rs->r[i].type);
        free(rs->r[i].target);
    }
    free(rs->r);
    free(rs->base);
    memset(rs, 0, sizeof *rs);
}

/* base + target with "." and ".." segments resolved; an absolute target starts at the root. */
static char *resolve(const char *base, const char *target)
{
    size_t n = strlen(base) + strlen(target) + 2;
    char *joined = malloc(n), *out = malloc(n);
    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    snprintf(joined, n, "%s%s", target[0] == '/' ? "" : base, target);
    size_t len = 0;
    for (char *seg = joined; *seg;) {
        char *slash = strchr(seg, '/');
        size_t sl = slash ? (size_t)(slash - seg) : strlen(seg);
        if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
            while (len > 0 && out[len - 1] == '/')
                len--;
            while (len > 0 && out[len - 1] != '/')
                len--;
        } else if (sl > 0 && !(sl == 1 && seg[0] == '.')) {
            memcpy(out + len, seg, sl);
            len += sl;
            if (slash)
                out[len++] = '/';
        }
        seg = slash ? slash + 1 : seg + sl;
    }
    out[len] = '\0';
    free(joined);
    return out;
}

static int rel_start(void *ud, const char *name, const char **attrs)
{
    rels *rs = ud;
    if (strcmp(name, "Relationship") != 0)
        return QF_OK;
    const char *id = xlsx_attr(attrs, "Id"), *type = xlsx_attr(attrs, "Type"),
               *target = xlsx_attr(attrs, "Target"), *mode = xlsx_attr(attrs, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return QF_OK; /* a link to outside the package is nothing to read */
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 16;
        rel *r = realloc(rs->r, cap * sizeof *r);
        if (!r)
            return qf__oom();
        rs->r = r;
        rs->cap = cap;
    }
    rel *r = &rs->r[rs->n];
    r->id = qf__strdup(id);
    r->type = qf__strdup(type);
    r->target = resolve(rs->base, target);
    rs->n++;
    if (!r->id || !r->type || !r->target)
        return qf__oom();
    return QF_OK;
}

/* Reads the relationships of `source` ("" for the package, "xl/workbook.xml" …). A missing
 * relationships part is not an error: there are none. */
static int rels_read(rels *rs, xlsx_pkg *p, const char *source)
{
    memset(rs, 0, sizeof *rs);
    rs->p = p;
    const char *slash = strrchr(source, '/');
    size_t dir = slash ? (size_t)(slash - source + 1) : 0;
    rs->base = malloc(dir + 1);
    char *part = malloc(strlen(source) + 16);
    if (!rs->base || !part) {
        free(part);
        return qf__oom();
    }
    memcpy(rs->base, source, dir);
    rs->base[dir] = '\0';
    sprintf(part, "%s_rels/%s.rels", rs->base, source + dir);
    xlsx_sax sax = {rs, rel_start, NULL, NULL, NULL};
    int rc = xlsx_pkg_has(p, part) ? xlsx_pkg_parse(p, part, &sax) : QF_OK;
    free(part);
    return rc;
}

/* The first relationship whose type ends with "/suffix" (transitional and strict workbooks
 * differ in what comes before it), optionally with this id. */
static const rel *rels_find(const rels *rs, const char *suffix, const char *id)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < rs->n; i++) {
        const rel *r = &rs->r[i];
        size_t tl = strlen(r->type);
        if (id && strcmp(r->id, id) != 0)
            continue;
        if (tl > sl && r->type[tl - sl - 1] == '/' && strcmp(r->type + tl - sl, suffix) == 0)
            return r;
    }
    return NULL;
}

/* ---- the workbook part ------------------------------------------------------------------ */

typedef struct sheet_entry {
    char *name, *rid;
    bool hidden;
} sheet_entry;

typedef struct book_ctx {
    sheet_entry *s;
    size_t n, cap;
    bool date1904;
} book_ctx;

static bool truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static int book_start(void *ud, const char *name, const char **attrs)
{
    book_ctx *b = ud;
    if (strcmp(name, "workbookPr") == 0) {
        b->date1904 = truthy(xlsx_attr(attrs, "date1904"));
        return QF_OK;
    }
    if (strcmp(name, "sheet") != 0)
        return QF_OK;
    const char *sname = xlsx_attr(attrs, "name"), *rid = xlsx_attr(attrs, "id"),
               *state = xlsx_attr(attrs, "state");
    if (!sname || !rid)
        return QF_OK;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        sheet_entry *s = realloc(b->s, cap * sizeof *s);
        if (!s)
            return qf__oom();
        b->s = s;
        b->cap = cap;
    }
    sheet_entry *e = &b->s[b->n++];
    e->name = qf__strdup(sname);
    e->rid = qf__strdup(rid);
    e->hidden = state && strcmp(state, "visible") != 0;
    return e->name && e->rid ? QF_OK : qf__oom();
}

static void book_ctx_free(book_ctx *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->s[i].name);
        free(b->s[i].rid);
    }
    free(b->s);
}

/* A zip that is not an .xlsx: say what it is when that is easy to tell. */
static int not_a_workbook(xlsx_pkg *p)
{
    if (xlsx_pkg_has(p, "content.xml") && xlsx_pkg_has(p, "mimetype"))
        return qf__err(QF_EINVALID,
                       _("%s: an OpenDocument file (.ods), not an .xlsx workbook: save it as "
                         "Excel .xlsx (or as CSV UTF-8)"),
                       p->name);
    if (xlsx_pkg_has(p, "word/document.xml"))
        return qf__err(QF_EINVALID, _("%s: a Word document, not an .xlsx workbook"), p->name);
    return qf__err(QF_EINVALID,
                   _("%s: a zip archive, but not an .xlsx workbook: it holds no workbook part "
                     "(xl/workbook.xml)"),
                   p->name);
}

/* "'党员名册', '活动台账'" for a message. */
static void sheet_names(const book_ctx *b, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < b->n && len + 1 < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s'%s'", i ? ", " : "", b->s[i].name);
}

static int choose_sheet(xlsx_book *bk, xlsx_pkg *p, const book_ctx *b, const rels *wr,
                        const char *sheet)
{
    char names[600];
    sheet_names(b, names, sizeof names);
    const sheet_entry *e = NULL;
    for (size_t i = 0; i < b->n && !e; i++) {
        if (sheet ? strcmp(b->s[i].name, sheet) == 0 : !b->s[i].hidden)
            e = &b->s[i];
    }
    if (!e && sheet)
        return qf__err(QF_EINVALID, _("%s: there is no sheet '%s' (sheets: %s)"), p->name, sheet,
                       names);
    if (!e)
        return qf__err(QF_EINVALID, _("%s: the workbook has no visible sheet"), p->name);
    const rel *r = rels_find(wr, "worksheet", e->rid);
    if (!r) {
        if (rels_find(wr, "chartsheet", e->rid))
            return qf__err(QF_EINVALID, _("%s: sheet '%s' is a chart, not a worksheet"), p->name,
                           e->name);
        return qf__err(QF_EINVALID,
                       _("%s: sheet '%s' has no worksheet part: the workbook is damaged"),
                       p->name, e->name);
    }
    bk->sheet_name = qf__strdup(e->name);
    bk->sheet_part = qf__strdup(r->target);
    return bk->sheet_name && bk->sheet_part ? QF_OK : qf__oom();
}

static int read_book(xlsx_book *bk, xlsx_pkg *p, const char *sheet, rels *pr, rels *wr,
                     book_ctx *b)
{
    int rc = rels_read(pr, p, "");
    if (rc)
        return rc;
    const rel *office = rels_find(pr, "officeDocument", NULL);
    const char *workbook = office ? office->target : "xl/workbook.xml";
    if (!xlsx_pkg_has(p, workbook))
        return not_a_workbook(p);
    xlsx_sax sax = {b, book_start, NULL, NULL, NULL};
    rc = xlsx_pkg_parse(p, workbook, &sax);
    if (!rc)
        rc = rels_read(wr, p, workbook);
    if (rc)
        return rc;
    bk->date1904 = b->date1904;
    if (b->n == 0)
        return qf__err(QF_EINVALID, _("%s: the workbook has no sheet"), p->name);
    rc = choose_sheet(bk, p, b, wr, sheet);
    if (rc)
        return rc;
    const rel *strings = rels_find(wr, "sharedStrings", NULL);
    const rel *styles = rels_find(wr, "styles", NULL);
    if (strings && !(bk->strings_part = qf__strdup(strings->target)))
        return qf__oom();
    if (styles && !(bk->styles_part = qf__strdup(styles->target)))
        return qf__oom();
    return QF_OK;
}

int xlsx_book_read(xlsx_book *bk, xlsx_pkg *p, const char *sheet)
{
    memset(bk, 0, sizeof *bk);
    rels pr, wr;
    memset(&pr, 0, sizeof pr);
    memset(&wr, 0, sizeof wr);
    book_ctx b;
    memset(&b, 0, sizeof b);
    int rc = read_book(bk, p, sheet, &pr, &wr, &b);
    rels_free(&pr);
    rels_free(&wr);
    book_ctx_free(&b);
    if (rc)
        xlsx_book_free(bk);
    return rc;
}

void xlsx_book_free(xlsx_book *bk)
{
    free(bk->sheet_name);
    free(bk->sheet_part);
    free(bk->strings_part);
    free(bk->styles_part);
    memset(bk, 0, sizeof *bk);
}
