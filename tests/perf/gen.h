/* A synthetic deployment for the benchmarks: N branches × one year of realistic records. */
#ifndef QUFA_PERF_GEN_H
#define QUFA_PERF_GEN_H

#include "qufa.h"

typedef struct perf_stats {
    int64_t branches, members, activities, attendance, artifacts;
    double seconds;
} perf_stats;

/* One branch's orgs and members as perf_setup_branch made them. */
#define PERF_MEMBERS 20
typedef struct perf_branch {
    int number; /* 1-based */
    int64_t branch, groups[2];
    int64_t members[PERF_MEMBERS];
} perf_branch;

/* One planned activity with its attendance (group meetings: the group's 10 members). */
#define PERF_ACTIVITIES 80
typedef struct perf_activity {
    int64_t org_id;
    const char *kind;
    char title[40];
    qf_datetime starts_at, ends_at;
    int64_t host_id;
    size_t n_att;
    qf_attendance att[PERF_MEMBERS];
} perf_activity;

/*
 * Creates branch number `b` (1-based; branch 1 is coded "gy1" like the seed's branch, the
 * others b00002…) under `committee`: two party groups, 20 members (17 full, 3 probationary,
 * alternately in the two groups) and the four committee posts.
 */
int perf_setup_branch(qf_db *db, int64_t committee, int b, int year, perf_branch *out);
/*
 * Creates `branches` branches (100 per committee) with perf_setup_branch; `out` (may be NULL)
 * receives each one's ids. Does not begin a transaction.
 */
int perf_setup(qf_db *db, int branches, int year, perf_branch *out, perf_stats *st);

/*
 * The branch's PERF_ACTIVITIES activities of `year`: monthly committee and group meetings
 * (each group), quarterly general meetings and lectures, monthly theme days, semimonthly
 * talks. Attendance is a fixed function of (branch, activity, member): about 1 in 20 absent,
 * 1 in 20 on leave ("出差"). The same formula is in bench_insert's Lua driver.
 */
void perf_plan_branch(const perf_branch *br, int year, perf_activity out[PERF_ACTIVITIES]);
/* The state perf_plan_branch gives member index m at activity index i of branch b. */
qf_attendance_state perf_attendance_state(int b, int i, int m);

/*
 * Creates one planned activity as perf_generate does: through qf_activity_create, with an
 * expert guest and a three-part agenda on semimonthly talks, and its notice/minutes/photo
 * artifacts (a few missing or late, from the generator's fixed pseudo-random sequence).
 */
int perf_activity_create(qf_db *db, perf_stats *st, const perf_activity *p);

/*
 * Fills `db` with `branches` branches as above, their planned activities created through
 * qf_activity_create with an expert guest and a three-part agenda on semimonthly talks, and
 * notice/minutes/photo artifacts (a few missing or late, from a fixed pseudo-random sequence).
 * One transaction. Deterministic.
 */
int perf_generate(qf_db *db, int branches, int year, perf_stats *out);

/*
 * Opens $QUFA_PERF_DIR/qufa-perf-<BRANCHES>.db, generating it with perf_generate(…, 2019, …)
 * the first time (and saying so on stdout); today is set to 2019-12-31. Packs are not loaded.
 * Delete the file after changing the generator or the schema.
 */
int perf_open_generated(qf_db **out, int branches);

/* Wall-clock seconds (monotonic). */
double perf_now(void);
/* CPU seconds of this process (user + system): fairer than wall-clock on a busy machine. */
double perf_cpu(void);
/* Peak resident memory of this process in MiB. */
double perf_peak_mib(void);
/* A path for a benchmark file: $QUFA_PERF_DIR (default /tmp)/qufa-perf-<name>. */
void perf_path(char *buf, size_t size, const char *name);

#endif
