#include "gen.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

double perf_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

double perf_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

double perf_peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

void perf_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("QUFA_PERF_DIR");
    snprintf(buf, size, "%s/qufa-perf-%s", dir && *dir ? dir : "/tmp", name);
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

/* 12 + 2×12 + 4 + 4 + 12 + 24 = 80 activities a year (PERF_ACTIVITIES) */
static const kind_plan PLAN[] = {
    {"committee_meeting", 12, false}, {"group_meeting", 12, true}, {"general_meeting", 4, false},
    {"lecture", 4, false},            {"theme_day", 12, false},    {"semimonthly_talk", 24, false},
};

qf_attendance_state perf_attendance_state(int b, int i, int m)
{
    int r = (b * 7 + i * 13 + m * 11) % 20;
    return r == 0 ? QF_ATTEND_ABSENT : r == 1 ? QF_ATTEND_LEAVE : QF_ATTEND_PRESENT;
}

void perf_plan_branch(const perf_branch *br, int year, perf_activity out[PERF_ACTIVITIES])
{
    int n = 0;
    for (size_t k = 0; k < sizeof PLAN / sizeof PLAN[0]; k++) {
        const kind_plan *p = &PLAN[k];
        for (int g = 0; g < (p->in_group ? 2 : 1); g++) {
            for (int i = 0; i < p->per_year; i++, n++) {
                perf_activity *a = &out[n];
                int month = p->per_year >= 12 ? (i * 12 / p->per_year) + 1 : i * 3 + 2;
                int day = p->per_year == 24 ? (i % 2 ? 20 : 6) : 10 + (br->number + n * 3) % 10;
                a->org_id = p->in_group ? br->groups[g] : br->branch;
                a->kind = p->kind;
                snprintf(a->title, sizeof a->title, "%s %d", p->kind, i + 1);
                a->starts_at = qf_datetime_from_date(qf_date_from_ymd(year, month, day), 14, 30);
                a->ends_at = a->starts_at + 150;
                a->host_id = br->members[0];
                /* a group's members are every other member, starting with the group's index */
                a->n_att = p->in_group ? PERF_MEMBERS / 2 : PERF_MEMBERS;
                for (size_t m = 0; m < a->n_att; m++) {
                    qf_attendance_state s = perf_attendance_state(br->number, n, (int)m);
                    a->att[m] = (qf_attendance){0, br->members[p->in_group ? 2 * m + g : m], s,
                                                s == QF_ATTEND_LEAVE ? "出差" : NULL};
                }
            }
        }
    }
}

int perf_setup_branch(qf_db *db, int64_t committee, int b, int year, perf_branch *out)
{
    char code[32], name[64];
    snprintf(code, sizeof code, b == 1 ? "gy1" : "b%05d", b);
    snprintf(name, sizeof name, "第%d党支部", b);
    out->number = b;
    qf_org br = {0, committee, QF_ORG_BRANCH, code, name, NULL};
    CHECK(qf_org_create(&out->branch, db, &br));
    for (int g = 0; g < 2; g++) {
        char gc[40], gn[64];
        snprintf(gc, sizeof gc, "%s-g%d", code, g + 1);
        snprintf(gn, sizeof gn, "第%d党小组", g + 1);
        qf_org go = {0, out->branch, QF_ORG_GROUP, gc, gn, NULL};
        CHECK(qf_org_create(&out->groups[g], db, &go));
    }
    qf_date since = qf_date_from_ymd(year - 3, 1, 1);
    for (int m = 0; m < PERF_MEMBERS; m++) {
        char mn[32];
        snprintf(mn, sizeof mn, "党员%d-%d", b, m + 1);
        qf_member mem;
        memset(&mem, 0, sizeof mem);
        mem.name = mn;
        mem.birth_date = QF_DATE_NONE;
        mem.joined = QF_DATE_NONE;
        mem.status = m < 17 ? QF_STATUS_FULL : QF_STATUS_PROBATIONARY;
        mem.since = since;
        mem.org_id = out->branch;
        mem.group_id = out->groups[m % 2];
        CHECK(qf_member_create(&out->members[m], db, &mem));
    }
    static const char *posts[] = {"secretary", "organization", "publicity", "discipline"};
    for (int p = 0; p < 4; p++) {
        qf_position pos = {0, out->members[p], out->branch, posts[p], since, QF_DATE_NONE, NULL};
        CHECK(qf_position_create(NULL, db, &pos));
    }
    return QF_OK;
}

int perf_setup(qf_db *db, int branches, int year, perf_branch *out, perf_stats *st)
{
    int64_t committee = 0;
    for (int b = 0; b < branches; b++) {
        if (b % 100 == 0) {
            char code[32], name[64];
            snprintf(code, sizeof code, "c%03d", b / 100);
            snprintf(name, sizeof name, "第%d机关党委", b / 100 + 1);
            qf_org c = {0, 0, QF_ORG_COMMITTEE, code, name, NULL};
            CHECK(qf_org_create(&committee, db, &c));
        }
        perf_branch one, *br = out ? &out[b] : &one;
        CHECK(perf_setup_branch(db, committee, b + 1, year, br));
        if (st) {
            st->branches++;
            st->members += PERF_MEMBERS;
        }
    }
    return QF_OK;
}

/* The generator's extras: an expert and a three-part agenda on talks, and the artifacts. */
int perf_activity_create(qf_db *db, perf_stats *st, const perf_activity *p)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = p->org_id;
    a.kind = p->kind;
    a.title = p->title;
    a.topic = "标准化";
    a.starts_at = p->starts_at;
    a.ends_at = p->ends_at;
    a.host_id = p->host_id;
    qf_agenda_item agenda[3] = {{0, 1, "study", NULL}, {0, 2, "expert_briefing", NULL},
                                {0, 3, "discussion", NULL}};
    qf_guest expert = {0, 0, "专家", "标委会", "expert"};
    bool talk = strcmp(p->kind, "semimonthly_talk") == 0;
    qf_activity_parts parts = {p->att, p->n_att, &expert, talk ? 1 : 0, agenda, talk ? 3 : 0};
    int64_t id;
    CHECK(qf_activity_create(&id, db, &a, &parts));
    st->activities++;
    st->attendance += (int64_t)p->n_att;
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

static int generate(qf_db *db, int branches, int year, perf_stats *out)
{
    static perf_activity plan[PERF_ACTIVITIES];
    int64_t committee = 0;
    for (int b = 0; b < branches; b++) {
        if (b % 100 == 0) {
            char code[32], name[64];
            snprintf(code, sizeof code, "c%03d", b / 100);
            snprintf(name, sizeof name, "第%d机关党委", b / 100 + 1);
            qf_org c = {0, 0, QF_ORG_COMMITTEE, code, name, NULL};
            CHECK(qf_org_create(&committee, db, &c));
        }
        perf_branch br;
        CHECK(perf_setup_branch(db, committee, b + 1, year, &br));
        out->branches++;
        out->members += PERF_MEMBERS;
        perf_plan_branch(&br, year, plan);
        for (int i = 0; i < PERF_ACTIVITIES; i++)
            CHECK(perf_activity_create(db, out, &plan[i]));
    }
    return QF_OK;
}

int perf_generate(qf_db *db, int branches, int year, perf_stats *out)
{
    memset(out, 0, sizeof *out);
    double t0 = perf_now();
    CHECK(qf_tx_begin(db));
    int rc = generate(db, branches, year, out);
    if (rc) {
        qf_tx_rollback(db);
        return rc;
    }
    CHECK(qf_tx_commit(db));
    out->seconds = perf_now() - t0;
    return QF_OK;
}

int perf_open_generated(qf_db **out, int branches)
{
    char path[512], name[32];
    snprintf(name, sizeof name, "%d.db", branches);
    perf_path(path, sizeof path, name);
    bool fresh = access(path, F_OK) != 0;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags |= QF_OPEN_CREATE;
    o.actor = "bench";
    CHECK(qf_db_open(out, path, &o));
    qf_db_set_today(*out, qf_date_from_ymd(2019, 12, 31));
    if (!fresh)
        return QF_OK;
    perf_stats st;
    int rc = perf_generate(*out, branches, 2019, &st);
    if (rc) {
        qf_db_free(*out);
        *out = NULL;
        unlink(path);
        return rc;
    }
    printf("generated %s: %lld branches, %lld members, %lld activities, %lld attendance, "
           "%lld artifacts in %.1f s\n",
           path, (long long)st.branches, (long long)st.members, (long long)st.activities,
           (long long)st.attendance, (long long)st.artifacts, st.seconds);
    fflush(stdout);
    return QF_OK;
}
