/*
 * Where a table goes: choosing the format, opening the file under a temporary name and
 * renaming it on success, streams, and freeing what is left after a failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "table_internal.h"

static const struct {
    const char *name;
    qf_table_format format;
} FORMAT_NAMES[] = {
    {"text", QF_TABLE_TEXT},   {"txt", QF_TABLE_TEXT},  {"markdown", QF_TABLE_MARKDOWN},
    {"md", QF_TABLE_MARKDOWN}, {"csv", QF_TABLE_CSV},   {"json", QF_TABLE_JSON},
    {"xlsx", QF_TABLE_XLSX},   {"html", QF_TABLE_HTML}, {"htm", QF_TABLE_HTML},
};

int qf_table_format_parse(qf_table_format *out, const char *name)
{
    for (size_t i = 0; name && i < sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0]; i++)
        if (strcasecmp(name, FORMAT_NAMES[i].name) == 0) {
            *out = FORMAT_NAMES[i].format;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("format '%.40s' is unknown (text, markdown, csv, json, xlsx, html)"),
                   name ? name : "");
}

const char *qf_table_format_name(qf_table_format f)
{
    static const char *const names[] = {"auto", "text", "markdown", "csv", "json", "xlsx", "html"};
    return (unsigned)f <= QF_TABLE_HTML ? names[f] : "?";
}

int qf_table_format_from_path(qf_table_format *out, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dot = path ? strrchr(slash ? slash : path, '.') : NULL;
    if (!dot || !dot[1] || qf_table_format_parse(out, dot + 1) != QF_OK)
        return qf__err(QF_EINVALID,
                       _("%s: cannot tell the format from the extension (use .txt, .md, .csv, "
                         ".json, .xlsx or .html)"),
                       path ? path : "");
    return QF_OK;
}

static const qf__renderer *renderer_for(qf_table_format f)
{
    switch (f) {
    case QF_TABLE_TEXT:
        return &qf__render_text;
    case QF_TABLE_MARKDOWN:
        return &qf__render_markdown;
    case QF_TABLE_CSV:
        return &qf__render_csv;
    case QF_TABLE_JSON:
        return &qf__render_json;
    case QF_TABLE_XLSX:
        return &qf__render_xlsx;
    case QF_TABLE_HTML:
        return &qf__render_html;
    case QF_TABLE_AUTO:
    default:
        return NULL;
    }
}

int qf__table_io_check(qf_table *t)
{
    if (t->out && ferror(t->out))
        return qf__err(QF_ERROR, _("%s: write error (%s)"), t->path ? t->path : _("report"),
                       strerror(errno));
    return QF_OK;
}

/* The table is described and has columns: an output may be opened. */
static int describable(qf_table *t)
{
    if (t->state != QF__DESCRIBE)
        return qf__err(QF_EINVALID, "%s", _("table: the output is already open"));
    if (!t->ncols)
        return qf__err(QF_EINVALID, "%s", _("table: add columns before opening the output"));
    return QF_OK;
}

/* A private temporary file "<dir>/<base>.XXXXXX"; its name goes to t->tmp_path. */
static int make_temp(qf_table *t, const char *base, FILE **out)
{
    size_t n = strlen(base) + 8;
    t->tmp_path = malloc(n);
    if (!t->tmp_path)
        return qf__oom();
    snprintf(t->tmp_path, n, "%s.XXXXXX", base);
    int fd = mkstemp(t->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(t->tmp_path);
        t->tmp_path = NULL;
        return qf__err(e == ENOENT ? QF_ENOTFOUND : QF_ERROR, _("%s: cannot create (%s)"), base,
                       strerror(e));
    }
    if (!out) {
        close(fd);
        return QF_OK;
    }
    *out = fdopen(fd, "wb");
    if (!*out) {
        close(fd);
        return qf__err(QF_ERROR, _("%s: cannot create (%s)"), base, strerror(errno));
    }
    return QF_OK;
}

int qf__table_output_open(qf_table *t, const char *path, FILE *stream,
                          const qf_table_output_options *opts, qf_table_format f)
{
    if (opts && opts->version != QF_TABLE_OUTPUT_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("output options: use QF_TABLE_OUTPUT_OPTIONS_INIT to initialise them"));
    const qf__renderer *r = renderer_for(f);
    if (!r)
        return qf__err(QF_EINVALID, _("table: format %d is unknown"), (int)f);
    qf_table_output_options def = QF_TABLE_OUTPUT_OPTIONS_INIT;
    t->oopts = opts ? *opts : def;
    t->oopts.tmpdir = NULL; /* copied below so the caller's string may go */
    if (opts && opts->tmpdir && !(t->oopts.tmpdir = qf__strdup(opts->tmpdir)))
        return qf__oom();
    t->r = r;
    t->format = f;
    int rc;
    struct stat sb;
    if (path && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        /* /dev/stdout, /dev/null, a FIFO: written in place, never renamed over (as root, a
         * rename would replace the device itself) */
        FILE *dev = fopen(path, "wb");
        if (!dev)
            return qf__err(QF_ESYSTEM, _("%s: cannot write (%s)"), path, strerror(errno));
        int rc2 = qf__table_output_open(t, NULL, dev, opts, f);
        if (t->out == dev)
            t->own_out = true;
        else if (t->stream == dev)
            t->own_stream = true;
        else
            fclose(dev);
        return rc2;
    }
    if (path) {
        t->path = qf__strdup(path);
        if (!t->path)
            return qf__oom();
        /* write next to the target and rename at the end: same file system, atomic */
        rc = make_temp(t, path, f == QF_TABLE_XLSX ? NULL : &t->out);
        if (rc)
            return rc;
        t->own_out = t->out != NULL;
    } else if (f == QF_TABLE_XLSX) {
        /* libxlsxwriter writes a named file: spool there, copy to the stream at the end */
        const char *dir = t->oopts.tmpdir ? t->oopts.tmpdir : getenv("TMPDIR");
        char base[4096];
        snprintf(base, sizeof base, "%s/qufa-report", dir && *dir ? dir : "/tmp");
        rc = make_temp(t, base, NULL);
        if (rc)
            return rc;
        t->stream = stream;
    } else {
        t->out = stream;
    }
    return QF_OK;
}

static int begin(qf_table *t)
{
    t->state = QF__OPEN;
    int rc = t->r->begin ? t->r->begin(t) : QF_OK;
    if (!rc)
        rc = qf__table_io_check(t);
    if (rc)
        t->state = QF__FAILED;
    return rc;
}

int qf_table_open(qf_table *t, const char *path, const qf_table_output_options *opts)
{
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("table: output file name required"));
    qf_table_format f = opts ? opts->format : QF_TABLE_AUTO;
    if (f == QF_TABLE_AUTO && qf_table_format_from_path(&f, path) != QF_OK)
        return qf_error_last_code();
    int rc = describable(t);
    if (!rc)
        rc = qf__table_output_open(t, path, NULL, opts, f);
    if (rc) {
        qf__table_output_reset(t);
        return rc;
    }
    return begin(t);
}

int qf_table_open_stream(qf_table *t, FILE *out, const qf_table_output_options *opts)
{
    if (!out)
        return qf__err(QF_EINVALID, "%s", _("table: output stream required"));
    if (!opts || opts->format == QF_TABLE_AUTO)
        return qf__err(QF_EINVALID, "%s", _("table: a stream needs an explicit format"));
    int rc = describable(t);
    if (!rc)
        rc = qf__table_output_open(t, NULL, out, opts, opts->format);
    if (rc) {
        qf__table_output_reset(t);
        return rc;
    }
    return begin(t);
}

/* Copies the finished XLSX spool to the caller's stream. */
static int copy_spool(qf_table *t)
{
    FILE *in = fopen(t->tmp_path, "rb");
    if (!in)
        return qf__err(QF_ERROR, _("%s: cannot read back (%s)"), t->tmp_path, strerror(errno));
    char buf[65536];
    size_t n;
    errno = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, t->stream) != n)
            break;
    if (!ferror(in) && !ferror(t->stream))
        fflush(t->stream);
    int e = errno;
    int bad = ferror(in) || ferror(t->stream);
    fclose(in);
    if (bad)
        return qf__err(QF_ESYSTEM, _("report: write error while copying the workbook (%s)"),
                       strerror(e ? e : EIO));
    return QF_OK;
}

int qf__table_output_finish(qf_table *t)
{
    int rc = qf__table_io_check(t);
    if (!rc && t->out && fflush(t->out) != 0)
        rc = qf__err(QF_ERROR, _("%s: write error (%s)"), t->path ? t->path : _("report"),
                     strerror(errno));
    if (!rc && t->own_out) {
        int closed = fclose(t->out);
        t->out = NULL;
        t->own_out = false;
        if (closed != 0)
            rc = qf__err(QF_ERROR, _("%s: write error (%s)"), t->path, strerror(errno));
    }
    if (!rc && t->stream)
        rc = copy_spool(t);
    if (t->own_stream) {
        if (fclose(t->stream) != 0 && !rc)
            rc = qf__err(QF_ESYSTEM, _("%s: write error (%s)"), _("report"), strerror(errno));
        t->stream = NULL;
        t->own_stream = false;
    }
    if (!rc && t->path && rename(t->tmp_path, t->path) != 0)
        rc = qf__err(QF_ERROR, _("%s: cannot rename the finished file (%s)"), t->path,
                     strerror(errno));
    if (rc)
        return rc;
    if (t->stream)
        unlink(t->tmp_path);
    free(t->tmp_path);
    t->tmp_path = NULL;
    return QF_OK;
}

int qf_table_close(qf_table *t)
{
    int rc = qf__table_finish_rows(t);
    if (!rc)
        rc = qf__table_output_finish(t);
    if (rc) {
        if (rc == QF_ERROR)
            t->state = QF__FAILED;
        return rc;
    }
    t->state = QF__CLOSED;
    return QF_OK;
}

void qf__table_output_reset(qf_table *t)
{
    if (t->r && t->r->discard)
        t->r->discard(t);
    if (t->own_out && t->out)
        fclose(t->out);
    t->out = NULL;
    t->own_out = false;
    if (t->own_stream && t->stream)
        fclose(t->stream);
    t->own_stream = false;
    t->stream = NULL;
    if (t->tmp_path)
        unlink(t->tmp_path); /* an output never finished: nothing half-written stays */
    free(t->tmp_path);
    t->tmp_path = NULL;
    free(t->path);
    t->path = NULL;
    free((char *)t->oopts.tmpdir);
    t->oopts.tmpdir = NULL;
}

void qf_table_free(qf_table *t)
{
    if (!t)
        return;
    qf__table_output_reset(t);
    qf__table_release(t);
}
