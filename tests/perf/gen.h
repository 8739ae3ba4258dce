/* A synthetic deployment for the benchmarks: N branches × one year of realistic records. */
#ifndef QUFA_PERF_GEN_H
#define QUFA_PERF_GEN_H

#include "qufa.h"

typedef struct perf_stats {
    int64_t branches, members, activities, attendance, artifacts;
    double seconds;
} perf_stats;

/*
 * Fills `db` with `branches` branches (100 per committee), each with two party groups, 20
 * members (branch 1 is coded "gy1" like the seed's branch, the others b00002…), the four
 * committee posts, and about 80 activities in `year` (monthly committee and
 * group meetings, quarterly general meetings, lectures, theme days, semimonthly talks) with
 * attendance and notice/minutes/photo artifacts. Deterministic: a few lapses (missing or late
 * artifacts, absences) come from a fixed pseudo-random sequence. One transaction.
 */
int perf_generate(qf_db *db, int branches, int year, perf_stats *out);

/* Wall-clock seconds (monotonic). */
double perf_now(void);
/* Peak resident memory of this process in MiB. */
double perf_peak_mib(void);

#endif
