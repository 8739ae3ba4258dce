/*
 * Benchmark of `qufa check` (issue 3, and issue 8's figure 4): the whole shipped pack over
 * every branch of a generated deployment, compared with one plain SQL pass over the same
 * activity, attendance and artifact rows, measured in the same run; and one branch alone.
 *
 *   bench_check [BRANCHES ...] [PACK.lua|PACK.json ...]
 *
 * BRANCHES defaults to 1000; with several sizes each is measured in turn and the last line
 * compares time with data (linear: 10× the branches should take at most about 10× the time).
 * The records are for 2019, when every shipped standard but the 2020 election rules is in force
 * (a 2017 deployment would leave the 2018 regulations unjudged and flatter the engine).
 *
 * The database is generated once into $QUFA_PERF_DIR (default /tmp)/qufa-perf-<BRANCHES>.db and
 * reused (see perf_open_generated); the packs are loaded into it the first time. Packs default to
 * the .lua files in scripts/packs of the source tree. $QUFA_PERF_SQL, when set, is run on the
 * connection first (experiments with pragmas; it applies to the plain pass and the check alike).
 * Prints the median wall-clock and CPU time of several runs (plain pass and whole check
 * interleaved) and their ratios, and the min, median and max of each round's own ratio; nothing
 * here is a pass/fail test. For instruction counts run it under callgrind with
 * --toggle-collect=timed_plain, timed_check (the whole result), timed_check_each,
 * timed_check_write (JSON), timed_check_text or timed_check_csv, and QUFA_PERF_RUNS=1; with
 * QUFA_PERF_RUNS=2 and --dump-after=timed_check_each the second dump is a run with the caches
 * warm, as in the later rounds.
 */
#include <lauxlib.h>
#include <lua.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gen.h"
#include "sandbox.h"
#include "standards.h"

#ifndef QUFA_SOURCE_DIR
#define QUFA_SOURCE_DIR "."
#endif

static volatile int64_t sink;

/* Reads every row of the statements in `sql`, each value as what it is (an integer as an
 * integer: sqlite3_column_bytes would first turn it into text, which is not a plain pass). */
static int64_t scan(qf_db *db, const char *const *sql, int n_sql)
{
    int64_t n = 0, sum = 0;
    for (int q = 0; q < n_sql; q++) {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(qf_db_sqlite(db), sql[q], -1, &st, NULL);
        int ncol = sqlite3_column_count(st);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < ncol; c++)
                if (sqlite3_column_type(st, c) == SQLITE_INTEGER)
                    sum += sqlite3_column_int64(st, c);
                else
                    sum += sqlite3_column_bytes(st, c);
            n++;
        }
        sqlite3_finalize(st);
    }
    sink = sum;
    return n;
}

/* The plain pass: every row of every table the check's snapshot reads (engine/snapshot.c: the
 * orgs, activities with their attendance, artifacts, guests and agenda, memberships with the
 * members' names, statuses, flags and posts), the same columns, each row once, in one
 * sequential scan per table: the physical floor of reading the check's inputs. (The standards
 * are left out: the check reads them once per run, not per branch.) */
int64_t timed_plain(qf_db *db);
__attribute__((noinline)) int64_t timed_plain(qf_db *db)
{
    static const char *const sql[] = {
        "SELECT id, parent_id, code, name, kind, attrs FROM org",
        "SELECT id, org_id, kind, title, topic, starts_at, ends_at, lecturer_id FROM activity",
        "SELECT activity_id, member_id, state FROM attendance",
        "SELECT activity_id, id, type, issued_at FROM artifact",
        "SELECT activity_id, role FROM guest",
        "SELECT activity_id, seq, segment FROM agenda_item",
        "SELECT member_id, org_id, start, end FROM membership",
        "SELECT id, name FROM member",
        "SELECT member_id, since, status FROM member_status",
        "SELECT member_id, flag, start, end FROM member_flag",
        "SELECT member_id, org_id, post, start, end FROM position"};
    return scan(db, sql, (int)(sizeof sql / sizeof sql[0]));
}

/* The plain pass of issue 8 (activity, attendance and artifact rows only), for comparison
 * with the figures measured before issue 17. */
int64_t timed_plain3(qf_db *db);
__attribute__((noinline)) int64_t timed_plain3(qf_db *db)
{
    static const char *const sql[] = {
        "SELECT id, org_id, kind, title, topic, starts_at, ends_at, lecturer_id FROM activity",
        "SELECT activity_id, member_id, state FROM attendance",
        "SELECT activity_id, id, type, issued_at FROM artifact"};
    return scan(db, sql, 3);
}

/* Runs `code` (which returns the number of findings) in the trusted sandbox. */
long long timed_check(ql_sandbox *sb, const char *code);
__attribute__((noinline)) long long timed_check(ql_sandbox *sb, const char *code)
{
    lua_State *L = ql_sandbox_state(sb);
    if (ql_sandbox_run(sb, code, strlen(code), "=bench", 0, 1) != LUA_OK) {
        fprintf(stderr, "bench: %s\n", lua_tostring(L, -1));
        exit(1);
    }
    long long n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_gc(L, LUA_GCCOLLECT);
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static void load_pack(qf_db *db, const char *path)
{
    qf_load_report *rep = NULL;
    int rc;
    size_t n = strlen(path);
    if (n > 5 && strcmp(path + n - 5, ".json") == 0) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "bench: cannot read %s\n", path);
            exit(1);
        }
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        buf[len] = '\0';
        fclose(f);
        rc = qf_catalog_load(&rep, db, buf, path, NULL);
    } else {
        rc = ql_pack_load_file(&rep, db, path);
    }
    if (rc != QF_OK) {
        fprintf(stderr, "bench: %s: %s\n", path, qf_error_last());
        exit(1);
    }
    qf_load_report_free(rep);
}

long long timed_check_each(ql_sandbox *sb, const char *code);
long long timed_check_write(ql_sandbox *sb, const char *code);
long long timed_check_text(ql_sandbox *sb, const char *code);
long long timed_check_csv(ql_sandbox *sb, const char *code);

/* The check streamed from C (qf_check_stream, check functions judged by the Lua host as in
 * db:check_each): the engine's own time, without making each finding a Lua table. */
__attribute__((noinline)) long long timed_check_c(qf_db *db);
__attribute__((noinline)) long long timed_check_c(qf_db *db)
{
    qf_check_options o;
    void *judge = NULL;
    qf_check_stream *s = NULL;
    const qf_check_result *branch;
    long long n = 0;
    int rc = qf_check_options_init(&o, db);
    if (rc == QF_OK)
        rc = qf_period_parse(&o.period, "2019");
    if (rc == QF_OK && (rc = ql_check_judge(&o.custom, &judge, db)) == QF_OK)
        o.payload = judge;
    if (rc == QF_OK)
        rc = qf_check_stream_open(&s, db, &o);
    while (rc == QF_OK && (rc = qf_check_stream_next(&branch, s)) == QF_OK)
        n += (long long)qf_check_count(branch);
    qf_check_stream_free(s);
    ql_check_judge_free(judge);
    if (rc != QF_ITEROVER) {
        fprintf(stderr, "bench: %s\n", qf_error_last());
        exit(1);
    }
    return n;
}

typedef struct figures {
    int branches;
    double plain_wall, plain_cpu, all_wall, all_cpu, one_wall, one_cpu;
    double plain3_cpu, each_cpu, write_cpu, c_cpu, text_cpu, csv_cpu;
} figures;

#define RUNS 5

/* one variant's median CPU time and its ratio to the plain pass's */
static void print_variant(int branches, const char *what, long long findings, double cpu,
                          double plain_cpu)
{
    printf("branches %d: %s (%lld findings): cpu %.3f s; %.2f× the plain pass (cpu)\n", branches,
           what, findings, cpu, cpu / plain_cpu);
}

/* min, median and max of the rounds' ratios (sorts `ratio`) */
static void print_rounds(int branches, const char *what, double *ratio, int runs)
{
    double med = median(ratio, runs);
    printf("branches %d: %s ÷ the plain pass of the same round, %d rounds: min %.2f×, "
           "median %.2f×, max %.2f×\n",
           branches, what, runs, ratio[0], med, ratio[runs - 1]);
}

static void measure(int branches, const char *const *packs, int n_packs, figures *out)
{
    qf_db *db = NULL;
    if (perf_open_generated(&db, branches) != QF_OK)
        exit(1);
    sqlite3_stmt *st = NULL;
    int standards = 0;
    if (sqlite3_prepare_v2(qf_db_sqlite(db), "SELECT count(*) FROM standard", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        standards = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (standards == 0) {
        for (int i = 0; i < n_packs; i++)
            load_pack(db, packs[i]);
    }
    /* for experiments: e.g. QUFA_PERF_SQL="PRAGMA cache_size = -65536" (both passes see it) */
    const char *extra = getenv("QUFA_PERF_SQL");
    char *err = NULL;
    if (extra && sqlite3_exec(qf_db_sqlite(db), extra, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "QUFA_PERF_SQL: %s\n", err);
        exit(1);
    }
    ql_sandbox *sb = ql_sandbox_new(QL_TRUSTED, db, NULL);
    double pw[RUNS], pc[RUNS], aw[RUNS], ac[RUNS], ow[RUNS], oc[RUNS];
    double p3[RUNS], ec[RUNS], wc[RUNS], cc[RUNS], tc[RUNS], vc[RUNS];
    int64_t rows = timed_plain(db); /* warm the page cache */
    int64_t rows3 = 0;
    long long findings = 0, one_findings = 0, each_findings = 0, written = 0, c_findings = 0;
    long long text_findings = 0, csv_findings = 0;
    /* a large deployment's whole check is long: fewer runs */
    int runs = branches >= 5000 ? 3 : RUNS;
    const char *env = getenv("QUFA_PERF_RUNS"); /* e.g. 1 under callgrind */
    if (env && atoi(env) >= 1 && atoi(env) <= RUNS)
        runs = atoi(env);
    /* QUFA_PERF_WHOLE=0 leaves out the whole-result check (at 10,000 branches it holds
     * every finding: several GB) */
    const char *whole_env = getenv("QUFA_PERF_WHOLE");
    bool whole = !whole_env || atoi(whole_env) != 0;
    for (int r = 0; r < runs; r++) {
        double w = perf_now(), c = perf_cpu();
        rows = timed_plain(db);
        pw[r] = perf_now() - w;
        pc[r] = perf_cpu() - c;
        c = perf_cpu();
        rows3 = timed_plain3(db);
        p3[r] = perf_cpu() - c;
        w = perf_now(), c = perf_cpu();
        if (whole)
            findings = timed_check(sb, "return #db:check{period = '2019'}");
        aw[r] = perf_now() - w;
        ac[r] = perf_cpu() - c;
        /* branch by branch, each finding made a Lua table as result:findings() would */
        c = perf_cpu();
        each_findings = timed_check_each(
            sb, "local n = 0 for _ in db:check_each{period = '2019'} do n = n + 1 end return n");
        ec[r] = perf_cpu() - c;
        /* the same from C: the engine alone */
        c = perf_cpu();
        c_findings = timed_check_c(db);
        cc[r] = perf_cpu() - c;
        /* what `qufa check --format json` does: judged, rendered and written as it goes; then
         * `qufa check` as it prints by default (text, the findings that are not passes), and
         * CSV (every finding) */
#define WRITE_TO_NULL(format)                                                                  \
    "local out <close> = assert(io.open('/dev/null', 'w')) return db:check_write{format = '"   \
    format "', file = out, period = '2019'}.findings"
        c = perf_cpu();
        written = timed_check_write(sb, WRITE_TO_NULL("json"));
        wc[r] = perf_cpu() - c;
        c = perf_cpu();
        text_findings = timed_check_text(sb, WRITE_TO_NULL("text"));
        tc[r] = perf_cpu() - c;
        c = perf_cpu();
        csv_findings = timed_check_csv(sb, WRITE_TO_NULL("csv"));
        vc[r] = perf_cpu() - c;
#undef WRITE_TO_NULL
        w = perf_now(), c = perf_cpu();
        one_findings = timed_check(sb, "return #db:check{org = 'b00002', period = '2019'}");
        ow[r] = perf_now() - w;
        oc[r] = perf_cpu() - c;
    }
    /* The ratio of each round (the check against the plain pass just before it, so both saw
     * the host at the same speed), before median() sorts the times: a host whose speed swings
     * between rounds moves the medians of the two apart, less the ratio of one round. */
    double each_ratio[RUNS], write_ratio[RUNS], c_ratio[RUNS], text_ratio[RUNS], csv_ratio[RUNS];
    for (int r = 0; r < runs; r++) {
        each_ratio[r] = ec[r] / pc[r];
        write_ratio[r] = wc[r] / pc[r];
        c_ratio[r] = cc[r] / pc[r];
        text_ratio[r] = tc[r] / pc[r];
        csv_ratio[r] = vc[r] / pc[r];
    }
    out->branches = branches;
    out->plain_wall = median(pw, runs);
    out->plain_cpu = median(pc, runs);
    out->all_wall = median(aw, runs);
    out->all_cpu = median(ac, runs);
    out->one_wall = median(ow, runs);
    out->one_cpu = median(oc, runs);
    out->plain3_cpu = median(p3, runs);
    out->each_cpu = median(ec, runs);
    out->write_cpu = median(wc, runs);
    out->c_cpu = median(cc, runs);
    out->text_cpu = median(tc, runs);
    out->csv_cpu = median(vc, runs);
    printf("branches %d: plain SQL pass over %lld rows: wall %.3f s, cpu %.3f s\n", branches,
           (long long)rows, out->plain_wall, out->plain_cpu);
    printf("branches %d: plain pass of activity, attendance, artifact only (%lld rows): cpu %.3f s\n",
           branches, (long long)rows3, out->plain3_cpu);
    if (whole)
        printf("branches %d: check of every branch (%lld findings): wall %.3f s, cpu %.3f s; "
               "%.2f× the plain pass (cpu %.2f×)\n",
               branches, findings, out->all_wall, out->all_cpu, out->all_wall / out->plain_wall,
               out->all_cpu / out->plain_cpu);
    print_variant(branches, "check_each, branch by branch", each_findings, out->each_cpu,
                  out->plain_cpu);
    print_variant(branches, "check_write json to /dev/null", written, out->write_cpu,
                  out->plain_cpu);
    print_variant(branches, "check streamed from C, no Lua tables", c_findings, out->c_cpu,
                  out->plain_cpu);
    print_variant(branches, "check_write text to /dev/null", text_findings, out->text_cpu,
                  out->plain_cpu);
    print_variant(branches, "check_write csv to /dev/null", csv_findings, out->csv_cpu,
                  out->plain_cpu);
    print_rounds(branches, "check_each", each_ratio, runs);
    print_rounds(branches, "check from C", c_ratio, runs);
    print_rounds(branches, "check_write json", write_ratio, runs);
    print_rounds(branches, "check_write text", text_ratio, runs);
    print_rounds(branches, "check_write csv", csv_ratio, runs);
    printf("branches %d: one branch (%lld findings): wall %.1f ms, cpu %.1f ms; median of %d; "
           "peak memory %.0f MiB\n",
           branches, one_findings, out->one_wall * 1000, out->one_cpu * 1000, runs,
           perf_peak_mib());
    fflush(stdout);
    ql_sandbox_free(sb);
    qf_db_free(db);
}

/* Separate names so callgrind can collect each variant (--toggle-collect=timed_check_each).
 * They must be frames of their own: not inlined into measure(), and not tail calls (the store
 * to `sink` after the call), or callgrind would collect nothing. */
#define TIMED_VARIANT(name)                                                                    \
    __attribute__((noinline)) long long name(ql_sandbox *sb, const char *code)                 \
    {                                                                                          \
        long long n = timed_check(sb, code);                                                   \
        sink = n;                                                                              \
        return n;                                                                              \
    }
TIMED_VARIANT(timed_check_each)
TIMED_VARIANT(timed_check_write)
TIMED_VARIANT(timed_check_text)
TIMED_VARIANT(timed_check_csv)
#undef TIMED_VARIANT

int main(int argc, char **argv)
{
    int sizes[8], n_sizes = 0;
    const char *packs[16];
    int n_packs = 0;
    static char defaults[3][512];
    for (int i = 1; i < argc; i++) {
        size_t len = strlen(argv[i]);
        if (len > 4 && (strcmp(argv[i] + len - 4, ".lua") == 0 ||
                        (len > 5 && strcmp(argv[i] + len - 5, ".json") == 0))) {
            if (n_packs < 16)
                packs[n_packs++] = argv[i];
        } else if (atoi(argv[i]) > 0 && n_sizes < 8) {
            sizes[n_sizes++] = atoi(argv[i]);
        } else {
            fprintf(stderr, "usage: bench_check [BRANCHES ...] [PACK.lua|PACK.json ...]\n");
            return 2;
        }
    }
    if (!n_sizes)
        sizes[n_sizes++] = 1000;
    if (!n_packs) {
        /* the order the demo loads them in: a branch's profile imports the others */
        static const char *const names[] = {"regulations", "organ-system", "branch-gy1"};
        for (int i = 0; i < 3; i++) {
            snprintf(defaults[i], sizeof defaults[i], "%s/scripts/packs/%s.lua", QUFA_SOURCE_DIR,
                     names[i]);
            packs[n_packs++] = defaults[i];
        }
    }
    figures f[8];
    for (int i = 0; i < n_sizes; i++)
        measure(sizes[i], packs, n_packs, &f[i]);
    for (int i = 1; i < n_sizes; i++)
        printf("scaling %d -> %d branches (%.1f× the data): check %.2f× the time (cpu %.2f×), "
               "check_each cpu %.2f×, check_write cpu %.2f×, plain pass %.2f× (cpu %.2f×)\n",
               f[i - 1].branches, f[i].branches, (double)f[i].branches / f[i - 1].branches,
               f[i].all_wall / f[i - 1].all_wall, f[i].all_cpu / f[i - 1].all_cpu,
               f[i].each_cpu / f[i - 1].each_cpu, f[i].write_cpu / f[i - 1].write_cpu,
               f[i].plain_wall / f[i - 1].plain_wall, f[i].plain_cpu / f[i - 1].plain_cpu);
    return 0;
}
