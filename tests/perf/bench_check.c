/*
 * Benchmark of `qufa check` (issue 3, and issue 8's check figures): the whole shipped pack over
 * every branch of a generated deployment, compared with one plain SQL pass over the same
 * activity, attendance and artifact rows, measured in the same run; and one branch alone.
 *
 *   bench_check [BRANCHES [PACK.lua|PACK.json ...]]
 *
 * The records are for 2019, when every shipped standard but the 2020 election rules is in force
 * (a 2017 deployment would leave the 2018 regulations unjudged and flatter the engine).
 *
 * The database is generated once into $QUFA_PERF_DIR (default /tmp)/qufa-perf-<BRANCHES>.db and
 * reused. Packs default to
 * the .lua files in scripts/packs of the source tree. Prints wall-clock times (best of several runs) and the
 * ratios; nothing here is a pass/fail test.
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

static double plain_pass(qf_db *db, int64_t *rows)
{
    static const char *const sql[] = {
        "SELECT id, org_id, kind, title, topic, starts_at, ends_at, lecturer_id FROM activity",
        "SELECT activity_id, member_id, state FROM attendance",
        "SELECT activity_id, id, type, issued_at FROM artifact"};
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
        double t0 = perf_now();
        int64_t n = 0, sum = 0;
        for (int q = 0; q < 3; q++) {
            sqlite3_stmt *st;
            sqlite3_prepare_v2(qf_db_sqlite(db), sql[q], -1, &st, NULL);
            int ncol = sqlite3_column_count(st);
            while (sqlite3_step(st) == SQLITE_ROW) {
                for (int c = 0; c < ncol; c++)
                    sum += sqlite3_column_bytes(st, c); /* touch every value */
                n++;
            }
            sqlite3_finalize(st);
        }
        double t = perf_now() - t0;
        if (t < best)
            best = t;
        *rows = n + (sum < 0);
    }
    return best;
}

/* Runs `code` in the trusted sandbox; returns seconds (best of `runs`). */
static double time_lua(ql_sandbox *sb, const char *code, int runs, long long *findings)
{
    double best = 1e9;
    for (int r = 0; r < runs; r++) {
        double t0 = perf_now();
        if (ql_sandbox_run(sb, code, strlen(code), "=bench", 0, 1) != LUA_OK) {
            fprintf(stderr, "bench: %s\n", lua_tostring(ql_sandbox_state(sb), -1));
            exit(1);
        }
        double t = perf_now() - t0;
        *findings = lua_tointeger(ql_sandbox_state(sb), -1);
        lua_pop(ql_sandbox_state(sb), 1);
        if (t < best)
            best = t;
    }
    return best;
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

int main(int argc, char **argv)
{
    int branches = argc > 1 ? atoi(argv[1]) : 1000;
    if (branches < 1) {
        fprintf(stderr, "usage: bench_check [BRANCHES [PACK ...]]\n");
        return 2;
    }
    char path[512], name[32];
    snprintf(name, sizeof name, "%d.db", branches);
    perf_path(path, sizeof path, name);
    bool fresh = access(path, F_OK) != 0;
    qf_db *db = NULL;
    if (qf_db_open(&db, path, NULL) != QF_OK) {
        fprintf(stderr, "bench: %s\n", qf_error_last());
        return 1;
    }
    qf_db_set_today(db, qf_date_from_ymd(2019, 12, 31));
    if (fresh) {
        perf_stats st;
        if (perf_generate(db, branches, 2019, &st) != QF_OK)
            return 1;
        printf("generated %lld branches, %lld members, %lld activities, %lld attendance, "
               "%lld artifacts in %.1f s\n",
               (long long)st.branches, (long long)st.members, (long long)st.activities,
               (long long)st.attendance, (long long)st.artifacts, st.seconds);
        if (argc > 2)
            for (int i = 2; i < argc; i++)
                load_pack(db, argv[i]);
        else {
            /* the order the demo loads them in: a branch's profile imports the others */
            static const char *const packs[] = {"regulations", "organ-system", "branch-gy1"};
            for (size_t i = 0; i < sizeof packs / sizeof packs[0]; i++) {
                char p[512];
                snprintf(p, sizeof p, "%s/scripts/packs/%s.lua", QUFA_SOURCE_DIR, packs[i]);
                load_pack(db, p);
            }
        }
    }
    int64_t rows = 0;
    double plain = plain_pass(db, &rows);
    ql_sandbox *sb = ql_sandbox_new(QL_TRUSTED, db, NULL);
    long long findings = 0, one_findings = 0;
    double all = time_lua(sb, "return #db:check{period = '2019'}", 3, &findings);
    double one = time_lua(sb, "return #db:check{org = 'b00002', period = '2019'}", 5, &one_findings);
    printf("branches %d: plain SQL pass over %lld rows %.3f s; check of every branch %.3f s "
           "(%lld findings); ratio %.2f\n",
           branches, (long long)rows, plain, all, findings, all / plain);
    printf("branches %d: one branch %.1f ms (%lld findings); peak memory %.0f MiB\n", branches,
           one * 1000, one_findings, perf_peak_mib());
    ql_sandbox_free(sb);
    qf_db_free(db);
    return 0;
}
