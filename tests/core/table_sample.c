/* The sample activity ledger used by the table tests (see table_sample.h). */
#include <stdio.h>
#include <stdlib.h>
#include "table_sample.h"

#define TRY(call)                                                                                  \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        if (rc_ != QF_OK)                                                                          \
            return rc_;                                                                            \
    } while (0)

static int column(qf_table *t, const char *key, const char *title, qf_col_type type, qf_total total)
{
    qf_column c = QF_COLUMN_INIT;
    c.key = key;
    c.title = title;
    c.type = type;
    c.total = total;
    return qf_table_add_column(t, &c);
}

int ts_ledger_new(qf_table **out)
{
    qf_table_options o = QF_TABLE_OPTIONS_INIT;
    o.title = "工业标准一部党支部 活动台账";
    o.subtitle = "2017年第三季度 | Q3 2017";
    o.notes = "注：出席率 = 实到 / 应到。\n数据来自 qufa <本地库>。";
    qf_table *t = NULL;
    TRY(qf_table_new(&t, &o));
    int rc = column(t, "date", "日期", QF_COL_DATE, QF_TOTAL_NONE);
    if (!rc)
        rc = column(t, "topic", "主题", QF_COL_TEXT, QF_TOTAL_NONE);
    if (!rc)
        rc = column(t, "speaker", "主讲人", QF_COL_TEXT, QF_TOTAL_COUNT);
    if (!rc)
        rc = column(t, "due", "应到", QF_COL_INTEGER, QF_TOTAL_SUM);
    if (!rc)
        rc = column(t, "present", "实到", QF_COL_INTEGER, QF_TOTAL_SUM);
    if (!rc)
        rc = column(t, "rate", "出席率", QF_COL_PERCENT, QF_TOTAL_AVG);
    if (!rc)
        rc = column(t, "minutes", "有记录", QF_COL_BOOL, QF_TOTAL_COUNT);
    static const char *const counts[] = {"due", "present", NULL};
    static const char *const rate[] = {"rate", NULL};
    qf_chart bar = QF_CHART_INIT;
    bar.title = "应到与实到";
    bar.category = "date";
    bar.values = counts;
    bar.per_section = true;
    if (!rc)
        rc = qf_table_add_chart(t, &bar);
    qf_chart line = QF_CHART_INIT;
    line.kind = QF_CHART_LINE;
    line.title = "出席率走势";
    line.category = "date";
    line.values = rate;
    if (!rc)
        rc = qf_table_add_chart(t, &line);
    if (rc) {
        qf_table_free(t);
        return rc;
    }
    *out = t;
    return QF_OK;
}

static int meeting(qf_table *t, const char *date, const char *topic, const char *speaker, int due,
                   int present, bool minutes)
{
    qf_date d;
    TRY(qf_date_parse(&d, date));
    qf_cell row[] = {QF_CELL_DATE_VALUE(d),       QF_CELL_TEXT_VALUE(topic),
                     QF_CELL_TEXT_VALUE(speaker), QF_CELL_INT_VALUE(due),
                     QF_CELL_INT_VALUE(present),  QF_CELL_NUMBER_VALUE((double)present / due),
                     QF_CELL_BOOL_VALUE(minutes)};
    return qf_table_add_row(t, row, sizeof row / sizeof row[0]);
}

int ts_ledger_fill(qf_table *t)
{
    TRY(qf_table_section(t, "支部党员大会"));
    TRY(meeting(t, "2017-07-06", "学习《支部工作条例》", "张书记", 15, 14, true));
    TRY(meeting(t, "2017-08-03", "Q3 review: 标准化 & SDO", "Li Wei", 15, 12, true));
    TRY(meeting(t, "2017-09-01", "预备党员转正 a|b*c <b>", "王芳", 16, 15, false));
    TRY(qf_table_section(t, "党课"));
    /* cell by cell, with a text date, a line break and empty cells */
    TRY(qf_table_cell_text(t, "2017-07-20"));
    TRY(qf_table_cell_text(t, "半月谈：标准体系\n第八期"));
    TRY(qf_table_cell_text(t, "\"专家\" O'Brien"));
    TRY(qf_table_cell_int(t, 20));
    TRY(qf_table_cell_int(t, 18));
    TRY(qf_table_cell_number(t, 0.9));
    TRY(qf_table_cell_bool(t, true));
    TRY(qf_table_row_end(t));
    TRY(qf_table_cell_date(t, qf_date_from_ymd(2017, 9, 14)));
    TRY(qf_table_cell_text(t, "党章学习"));
    TRY(qf_table_cell_empty(t));
    TRY(qf_table_cell_int(t, 20));
    return qf_table_row_end(t); /* present, rate and minutes left empty */
}

int ts_ledger_render(char **out, size_t *len, qf_table_format format, bool bom)
{
    *out = NULL;
    FILE *mem = open_memstream(out, len);
    if (!mem)
        return QF_ERROR;
    qf_table *t = NULL;
    int rc = ts_ledger_new(&t);
    qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
    o.format = format;
    o.bom = bom;
    if (!rc)
        rc = qf_table_open_stream(t, mem, &o);
    if (!rc)
        rc = ts_ledger_fill(t);
    if (!rc)
        rc = qf_table_close(t);
    qf_table_free(t);
    fclose(mem);
    return rc;
}
