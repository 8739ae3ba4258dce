/*
 * Renders a large ledger (default 100,000 rows of 8 columns, mixed Chinese and ASCII) to
 * the streaming formats (and to text, which buffers, for comparison) and prints rows per
 * second and the peak resident memory. Each
 * format runs in its own child process so that one format's peak does not hide another's;
 * run it with 10x the rows to see that memory stays flat while time grows.
 *
 *     bench_table [rows] [dir]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "qufa.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int column(qf_table *t, const char *key, const char *title, qf_col_type type, qf_total total)
{
    qf_column c = QF_COLUMN_INIT;
    c.key = key;
    c.title = title;
    c.type = type;
    c.total = total;
    return qf_table_add_column(t, &c);
}

static int build(qf_table **out)
{
    qf_table_options o = QF_TABLE_OPTIONS_INIT;
    o.title = "党员学习记录（基准测试）";
    int rc = qf_table_new(out, &o);
    qf_table *t = *out;
    if (!rc)
        rc = column(t, "id", "编号", QF_COL_INTEGER, QF_TOTAL_COUNT);
    if (!rc)
        rc = column(t, "name", "姓名", QF_COL_TEXT, QF_TOTAL_NONE);
    if (!rc)
        rc = column(t, "date", "日期", QF_COL_DATE, QF_TOTAL_NONE);
    if (!rc)
        rc = column(t, "topic", "学习内容", QF_COL_TEXT, QF_TOTAL_NONE);
    if (!rc)
        rc = column(t, "hours", "学时", QF_COL_NUMBER, QF_TOTAL_SUM);
    if (!rc)
        rc = column(t, "score", "得分", QF_COL_INTEGER, QF_TOTAL_AVG);
    if (!rc)
        rc = column(t, "rate", "完成率", QF_COL_PERCENT, QF_TOTAL_AVG);
    if (!rc)
        rc = column(t, "passed", "合格", QF_COL_BOOL, QF_TOTAL_COUNT);
    return rc;
}

static int fill(qf_table *t, long rows)
{
    static const char *const topics[] = {"学习《中国共产党支部工作条例（试行）》",
                                         "Standardization trends, 标准化发展趋势",
                                         "半月谈：第八期 专家讲座", "党章, \"quoted\" text"};
    qf_date start = qf_date_from_ymd(2017, 1, 1);
    char name[32];
    int rc = QF_OK;
    for (long i = 0; !rc && i < rows; i++) {
        snprintf(name, sizeof name, "党员%06ld", i);
        qf_cell row[] = {QF_CELL_INT_VALUE(i + 1),
                         QF_CELL_TEXT_VALUE(name),
                         QF_CELL_DATE_VALUE(start + (qf_date)(i % 365)),
                         QF_CELL_TEXT_VALUE(topics[i % 4]),
                         QF_CELL_NUMBER_VALUE(0.5 * (double)(i % 8)),
                         QF_CELL_INT_VALUE(60 + i % 41),
                         QF_CELL_NUMBER_VALUE((double)(i % 101) / 100.0),
                         QF_CELL_BOOL_VALUE(i % 7 != 0)};
        rc = qf_table_add_row(t, row, sizeof row / sizeof row[0]);
    }
    return rc;
}

/* Runs in a child: renders, then reports its own time and peak RSS. */
static int run(const char *path, long rows)
{
    qf_i18n_init(NULL);
    qf_table *t = NULL;
    double t0 = now();
    int rc = build(&t);
    if (!rc)
        rc = qf_table_open(t, path, NULL);
    if (!rc)
        rc = fill(t, rows);
    if (!rc)
        rc = qf_table_close(t);
    double secs = now() - t0;
    qf_table_free(t);
    if (rc) {
        fprintf(stderr, "%s: %s\n", path, qf_error_last());
        return 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    struct stat st;
    stat(path, &st);
    printf("%-5s %9ld rows  %6.2f s  %10.0f rows/s  peak RSS %6.1f MiB  file %7.1f MiB\n",
           strrchr(path, '.') + 1, rows, secs, (double)rows / secs, (double)ru.ru_maxrss / 1024.0,
           (double)st.st_size / (1024.0 * 1024.0));
    unlink(path);
    fflush(stdout); /* the child leaves with _exit, which does not flush */
    return 0;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? atol(argv[1]) : 100000;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    /* the streaming formats, and text to show what buffering costs in comparison */
    static const char *const ext[] = {"csv", "json", "xlsx", "txt"};
    int failed = 0;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/qufa-bench-%ld.%s", dir, (long)getpid(), ext[i]);
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
            _exit(run(path, rows));
        int status = 0;
        waitpid(pid, &status, 0);
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    return failed;
}
