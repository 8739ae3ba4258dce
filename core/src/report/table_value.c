/* Values of a report table: the arena that holds them, how they read as text, the totals. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "table_internal.h"

void qf__fmt_fixed(char *buf, size_t size, double v, int decimals)
{
    snprintf(buf, size, "%.*f", decimals, v);
    /* the host program may have set a locale with a decimal comma; reports always use '.' */
    const char *dp = localeconv()->decimal_point;
    if (dp && dp[0] && strcmp(dp, ".") != 0) {
        char *p = strstr(buf, dp);
        if (p) {
            size_t dl = strlen(dp);
            *p = '.';
            memmove(p + 1, p + dl, strlen(p + dl) + 1);
        }
    }
    /* -0.001 rounds to "-0.00": a sign on zero only confuses */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

const char *qf__yes_no(bool b)
{
    return b ? _("yes") : _("no");
}

const char *qf__cell_str(const qf__col *c, const qf_cell *v, char buf[64])
{
    switch (v->kind) {
    case QF_CELL_TEXT:
        return v->v.text;
    case QF_CELL_INT:
        snprintf(buf, 64, "%lld", (long long)v->v.i);
        return buf;
    case QF_CELL_NUMBER:
        if (c->type == QF_COL_PERCENT) {
            qf__fmt_fixed(buf, 63, v->v.number * 100.0, c->decimals);
            strcat(buf, "%");
        } else {
            qf__fmt_fixed(buf, 64, v->v.number, c->decimals);
        }
        return buf;
    case QF_CELL_DATE:
        qf_date_format(v->v.date, buf);
        return buf;
    case QF_CELL_BOOL:
        return qf__yes_no(v->v.b);
    case QF_CELL_EMPTY:
    default:
        return "";
    }
}

bool qf__cell_num(const qf_cell *v, double *out)
{
    if (v->kind == QF_CELL_INT)
        *out = (double)v->v.i;
    else if (v->kind == QF_CELL_NUMBER)
        *out = v->v.number;
    else
        return false;
    return true;
}

bool qf__table_has_totals(const qf_table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].total != QF_TOTAL_NONE)
            return true;
    return false;
}

void qf__table_totals(const qf_table *t, const qf__section *s, qf_cell *cells)
{
    for (size_t i = 0; i < t->ncols; i++) {
        const qf__col *c = &t->cols[i];
        const qf__acc *a = &s->acc[i];
        qf_cell *out = &cells[i];
        out->kind = QF_CELL_EMPTY;
        switch (c->total) {
        case QF_TOTAL_SUM:
            if (c->type == QF_COL_INTEGER)
                *out = QF_CELL_INT_VALUE(a->isum);
            else
                *out = QF_CELL_NUMBER_VALUE(a->sum);
            break;
        case QF_TOTAL_COUNT:
            *out = QF_CELL_INT_VALUE(a->count);
            break;
        case QF_TOTAL_AVG:
            if (a->nvalues) {
                double sum = c->type == QF_COL_INTEGER ? (double)a->isum : a->sum;
                *out = QF_CELL_NUMBER_VALUE(sum / (double)a->nvalues);
            }
            break;
        case QF_TOTAL_NONE:
        default:
            break;
        }
    }
    if (t->ncols && t->cols[0].total == QF_TOTAL_NONE)
        cells[0] = QF_CELL_TEXT_VALUE(_("Total"));
}

const char *qf__col_type_name(qf_col_type type)
{
    /* marked for translation: messages show them translated, JSON as they are */
    static const char *const names[] = {N_("text"),    N_("integer"), N_("number"),
                                        N_("percent"), N_("date"),    N_("bool")};
    return (unsigned)type <= QF_COL_BOOL ? names[type] : "?";
}
