/*
 * Imports generated CSV files into a fresh database file and prints rows per second:
 *   1. `rows` members (name, gender, birth date, status, branch, group, joined, code, phone);
 *   2. `rows` activities with 20 attendance entries each (18 present by code, one absent by
 *      name, one on leave with a reason), a guest and a three-segment agenda.
 * Then exports the activities again, for comparison. Each import is one transaction.
 *
 *     bench_import [rows] [dir]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "qufa.h"

#define ATTENDEES 20
#define POOL 400 /* members that the activities name */

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall time, and the process's CPU time: on a busy machine the second is the fairer measure. */
static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int write_members(const char *path, long rows)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("name,gender,birth_date,status,org,group,joined,code,phone\n", f);
    for (long i = 0; i < rows; i++)
        fprintf(f,
                "党员%06ld,%s,19%02ld-%02ld-%02ld,正式党员,bench,%s,2005-07-01,M%06ld,138%08ld\n",
                i, i % 2 ? "男" : "女", 60 + i % 40, 1 + i % 12, 1 + i % 28,
                i % 2 ? "第一党小组" : "第二党小组", i, i);
    return fclose(f);
}

static int write_activities(const char *path, long rows)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("org,kind,title,topic,starts_at,place,host,present,absent,leave,guests,agenda\n", f);
    for (long i = 0; i < rows; i++) {
        long first = (i * 7) % (POOL - ATTENDEES);
        int day = (int)(i % 28) + 1, month = (int)(i / 28 % 12) + 1;
        fprintf(f,
                "bench,半月谈,半月谈（第%ld期）,绿色制造,2016-%02d-%02d 14:30,三楼会议室,M%06ld,\"",
                i, month, day, first);
        for (int k = 0; k < ATTENDEES - 2; k++)
            fprintf(f, "%sM%06ld", k ? ";" : "", first + k);
        fprintf(f,
                "\",党员%06ld,党员%06ld（出差）,专家%ld|某研究院|expert,"
                "study→expert_briefing→discussion\n",
                first + ATTENDEES - 2, first + ATTENDEES - 1, i);
    }
    return fclose(f);
}

static int setup_orgs(qf_db *db)
{
    int64_t branch = 0;
    qf_org b = {0, 0, QF_ORG_BRANCH, "bench", "基准测试党支部", NULL};
    qf_org g1 = {0, 0, QF_ORG_GROUP, "bench1", "第一党小组", NULL};
    qf_org g2 = {0, 0, QF_ORG_GROUP, "bench2", "第二党小组", NULL};
    int rc = qf_org_create(&branch, db, &b);
    g1.parent_id = g2.parent_id = branch;
    if (!rc)
        rc = qf_org_create(NULL, db, &g1);
    if (!rc)
        rc = qf_org_create(NULL, db, &g2);
    return rc;
}

static int timed_import(qf_db *db, qf_import_kind kind, const char *path, const char *what)
{
    int64_t n = 0;
    double t0 = now(), c0 = cpu();
    int rc = qf_import_csv(&n, db, kind, path, NULL);
    double dt = now() - t0, dc = cpu() - c0;
    if (rc) {
        fprintf(stderr, "%s: %s\n", what, qf_error_last());
        return rc;
    }
    printf("import %-32s %8lld rows %7.2f s %9.0f rows/s (cpu %.2f s, %.0f rows/s)\n", what,
           (long long)n, dt, (double)n / dt, dc, (double)n / dc);
    return QF_OK;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? atol(argv[1]) : 100000;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    char members[512], activities[512], dbpath[512], out[512];
    snprintf(members, sizeof members, "%s/bench_members.csv", dir);
    snprintf(activities, sizeof activities, "%s/bench_activities.csv", dir);
    snprintf(dbpath, sizeof dbpath, "%s/bench_import.db", dir);
    snprintf(out, sizeof out, "%s/bench_export.csv", dir);
    long pool = rows > POOL ? rows : POOL; /* the activities name the first POOL members */
    if (write_members(members, pool) || write_activities(activities, rows)) {
        perror("writing the CSV files");
        return 1;
    }
    unlink(dbpath);
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "bench";
    if (qf_db_open(&db, dbpath, &o) || setup_orgs(db)) {
        fprintf(stderr, "%s\n", qf_error_last());
        return 1;
    }
    qf_db_set_today(db, qf_date_from_ymd(2017, 9, 5));
    int rc = timed_import(db, QF_IMPORT_MEMBERS, members, "members");
    if (!rc)
        rc = timed_import(db, QF_IMPORT_ACTIVITIES, activities, "activities (20 attendees each)");
    if (!rc) {
        FILE *f = fopen(out, "w");
        double t0 = now(), c0 = cpu();
        rc = f ? qf_export_csv(db, QF_IMPORT_ACTIVITIES, f, NULL) : QF_ERROR;
        if (f)
            fclose(f);
        double dt = now() - t0, dc = cpu() - c0;
        if (rc)
            fprintf(stderr, "export: %s\n", qf_error_last());
        else
            printf("export %-32s %8ld rows %7.2f s %9.0f rows/s (cpu %.2f s, %.0f rows/s)\n",
                   "activities", rows, dt, (double)rows / dt, dc, (double)rows / dc);
    }
    qf_db_free(db);
    unlink(members);
    unlink(activities);
    unlink(out);
    unlink(dbpath);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", dbpath);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", dbpath);
    unlink(side);
    return rc ? 1 : 0;
}
