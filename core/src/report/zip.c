/*
 * Zip packages through libzip: built in memory (a .docx is small; an archive's files are
 * already in memory as blobs from the database) and written whole by qf_file_write, and read
 * back within fixed limits (a .docx skeleton).
 *
 * The archive is built in a libzip buffer source rather than written by libzip to the path:
 * libzip would give the file the mode umask allows, and the records are personal data (0600).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include "internal.h"
#include "qufa/package.h"
#include "zip_internal.h"

/* 1980-01-01 00:00 local time, the first moment a zip can date, for entries without a time:
 * the same input then gives the same bytes. */
static time_t entry_time(qf_datetime t)
{
    struct tm tm = {0};
    if (t == QF_DATETIME_NONE) {
        tm.tm_year = 80;
        tm.tm_mday = 1;
    } else {
        char buf[17];
        qf_datetime_format(t, buf);
        int y = 0, mo = 0, d = 0, h = 0, mi = 0;
        if (sscanf(buf, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) != 5 || y < 1980)
            return entry_time(QF_DATETIME_NONE);
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
    }
    tm.tm_isdst = -1;
    return mktime(&tm);
}

/* A relative path with '/' between non-empty parts, none of them "." or "..", and no
 * character that would be read as something else by an unzip tool. */
static bool safe_name(const char *name)
{
    if (!name || !*name || name[0] == '/' || strlen(name) > 1000)
        return false;
    const char *part = name;
    for (const char *p = name;; p++) {
        if (*p == '/' || *p == '\0') {
            size_t n = (size_t)(p - part);
            if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.'))
                return false;
            if (*p == '\0')
                break;
            part = p + 1;
        } else if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') {
            return false;
        }
    }
    return qf__utf8_valid(name, strlen(name), NULL);
}

static int zip_fail(const char *what, zip_error_t *ze)
{
    int rc = qf__err(QF_ERROR, _("zip: %s (%s)"), what, zip_error_strerror(ze));
    zip_error_fini(ze);
    return rc;
}

/* Reads the whole of a buffer source that libzip has just written. */
static int read_source(void **out, size_t *out_len, zip_source_t *src)
{
    zip_stat_t st;
    if (zip_source_open(src) != 0)
        return zip_fail(_("cannot read the archive back"), zip_source_error(src));
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        zip_source_close(src);
        return zip_fail(_("cannot read the archive back"), zip_source_error(src));
    }
    unsigned char *buf = malloc(st.size ? st.size : 1);
    if (!buf) {
        zip_source_close(src);
        return qf__oom();
    }
    zip_int64_t got = zip_source_read(src, buf, st.size);
    zip_source_close(src);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return qf__err(QF_ERROR, "%s", _("zip: cannot read the archive back"));
    }
    *out = buf;
    *out_len = (size_t)st.size;
    return QF_OK;
}

int qf_zip_build(void **out, size_t *out_len, const qf_zip_entry *entries, size_t n)
{
    *out = NULL;
    *out_len = 0;
    if (!n || !entries)
        return qf__err(QF_EINVALID, "%s", _("zip: there is nothing to put in the archive"));
    for (size_t i = 0; i < n; i++) {
        if (!safe_name(entries[i].name))
            return qf__err(QF_EINVALID,
                           _("zip: '%s' cannot be a name in an archive (a relative path, '/' "
                             "between its parts, no '..', no backslash or control character)"),
                           entries[i].name ? entries[i].name : "");
        if (!entries[i].data && entries[i].len)
            return qf__err(QF_EINVALID, _("zip: %s has no data"), entries[i].name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(entries[i].name, entries[j].name) == 0)
                return qf__err(QF_EINVALID, _("zip: %s is in the archive twice"),
                               entries[i].name);
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        return zip_fail(_("cannot start an archive"), &ze);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        return zip_fail(_("cannot start an archive"), &ze);
    }
    zip_source_keep(src); /* it holds the archive once zip_close has written it */
    int rc = QF_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        const qf_zip_entry *e = &entries[i];
        zip_source_t *part = zip_source_buffer(za, e->len ? e->data : "", e->len, 0);
        zip_int64_t idx = part ? zip_file_add(za, e->name, part, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(part);
            rc = qf__err(QF_ERROR, _("zip: cannot add %s (%s)"), e->name, zip_strerror(za));
        } else if (zip_file_set_mtime(za, (zip_uint64_t)idx, entry_time(e->mtime), 0) != 0 ||
                   zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) != 0) {
            rc = qf__err(QF_ERROR, _("zip: cannot add %s (%s)"), e->name, zip_strerror(za));
        }
    }
    if (rc) {
        zip_discard(za);
        zip_source_free(src);
        return rc;
    }
    if (zip_close(za) != 0) {
        rc = qf__err(QF_ERROR, _("zip: cannot finish the archive (%s)"), zip_strerror(za));
        zip_discard(za);
        zip_source_free(src);
        return rc;
    }
    rc = read_source(out, out_len, src);
    zip_source_free(src);
    return rc;
}

int qf_zip_write(const char *path, const qf_zip_entry *entries, size_t n)
{
    void *zip = NULL;
    size_t len = 0;
    int rc = qf_zip_build(&zip, &len, entries, n);
    if (rc)
        return rc;
    rc = qf_file_write(path, zip, len);
    free(zip);
    return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

void qf__zip_parts_free(qf__zip_part *parts, size_t n)
{
    for (size_t i = 0; parts && i < n; i++) {
        free(parts[i].name);
        free(parts[i].data);
    }
    free(parts);
}

/* One entry, read within what is left of the limits: its header's size is not trusted. */
static int read_entry(qf__zip_part *p, zip_t *za, zip_uint64_t i, const char *what,
                      size_t *total)
{
    zip_file_t *f = zip_fopen_index(za, i, 0);
    if (!f)
        return qf__err(QF_EINVALID, _("%s: cannot read %s (%s)"), what, p->name,
                       zip_strerror(za));
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    int rc = buf ? QF_OK : qf__oom();
    while (!rc) {
        if (len == cap) {
            if (cap >= QF_ZIP_MAX_PART) {
                rc = qf__err(QF_EINVALID, _("%s: %s is larger than %d bytes"), what, p->name,
                             QF_ZIP_MAX_PART);
                break;
            }
            cap *= 2;
            unsigned char *b = realloc(buf, cap);
            if (!b) {
                rc = qf__oom();
                break;
            }
            buf = b;
        }
        zip_int64_t got = zip_fread(f, buf + len, cap - len);
        if (got < 0)
            rc = qf__err(QF_EINVALID, _("%s: cannot read %s (%s)"), what, p->name,
                         zip_file_strerror(f));
        else if (got == 0)
            break;
        else
            len += (size_t)got;
        if (!rc && *total + len > QF_ZIP_MAX_TOTAL)
            rc = qf__err(QF_EINVALID, _("%s: its files add up to more than %d bytes"), what,
                         QF_ZIP_MAX_TOTAL);
    }
    zip_fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    p->data = buf;
    p->len = len;
    *total += len;
    return QF_OK;
}

int qf__zip_read(qf__zip_part **out, size_t *out_n, const void *zip, size_t len,
                 const char *what)
{
    *out = NULL;
    *out_n = 0;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return qf__oom();
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        int rc = qf__err(QF_EINVALID, _("%s: not a zip package (%s)"), what,
                         zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(src);
        return rc;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(za, 0);
    int rc = QF_OK;
    if (n > QF_ZIP_MAX_ENTRIES)
        rc = qf__err(QF_EINVALID, _("%s: more than %d files in the package"), what,
                     QF_ZIP_MAX_ENTRIES);
    qf__zip_part *parts = NULL;
    size_t count = 0, total = 0;
    if (!rc && n > 0 && !(parts = calloc((size_t)n, sizeof *parts)))
        rc = qf__oom();
    for (zip_int64_t i = 0; !rc && i < n; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
        if (!name) {
            rc = qf__err(QF_EINVALID, _("%s: cannot read %s (%s)"), what, "?", zip_strerror(za));
            break;
        }
        size_t nl = strlen(name);
        if (nl && name[nl - 1] == '/')
            continue; /* a folder entry: the parts' names say everything */
        qf__zip_part *p = &parts[count];
        if (!(p->name = qf__strdup(name))) {
            rc = qf__oom();
            break;
        }
        count++;
        rc = read_entry(p, za, (zip_uint64_t)i, what, &total);
    }
    zip_discard(za); /* also frees the source */
    if (rc) {
        qf__zip_parts_free(parts, count);
        return rc;
    }
    *out = parts;
    *out_n = count;
    return QF_OK;
}
