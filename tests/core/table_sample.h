/* A sample report shared by the table tests: a branch's activity ledger (活动台账) with two
 * sections, totals and charts, mixing Chinese and ASCII, with text that needs escaping. */
#ifndef QUFA_TEST_TABLE_SAMPLE_H
#define QUFA_TEST_TABLE_SAMPLE_H

#include "qufa.h"

/* Columns: date 日期, topic 主题, speaker 主讲人, due 应到 (sum), present 实到 (sum),
 * rate 出席率 (percent, average), minutes 有记录 (bool, count). Charts: a bar chart of due
 * and present per section, a line chart of the rate over all rows. */
int ts_ledger_new(qf_table **out);
/* Two sections: 支部党员大会 (3 rows), 党课 (2 rows, one with empty cells). */
int ts_ledger_fill(qf_table *t);
/* Number of bars the sample's bar charts draw (one per non-empty value). */
#define TS_LEDGER_BARS 9

/* Writes the sample in `format` to a malloc'd string (the caller frees it). */
int ts_ledger_render(char **out, size_t *len, qf_table_format format, bool bom);

#endif
