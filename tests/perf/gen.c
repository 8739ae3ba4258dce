#include "gen.h"
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

double perf_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

double perf_peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

static uint32_t rng = 2463534242u;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

#define CHECK(call)                                                                                \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        if (rc_ != QF_OK) {                                                                        \
            fprintf(stderr, "%s: %s\n", #call, qf_error_last());                                   \
            return rc_;                                                                            \
        }                                                                                          \
    } while (0)

typedef struct kind_plan {
    const char *kind;
    int per_year;
    bool in_group;
} kind_plan;

static const kind_plan PLAN[] = {
    {"committee_meeting", 12, false}, {"group_meeting", 12, true}, {"general_meeting", 4, false},
    {"lecture", 4, false},            {"theme_day", 12, false},    {"semimonthly_talk", 24, false},
};

static int one_activity(qf_db *db, perf_stats *st, int64_t org, const kind_plan *p, int i,
                        int year, const int64_t *members, int n_members)
{
    char title[64], start[32];
    int month = p->per_year >= 12 ? (i * 12 / p->per_year) + 1 : i * 3 + 2;
    int day = p->per_year == 24 ? (i % 2 ? 20 : 6) : 10 + (int)(next_rand() % 10);
    snprintf(title, sizeof title, "%s %d", p->kind, i + 1);
    snprintf(start, sizeof start, "%04d-%02d-%02d 14:30", year, month, day);
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = p->kind;
    a.title = title;
    a.topic = "标准化";
    CHECK(qf_datetime_parse(&a.starts_at, start));
    a.ends_at = a.starts_at + 150;
    a.host_id = members[0];
    qf_attendance att[24];
    for (int m = 0; m < n_members; m++) {
        uint32_t r = next_rand() % 20;
        att[m] = (qf_attendance){0, members[m],
                                 r == 0 ? QF_ATTEND_ABSENT : r == 1 ? QF_ATTEND_LEAVE : QF_ATTEND_PRESENT,
                                 r == 1 ? "出差" : NULL};
    }
    qf_agenda_item agenda[3] = {{0, 1, "study", NULL}, {0, 2, "expert_briefing", NULL},
                                {0, 3, "discussion", NULL}};
    qf_guest expert = {0, 0, "专家", "标委会", "expert"};
    bool talk = strcmp(p->kind, "semimonthly_talk") == 0;
    qf_activity_parts parts = {att, (size_t)n_members, &expert, talk ? 1 : 0, agenda, talk ? 3 : 0};
    int64_t id;
    CHECK(qf_activity_create(&id, db, &a, &parts));
    st->activities++;
    st->attendance += n_members;
    /* notice a few days before (sometimes late), minutes and photo the same day (sometimes
     * missing) */
    static const char *types[] = {"notice", "minutes", "photo"};
    for (int k = 0; k < 3; k++) {
        if (next_rand() % 25 == 0)
            continue;
        qf_artifact x;
        memset(&x, 0, sizeof x);
        x.activity_id = id;
        x.type = types[k];
        x.title = types[k];
        x.size = -1;
        x.issued_at = k == 0 ? a.starts_at - 1440 * (int)(1 + next_rand() % 5) : a.starts_at + 180;
        CHECK(qf_artifact_create(NULL, db, &x, NULL, 0));
        st->artifacts++;
    }
    return QF_OK;
}

static int one_branch(qf_db *db, perf_stats *st, int64_t committee, int b, int year)
{
    char code[32], name[64];
    /* the first branch is the seed's gy1, so the branch's own pack loads too */
    snprintf(code, sizeof code, b == 1 ? "gy1" : "b%05d", b);
    snprintf(name, sizeof name, "第%d党支部", b);
    qf_org br = {0, committee, QF_ORG_BRANCH, code, name, NULL};
    int64_t branch, groups[2];
    CHECK(qf_org_create(&branch, db, &br));
    for (int g = 0; g < 2; g++) {
        char gc[40], gn[64];
        snprintf(gc, sizeof gc, "%s-g%d", code, g + 1);
        snprintf(gn, sizeof gn, "第%d党小组", g + 1);
        qf_org go = {0, branch, QF_ORG_GROUP, gc, gn, NULL};
        CHECK(qf_org_create(&groups[g], db, &go));
    }
    int64_t members[20];
    qf_date since = qf_date_from_ymd(year - 3, 1, 1);
    for (int m = 0; m < 20; m++) {
        char mn[32];
        snprintf(mn, sizeof mn, "党员%d-%d", b, m + 1);
        qf_member mem;
        memset(&mem, 0, sizeof mem);
        mem.name = mn;
        mem.birth_date = QF_DATE_NONE;
        mem.joined = QF_DATE_NONE;
        mem.status = m < 17 ? QF_STATUS_FULL : QF_STATUS_PROBATIONARY;
        mem.since = since;
        mem.org_id = branch;
        mem.group_id = groups[m % 2];
        CHECK(qf_member_create(&members[m], db, &mem));
        st->members++;
    }
    static const char *posts[] = {"secretary", "organization", "publicity", "discipline"};
    for (int p = 0; p < 4; p++) {
        qf_position pos = {0, members[p], branch, posts[p], since, QF_DATE_NONE, NULL};
        CHECK(qf_position_create(NULL, db, &pos));
    }
    for (size_t k = 0; k < sizeof PLAN / sizeof PLAN[0]; k++) {
        const kind_plan *p = &PLAN[k];
        for (int g = 0; g < (p->in_group ? 2 : 1); g++) {
            int64_t gm[10];
            for (int m = 0; m < 10; m++)
                gm[m] = members[2 * m + g];
            for (int i = 0; i < p->per_year; i++) {
                int rc = p->in_group ? one_activity(db, st, groups[g], p, i, year, gm, 10)
                                     : one_activity(db, st, branch, p, i, year, members, 20);
                if (rc)
                    return rc;
            }
        }
    }
    st->branches++;
    return QF_OK;
}

int perf_generate(qf_db *db, int branches, int year, perf_stats *out)
{
    memset(out, 0, sizeof *out);
    double t0 = perf_now();
    CHECK(qf_tx_begin(db));
    int64_t committee = 0;
    for (int b = 0; b < branches; b++) {
        if (b % 100 == 0) {
            char code[32], name[64];
            snprintf(code, sizeof code, "c%03d", b / 100);
            snprintf(name, sizeof name, "第%d机关党委", b / 100 + 1);
            qf_org c = {0, 0, QF_ORG_COMMITTEE, code, name, NULL};
            CHECK(qf_org_create(&committee, db, &c));
        }
        int rc = one_branch(db, out, committee, b + 1, year);
        if (rc) {
            qf_tx_rollback(db);
            return rc;
        }
    }
    CHECK(qf_tx_commit(db));
    out->seconds = perf_now() - t0;
    return QF_OK;
}
