/*
 * JSON renderer, streaming: one object
 *   {"title", "subtitle", "notes", "columns": [{key, title, type}],
 *    "sections": [{"title", "rows": [{key: value}], "totals": {key: value} | null}]}
 * written piece by piece: each row is dumped by jansson and forgotten, so memory stays flat.
 * Values keep their types: integers, numbers (a percent is its fraction), booleans, dates
 * as "YYYY-MM-DD", empty cells as null.
 */
#include <jansson.h>
#include <stdlib.h>
#include "table_internal.h"

/* 15 significant digits print 0.8 as 0.8 rather than 0.80000000000000004 */
#define DUMP_FLAGS (JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

typedef struct json_state {
    bool first_row;
} json_state;

/* Dumps and releases `j`; a NULL `j` (allocation failed inside jansson) is out of memory. */
static int dump(qf_table *t, json_t *j)
{
    if (!j)
        return qf__oom();
    int rc = json_dumpf(j, t->out, DUMP_FLAGS);
    json_decref(j);
    if (rc != 0)
        return qf__table_io_check(t) ? QF_ERROR : qf__oom();
    return QF_OK;
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *value(const qf_cell *v)
{
    char buf[11];
    switch (v->kind) {
    case QF_CELL_TEXT:
        return json_string(v->v.text);
    case QF_CELL_INT:
        return json_integer((json_int_t)v->v.i);
    case QF_CELL_NUMBER:
        return json_real(v->v.number);
    case QF_CELL_DATE:
        qf_date_format(v->v.date, buf);
        return json_string(buf);
    case QF_CELL_BOOL:
        return json_boolean(v->v.b);
    case QF_CELL_EMPTY:
    default:
        return json_null();
    }
}

static json_t *columns(const qf_table *t)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < t->ncols; i++) {
        json_t *c = json_pack("{s:s, s:s, s:s}", "key", t->cols[i].key, "title", t->cols[i].title,
                              "type", qf__col_type_name(t->cols[i].type));
        if (json_array_append_new(a, c) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static int begin(qf_table *t)
{
    t->rstate = calloc(1, sizeof(json_state));
    if (!t->rstate)
        return qf__oom();
    int rc;
    fputs("{\"title\": ", t->out);
    if ((rc = dump(t, json_string(t->title))) != QF_OK)
        return rc;
    fputs(", \"subtitle\": ", t->out);
    if ((rc = dump(t, string_or_null(t->subtitle))) != QF_OK)
        return rc;
    fputs(", \"notes\": ", t->out);
    if ((rc = dump(t, string_or_null(t->notes))) != QF_OK)
        return rc;
    fputs(",\n \"columns\": ", t->out);
    if ((rc = dump(t, columns(t))) != QF_OK)
        return rc;
    fputs(",\n \"sections\": [", t->out);
    return qf__table_io_check(t);
}

static int section_begin(qf_table *t, const qf__section *s)
{
    json_state *st = t->rstate;
    fputs(s->index ? ",\n  {\"title\": " : "\n  {\"title\": ", t->out);
    int rc = dump(t, string_or_null(s->title));
    if (!rc && s->own) {
        /* a section with columns of its own says which */
        fputs(", \"columns\": ", t->out);
        rc = dump(t, columns(t));
    }
    fputs(", \"rows\": [", t->out);
    st->first_row = true;
    return rc ? rc : qf__table_io_check(t);
}

static json_t *row_object(const qf_table *t, const qf_cell *cells, bool totals_only)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < t->ncols; i++) {
        if (totals_only && t->cols[i].total == QF_TOTAL_NONE)
            continue; /* the "Total" label is presentation, not data */
        if (json_object_set_new(o, t->cols[i].key, value(&cells[i])) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

static int row(qf_table *t, const qf__section *s, const qf_cell *cells)
{
    json_state *st = t->rstate;
    fputs(st->first_row ? "\n   " : ",\n   ", t->out);
    st->first_row = false;
    return dump(t, row_object(t, cells, false));
}

static int section_end(qf_table *t, const qf__section *s)
{
    json_state *st = t->rstate;
    fputs(st->first_row ? "], \"totals\": " : "\n  ], \"totals\": ", t->out);
    int rc;
    if (qf__table_has_totals(t)) {
        qf_cell *totals = calloc(t->ncols, sizeof *totals);
        if (!totals)
            return qf__oom();
        qf__table_totals(t, s, totals);
        rc = dump(t, row_object(t, totals, true));
        free(totals);
    } else {
        rc = dump(t, json_null());
    }
    fputs("}", t->out);
    return rc ? rc : qf__table_io_check(t);
}

static int finish(qf_table *t)
{
    fputs("\n ]}\n", t->out);
    return qf__table_io_check(t);
}

static void discard(qf_table *t)
{
    free(t->rstate);
    t->rstate = NULL;
}

const qf__renderer qf__render_json = {false,       begin,  section_begin, row,
                                      section_end, finish, discard};
