/*
 * Benchmark of iterating every activity (issue 8, figure 3) over a generated deployment:
 *
 *   raw — a plain C loop over the query qf_activity_list runs (the same rows, columns and
 *         order), reading every column;
 *   api — qf_activity_list / qf_activity_next in C;
 *   lua — `for a in db:activities() do n = n + 1 end` in a trusted sandbox: one record table
 *         per row.
 *
 *   bench_iter [BRANCHES [RUNS [raw|api|lua]]]
 *
 * Uses $QUFA_PERF_DIR/qufa-perf-<BRANCHES>.db (generated the first time, see gen.h). Prints
 * the median of RUNS (default 5) wall-clock and CPU times, ns per row and the ratios to raw.
 * For instruction counts: valgrind --tool=callgrind --toggle-collect=timed_iter_lua
 * bench_iter 100 1 lua. Nothing here is a pass/fail test.
 */
#include <lauxlib.h>
#include <lua.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"
#include "sandbox.h"

/* what qf_activity_list prepares without a filter (core/src/records/activity.c) */
static const char SQL_ALL[] =
    "SELECT a.id, a.org_id, a.kind, a.title, a.topic, a.starts_at, a.ends_at, a.place, "
    "a.host_id, a.recorder_id, a.lecturer_id, a.attrs FROM activity a WHERE 1 ORDER BY "
    "a.starts_at, a.id";

static volatile int64_t sink;

int64_t timed_iter_raw(qf_db *db);
int64_t timed_iter_raw(qf_db *db)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(qf_db_sqlite(db), SQL_ALL, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_iter: %s\n", sqlite3_errmsg(qf_db_sqlite(db)));
        exit(1);
    }
    int64_t n = 0, sum = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        sum += sqlite3_column_int64(st, 0) + sqlite3_column_int64(st, 1);
        for (int c = 2; c < 8; c++) /* kind … place as text */
            sum += sqlite3_column_text(st, c) != NULL;
        for (int c = 8; c < 11; c++)
            sum += sqlite3_column_int64(st, c);
        sum += sqlite3_column_text(st, 11) != NULL;
        n++;
    }
    sqlite3_finalize(st);
    sink = sum;
    return n;
}

int64_t timed_iter_api(qf_db *db);
int64_t timed_iter_api(qf_db *db)
{
    qf_activity_iter *it = NULL;
    if (qf_activity_list(&it, db, NULL) != QF_OK) {
        fprintf(stderr, "bench_iter: %s\n", qf_error_last());
        exit(1);
    }
    const qf_activity *a;
    int64_t n = 0, sum = 0;
    while (qf_activity_next(&a, it) == QF_OK) {
        sum += a->id + a->starts_at;
        n++;
    }
    qf_activity_iter_free(it);
    sink = sum;
    return n;
}

int64_t timed_iter_lua(ql_sandbox *sb);
int64_t timed_iter_lua(ql_sandbox *sb)
{
    static const char code[] = "local n = 0\nfor a in db:activities() do n = n + 1 end\nreturn n";
    lua_State *L = ql_sandbox_state(sb);
    if (ql_sandbox_run(sb, code, strlen(code), "=bench", 0, 1) != LUA_OK) {
        fprintf(stderr, "bench_iter: %s\n", lua_tostring(L, -1));
        exit(1);
    }
    int64_t n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_gc(L, LUA_GCCOLLECT); /* the garbage of this run is not the next one's to pay */
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#define VARIANTS 3
#define MAX_RUNS 15

int main(int argc, char **argv)
{
    int branches = argc > 1 ? atoi(argv[1]) : 1000;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    const char *only = argc > 3 ? argv[3] : NULL;
    if (branches < 1 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: bench_iter [BRANCHES [RUNS [raw|api|lua]]]\n");
        return 2;
    }
    qf_db *db = NULL;
    if (perf_open_generated(&db, branches) != QF_OK)
        return 1;
    ql_sandbox *sb = ql_sandbox_new(QL_TRUSTED, db, NULL);
    static const char *const variants[VARIANTS] = {"raw", "api", "lua"};
    static double wall[VARIANTS][MAX_RUNS], cpu[VARIANTS][MAX_RUNS];
    int64_t rows = 0;
    timed_iter_raw(db); /* warm the page cache */
    for (int r = 0; r < runs; r++)
        for (int v = 0; v < VARIANTS; v++) {
            if (only && strcmp(only, variants[v]) != 0)
                continue;
            double w = perf_now(), c = perf_cpu();
            rows = v == 0 ? timed_iter_raw(db) : v == 1 ? timed_iter_api(db) : timed_iter_lua(sb);
            wall[v][r] = perf_now() - w;
            cpu[v][r] = perf_cpu() - c;
        }
    printf("iterate every activity, %d branches (%lld rows); median of %d runs\n", branches,
           (long long)rows, runs);
    double w0 = 0, c0 = 0;
    for (int v = 0; v < VARIANTS; v++) {
        if (only && strcmp(only, variants[v]) != 0)
            continue;
        qsort(wall[v], (size_t)runs, sizeof(double), cmp_double);
        qsort(cpu[v], (size_t)runs, sizeof(double), cmp_double);
        double w = wall[v][runs / 2], c = cpu[v][runs / 2];
        printf("  %-3s wall %7.3f s (%5.0f ns/row)  cpu %7.3f s (%5.0f ns/row)", variants[v], w,
               w * 1e9 / (double)rows, c, c * 1e9 / (double)rows);
        if (v == 0) {
            w0 = w;
            c0 = c;
        } else if (w0 > 0) {
            printf("   %.2f× raw (cpu %.2f×)", w / w0, c / c0);
        }
        printf("\n");
    }
    printf("  peak memory %.0f MiB\n", perf_peak_mib());
    ql_sandbox_free(sb);
    qf_db_free(db);
    return 0;
}
