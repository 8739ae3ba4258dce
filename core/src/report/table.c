/*
 * Report tables: the description (columns, charts), the row state machine, validation of
 * values against their columns, running totals. Rendering is in table_<format>.c, opening
 * and closing files in table_output.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "table_internal.h"

/* A table that hit an I/O error refuses further work with the same code. */
static int check_usable(qf_table *t)
{
    if (t->state == QF__FAILED)
        return qf__err(QF_ERROR, "%s", _("table: output failed earlier; the report is incomplete"));
    return QF_OK;
}

int qf_table_new(qf_table **out, const qf_table_options *opts)
{
    *out = NULL;
    if (!opts)
        return qf__err(QF_EINVALID, "%s", _("table: options with a title are required"));
    int rc = qf__check_text("table title", opts->title, true, 400);
    if (!rc)
        rc = qf__check_text("table subtitle", opts->subtitle, false, 400);
    if (!rc)
        rc = qf__check_text("table notes", opts->notes, false, 8000);
    if (rc)
        return rc;
    qf_table *t = calloc(1, sizeof *t);
    if (!t)
        return qf__oom();
    t->title = qf__strdup(opts->title);
    t->subtitle = opts->subtitle && *opts->subtitle ? qf__strdup(opts->subtitle) : NULL;
    t->notes = opts->notes && *opts->notes ? qf__strdup(opts->notes) : NULL;
    if (!t->title || (opts->subtitle && *opts->subtitle && !t->subtitle) ||
        (opts->notes && *opts->notes && !t->notes)) {
        qf_table_free(t);
        return qf__oom();
    }
    *out = t;
    return QF_OK;
}

static int describing(qf_table *t, const char *what)
{
    if (t->state != QF__DESCRIBE)
        return qf__err(QF_EINVALID, _("table: %s must be added before the output is opened"), what);
    return QF_OK;
}

static bool numeric(qf_col_type type)
{
    return type == QF_COL_INTEGER || type == QF_COL_NUMBER || type == QF_COL_PERCENT;
}

static int find_column(const qf__colset *t, const char *key, size_t *index)
{
    for (size_t i = 0; key && i < t->ncols; i++)
        if (strcmp(t->cols[i].key, key) == 0) {
            *index = i;
            return QF_OK;
        }
    return QF_ENOTFOUND;
}

static int check_column(const qf__colset *t, const qf_column *c)
{
    if (!c || c->version != QF_COLUMN_VERSION)
        return qf__err(QF_EINVALID, "%s", _("column: use QF_COLUMN_INIT to initialise it"));
    int rc = qf__check_code("column key", c->key);
    if (!rc)
        rc = qf__check_text("column title", c->title, true, 200);
    if (rc)
        return rc;
    size_t dup;
    if (find_column(t, c->key, &dup) == QF_OK)
        return qf__err(QF_EEXISTS, _("column '%s': the key is used twice"), c->key);
    if ((unsigned)c->type > QF_COL_BOOL)
        return qf__err(QF_EINVALID, _("column '%s': unknown type %d"), c->key, (int)c->type);
    if ((unsigned)c->align > QF_ALIGN_RIGHT)
        return qf__err(QF_EINVALID, _("column '%s': unknown alignment %d"), c->key, (int)c->align);
    if (c->width < 0 || c->width > 200)
        return qf__err(QF_EINVALID, _("column '%s': width %d is out of range (0 to 200)"), c->key,
                       c->width);
    if (c->decimals < -1 || c->decimals > 10)
        return qf__err(QF_EINVALID, _("column '%s': decimals %d is out of range (0 to 10)"), c->key,
                       c->decimals);
    if ((unsigned)c->total > QF_TOTAL_AVG)
        return qf__err(QF_EINVALID, _("column '%s': unknown total %d"), c->key, (int)c->total);
    if ((c->total == QF_TOTAL_SUM || c->total == QF_TOTAL_AVG) && !numeric(c->type))
        return qf__err(QF_EINVALID,
                       _("column '%s': a sum or average needs an integer, number or percent "
                         "column, not %s"),
                       c->key, _(qf__col_type_name(c->type)));
    if (t->ncols >= QF__MAX_COLUMNS)
        return qf__err(QF_EINVALID, _("table: more than %d columns"), QF__MAX_COLUMNS);
    return QF_OK;
}

static qf_align default_align(qf_col_type type)
{
    if (numeric(type))
        return QF_ALIGN_RIGHT;
    return type == QF_COL_BOOL ? QF_ALIGN_CENTER : QF_ALIGN_LEFT;
}

/* The columns in use are the table's own while it is described. */
static void use_base(qf_table *t)
{
    t->cols = t->base.cols;
    t->ncols = t->base.ncols;
    t->charts = t->base.charts;
    t->ncharts = t->base.ncharts;
}

void qf__table_use(qf_table *t, const qf__section *s)
{
    const qf__colset *cs = s && s->own ? s->own : &t->base;
    t->cols = cs->cols;
    t->ncols = cs->ncols;
    t->charts = cs->charts;
    t->ncharts = cs->ncharts;
}

static int colset_add_column(qf__colset *t, const qf_column *c)
{
    int rc = check_column(t, c);
    if (rc)
        return rc;
    if (t->ncols == t->cols_cap) {
        size_t cap = t->cols_cap ? t->cols_cap * 2 : 8;
        qf__col *p = realloc(t->cols, cap * sizeof *p);
        if (!p)
            return qf__oom();
        t->cols = p;
        t->cols_cap = cap;
    }
    qf__col *col = &t->cols[t->ncols];
    memset(col, 0, sizeof *col);
    col->key = qf__strdup(c->key);
    col->title = qf__strdup(c->title);
    if (!col->key || !col->title) {
        free(col->key);
        free(col->title);
        return qf__oom();
    }
    col->type = c->type;
    col->width = c->width;
    col->align = c->align == QF_ALIGN_AUTO ? default_align(c->type) : c->align;
    col->total = c->total;
    col->decimals = c->decimals >= 0 ? c->decimals : c->type == QF_COL_PERCENT ? 1 : 2;
    t->ncols++;
    return QF_OK;
}

int qf_table_add_column(qf_table *t, const qf_column *c)
{
    int rc = describing(t, _("columns"));
    if (!rc)
        rc = colset_add_column(&t->base, c);
    use_base(t);
    return rc;
}

static int colset_add_chart(qf__colset *t, const qf_chart *ch, bool per_section)
{
    int rc;
    if (!ch || ch->version != QF_CHART_VERSION)
        return qf__err(QF_EINVALID, "%s", _("chart: use QF_CHART_INIT to initialise it"));
    if ((unsigned)ch->kind > QF_CHART_LINE)
        return qf__err(QF_EINVALID, _("chart: unknown kind %d"), (int)ch->kind);
    rc = qf__check_text("chart title", ch->title, true, 200);
    if (rc)
        return rc;
    qf__chart c = {.kind = ch->kind, .per_section = ch->per_section || per_section};
    if (find_column(t, ch->category, &c.category) != QF_OK)
        return qf__err(QF_ENOTFOUND, _("chart '%s': category column '%s' does not exist"),
                       ch->title, ch->category ? ch->category : "");
    for (size_t i = 0; ch->values && ch->values[i]; i++) {
        if (c.nvalues == QF_CHART_MAX_SERIES)
            return qf__err(QF_EINVALID, _("chart '%s': more than %d value columns"), ch->title,
                           QF_CHART_MAX_SERIES);
        size_t col;
        if (find_column(t, ch->values[i], &col) != QF_OK)
            return qf__err(QF_ENOTFOUND, _("chart '%s': value column '%s' does not exist"),
                           ch->title, ch->values[i]);
        if (!numeric(t->cols[col].type))
            return qf__err(QF_EINVALID,
                           _("chart '%s': value column '%s' is %s, not integer, number or "
                             "percent"),
                           ch->title, ch->values[i], _(qf__col_type_name(t->cols[col].type)));
        c.values[c.nvalues++] = col;
    }
    if (!c.nvalues)
        return qf__err(QF_EINVALID, _("chart '%s': at least one value column is required"),
                       ch->title);
    qf__chart *p = realloc(t->charts, (t->ncharts + 1) * sizeof *p);
    if (!p)
        return qf__oom();
    t->charts = p;
    c.title = qf__strdup(ch->title);
    if (!c.title)
        return qf__oom();
    t->charts[t->ncharts++] = c;
    return QF_OK;
}

int qf_table_add_chart(qf_table *t, const qf_chart *ch)
{
    int rc = describing(t, _("charts"));
    if (!rc)
        rc = colset_add_chart(&t->base, ch, false);
    use_base(t);
    return rc;
}

static void colset_free(qf__colset *cs)
{
    if (!cs)
        return;
    for (size_t i = 0; i < cs->ncols; i++) {
        free(cs->cols[i].key);
        free(cs->cols[i].title);
    }
    free(cs->cols);
    for (size_t i = 0; i < cs->ncharts; i++)
        free(cs->charts[i].title);
    free(cs->charts);
}

/* --- sections --- */

static void section_free(qf__section *s)
{
    if (!s)
        return;
    colset_free(s->own);
    free(s->own);
    free(s->title);
    free(s->acc);
    free(s->rows);
    free(s);
}

/* Appends a section (taking `own`, its columns, or NULL for the table's); streaming renderers
 * keep only the newest (the previous one is done). */
static int section_new(qf_table *t, const char *title, qf__colset *own)
{
    qf__section *s = calloc(1, sizeof *s);
    if (!s) {
        colset_free(own);
        free(own);
        return qf__oom();
    }
    s->own = own;
    size_t ncols = own ? own->ncols : t->base.ncols;
    s->acc = calloc(ncols ? ncols : 1, sizeof *s->acc);
    s->title = title ? qf__strdup(title) : NULL;
    if (!s->acc || (title && !s->title)) {
        section_free(s);
        return qf__oom();
    }
    s->index = t->nsections++;
    if (!t->r->buffered) {
        section_free(t->first);
        t->first = t->last = NULL;
    }
    if (t->last)
        t->last->next = s;
    else
        t->first = s;
    t->last = s;
    qf__table_use(t, s);
    return t->r->buffered || !t->r->section_begin ? QF_OK : t->r->section_begin(t, s);
}

static int fail(qf_table *t, int rc)
{
    if (rc == QF_ERROR)
        t->state = QF__FAILED;
    return rc;
}

static int section_end(qf_table *t)
{
    if (!t->last || t->r->buffered || !t->r->section_end)
        return QF_OK;
    return t->r->section_end(t, t->last);
}

static int rows_allowed(qf_table *t)
{
    int rc = check_usable(t);
    if (rc)
        return rc;
    if (t->state != QF__OPEN)
        return qf__err(QF_EINVALID, "%s",
                       t->state == QF__DESCRIBE ? _("table: open the output before adding rows")
                                                : _("table: already closed"));
    return QF_OK;
}

static int section_allowed(qf_table *t, const char *title)
{
    int rc = rows_allowed(t);
    if (!rc)
        rc = qf__check_text("section title", title, true, 200);
    if (rc)
        return rc;
    if (t->ncell)
        return qf__err(QF_EINVALID, _("section '%s': the row in progress is not finished"), title);
    if (t->last && !t->last->title)
        return qf__err(QF_EINVALID,
                       _("section '%s': rows were already added outside any section; start a "
                         "section before the first row"),
                       title);
    return QF_OK;
}

int qf_table_section(qf_table *t, const char *title)
{
    int rc = section_allowed(t, title);
    if (rc)
        return rc;
    rc = section_end(t);
    if (!rc)
        rc = section_new(t, title, NULL);
    return fail(t, rc);
}

/* The columns and charts of a section, checked like the table's (names in messages say
 * which section). */
static int section_colset(qf__colset **out, const qf_section_options *o)
{
    *out = NULL;
    if (!o->columns)
        return o->ncharts
                   ? qf__err(QF_EINVALID,
                             _("section '%s': charts need columns of the section's own"), o->title)
                   : QF_OK;
    if (!o->ncolumns)
        return qf__err(QF_EINVALID, _("section '%s': an empty list of columns"), o->title);
    qf__colset *cs = calloc(1, sizeof *cs);
    if (!cs)
        return qf__oom();
    int rc = QF_OK;
    for (size_t i = 0; !rc && i < o->ncolumns; i++)
        rc = colset_add_column(cs, &o->columns[i]);
    for (size_t i = 0; !rc && o->charts && i < o->ncharts; i++)
        rc = colset_add_chart(cs, &o->charts[i], true);
    if (rc) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s", qf_error_last());
        colset_free(cs);
        free(cs);
        return qf__err(rc, _("section '%s': %s"), o->title, msg);
    }
    *out = cs;
    return QF_OK;
}

int qf_table_section_with(qf_table *t, const qf_section_options *o)
{
    if (!o || o->version != QF_SECTION_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("section options: use QF_SECTION_OPTIONS_INIT to initialise them"));
    int rc = section_allowed(t, o->title);
    if (rc)
        return rc;
    qf__colset *own = NULL;
    if ((rc = section_colset(&own, o)) != QF_OK)
        return rc;
    rc = section_end(t);
    if (rc) {
        colset_free(own);
        free(own);
        return fail(t, rc);
    }
    return fail(t, section_new(t, o->title, own));
}

/* --- cells --- */

/* "row 3, column 'name'" for messages (rows counted from 1 over the whole table) */
static const char *cell_label(const qf_table *t, size_t col, char *buf, size_t size)
{
    snprintf(buf, size, _("row %lld, column '%s'"), (long long)(t->nrows + 1), t->cols[col].key);
    return buf;
}

static const char *const KIND_NAMES[] = {N_("empty"),  N_("text"), N_("integer"),
                                         N_("number"), N_("date"), N_("bool")};

static int misfit(const qf_table *t, size_t col, qf_cell_kind kind)
{
    char label[256];
    return qf__err(QF_EINVALID, _("%s: a value of type %s does not fit a column of type %s"),
                   cell_label(t, col, label, sizeof label),
                   (unsigned)kind <= QF_CELL_BOOL ? _(KIND_NAMES[kind]) : "?",
                   _(qf__col_type_name(t->cols[col].type)));
}

static int check_text_cell(const qf_table *t, size_t col, const char *s)
{
    char label[256];
    cell_label(t, col, label, sizeof label);
    int rc = qf__check_text(label, s, false, 0);
    if (rc)
        return rc;
    size_t chars = 0;
    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xc0) != 0x80;
    if (chars > QF__MAX_CELL_CHARS)
        return qf__err(QF_EINVALID,
                       _("%s: text of %zu characters is longer than %d (an Excel cell's limit)"),
                       label, chars, QF__MAX_CELL_CHARS);
    return QF_OK;
}

/* Checks `in` against column `col` and converts it to the stored form in `out`. */
static int accept(const qf_table *t, size_t col, const qf_cell *in, qf_cell *out)
{
    const qf__col *c = &t->cols[col];
    *out = *in;
    switch (in->kind) {
    case QF_CELL_EMPTY:
        return QF_OK;
    case QF_CELL_TEXT:
        if (!in->v.text || !*in->v.text) {
            out->kind = QF_CELL_EMPTY;
            return QF_OK;
        }
        if (c->type == QF_COL_DATE) {
            /* dates often arrive as text straight from the database */
            char label[256];
            qf_date d;
            if (qf_date_parse(&d, in->v.text) != QF_OK)
                return qf__err(QF_EINVALID, _("%s: '%.40s' is not a date (expected YYYY-MM-DD)"),
                               cell_label(t, col, label, sizeof label), in->v.text);
            *out = QF_CELL_DATE_VALUE(d);
            return QF_OK;
        }
        if (c->type != QF_COL_TEXT)
            return misfit(t, col, in->kind);
        return check_text_cell(t, col, in->v.text);
    case QF_CELL_INT:
        if (c->type == QF_COL_INTEGER)
            return QF_OK;
        if (c->type == QF_COL_NUMBER || c->type == QF_COL_PERCENT) {
            *out = QF_CELL_NUMBER_VALUE((double)in->v.i);
            return QF_OK;
        }
        return misfit(t, col, in->kind);
    case QF_CELL_NUMBER:
        if (c->type != QF_COL_NUMBER && c->type != QF_COL_PERCENT)
            return misfit(t, col, in->kind);
        if (!isfinite(in->v.number)) {
            char label[256];
            return qf__err(QF_EINVALID, _("%s: not a finite number"),
                           cell_label(t, col, label, sizeof label));
        }
        return QF_OK;
    case QF_CELL_DATE: {
        if (c->type != QF_COL_DATE)
            return misfit(t, col, in->kind);
        if (in->v.date == QF_DATE_NONE) {
            out->kind = QF_CELL_EMPTY;
            return QF_OK;
        }
        int y, m, d;
        qf_date_to_ymd(in->v.date, &y, &m, &d);
        if (y < QF_DATE_MIN_YEAR || y > QF_DATE_MAX_YEAR) {
            char label[256];
            return qf__err(QF_EINVALID, _("%s: date out of range (year %d)"),
                           cell_label(t, col, label, sizeof label), y);
        }
        return QF_OK;
    }
    case QF_CELL_BOOL:
        return c->type == QF_COL_BOOL ? QF_OK : misfit(t, col, in->kind);
    default: {
        char label[256];
        return qf__err(QF_EINVALID, _("%s: unknown cell kind %d"),
                       cell_label(t, col, label, sizeof label), (int)in->kind);
    }
    }
}

/* The row in progress holds a cell for each column in use (sections may have more). */
static int ensure_row(qf_table *t)
{
    if (t->row_cap < t->ncols) {
        qf_cell *row = realloc(t->row, t->ncols * sizeof *row);
        if (!row)
            return qf__oom();
        t->row = row;
        t->row_cap = t->ncols;
    }
    return QF_OK;
}

/* Validates and stores one cell of the row in progress; text is copied. */
static int put_cell(qf_table *t, const qf_cell *in)
{
    int rc = rows_allowed(t);
    if (!rc)
        rc = ensure_row(t);
    if (rc)
        return rc;
    if (t->ncell >= t->ncols)
        return qf__err(QF_EINVALID, _("row %lld: more cells than the %zu columns"),
                       (long long)(t->nrows + 1), t->ncols);
    qf_cell v;
    rc = accept(t, t->ncell, in, &v);
    if (rc)
        return rc;
    if (v.kind == QF_CELL_TEXT) {
        v.v.text = qf__arena_strdup(&t->row_arena, v.v.text);
        if (!v.v.text)
            return qf__oom();
    }
    t->row[t->ncell++] = v;
    return QF_OK;
}

int qf_table_cell_text(qf_table *t, const char *s)
{
    return put_cell(t, &QF_CELL_TEXT_VALUE(s));
}

int qf_table_cell_int(qf_table *t, int64_t v)
{
    return put_cell(t, &QF_CELL_INT_VALUE(v));
}

int qf_table_cell_number(qf_table *t, double v)
{
    return put_cell(t, &QF_CELL_NUMBER_VALUE(v));
}

int qf_table_cell_date(qf_table *t, qf_date d)
{
    return put_cell(t, &QF_CELL_DATE_VALUE(d));
}

int qf_table_cell_bool(qf_table *t, bool b)
{
    return put_cell(t, &QF_CELL_BOOL_VALUE(b));
}

int qf_table_cell_empty(qf_table *t)
{
    return put_cell(t, &QF_CELL_EMPTY_VALUE);
}

/* Refuses a row that would make an integer total overflow (checked before it is written). */
static int check_overflow(const qf_table *t, const qf__section *s, const qf_cell *cells)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (cells[i].kind != QF_CELL_INT)
            continue;
        int64_t x = cells[i].v.i, sum = s->acc[i].isum;
        if ((x > 0 && sum > INT64_MAX - x) || (x < 0 && sum < INT64_MIN - x))
            return qf__err(QF_EINVALID, _("column '%s': the total overflows"), t->cols[i].key);
    }
    return QF_OK;
}

/* Adds a written row to the section's running totals. */
static void accumulate(const qf_table *t, qf__section *s, const qf_cell *cells)
{
    for (size_t i = 0; i < t->ncols; i++) {
        const qf_cell *v = &cells[i];
        qf__acc *a = &s->acc[i];
        if (v->kind == QF_CELL_EMPTY)
            continue;
        a->nvalues++;
        if (v->kind == QF_CELL_INT)
            a->isum += v->v.i;
        else if (v->kind == QF_CELL_NUMBER)
            a->sum += v->v.number;
        if (v->kind != QF_CELL_BOOL || v->v.b)
            a->count++;
    }
}

static void drop_row(qf_table *t)
{
    t->ncell = 0;
    qf__arena_reset(&t->row_arena);
}

/* Keeps a copy of the row for a buffered renderer. */
static int keep_row(qf_table *t, qf__section *s, const qf_cell *cells)
{
    if ((size_t)s->nrows == s->rows_cap) {
        size_t cap = s->rows_cap ? s->rows_cap * 2 : 64;
        qf_cell **p = realloc(s->rows, cap * sizeof *p);
        if (!p)
            return qf__oom();
        s->rows = p;
        s->rows_cap = cap;
    }
    qf_cell *copy = qf__arena_alloc(&t->doc_arena, t->ncols * sizeof *copy);
    if (!copy)
        return qf__oom();
    for (size_t i = 0; i < t->ncols; i++) {
        copy[i] = cells[i];
        if (cells[i].kind == QF_CELL_TEXT &&
            !(copy[i].v.text = qf__arena_strdup(&t->doc_arena, cells[i].v.text)))
            return qf__oom();
    }
    s->rows[s->nrows] = copy;
    return QF_OK;
}

int qf_table_row_end(qf_table *t)
{
    int rc = rows_allowed(t);
    if (!rc)
        rc = ensure_row(t);
    if (rc)
        return rc;
    for (size_t i = t->ncell; i < t->ncols; i++)
        t->row[i].kind = QF_CELL_EMPTY;
    if (!t->last && (rc = section_new(t, NULL, NULL)) != QF_OK)
        return fail(t, rc);
    qf__section *s = t->last;
    rc = check_overflow(t, s, t->row);
    if (!rc)
        rc = t->r->buffered ? keep_row(t, s, t->row) : t->r->row(t, s, t->row);
    if (rc) {
        /* the row is rejected whole and left out of the totals; unless the output failed,
         * the table goes on */
        drop_row(t);
        return fail(t, rc);
    }
    accumulate(t, s, t->row);
    s->nrows++;
    t->nrows++;
    drop_row(t);
    return QF_OK;
}

int qf_table_add_row(qf_table *t, const qf_cell *cells, size_t n)
{
    int rc = rows_allowed(t);
    if (rc)
        return rc;
    if (t->ncell)
        return qf__err(QF_EINVALID, _("row %lld: a row is already in progress cell by cell"),
                       (long long)(t->nrows + 1));
    if (n > t->ncols)
        return qf__err(QF_EINVALID, _("row %lld: %zu cells for %zu columns"),
                       (long long)(t->nrows + 1), n, t->ncols);
    /* put_cell validates each value; the first bad one drops the whole row */
    for (size_t i = 0; i < n; i++)
        if ((rc = put_cell(t, &cells[i])) != QF_OK) {
            drop_row(t);
            return rc;
        }
    return qf_table_row_end(t);
}

/* --- close and free (opening is in table_output.c) --- */

int qf__table_finish_rows(qf_table *t)
{
    int rc = rows_allowed(t);
    if (rc)
        return rc;
    if (t->ncell)
        return qf__err(QF_EINVALID,
                       _("row %lld: the row in progress is not finished "
                         "(qf_table_row_end)"),
                       (long long)(t->nrows + 1));
    /* a table without rows still shows its header */
    if (!t->last && (rc = section_new(t, NULL, NULL)) != QF_OK)
        return fail(t, rc);
    rc = section_end(t);
    if (!rc)
        rc = t->r->finish(t);
    return fail(t, rc);
}

size_t qf_table_column_count(const qf_table *t)
{
    return t ? t->base.ncols : 0;
}

int64_t qf_table_row_count(const qf_table *t)
{
    return t ? t->nrows : 0;
}

void qf__table_release(qf_table *t)
{
    for (qf__section *s = t->first, *next; s; s = next) {
        next = s->next;
        section_free(s);
    }
    t->first = t->last = NULL;
    colset_free(&t->base);
    free(t->row);
    qf__arena_free(&t->row_arena);
    qf__arena_free(&t->doc_arena);
    free(t->title);
    free(t->subtitle);
    free(t->notes);
    free(t);
}
