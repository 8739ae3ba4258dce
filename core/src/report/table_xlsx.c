/*
 * Excel renderer through libxlsxwriter in constant_memory mode: each row goes to a temporary
 * file as it comes, so a sheet of any length costs the same memory. One worksheet per
 * section, laid out like a paper ledger (台账): the title, then the subtitle and section
 * name, then a bold filled header row that stays frozen on screen and repeats on every
 * printed page, the rows, and a totals row of live formulas (with their values cached, so
 * viewers that do not calculate still show them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "table_internal.h"

/*
 * libxlsxwriter reports a failure on stderr as well as in its return code
 * ("[ERROR] workbook_close(): … System error = No space left on device"), which put raw lines
 * before qufa's own message. Its calls that can fail run with stderr taken aside (into a
 * temporary file): the lines never reach the user, and the system error they name goes into
 * qufa's one-line message. (stderr is the process's: another thread writing to it at that
 * moment would be taken aside too.)
 */
typedef struct xlsx_quiet {
    int saved; /* the real stderr, or -1 */
    FILE *cap;
} xlsx_quiet;

static void quiet_begin(xlsx_quiet *q)
{
    fflush(stderr);
    q->cap = tmpfile();
    q->saved = q->cap ? dup(STDERR_FILENO) : -1;
    if (q->saved >= 0 && dup2(fileno(q->cap), STDERR_FILENO) < 0) {
        close(q->saved);
        q->saved = -1;
    }
}

/* Restores stderr; `why` gets the system error libxlsxwriter named (or ""). */
static void quiet_end(xlsx_quiet *q, char *why, size_t size)
{
    why[0] = '\0';
    if (q->saved >= 0) {
        fflush(stderr);
        dup2(q->saved, STDERR_FILENO);
        close(q->saved);
    }
    if (!q->cap)
        return;
    rewind(q->cap);
    char line[512];
    while (fgets(line, sizeof line, q->cap)) {
        const char *e = strstr(line, "System error = ");
        if (e) {
            snprintf(why, size, "%s", e + strlen("System error = "));
            why[strcspn(why, "\r\n")] = '\0';
        }
    }
    fclose(q->cap);
}

#define HEADER_FILL 0xDDEBF7
#define MAX_WIDTH 60.0 /* longer text wraps instead of making a column a screen wide */

typedef struct xlsx_state {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *title, *subtitle, *section, *header, *label, *note;
    lxw_format **body;  /* per column in use */
    lxw_format **total; /* per column in use */
    size_t ncols_cap;   /* room in body, total and width */
    bool own_formats;   /* body and total are for a section's own columns */
    lxw_row_t row;      /* next row to write */
    lxw_row_t first_data;
    double *width; /* per column: display columns needed in the current sheet */
    char **names;  /* sheet names used so far */
    size_t nnames;
} xlsx_state;

static int lxw_fail(lxw_error e)
{
    return qf__err(QF_ERROR, _("xlsx: %s"), lxw_strerror(e));
}

/* Excel number formats; one per number of decimals. */
static void fixed_format(char *buf, size_t size, int decimals, bool percent)
{
    snprintf(buf, size, "0%s%.*s%s", decimals ? "." : "", decimals, "0000000000",
             percent ? "%" : "");
}

static lxw_format *cell_format(lxw_workbook *wb, const qf__col *c, qf_total total, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(f, c->align == QF_ALIGN_RIGHT    ? LXW_ALIGN_RIGHT
                        : c->align == QF_ALIGN_CENTER ? LXW_ALIGN_CENTER
                                                      : LXW_ALIGN_LEFT);
    char num[32] = "";
    if (total == QF_TOTAL_COUNT)
        snprintf(num, sizeof num, "0");
    else if (c->type == QF_COL_INTEGER && total != QF_TOTAL_AVG)
        snprintf(num, sizeof num, "0");
    else if (c->type == QF_COL_INTEGER || c->type == QF_COL_NUMBER)
        fixed_format(num, sizeof num, c->decimals, false);
    else if (c->type == QF_COL_PERCENT)
        fixed_format(num, sizeof num, c->decimals, true);
    else if (c->type == QF_COL_DATE)
        snprintf(num, sizeof num, "yyyy-mm-dd");
    if (*num)
        format_set_num_format(f, num);
    if (c->type == QF_COL_TEXT)
        format_set_text_wrap(f);
    if (bold) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_DOUBLE);
    }
    return f;
}

static int make_formats(qf_table *t, xlsx_state *st)
{
    lxw_workbook *wb = st->wb;
    st->title = workbook_add_format(wb);
    st->subtitle = workbook_add_format(wb);
    st->section = workbook_add_format(wb);
    st->header = workbook_add_format(wb);
    st->label = workbook_add_format(wb);
    st->note = workbook_add_format(wb);
    if (!st->title || !st->subtitle || !st->section || !st->header || !st->label || !st->note)
        return qf__oom();
    format_set_bold(st->title);
    format_set_font_size(st->title, 16);
    format_set_font_size(st->subtitle, 11);
    format_set_italic(st->subtitle);
    format_set_bold(st->section);
    format_set_font_size(st->section, 12);
    format_set_bold(st->header);
    format_set_bg_color(st->header, HEADER_FILL);
    format_set_pattern(st->header, LXW_PATTERN_SOLID);
    format_set_border(st->header, LXW_BORDER_THIN);
    format_set_align(st->header, LXW_ALIGN_CENTER);
    format_set_align(st->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(st->header);
    format_set_bold(st->label);
    format_set_border(st->label, LXW_BORDER_THIN);
    format_set_top(st->label, LXW_BORDER_DOUBLE);
    format_set_font_color(st->note, 0x595959);
    return QF_OK;
}

/* Cell formats of the columns in use (the workbook owns them; a section with columns of its
 * own gets its own set). */
static int column_formats(qf_table *t, xlsx_state *st)
{
    if (st->ncols_cap < t->ncols) {
        lxw_format **b = realloc(st->body, t->ncols * sizeof *b);
        if (b)
            st->body = b;
        lxw_format **tt = realloc(st->total, t->ncols * sizeof *tt);
        if (tt)
            st->total = tt;
        double *w = realloc(st->width, t->ncols * sizeof *w);
        if (w)
            st->width = w;
        if (!b || !tt || !w)
            return qf__oom();
        st->ncols_cap = t->ncols;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        st->body[i] = cell_format(st->wb, &t->cols[i], QF_TOTAL_NONE, false);
        st->total[i] = cell_format(st->wb, &t->cols[i], t->cols[i].total, true);
        if (!st->body[i] || !st->total[i])
            return qf__oom();
    }
    return QF_OK;
}

static int begin(qf_table *t)
{
    xlsx_state *st = calloc(1, sizeof *st);
    if (!st)
        return qf__oom();
    t->rstate = st;
    lxw_workbook_options o = {
        .constant_memory = LXW_TRUE, .tmpdir = (char *)t->oopts.tmpdir, .use_zip64 = LXW_TRUE};
    xlsx_quiet q;
    char why[256];
    quiet_begin(&q);
    st->wb = workbook_new_opt(t->tmp_path, &o);
    quiet_end(&q, why, sizeof why);
    if (!st->wb)
        return qf__err(QF_ERROR, _("%s: cannot start the workbook (%s)"),
                       t->path ? t->path : "xlsx", why[0] ? why : "?");
    lxw_doc_properties props = {.title = t->title, .subject = t->subtitle};
    workbook_set_properties(st->wb, &props);
    int rc = make_formats(t, st);
    return rc ? rc : column_formats(t, st);
}

static void widen(xlsx_state *st, size_t col, const char *text)
{
    /* the longest line counts: a cell with line breaks wraps there */
    double w = 0;
    const char *line = text;
    for (;;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char buf[512];
        if (len >= sizeof buf) {
            w = MAX_WIDTH;
            break;
        }
        memcpy(buf, line, len);
        buf[len] = '\0';
        double lw = (double)qf_display_width(buf);
        if (lw > w)
            w = lw;
        if (!nl)
            break;
        line = nl + 1;
    }
    if (w > st->width[col])
        st->width[col] = w;
}

static int remember_name(xlsx_state *st, const char *name)
{
    char **p = realloc(st->names, (st->nnames + 1) * sizeof *p);
    if (!p)
        return qf__oom();
    st->names = p;
    if (!(st->names[st->nnames] = qf__strdup(name)))
        return qf__oom();
    st->nnames++;
    return QF_OK;
}

static void page_setup(qf_table *t, xlsx_state *st)
{
    lxw_worksheet *ws = st->ws;
    worksheet_set_paper(ws, 9); /* A4 */
    if (t->ncols > 6)
        worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0); /* all columns on the page width, as many pages long */
    worksheet_repeat_rows(ws, st->row - 1, st->row - 1);
    worksheet_set_footer(ws, "&C&P / &N");
    worksheet_freeze_panes(ws, st->row, 0);
}

static int section_begin(qf_table *t, const qf__section *s)
{
    xlsx_state *st = t->rstate;
    if (s->own || st->own_formats) {
        int rc = column_formats(t, st);
        if (rc)
            return rc;
        st->own_formats = s->own != NULL;
    }
    char name[QF__SHEET_NAME_SIZE];
    qf__xlsx_sheet_name(name, s->title ? s->title : t->title, st->names, st->nnames);
    int rc = remember_name(st, name);
    if (rc)
        return rc;
    st->ws = workbook_add_worksheet(st->wb, name);
    if (!st->ws)
        return qf__err(QF_ERROR, _("xlsx: cannot add the worksheet '%s'"), name);
    lxw_worksheet *ws = st->ws;
    lxw_error e;
    st->row = 0;
    worksheet_set_row(ws, 0, 24, NULL);
    if ((e = worksheet_write_string(ws, st->row++, 0, t->title, st->title)))
        return lxw_fail(e);
    if (t->subtitle && (e = worksheet_write_string(ws, st->row++, 0, t->subtitle, st->subtitle)))
        return lxw_fail(e);
    if (s->title && (e = worksheet_write_string(ws, st->row++, 0, s->title, st->section)))
        return lxw_fail(e);
    for (size_t i = 0; i < t->ncols; i++) {
        if ((e = worksheet_write_string(ws, st->row, (lxw_col_t)i, t->cols[i].title, st->header)))
            return lxw_fail(e);
        st->width[i] = (double)t->cols[i].width;
        widen(st, i, t->cols[i].title);
    }
    st->row++;
    st->first_data = st->row;
    page_setup(t, st);
    return QF_OK;
}

static lxw_error write_cell(qf_table *t, xlsx_state *st, size_t i, const qf_cell *v, lxw_format *f)
{
    lxw_worksheet *ws = st->ws;
    lxw_col_t col = (lxw_col_t)i;
    char buf[64];
    widen(st, i, qf__cell_str(&t->cols[i], v, buf));
    switch (v->kind) {
    case QF_CELL_TEXT:
        return worksheet_write_string(ws, st->row, col, v->v.text, f);
    case QF_CELL_INT:
        return worksheet_write_number(ws, st->row, col, (double)v->v.i, f);
    case QF_CELL_NUMBER:
        return worksheet_write_number(ws, st->row, col, v->v.number, f);
    case QF_CELL_DATE: {
        /* a real date (a serial number with a date format), so Excel sorts and filters it */
        int y, m, d;
        qf_date_to_ymd(v->v.date, &y, &m, &d);
        lxw_datetime dt = {y, m, d, 0, 0, 0};
        return worksheet_write_datetime(ws, st->row, col, &dt, f);
    }
    case QF_CELL_BOOL:
        return worksheet_write_string(ws, st->row, col, qf__yes_no(v->v.b), f);
    case QF_CELL_EMPTY:
    default:
        return worksheet_write_blank(ws, st->row, col, f); /* keeps the border */
    }
}

static int row(qf_table *t, const qf__section *s, const qf_cell *cells)
{
    xlsx_state *st = t->rstate;
    /* keep a row for the totals line */
    if (st->row >= LXW_ROW_MAX - 1)
        return qf__err(QF_EINVALID,
                       _("section '%s': more rows than an Excel sheet holds (%d); split it into "
                         "sections"),
                       s->title ? s->title : t->title, LXW_ROW_MAX);
    for (size_t i = 0; i < t->ncols; i++) {
        lxw_error e = write_cell(t, st, i, &cells[i], st->body[i]);
        if (e)
            return lxw_fail(e);
    }
    st->row++;
    return QF_OK;
}

/* The formula of a totals cell over the section's data rows, e.g. "=SUM(C5:C40)". */
static void total_formula(char *buf, size_t size, const qf_table *t, const xlsx_state *st, size_t i)
{
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    lxw_rowcol_to_range(range, st->first_data, (lxw_col_t)i, st->row - 1, (lxw_col_t)i);
    const qf__col *c = &t->cols[i];
    switch (c->total) {
    case QF_TOTAL_SUM:
        snprintf(buf, size, "=SUM(%s)", range);
        break;
    case QF_TOTAL_AVG:
        snprintf(buf, size, "=IFERROR(AVERAGE(%s),\"\")", range);
        break;
    case QF_TOTAL_COUNT:
    default:
        if (c->type == QF_COL_BOOL)
            snprintf(buf, size, "=COUNTIF(%s,\"%s\")", range, qf__yes_no(true));
        else if (c->type == QF_COL_TEXT)
            snprintf(buf, size, "=COUNTA(%s)", range);
        else
            snprintf(buf, size, "=COUNT(%s)", range);
        break;
    }
}

static int write_totals(qf_table *t, xlsx_state *st, const qf__section *s)
{
    qf_cell *totals = calloc(t->ncols, sizeof *totals);
    if (!totals)
        return qf__oom();
    qf__table_totals(t, s, totals);
    lxw_error e = LXW_NO_ERROR;
    for (size_t i = 0; !e && i < t->ncols; i++) {
        const qf__col *c = &t->cols[i];
        double value;
        if (c->total == QF_TOTAL_NONE || !s->nrows) {
            /* the label, or a static figure: a formula over no rows would be an error */
            bool label = i == 0 && c->total == QF_TOTAL_NONE;
            e = write_cell(t, st, i, &totals[i], label ? st->label : st->total[i]);
        } else {
            char formula[128];
            total_formula(formula, sizeof formula, t, st, i);
            char buf[64];
            widen(st, i, qf__cell_str(c, &totals[i], buf));
            if (qf__cell_num(&totals[i], &value))
                e = worksheet_write_formula_num(st->ws, st->row, (lxw_col_t)i, formula,
                                                st->total[i], value);
            else
                e = worksheet_write_formula_str(st->ws, st->row, (lxw_col_t)i, formula,
                                                st->total[i], "");
        }
    }
    free(totals);
    if (e)
        return lxw_fail(e);
    st->row++;
    return QF_OK;
}

static int write_notes(qf_table *t, xlsx_state *st)
{
    st->row++; /* a blank line before the notes */
    const char *line = t->notes;
    for (;;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *copy = malloc(len + 1);
        if (!copy)
            return qf__oom();
        memcpy(copy, line, len);
        copy[len] = '\0';
        if (len && copy[len - 1] == '\r')
            copy[len - 1] = '\0';
        lxw_error e = *copy ? worksheet_write_string(st->ws, st->row, 0, copy, st->note) : 0;
        free(copy);
        if (e)
            return lxw_fail(e);
        st->row++;
        if (!nl)
            return QF_OK;
        line = nl + 1;
    }
}

static int section_end(qf_table *t, const qf__section *s)
{
    xlsx_state *st = t->rstate;
    int rc = QF_OK;
    if (qf__table_has_totals(t))
        rc = write_totals(t, st, s);
    if (!rc && t->notes)
        rc = write_notes(t, st);
    for (size_t i = 0; !rc && i < t->ncols; i++) {
        /* Excel's width unit is one digit of the default font; a CJK character takes about
         * two, which is its display width, plus a margin for the cell padding */
        double w = st->width[i] + 2;
        if (w > MAX_WIDTH)
            w = MAX_WIDTH;
        lxw_error e = worksheet_set_column(st->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
        if (e)
            rc = lxw_fail(e);
    }
    return rc;
}

static int finish(qf_table *t)
{
    xlsx_state *st = t->rstate;
    xlsx_quiet q;
    char why[256];
    quiet_begin(&q);
    lxw_error e = workbook_close(st->wb); /* frees the workbook whatever happens */
    quiet_end(&q, why, sizeof why);
    st->wb = NULL;
    if (e)
        return qf__err(QF_ERROR, _("%s: cannot write the workbook (%s); the file was left as it was"),
                       t->path ? t->path : "xlsx", why[0] ? why : lxw_strerror(e));
    return QF_OK;
}

static void discard(qf_table *t)
{
    xlsx_state *st = t->rstate;
    if (!st)
        return;
    if (st->wb)
        lxw_workbook_free(st->wb); /* never closed: nothing is written */
    for (size_t i = 0; i < st->nnames; i++)
        free(st->names[i]);
    free(st->names);
    free(st->body);
    free(st->total);
    free(st->width);
    free(st);
    t->rstate = NULL;
}

const qf__renderer qf__render_xlsx = {false,       begin,  section_begin, row,
                                      section_end, finish, discard};
