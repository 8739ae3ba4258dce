/*
 * Benchmark of an organ on PostgreSQL fed by pushes (issue 15, "Scale, measured";
 * docs/performance.md "PostgreSQL: an organ fed by pushes"). Not a test: it reports.
 *
 *   QUFA_PERF_PG=URL QUFA_PERF_PGDIR=DIR bench_pgscale [BRANCHES ...]
 *
 * (tests/perf/bench_pgscale.sh starts a throwaway cluster and sets both.) URL is an empty
 * PostgreSQL database, DIR the cluster's directory as tools/pg_cluster.sh made it (its server's
 * CPU time is read from /proc). BRANCHES (default 1000) are the organ's sizes, measured in turn
 * on the same two organs, which grow from one size to the next:
 *
 *  1. Branch files. A branch is a SQLite file of its own with the shipped packs loaded and a
 *     year (2019) of records written month by month, one transaction per month (gen.c's
 *     branch: 20 members, 80 activities with attendance, guests, agenda and artifacts). Making
 *     thousands of them would take hours, so SHAPES (8) distinct branch files are made (branch
 *     numbers 1…8: other dates, attendance and missing artifacts) and kept in $QUFA_PERF_DIR;
 *     branch i of the organ is shape i mod 8 pushed under the name bNNNNN. Each push is a real
 *     one: the organ verifies the chain of every seal it stores, as for any push.
 *  2. Pushes: every branch into the organ on PostgreSQL and into an organ file (SQLite), in
 *     this process through qf_sync_push (what `qufa sync push` runs).
 *  3. The whole-organ check, as `qufa organ` reads: for each branch its replica (the pushed log
 *     replayed into memory) and the check of 2019 on it, findings streamed (check_each) and
 *     counted; the replica dropped before the next. PostgreSQL and the organ file are run
 *     interleaved, RUNS times each, each run in a child process so that its peak memory is the
 *     check's. CPU is the child's (user + system) plus, on PostgreSQL, the server's (every
 *     process of the cluster: the work the check caused there); wall-clock is printed too.
 *  4. One branch's check in the organ (replica and check of b00002): a child judging it 21
 *     times less one judging it once (its start: connecting, the sandbox), per branch.
 *  5. After the largest size: one branch's month pushed end to end: a branch holding January to
 *     November already pushed writes December and runs `qufa sync push` as a process (its own
 *     start, opening both databases, verifying and storing), timed from outside.
 *
 * Medians (and minimums) of the runs; ratios of CPU times measured in the same run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lua.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gen.h"
#include "sandbox.h"
#include "standards.h"

#ifndef QUFA_SOURCE_DIR
#define QUFA_SOURCE_DIR "."
#endif
#ifndef QUFA_BIN
#define QUFA_BIN "qufa"
#endif

extern char **environ;

#define SHAPES 8
#define RUNS 3
#define ONE_REPEAT 20
#define YEAR 2019

static void die(const char *what)
{
    fprintf(stderr, "bench_pgscale: %s: %s\n", what, qf_error_last());
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    double c[16];
    memcpy(c, v, (size_t)n * sizeof *v);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    return c[n / 2];
}

static double minimum(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}

/* ---- the server's CPU time: every process of the cluster, from /proc ---- */

static long clk_tck;

/* utime + stime (+ cutime + cstime when `children`) of a process, in seconds; -1 if gone */
static double proc_cpu(long pid, bool children, long *ppid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the command may hold spaces: fields are counted after its closing parenthesis */
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    char state;
    long pp;
    unsigned long long ut, st;
    long long cut, cst;
    if (sscanf(p + 2, "%c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld", &state, &pp,
               &ut, &st, &cut, &cst) != 6)
        return -1;
    if (ppid)
        *ppid = pp;
    double t = (double)(ut + st);
    if (children)
        t += (double)(cut + cst);
    return t / (double)clk_tck;
}

static long postmaster = -1;

/* The server's CPU so far: the postmaster with the exited processes it reaped, and every live
 * process it started. 0 when no cluster is known (an organ on a file). */
static double server_cpu(void)
{
    if (postmaster <= 0)
        return 0;
    double t = proc_cpu(postmaster, true, NULL);
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || pid == postmaster)
            continue;
        long pp = 0;
        double c = proc_cpu(pid, false, &pp);
        if (c >= 0 && pp == postmaster)
            t += c;
    }
    if (d)
        closedir(d);
    return t;
}

static void find_postmaster(void)
{
    const char *dir = getenv("QUFA_PERF_PGDIR");
    if (!dir || !*dir)
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/data/postmaster.pid", dir);
    FILE *f = fopen(path, "r");
    if (!f || fscanf(f, "%ld", &postmaster) != 1) {
        fprintf(stderr, "bench_pgscale: cannot read %s: the server's CPU is not counted\n", path);
        postmaster = -1;
    }
    if (f)
        fclose(f);
}

/* ---- branch files ---- */

static qf_db *open_db(const char *where)
{
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "bench";
    qf_db *db = NULL;
    if (qf_db_open(&db, where, &o) != QF_OK)
        die(where);
    qf_db_set_today(db, qf_date_from_ymd(YEAR, 12, 31));
    return db;
}

/* The shipped packs, as bench_check loads them; branch-gy1 (gy1's own profile, which names
 * the org gy1) only into branch 1, the one coded gy1: the others are judged by the organ's. */
static void load_packs(qf_db *db, int number)
{
    static const char *const names[] = {"regulations", "organ-system", "branch-gy1"};
    for (int i = 0; i < (number == 1 ? 3 : 2); i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/scripts/packs/%s.lua", QUFA_SOURCE_DIR, names[i]);
        qf_load_report *rep = NULL;
        if (ql_pack_load_file(&rep, db, path) != QF_OK)
            die(path);
        qf_load_report_free(rep);
    }
}

/* Writes the month `month` of branch `br`'s plan as one transaction. */
static void write_month(qf_db *db, const perf_branch *br, int month)
{
    static perf_activity plan[PERF_ACTIVITIES];
    perf_plan_branch(br, YEAR, plan);
    perf_stats st;
    memset(&st, 0, sizeof st);
    if (qf_tx_begin(db) != QF_OK)
        die("begin");
    for (int i = 0; i < PERF_ACTIVITIES; i++) {
        int y, m, d;
        qf_date_to_ymd(qf_datetime_date(plan[i].starts_at), &y, &m, &d);
        if (m == month && perf_activity_create(db, &st, &plan[i]) != QF_OK)
            die("activity");
    }
    if (qf_tx_commit(db) != QF_OK)
        die("commit");
}

/* Branch file number `number` (1-based) with months 1…`months`; made once, then reused. */
static void shape_path(char *buf, size_t size, int number, int months)
{
    char name[64];
    snprintf(name, sizeof name, "pgscale-branch%d-%dm.db", number, months);
    perf_path(buf, size, name);
}

static void make_shape(int number, int months)
{
    char path[512];
    shape_path(path, sizeof path, number, months);
    if (access(path, F_OK) == 0)
        return;
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.part", path);
    unlink(tmp);
    double t0 = perf_now();
    qf_db *db = open_db(tmp);
    perf_branch br;
    if (qf_tx_begin(db) != QF_OK)
        die("begin");
    qf_org c = {0, 0, QF_ORG_COMMITTEE, "c000", "第1机关党委", NULL};
    int64_t committee;
    if (qf_org_create(&committee, db, &c) != QF_OK ||
        perf_setup_branch(db, committee, number, YEAR, &br) != QF_OK)
        die("setup");
    if (qf_tx_commit(db) != QF_OK)
        die("commit");
    load_packs(db, number);
    for (int m = 1; m <= months; m++)
        write_month(db, &br, m);
    qf_db_free(db);
    /* the branch's ids beside it, to write its next month later */
    char ids[600];
    snprintf(ids, sizeof ids, "%s.ids", path);
    FILE *f = fopen(ids, "wb");
    if (!f || fwrite(&br, sizeof br, 1, f) != 1 || fclose(f) != 0) {
        perror(ids);
        exit(1);
    }
    if (rename(tmp, path) != 0) {
        perror(path);
        exit(1);
    }
    printf("made branch file %s in %.1f s\n", path, perf_now() - t0);
    fflush(stdout);
}

/* ---- pushes ---- */

typedef struct organ {
    const char *label;
    const char *where;
    qf_db *db;
    bool pg;
} organ;

static void branch_name(char *buf, size_t size, int i)
{
    snprintf(buf, size, "b%05d", i);
}

/* Pushes branches from+1 … to into `o`, shape (i-1) mod SHAPES under the name bNNNNN. */
static void push_range(organ *o, qf_db *const *shapes, int from, int to)
{
    double w = perf_now(), c = perf_cpu(), s = o->pg ? server_cpu() : 0;
    int64_t entries = 0, seals = 0;
    for (int i = from + 1; i <= to; i++) {
        char name[32];
        branch_name(name, sizeof name, i);
        qf_sync_options opts = QF_SYNC_OPTIONS_INIT;
        opts.branch = name;
        qf_sync_report rep;
        if (qf_sync_push(&rep, shapes[(i - 1) % SHAPES], o->db, &opts) != QF_OK)
            die(name);
        entries += rep.entries;
        seals += rep.seals;
    }
    double cpu = perf_cpu() - c, srv = o->pg ? server_cpu() - s : 0;
    if (to > from)
        printf("pushed branches %d-%d into the organ on %s: %lld entries in %lld seals; wall "
               "%.1f s, cpu %.1f s (this process %.1f s + server %.1f s): %.0f entries per cpu "
               "second\n",
               from + 1, to, o->label, (long long)entries, (long long)seals, perf_now() - w,
               cpu + srv, cpu, srv, (double)entries / (cpu + srv));
    fflush(stdout);
}

/* What autovacuum (off in bench_pgscale.sh's cluster: the server's CPU would count its work as
 * the check's) would do after the pushes, not timed. */
static void vacuum(const char *url)
{
    char *argv[] = {"psql", "-X", "-q", "-c", "VACUUM ANALYZE", (char *)url, NULL};
    pid_t pid;
    int status;
    if (posix_spawnp(&pid, "psql", NULL, NULL, argv, environ) != 0 ||
        waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "bench_pgscale: VACUUM ANALYZE failed (psql): going on\n");
}

/* ---- the organ's check, in a child process ---- */

typedef struct measured {
    double wall, cpu, server, peak_mib;
    double replica_cpu, check_cpu; /* this process's CPU split, from Lua's os.clock */
    long long findings, branches;
} measured;

static const char WHOLE[] =
    "local n, b, tr, tc = 0, 0, 0, 0\n"
    "for _, br in ipairs(db:sync_branches()) do\n"
    "  local t0 = os.clock()\n"
    "  local r = db:sync_replica(br.name)\n"
    "  r:set_today(db:today())\n"
    "  local t1 = os.clock()\n"
    "  for _f in r:check_each{period = '2019'} do n = n + 1 end\n"
    "  r:close()\n"
    "  tr, tc, b = tr + t1 - t0, tc + os.clock() - t1, b + 1\n"
    "end\n"
    "return n, b, tr, tc\n";

static const char ONE[] =
    "local n, tr, tc = 0, 0, 0\n"
    "for i = 1, %d do\n"
    "  local t0 = os.clock()\n"
    "  local r = db:sync_replica('b00002')\n"
    "  r:set_today(db:today())\n"
    "  local t1 = os.clock()\n"
    "  for _f in r:check_each{period = '2019'} do n = n + 1 end\n"
    "  r:close()\n"
    "  tr, tc = tr + t1 - t0, tc + os.clock() - t1\n"
    "end\n"
    "return n, %d, tr, tc\n";

/* Runs `code` on the organ `where` in a child process; its rusage, the server's CPU around it
 * and what the code returned (findings, branches, replica and check CPU). */
static measured run_child(const char *where, bool pg, const char *code)
{
    int fd[2];
    if (pipe(fd) != 0) {
        perror("pipe");
        exit(1);
    }
    fflush(stdout);
    double w = perf_now(), s = pg ? server_cpu() : 0;
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) {
        close(fd[0]);
        qf_db *db = open_db(where);
        ql_sandbox *sb = ql_sandbox_new(QL_TRUSTED, db, NULL);
        lua_State *L = ql_sandbox_state(sb);
        if (ql_sandbox_run(sb, code, strlen(code), "=bench", 0, 4) != LUA_OK) {
            fprintf(stderr, "bench_pgscale: %s\n", lua_tostring(L, -1));
            _exit(1);
        }
        double v[4] = {(double)lua_tointeger(L, -4), (double)lua_tointeger(L, -3),
                       lua_tonumber(L, -2), lua_tonumber(L, -1)};
        if (write(fd[1], v, sizeof v) != (ssize_t)sizeof v)
            _exit(1);
        ql_sandbox_free(sb);
        qf_db_free(db);
        _exit(0);
    }
    close(fd[1]);
    double v[4] = {0, 0, 0, 0};
    ssize_t got = read(fd[0], v, sizeof v);
    close(fd[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != (ssize_t)sizeof v) {
        fprintf(stderr, "bench_pgscale: the check on %s failed\n", where);
        exit(1);
    }
    measured m;
    m.wall = perf_now() - w;
    m.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
            ru.ru_stime.tv_usec / 1e6;
    m.server = pg ? server_cpu() - s : 0;
    m.peak_mib = ru.ru_maxrss / 1024.0;
    m.findings = (long long)v[0];
    m.branches = (long long)v[1];
    m.replica_cpu = v[2];
    m.check_cpu = v[3];
    return m;
}

typedef struct size_figures {
    int branches;
    double cpu[2];      /* median CPU (client + server) of the whole check: PG, file */
    double one_cpu[2];  /* per branch, median, ms */
} size_figures;

static int runs = RUNS;

static void measure_size(organ *organs, int branches, size_figures *out)
{
    measured whole[2][RUNS], one[2][RUNS];
    /* one branch: a child that judges it 1 + ONE_REPEAT times less one that judges it once
     * (opening the organ, the sandbox, the first replica's preparations: what a standing
     * process does once) */
    char one_code[sizeof ONE + 32], base_code[sizeof ONE + 32];
    snprintf(one_code, sizeof one_code, ONE, 1 + ONE_REPEAT, 1 + ONE_REPEAT);
    snprintf(base_code, sizeof base_code, ONE, 1, 1);
    for (int r = 0; r < runs; r++)
        for (int k = 0; k < 2; k++) {
            whole[k][r] = run_child(organs[k].where, organs[k].pg, WHOLE);
            measured base = run_child(organs[k].where, organs[k].pg, base_code);
            one[k][r] = run_child(organs[k].where, organs[k].pg, one_code);
            one[k][r].wall -= base.wall;
            one[k][r].cpu -= base.cpu;
            one[k][r].server -= base.server;
            one[k][r].replica_cpu -= base.replica_cpu;
            one[k][r].check_cpu -= base.check_cpu;
            /* each run as it ends (a long run stopped early still tells something) */
            printf("  run %d, %s: whole check cpu %.2f s (server %.2f s), wall %.1f s, peak %.0f "
                   "MiB; one branch cpu %.1f ms\n",
                   r + 1, organs[k].label, whole[k][r].cpu + whole[k][r].server,
                   whole[k][r].server, whole[k][r].wall, whole[k][r].peak_mib,
                   (one[k][r].cpu + one[k][r].server) * 1000 / ONE_REPEAT);
            fflush(stdout);
        }
    out->branches = branches;
    for (int k = 0; k < 2; k++) {
        double cpu[RUNS] = {0}, wall[RUNS] = {0}, srv[RUNS] = {0}, peak[RUNS] = {0}, rep[RUNS] = {0},
               chk[RUNS] = {0};
        double ocpu[RUNS], owall[RUNS], orep[RUNS], ochk[RUNS];
        for (int r = 0; r < runs; r++) {
            cpu[r] = whole[k][r].cpu + whole[k][r].server;
            wall[r] = whole[k][r].wall;
            srv[r] = whole[k][r].server;
            peak[r] = whole[k][r].peak_mib;
            rep[r] = whole[k][r].replica_cpu;
            chk[r] = whole[k][r].check_cpu;
            ocpu[r] = (one[k][r].cpu + one[k][r].server) * 1000 / ONE_REPEAT;
            owall[r] = one[k][r].wall * 1000 / ONE_REPEAT;
            orep[r] = one[k][r].replica_cpu * 1000 / ONE_REPEAT;
            ochk[r] = one[k][r].check_cpu * 1000 / ONE_REPEAT;
        }
        double peak_max = peak[0];
        for (int r = 1; r < runs; r++)
            peak_max = peak[r] > peak_max ? peak[r] : peak_max;
        out->cpu[k] = median(cpu, runs);
        out->one_cpu[k] = median(ocpu, runs);
        printf("branches %d, organ on %s: whole check (%lld branches, %lld findings): cpu "
               "median %.1f s, min %.1f s (server %.1f s; this process: replicas %.1f s, checks "
               "%.1f s); wall median %.1f s; peak memory %.0f MiB (max of %d runs)\n",
               branches, organs[k].label, whole[k][0].branches, whole[k][0].findings,
               out->cpu[k], minimum(cpu, runs), median(srv, runs), median(rep, runs),
               median(chk, runs), median(wall, runs), peak_max, runs);
        printf("branches %d, organ on %s: one branch (b00002, %d times): cpu median %.1f ms, min "
               "%.1f ms (replica %.1f ms + check %.1f ms in this process); wall median %.1f ms\n",
               branches, organs[k].label, ONE_REPEAT, out->one_cpu[k], minimum(ocpu, runs),
               median(orep, runs), median(ochk, runs), median(owall, runs));
    }
    printf("branches %d: whole check, PostgreSQL / file: %.2f× (cpu, medians)\n", branches,
           out->cpu[0] / out->cpu[1]);
    fflush(stdout);
}

/* ---- one month pushed end to end ---- */

static int copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    if (!a || !b) {
        if (a)
            fclose(a);
        if (b)
            fclose(b);
        return -1;
    }
    static char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, a)) > 0)
        fwrite(buf, 1, n, b);
    fclose(a);
    return fclose(b);
}

static void measure_month(organ *organs)
{
    /* branch number SHAPES + 1: not one of the organ's shapes */
    int number = SHAPES + 1;
    make_shape(number, 11);
    char base[512], work[600];
    shape_path(base, sizeof base, number, 11);
    snprintf(work, sizeof work, "%s.work", base);
    double wall[2][RUNS], cpu[2][RUNS], srv[2][RUNS];
    long long entries = 0;
    for (int r = 0; r < runs; r++)
        for (int k = 0; k < 2; k++) {
            char name[32];
            snprintf(name, sizeof name, "month-%d-%d", r + 1, (int)getpid());
            unlink(work);
            if (copy_file(base, work) != 0) {
                perror(work);
                exit(1);
            }
            /* January to November at the organ already; then December is written */
            qf_db *b = open_db(work);
            qf_sync_options opts = QF_SYNC_OPTIONS_INIT;
            opts.branch = name;
            qf_sync_report rep;
            if (qf_sync_push(&rep, b, organs[k].db, &opts) != QF_OK)
                die("push of January to November");
            perf_branch br;
            char ids[600];
            snprintf(ids, sizeof ids, "%s.ids", base);
            FILE *f = fopen(ids, "rb");
            if (!f || fread(&br, sizeof br, 1, f) != 1) {
                perror(ids);
                exit(1);
            }
            fclose(f);
            write_month(b, &br, 12);
            qf_db_free(b);
            char *argv[] = {(char *)QUFA_BIN, "--db",  work,           "sync", "push", "--name",
                            name,             (char *)organs[k].where, NULL};
            fflush(stdout);
            double w = perf_now(), s = organs[k].pg ? server_cpu() : 0;
            pid_t pid;
            int fd = open("/dev/null", O_WRONLY);
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_adddup2(&fa, fd, 1);
            if (posix_spawn(&pid, QUFA_BIN, &fa, NULL, argv, environ) != 0) {
                perror(QUFA_BIN);
                exit(1);
            }
            posix_spawn_file_actions_destroy(&fa);
            int status;
            struct rusage ru;
            if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
                fprintf(stderr, "bench_pgscale: qufa sync push of a month failed\n");
                exit(1);
            }
            close(fd);
            wall[k][r] = (perf_now() - w) * 1000;
            srv[k][r] = organs[k].pg ? (server_cpu() - s) * 1000 : 0;
            cpu[k][r] = (ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                         ru.ru_stime.tv_usec / 1e6) * 1000 + srv[k][r];
            int64_t seq_before = rep.acked_seq, seq_after = 0;
            if (qf_sync_acked(&seq_after, NULL, organs[k].db, name) != QF_OK)
                die("acked");
            entries = seq_after - seq_before;
        }
    unlink(work);
    for (int k = 0; k < 2; k++)
        printf("one branch's December (%lld audit entries) pushed by `qufa sync push` into the "
               "organ on %s: wall median %.0f ms, min %.0f ms; cpu median %.0f ms (server %.0f "
               "ms)\n",
               entries, organs[k].label, median(wall[k], runs), minimum(wall[k], runs),
               median(cpu[k], runs), median(srv[k], runs));
    fflush(stdout);
}

int main(int argc, char **argv)
{
    clk_tck = sysconf(_SC_CLK_TCK);
    int sizes[8], n_sizes = 0;
    for (int i = 1; i < argc; i++) {
        if (atoi(argv[i]) > 0 && n_sizes < 8 && (n_sizes == 0 || atoi(argv[i]) > sizes[n_sizes - 1]))
            sizes[n_sizes++] = atoi(argv[i]);
        else {
            fprintf(stderr, "usage: bench_pgscale [BRANCHES ...] (increasing)\n");
            return 2;
        }
    }
    if (!n_sizes)
        sizes[n_sizes++] = 1000;
    const char *url = getenv("QUFA_PERF_PG");
    if (!url || !*url) {
        fprintf(stderr, "bench_pgscale: set QUFA_PERF_PG to an empty PostgreSQL database "
                        "(tests/perf/bench_pgscale.sh does)\n");
        return 2;
    }
    find_postmaster();
    /* fewer runs on a loaded machine (QUFA_PERF_RUNS=1 or 2) */
    const char *env = getenv("QUFA_PERF_RUNS");
    if (env && atoi(env) >= 1 && atoi(env) <= RUNS)
        runs = atoi(env);
    for (int s = 1; s <= SHAPES; s++)
        make_shape(s, 12);
    qf_db *shapes[SHAPES];
    for (int s = 0; s < SHAPES; s++) {
        char path[512];
        shape_path(path, sizeof path, s + 1, 12);
        shapes[s] = open_db(path);
    }
    char file[512];
    perf_path(file, sizeof file, "pgscale-organ.db");
    /* QUFA_PERF_KEEP=1 goes on with the organs of an earlier run (the same PostgreSQL database
     * and organ file): what they hold is not pushed again */
    const char *keep = getenv("QUFA_PERF_KEEP");
    if (!keep || atoi(keep) == 0)
        qf_db_destroy(file);
    organ organs[2] = {{"PostgreSQL", url, NULL, true}, {"a file (SQLite)", file, NULL, false}};
    for (int k = 0; k < 2; k++)
        organs[k].db = open_db(organs[k].where);
    size_figures f[8];
    int held = 0;
    for (int i = 0; i < n_sizes; i++) {
        for (int k = 0; k < 2; k++)
            push_range(&organs[k], shapes, held, sizes[i]);
        vacuum(url);
        held = sizes[i];
        measure_size(organs, sizes[i], &f[i]);
    }
    for (int i = 1; i < n_sizes; i++)
        printf("scaling %d -> %d branches (%.1f× the data): whole check on PostgreSQL %.2f× the "
               "cpu, on the file %.2f×; one branch on PostgreSQL %.2f×\n",
               f[i - 1].branches, f[i].branches, (double)f[i].branches / f[i - 1].branches,
               f[i].cpu[0] / f[i - 1].cpu[0], f[i].cpu[1] / f[i - 1].cpu[1],
               f[i].one_cpu[0] / f[i - 1].one_cpu[0]);
    measure_month(organs);
    for (int s = 0; s < SHAPES; s++)
        qf_db_free(shapes[s]);
    for (int k = 0; k < 2; k++)
        qf_db_free(organs[k].db);
    return 0;
}
