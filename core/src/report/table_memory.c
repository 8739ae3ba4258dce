/*
 * Tables kept in memory (qf_table_open_memory) and rendered afterwards (qf_table_write): the
 * "memory" renderer only keeps rows, like the buffered renderers do; writing replays the
 * kept sections through the renderer of the chosen format, then forgets that output, so the
 * same rows can be written again in another format.
 */
#include <stdlib.h>
#include "table_internal.h"

static int keep_only(qf_table *t)
{
    (void)t;
    return QF_OK;
}

const qf__renderer qf__render_memory = {true, NULL, NULL, NULL, NULL, keep_only, NULL};

int qf_table_open_memory(qf_table *t)
{
    if (t->state != QF__DESCRIBE)
        return qf__err(QF_EINVALID, "%s", _("table: the output is already open"));
    if (!t->ncols)
        return qf__err(QF_EINVALID, "%s", _("table: add columns before opening the output"));
    t->r = &qf__render_memory;
    t->format = QF_TABLE_AUTO;
    t->memory = true;
    t->state = QF__OPEN;
    return QF_OK;
}

/* Runs the kept sections through the renderer of the output just opened. */
static int replay(qf_table *t)
{
    const qf__renderer *r = t->r;
    qf__table_use(t, NULL);
    int rc = r->begin ? r->begin(t) : QF_OK;
    if (!rc)
        rc = qf__table_io_check(t);
    if (rc || r->buffered)
        return rc ? rc : r->finish(t);
    for (const qf__section *s = t->first; !rc && s; s = s->next) {
        qf__table_use(t, s);
        if (r->section_begin)
            rc = r->section_begin(t, s);
        for (int64_t i = 0; !rc && i < s->nrows; i++)
            rc = r->row(t, s, s->rows[i]);
        if (!rc && r->section_end)
            rc = r->section_end(t, s);
        if (!rc)
            rc = qf__table_io_check(t);
    }
    qf__table_use(t, NULL);
    return rc ? rc : r->finish(t);
}

static int write(qf_table *t, const char *path, FILE *stream, const qf_table_output_options *o)
{
    if (!t->memory)
        return qf__err(QF_EINVALID, "%s",
                       _("table: only a table kept in memory (qf_table_open_memory) can be "
                         "written afterwards"));
    if (t->state != QF__CLOSED)
        return qf__err(QF_EINVALID, "%s", _("table: close the table before writing it"));
    qf_table_format f = o ? o->format : QF_TABLE_AUTO;
    if (f == QF_TABLE_AUTO) {
        if (!path)
            return qf__err(QF_EINVALID, "%s", _("table: a stream needs an explicit format"));
        if (qf_table_format_from_path(&f, path) != QF_OK)
            return qf_error_last_code();
    }
    int rc = qf__table_output_open(t, path, stream, o, f);
    if (!rc)
        rc = replay(t);
    if (!rc)
        rc = qf__table_output_finish(t);
    qf__table_output_reset(t);
    t->r = &qf__render_memory;
    t->format = QF_TABLE_AUTO;
    qf__table_use(t, NULL);
    return rc;
}

int qf_table_write(qf_table *t, const char *path, const qf_table_output_options *o)
{
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("table: output file name required"));
    return write(t, path, NULL, o);
}

int qf_table_write_stream(qf_table *t, FILE *out, const qf_table_output_options *o)
{
    if (!out)
        return qf__err(QF_EINVALID, "%s", _("table: output stream required"));
    return write(t, NULL, out, o);
}
