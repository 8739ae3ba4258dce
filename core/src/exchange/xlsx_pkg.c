/*
 * The package of a workbook: a zip archive (libzip) whose XML parts are streamed through expat
 * in 64 KiB pieces, so that a sheet is never held whole as XML. Each part is capped at
 * XLSX_MAX_PART bytes uncompressed, checked as it is inflated (the size in the zip's directory
 * could lie). A DOCTYPE or an entity declaration ends the parse: no workbook has one, and they
 * are how XML bombs and external entities get in.
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "xlsx_internal.h"

#define CHUNK (64 * 1024)

/* ---- text buffers ----------------------------------------------------------------------- */

int xlsx_text_add(xlsx_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p)
            return qf__oom();
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    return QF_OK;
}

int xlsx_text_end(xlsx_text *t, size_t start, size_t *off)
{
    int rc = xlsx_text_add(t, "", 1);
    if (!rc)
        *off = start;
    return rc;
}

void xlsx_text_free(xlsx_text *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Writes code point cp (1..0x10FFFF, no surrogate) as UTF-8; returns the length. */
static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    o[0] = (char)(0xe0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
}

void xlsx_unescape(xlsx_text *t, size_t start)
{
    if (!t->s)
        return; /* nothing read yet */
    char *s = t->s + start, *end = t->s + t->len, *o = s;
    while (s < end) {
        int v[4];
        if (end - s >= 7 && s[0] == '_' && s[1] == 'x' && s[6] == '_' &&
            (v[0] = hexval(s[2])) >= 0 && (v[1] = hexval(s[3])) >= 0 &&
            (v[2] = hexval(s[4])) >= 0 && (v[3] = hexval(s[5])) >= 0) {
            unsigned cp = (unsigned)(v[0] << 12 | v[1] << 8 | v[2] << 4 | v[3]);
            /* NUL and surrogate halves are not characters: keep the escape as text */
            if (cp != 0 && (cp < 0xd800 || cp > 0xdfff)) {
                o += put_utf8(o, cp); /* at most 3 bytes for 7 read */
                s += 7;
                continue;
            }
        }
        *o++ = *s++;
    }
    t->len = (size_t)(o - t->s);
}

/* ---- the zip ---------------------------------------------------------------------------- */

static int zip_fail(const xlsx_pkg *p, zip_error_t *e)
{
    int code = zip_error_code_zip(e);
    if (code == ZIP_ER_MEMORY)
        return qf__oom();
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ)
        return qf__err(QF_EINVALID, _("%s: cannot read the file (%s)"), p->name,
                       zip_error_strerror(e));
    return qf__err(QF_EINVALID,
                   _("%s: not a readable .xlsx workbook: the zip archive is damaged (%s)"),
                   p->name, zip_error_strerror(e));
}

int xlsx_pkg_open_file(xlsx_pkg *p, const char *path, const char *name)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    int err = 0;
    p->zip = zip_open(path, ZIP_RDONLY, &err);
    if (!p->zip) {
        zip_error_t e;
        zip_error_init_with_code(&e, err);
        int rc = zip_fail(p, &e);
        zip_error_fini(&e);
        return rc;
    }
    return QF_OK;
}

int xlsx_pkg_open_buffer(xlsx_pkg *p, const void *data, size_t len, const char *name)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &e);
    int rc = QF_OK;
    if (!src || !(p->zip = zip_open_from_source(src, ZIP_RDONLY, &e))) {
        rc = zip_fail(p, &e);
        zip_source_free(src);
    }
    zip_error_fini(&e);
    return rc;
}

bool xlsx_pkg_has(xlsx_pkg *p, const char *part)
{
    return zip_name_locate(p->zip, part, 0) >= 0;
}

void xlsx_pkg_close(xlsx_pkg *p)
{
    if (p->zip)
        zip_discard(p->zip);
    p->zip = NULL;
}

/* ---- XML -------------------------------------------------------------------------------- */

/* Expat reports "uri\x01local" for a name in a namespace: handlers see the local name. */
#define NS_SEP '\x01'

static const char *local(const char *name)
{
    const char *s = strrchr(name, NS_SEP);
    return s ? s + 1 : name;
}

const char *xlsx_attr(const char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(local(attrs[i]), name) == 0)
            return attrs[i + 1];
    return NULL;
}

typedef struct parse_ctx {
    XML_Parser xp;
    const xlsx_sax *sax;
    const xlsx_pkg *p;
    const char *part;
    int rc; /* what stopped the parse */
    const char **attrs; /* local names, reused */
    size_t attrs_cap;
} parse_ctx;

static void stop(parse_ctx *c, int rc)
{
    if (!c->rc)
        c->rc = rc;
    XML_StopParser(c->xp, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    parse_ctx *c = ud;
    if (c->rc || !c->sax->start)
        return;
    size_t n = 0;
    while (attrs[n])
        n++;
    if (n + 1 > c->attrs_cap) {
        const char **a = realloc(c->attrs, (n + 1) * sizeof *a);
        if (!a) {
            stop(c, qf__oom());
            return;
        }
        c->attrs = a;
        c->attrs_cap = n + 1;
    }
    for (size_t i = 0; i < n; i++)
        c->attrs[i] = i % 2 ? attrs[i] : local(attrs[i]);
    c->attrs[n] = NULL;
    int rc = c->sax->start(c->sax->ud, local(name), c->attrs);
    if (rc)
        stop(c, rc);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    parse_ctx *c = ud;
    if (c->rc || !c->sax->end)
        return;
    int rc = c->sax->end(c->sax->ud, local(name));
    if (rc)
        stop(c, rc);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    parse_ctx *c = ud;
    if (c->rc || !c->sax->text)
        return;
    int rc = c->sax->text(c->sax->ud, s, len);
    if (rc)
        stop(c, rc);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    parse_ctx *c = ud;
    stop(c, qf__err(QF_EINVALID, _("%s: %s has a DOCTYPE, which no workbook has"), c->p->name,
                    c->part));
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
    (void)pubid, (void)notation;
    parse_ctx *c = ud;
    stop(c, qf__err(QF_EINVALID, _("%s: %s declares an entity, which no workbook does"),
                    c->p->name, c->part));
}

/* Are the bytes where expat stopped invalid UTF-8 (rather than broken markup)? */
static bool bad_utf8_here(XML_Parser xp)
{
    int offset = 0, size = 0;
    const char *ctx = XML_GetInputContext(xp, &offset, &size);
    if (!ctx || offset < 0 || offset >= size)
        return false;
    const unsigned char *at = (const unsigned char *)ctx + offset;
    size_t have = (size_t)(size - offset);
    size_t need = *at < 0x80 ? 1 : *at >= 0xf0 ? 4 : *at >= 0xe0 ? 3 : 2;
    size_t bad = 0;
    return !qf__utf8_valid((const char *)at, have < need ? have : need, &bad) && bad == 0 &&
           have >= need; /* a character cut by the window's end is no proof */
}

static int xml_broken(parse_ctx *c)
{
    XML_Parser xp = c->xp;
    enum XML_Error e = XML_GetErrorCode(xp);
    int line = (int)XML_GetCurrentLineNumber(xp), col = (int)XML_GetCurrentColumnNumber(xp) + 1;
    bool bad_utf8 = e == XML_ERROR_INVALID_TOKEN && bad_utf8_here(xp);
    const char *why = bad_utf8 ? _("invalid UTF-8") : XML_ErrorString(e);
    if (c->sax->broken) {
        int rc = c->sax->broken(c->sax->ud, why, bad_utf8, line, col);
        if (rc <= 0)
            return rc; /* handled: kept what was read (QF_OK), or an error of its own */
    }
    return qf__err(QF_EINVALID,
                   _("%s: %s:%d:%d: %s: the workbook is damaged (open it in Excel or WPS and "
                     "save it again)"),
                   c->p->name, c->part, line, col, why);
}

static int read_part(parse_ctx *c, xlsx_pkg *p, const char *part, zip_file_t *zf)
{
    char *buf = malloc(CHUNK);
    if (!buf)
        return qf__oom();
    size_t total = 0;
    int rc = QF_OK;
    for (;;) {
        zip_int64_t got = zip_fread(zf, buf, CHUNK);
        if (got < 0) {
            zip_error_t *e = zip_file_get_error(zf);
            rc = zip_error_code_zip(e) == ZIP_ER_MEMORY
                     ? qf__oom()
                     : qf__err(QF_EINVALID,
                               _("%s: %s cannot be read: the zip archive is damaged (%s)"),
                               p->name, part, zip_error_strerror(e));
            break;
        }
        total += (size_t)got;
        if (total > XLSX_MAX_PART) {
            rc = qf__err(QF_EINVALID,
                         _("%s: %s is larger than %u MiB uncompressed; qufa reads workbooks up "
                           "to that size (a roster or a ledger is far smaller)"),
                         p->name, part, XLSX_MAX_PART / (1024 * 1024));
            break;
        }
        if (XML_Parse(c->xp, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
            rc = c->rc ? c->rc : xml_broken(c); /* a handler stopped it, or the XML broke */
            break;
        }
        if (got == 0)
            break;
    }
    free(buf);
    return rc;
}

int xlsx_pkg_parse(xlsx_pkg *p, const char *part, const xlsx_sax *sax)
{
    zip_int64_t idx = zip_name_locate(p->zip, part, 0);
    if (idx < 0)
        return qf__err(QF_ENOTFOUND, _("%s: the workbook has no part %s"), p->name, part);
    zip_file_t *zf = zip_fopen_index(p->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        zip_error_t *e = zip_get_error(p->zip);
        if (zip_error_code_zip(e) == ZIP_ER_MEMORY)
            return qf__oom();
        return qf__err(QF_EINVALID, _("%s: %s cannot be read (%s)"), p->name, part,
                       zip_error_strerror(e));
    }
    parse_ctx c;
    memset(&c, 0, sizeof c);
    c.sax = sax;
    c.p = p;
    c.part = part;
    c.xp = XML_ParserCreateNS(NULL, NS_SEP);
    int rc;
    if (!c.xp) {
        rc = qf__oom();
    } else {
        XML_SetUserData(c.xp, &c);
        XML_SetElementHandler(c.xp, on_start, on_end);
        XML_SetCharacterDataHandler(c.xp, on_text);
        XML_SetStartDoctypeDeclHandler(c.xp, on_doctype);
        XML_SetEntityDeclHandler(c.xp, on_entity);
        rc = read_part(&c, p, part, zf);
        XML_ParserFree(c.xp);
    }
    free(c.attrs);
    zip_fclose(zf);
    return rc;
}
