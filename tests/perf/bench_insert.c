/*
 * Benchmark of bulk inserts (issue 8, figures 1 and 2; issue 17, goal 6): every planned activity
 * of BRANCHES branches (80 a year, with 10 or 20 attendance rows each; see gen.h), and then
 * their 20 members each, written in one outer transaction
 *
 *   raw  — a prepared-statement loop in plain SQLite: the same schema, indexes and audit
 *          triggers (the database is made by qf_db_open), BEGIN … COMMIT, no validation and
 *          no seal; one INSERT per row;
 *   raw2 — the same with one multi-row INSERT for each activity's attendance (what
 *          qf_activity_create does inside), to show what the API itself adds;
 *   api  — qf_activity_create for each activity between qf_tx_begin and qf_tx_commit;
 *   lua  — db:add_activity{…} for each activity inside db:transaction, the argument tables
 *          built in Lua from the same plan;
 *   mraw — the members in plain SQLite: per member the member row, its first status and its
 *          two places (branch and party group) in one multi-row INSERT, as qf_member_create
 *          writes them;
 *   mapi — qf_member_create for each member (status, since, org and group given);
 *   mlua — db:add_member{…} for each member inside db:transaction.
 * The activity variants are compared with raw, the member variants with mraw.
 *
 *   bench_insert [BRANCHES [RUNS [raw|raw2|api|lua|mraw|mapi|mlua|activities|members]]]
 *
 * Each run writes into a fresh database whose orgs and members (for the member variants: the
 * orgs only) were created first (not timed); $QUFA_PERF_SQL, when set, is run on it before the timed part (experiments with
 * pragmas or indexes). Prints the median of RUNS wall-clock times (default 3) per variant and the ratios
 * to raw. For instruction counts run one variant under callgrind and collect only the timed
 * function, e.g. valgrind --tool=callgrind --toggle-collect=timed_api bench_insert 20 1 api.
 * Nothing here is a pass/fail test.
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

#define YEAR 2019

static void die(const char *what)
{
    fprintf(stderr, "bench_insert: %s: %s\n", what, qf_error_last());
    exit(1);
}

/* The orgs of perf_setup without the members: a committee per 100 branches, each branch with
 * its two party groups. */
static int setup_orgs(qf_db *db, int branches, perf_branch *out)
{
    int64_t committee = 0;
    for (int b = 0; b < branches; b++) {
        char code[32], name[64];
        int rc = QF_OK;
        if (b % 100 == 0) {
            snprintf(code, sizeof code, "c%03d", b / 100);
            snprintf(name, sizeof name, "第%d机关党委", b / 100 + 1);
            qf_org c = {0, 0, QF_ORG_COMMITTEE, code, name, NULL};
            rc = qf_org_create(&committee, db, &c);
        }
        memset(&out[b], 0, sizeof out[b]);
        out[b].number = b + 1;
        snprintf(code, sizeof code, "b%05d", b + 1);
        snprintf(name, sizeof name, "第%d党支部", b + 1);
        qf_org br = {0, committee, QF_ORG_BRANCH, code, name, NULL};
        if (!rc)
            rc = qf_org_create(&out[b].branch, db, &br);
        for (int g = 0; g < 2 && !rc; g++) {
            char gc[40], gn[64];
            snprintf(gc, sizeof gc, "%s-g%d", code, g + 1);
            snprintf(gn, sizeof gn, "第%d党小组", g + 1);
            qf_org go = {0, out[b].branch, QF_ORG_GROUP, gc, gn, NULL};
            rc = qf_org_create(&out[b].groups[g], db, &go);
        }
        if (rc)
            return rc;
    }
    return QF_OK;
}

/* A fresh database with the branches' orgs and members (the orgs only for a member variant);
 * `out` gets their ids. */
static qf_db *fresh_db(const char *variant, int branches, perf_branch *out)
{
    char path[512], side[600];
    char name[64];
    snprintf(name, sizeof name, "insert-%s.db", variant);
    perf_path(path, sizeof path, name);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags |= QF_OPEN_CREATE;
    o.actor = "bench";
    qf_db *db = NULL;
    if (qf_db_open(&db, path, &o) != QF_OK)
        die(path);
    bool members = variant[0] == 'm';
    if (qf_tx_begin(db) ||
        (members ? setup_orgs(db, branches, out) : perf_setup(db, branches, YEAR, out, NULL)) ||
        qf_tx_commit(db))
        die("setup");
    /* for experiments: e.g. QUFA_PERF_SQL="PRAGMA cache_size = -65536" or schema changes */
    const char *extra = getenv("QUFA_PERF_SQL");
    if (extra) {
        char *err = NULL;
        if (sqlite3_exec(qf_db_sqlite(db), extra, NULL, NULL, &err) != SQLITE_OK) {
            fprintf(stderr, "QUFA_PERF_SQL: %s\n", err);
            exit(1);
        }
    }
    return db;
}

/* ---- raw ------------------------------------------------------------------------------- */

static void step(sqlite3 *sql, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "bench_insert: raw: %s\n", sqlite3_errmsg(sql));
        exit(1);
    }
    sqlite3_reset(st);
}

static void exec(sqlite3 *sql, const char *text)
{
    if (sqlite3_exec(sql, text, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_insert: raw: %s\n", sqlite3_errmsg(sql));
        exit(1);
    }
}

static const char *const STATE[] = {"present", "absent", "leave", "late"};

void timed_raw(sqlite3 *sql, const perf_branch *brs, int branches);
void timed_raw(sqlite3 *sql, const perf_branch *brs, int branches)
{
    static perf_activity plan[PERF_ACTIVITIES];
    sqlite3_stmt *act, *att;
    sqlite3_prepare_v2(sql,
                       "INSERT INTO activity (org_id, kind, title, topic, starts_at, ends_at, "
                       "place, host_id, recorder_id, lecturer_id, attrs) VALUES (?1, ?2, ?3, ?4, "
                       "?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                       -1, &act, NULL);
    sqlite3_prepare_v2(sql,
                       "INSERT INTO attendance (activity_id, member_id, state, reason) VALUES "
                       "(?1, ?2, ?3, ?4)",
                       -1, &att, NULL);
    exec(sql, "BEGIN IMMEDIATE");
    /* the audit triggers read the actor and time from here, as in a qufa transaction */
    exec(sql, "INSERT OR REPLACE INTO audit_ctx (id, actor, at) VALUES (1, 'bench', "
              "'2019-12-31T00:00:00Z')");
    for (int b = 0; b < branches; b++) {
        perf_plan_branch(&brs[b], YEAR, plan);
        for (int i = 0; i < PERF_ACTIVITIES; i++) {
            const perf_activity *p = &plan[i];
            char s[17], e[17];
            qf_datetime_format(p->starts_at, s);
            qf_datetime_format(p->ends_at, e);
            sqlite3_bind_int64(act, 1, p->org_id);
            sqlite3_bind_text(act, 2, p->kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(act, 3, p->title, -1, SQLITE_STATIC);
            sqlite3_bind_null(act, 4);
            sqlite3_bind_text(act, 5, s, -1, SQLITE_STATIC);
            sqlite3_bind_text(act, 6, e, -1, SQLITE_STATIC);
            sqlite3_bind_null(act, 7);
            sqlite3_bind_int64(act, 8, p->host_id);
            sqlite3_bind_null(act, 9);
            sqlite3_bind_null(act, 10);
            sqlite3_bind_text(act, 11, "{}", 2, SQLITE_STATIC);
            step(sql, act);
            int64_t id = sqlite3_last_insert_rowid(sql);
            for (size_t m = 0; m < p->n_att; m++) {
                sqlite3_bind_int64(att, 1, id);
                sqlite3_bind_int64(att, 2, p->att[m].member_id);
                sqlite3_bind_text(att, 3, STATE[p->att[m].state], -1, SQLITE_STATIC);
                if (p->att[m].reason)
                    sqlite3_bind_text(att, 4, p->att[m].reason, -1, SQLITE_STATIC);
                else
                    sqlite3_bind_null(att, 4);
                step(sql, att);
            }
        }
    }
    exec(sql, "DELETE FROM audit_ctx");
    exec(sql, "COMMIT");
    sqlite3_finalize(act);
    sqlite3_finalize(att);
}

/* The attendance of one activity in one statement: "(?,?,?,?)" n times. */
static sqlite3_stmt *prepare_rows(sqlite3 *sql, size_t n)
{
    char text[2048] = "INSERT INTO attendance (activity_id, member_id, state, reason) VALUES ";
    for (size_t i = 0; i < n; i++)
        strcat(text, i ? ",(?,?,?,?)" : "(?,?,?,?)");
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(sql, text, -1, &st, NULL);
    return st;
}

void timed_raw2(sqlite3 *sql, const perf_branch *brs, int branches);
void timed_raw2(sqlite3 *sql, const perf_branch *brs, int branches)
{
    static perf_activity plan[PERF_ACTIVITIES];
    sqlite3_stmt *act, *att[PERF_MEMBERS + 1];
    sqlite3_prepare_v2(sql,
                       "INSERT INTO activity (org_id, kind, title, topic, starts_at, ends_at, "
                       "place, host_id, recorder_id, lecturer_id, attrs) VALUES (?1, ?2, ?3, ?4, "
                       "?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                       -1, &act, NULL);
    att[PERF_MEMBERS] = prepare_rows(sql, PERF_MEMBERS);
    att[PERF_MEMBERS / 2] = prepare_rows(sql, PERF_MEMBERS / 2);
    exec(sql, "BEGIN IMMEDIATE");
    exec(sql, "INSERT OR REPLACE INTO audit_ctx (id, actor, at) VALUES (1, 'bench', "
              "'2019-12-31T00:00:00Z')");
    for (int b = 0; b < branches; b++) {
        perf_plan_branch(&brs[b], YEAR, plan);
        for (int i = 0; i < PERF_ACTIVITIES; i++) {
            const perf_activity *p = &plan[i];
            char s[17], e[17];
            qf_datetime_format(p->starts_at, s);
            qf_datetime_format(p->ends_at, e);
            sqlite3_bind_int64(act, 1, p->org_id);
            sqlite3_bind_text(act, 2, p->kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(act, 3, p->title, -1, SQLITE_STATIC);
            sqlite3_bind_null(act, 4);
            sqlite3_bind_text(act, 5, s, -1, SQLITE_STATIC);
            sqlite3_bind_text(act, 6, e, -1, SQLITE_STATIC);
            sqlite3_bind_null(act, 7);
            sqlite3_bind_int64(act, 8, p->host_id);
            sqlite3_bind_null(act, 9);
            sqlite3_bind_null(act, 10);
            sqlite3_bind_text(act, 11, "{}", 2, SQLITE_STATIC);
            step(sql, act);
            int64_t id = sqlite3_last_insert_rowid(sql);
            sqlite3_stmt *st = att[p->n_att];
            for (size_t m = 0; m < p->n_att; m++) {
                int k = 4 * (int)m;
                sqlite3_bind_int64(st, k + 1, id);
                sqlite3_bind_int64(st, k + 2, p->att[m].member_id);
                sqlite3_bind_text(st, k + 3, STATE[p->att[m].state], -1, SQLITE_STATIC);
                if (p->att[m].reason)
                    sqlite3_bind_text(st, k + 4, p->att[m].reason, -1, SQLITE_STATIC);
                else
                    sqlite3_bind_null(st, k + 4);
            }
            step(sql, st);
        }
    }
    exec(sql, "DELETE FROM audit_ctx");
    exec(sql, "COMMIT");
    sqlite3_finalize(act);
    sqlite3_finalize(att[PERF_MEMBERS]);
    sqlite3_finalize(att[PERF_MEMBERS / 2]);
}

/* ---- api ------------------------------------------------------------------------------- */

void timed_api(qf_db *db, const perf_branch *brs, int branches);
void timed_api(qf_db *db, const perf_branch *brs, int branches)
{
    static perf_activity plan[PERF_ACTIVITIES];
    if (qf_tx_begin(db))
        die("begin");
    for (int b = 0; b < branches; b++) {
        perf_plan_branch(&brs[b], YEAR, plan);
        for (int i = 0; i < PERF_ACTIVITIES; i++) {
            const perf_activity *p = &plan[i];
            qf_activity a;
            memset(&a, 0, sizeof a);
            a.org_id = p->org_id;
            a.kind = p->kind;
            a.title = p->title;
            a.starts_at = p->starts_at;
            a.ends_at = p->ends_at;
            a.host_id = p->host_id;
            qf_activity_parts parts = {p->att, p->n_att, NULL, 0, NULL, 0};
            if (qf_activity_create(NULL, db, &a, &parts))
                die("qf_activity_create");
        }
    }
    if (qf_tx_commit(db))
        die("commit");
}

/* ---- lua ------------------------------------------------------------------------------- */

/* The plan of perf_plan_branch, written as an importer would write it in Lua. */
static const char LUA_DRIVER[] =
    "local brs, year = ...\n"
    "local PLAN = {{'committee_meeting', 12, false}, {'group_meeting', 12, true},\n"
    "  {'general_meeting', 4, false}, {'lecture', 4, false}, {'theme_day', 12, false},\n"
    "  {'semimonthly_talk', 24, false}}\n"
    "local fmt = string.format\n"
    "db:transaction(function()\n"
    "  for _, br in ipairs(brs) do\n"
    "    local n = 0\n"
    "    for _, p in ipairs(PLAN) do\n"
    "      local kind, per, grouped = p[1], p[2], p[3]\n"
    "      for g = 1, grouped and 2 or 1 do\n"
    "        for i = 0, per - 1 do\n"
    "          local month = per >= 12 and i * 12 // per + 1 or i * 3 + 2\n"
    "          local day = per == 24 and (i % 2 == 1 and 20 or 6) or 10 + (br.number + n * 3) % 10\n"
    "          local att, nm = {}, grouped and 10 or 20\n"
    "          for m = 0, nm - 1 do\n"
    "            local r = (br.number * 7 + n * 13 + m * 11) % 20\n"
    "            local id = br.members[(grouped and 2 * m + g - 1 or m) + 1]\n"
    "            if r == 0 then att[m + 1] = {member = id, state = 'absent'}\n"
    "            elseif r == 1 then att[m + 1] = {member = id, state = 'leave', reason = '出差'}\n"
    "            else att[m + 1] = {member = id, state = 'present'} end\n"
    "          end\n"
    "          db:add_activity{org = grouped and br.groups[g] or br.branch, kind = kind,\n"
    "            title = kind .. ' ' .. (i + 1),\n"
    "            starts_at = fmt('%04d-%02d-%02d 14:30', year, month, day),\n"
    "            ends_at = fmt('%04d-%02d-%02d 17:00', year, month, day),\n"
    "            host = br.members[1], attendance = att}\n"
    "          n = n + 1\n"
    "        end\n"
    "      end\n"
    "    end\n"
    "  end\n"
    "end)\n";

static void push_branches(lua_State *L, const perf_branch *brs, int branches)
{
    lua_createtable(L, branches, 0);
    for (int b = 0; b < branches; b++) {
        lua_createtable(L, 0, 4);
        lua_pushinteger(L, brs[b].number);
        lua_setfield(L, -2, "number");
        lua_pushinteger(L, brs[b].branch);
        lua_setfield(L, -2, "branch");
        lua_createtable(L, 2, 0);
        for (int g = 0; g < 2; g++) {
            lua_pushinteger(L, brs[b].groups[g]);
            lua_rawseti(L, -2, g + 1);
        }
        lua_setfield(L, -2, "groups");
        lua_createtable(L, PERF_MEMBERS, 0);
        for (int m = 0; m < PERF_MEMBERS; m++) {
            lua_pushinteger(L, brs[b].members[m]);
            lua_rawseti(L, -2, m + 1);
        }
        lua_setfield(L, -2, "members");
        lua_rawseti(L, -2, b + 1);
    }
}

void timed_lua(ql_sandbox *sb);
void timed_lua(ql_sandbox *sb)
{
    lua_State *L = ql_sandbox_state(sb);
    if (ql_sandbox_run(sb, LUA_DRIVER, strlen(LUA_DRIVER), "=bench", 2, 0) != LUA_OK) {
        fprintf(stderr, "bench_insert: lua: %s\n", lua_tostring(L, -1));
        exit(1);
    }
}

/* ---- members --------------------------------------------------------------------------- */

/* Member m (0-based) of branch b: its name, and the status perf_setup_branch gives it. */
static void member_name(char *buf, size_t size, int b, int m)
{
    snprintf(buf, size, "党员%d-%d", b, m + 1);
}

static qf_member_status member_status(int m)
{
    return m < 17 ? QF_STATUS_FULL : QF_STATUS_PROBATIONARY;
}

void timed_mraw(sqlite3 *sql, const perf_branch *brs, int branches);
void timed_mraw(sqlite3 *sql, const perf_branch *brs, int branches)
{
    sqlite3_stmt *mem, *status, *places;
    sqlite3_prepare_v2(sql,
                       "INSERT INTO member (code, name, gender, birth_date, joined, phone, "
                       "id_number, attrs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                       -1, &mem, NULL);
    sqlite3_prepare_v2(sql,
                       "INSERT INTO member_status (member_id, status, since) VALUES (?1, ?2, ?3)",
                       -1, &status, NULL);
    sqlite3_prepare_v2(sql,
                       "INSERT INTO membership (member_id, org_id, start) VALUES (?1, ?2, ?3), "
                       "(?1, ?4, ?3)",
                       -1, &places, NULL);
    char since[11];
    qf_date_format(qf_date_from_ymd(YEAR - 3, 1, 1), since);
    exec(sql, "BEGIN IMMEDIATE");
    exec(sql, "INSERT OR REPLACE INTO audit_ctx (id, actor, at) VALUES (1, 'bench', "
              "'2019-12-31T00:00:00Z')");
    for (int b = 0; b < branches; b++) {
        const perf_branch *br = &brs[b];
        for (int m = 0; m < PERF_MEMBERS; m++) {
            char name[32];
            member_name(name, sizeof name, br->number, m);
            sqlite3_bind_null(mem, 1);
            sqlite3_bind_text(mem, 2, name, -1, SQLITE_STATIC);
            for (int k = 3; k <= 7; k++)
                sqlite3_bind_null(mem, k);
            sqlite3_bind_text(mem, 8, "{}", 2, SQLITE_STATIC);
            step(sql, mem);
            int64_t id = sqlite3_last_insert_rowid(sql);
            sqlite3_bind_int64(status, 1, id);
            sqlite3_bind_text(status, 2, qf_member_status_name(member_status(m)), -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(status, 3, since, -1, SQLITE_STATIC);
            step(sql, status);
            sqlite3_bind_int64(places, 1, id);
            sqlite3_bind_int64(places, 2, br->branch);
            sqlite3_bind_text(places, 3, since, -1, SQLITE_STATIC);
            sqlite3_bind_int64(places, 4, br->groups[m % 2]);
            step(sql, places);
        }
    }
    exec(sql, "DELETE FROM audit_ctx");
    exec(sql, "COMMIT");
    sqlite3_finalize(mem);
    sqlite3_finalize(status);
    sqlite3_finalize(places);
}

void timed_mapi(qf_db *db, const perf_branch *brs, int branches);
void timed_mapi(qf_db *db, const perf_branch *brs, int branches)
{
    qf_date since = qf_date_from_ymd(YEAR - 3, 1, 1);
    if (qf_tx_begin(db))
        die("begin");
    for (int b = 0; b < branches; b++) {
        for (int m = 0; m < PERF_MEMBERS; m++) {
            char name[32];
            member_name(name, sizeof name, brs[b].number, m);
            qf_member mem;
            memset(&mem, 0, sizeof mem);
            mem.name = name;
            mem.birth_date = QF_DATE_NONE;
            mem.joined = QF_DATE_NONE;
            mem.status = member_status(m);
            mem.since = since;
            mem.org_id = brs[b].branch;
            mem.group_id = brs[b].groups[m % 2];
            if (qf_member_create(NULL, db, &mem))
                die("qf_member_create");
        }
    }
    if (qf_tx_commit(db))
        die("commit");
}

/* The same members, written as an importer would write them in Lua. */
static const char LUA_MEMBERS[] =
    "local brs, year = ...\n"
    "local fmt = string.format\n"
    "local since = fmt('%04d-01-01', year - 3)\n"
    "db:transaction(function()\n"
    "  for _, br in ipairs(brs) do\n"
    "    for m = 0, 19 do\n"
    "      db:add_member{name = fmt('党员%d-%d', br.number, m + 1),\n"
    "        status = m < 17 and 'full' or 'probationary', since = since,\n"
    "        org = br.branch, group = br.groups[m % 2 + 1]}\n"
    "    end\n"
    "  end\n"
    "end)\n";

void timed_mlua(ql_sandbox *sb);
void timed_mlua(ql_sandbox *sb)
{
    lua_State *L = ql_sandbox_state(sb);
    if (ql_sandbox_run(sb, LUA_MEMBERS, strlen(LUA_MEMBERS), "=bench", 2, 0) != LUA_OK) {
        fprintf(stderr, "bench_insert: mlua: %s\n", lua_tostring(L, -1));
        exit(1);
    }
}

/* ---- driver ---------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct timing {
    double wall, cpu;
} timing;

static timing run_one(const char *variant, int branches, perf_branch *brs)
{
    qf_db *db = fresh_db(variant, branches, brs);
    ql_sandbox *sb = NULL;
    if (strcmp(variant, "lua") == 0 || strcmp(variant, "mlua") == 0) {
        sb = ql_sandbox_new(QL_TRUSTED, db, NULL);
        lua_State *L = ql_sandbox_state(sb);
        push_branches(L, brs, branches);
        lua_pushinteger(L, YEAR);
    }
    timing t = {perf_now(), perf_cpu()};
    if (strcmp(variant, "raw") == 0)
        timed_raw(qf_db_sqlite(db), brs, branches);
    else if (strcmp(variant, "raw2") == 0)
        timed_raw2(qf_db_sqlite(db), brs, branches);
    else if (strcmp(variant, "api") == 0)
        timed_api(db, brs, branches);
    else if (strcmp(variant, "lua") == 0)
        timed_lua(sb);
    else if (strcmp(variant, "mraw") == 0)
        timed_mraw(qf_db_sqlite(db), brs, branches);
    else if (strcmp(variant, "mapi") == 0)
        timed_mapi(db, brs, branches);
    else
        timed_mlua(sb);
    t.wall = perf_now() - t.wall;
    t.cpu = perf_cpu() - t.cpu;
    ql_sandbox_free(sb);
    qf_db_free(db);
    return t;
}

#define VARIANTS 7
#define FIRST_MEMBER 4 /* variants from here on write members */
#define MAX_RUNS 15

/* Whether variant v runs: all by default; "activities" or "members" for one group. */
static bool wanted(const char *only, const char *name, int v)
{
    if (!only)
        return true;
    if (strcmp(only, "members") == 0)
        return v >= FIRST_MEMBER;
    if (strcmp(only, "activities") == 0)
        return v < FIRST_MEMBER;
    return strcmp(only, name) == 0;
}

int main(int argc, char **argv)
{
    int branches = argc > 1 ? atoi(argv[1]) : 1000;
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    const char *only = argc > 3 ? argv[3] : NULL;
    if (branches < 1 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr,
                "usage: bench_insert [BRANCHES [RUNS [VARIANT|activities|members]]]\n");
        return 2;
    }
    perf_branch *brs = calloc((size_t)branches, sizeof *brs);
    static const char *const variants[VARIANTS] = {"raw",  "raw2", "api", "lua",
                                                   "mraw", "mapi", "mlua"};
    static double wall[VARIANTS][MAX_RUNS], cpu[VARIANTS][MAX_RUNS];
    int64_t acts = (int64_t)branches * PERF_ACTIVITIES;
    int64_t rows = acts + (int64_t)branches * (12 * 20 + 24 * 10 + 4 * 20 + 4 * 20 + 12 * 20 + 24 * 20);
    /* interleaved, so a change in the machine's load falls on every variant alike */
    for (int r = 0; r < runs; r++)
        for (int v = 0; v < VARIANTS; v++) {
            if (!wanted(only, variants[v], v))
                continue;
            timing t = run_one(variants[v], branches, brs);
            wall[v][r] = t.wall;
            cpu[v][r] = t.cpu;
        }
    int64_t mrows = (int64_t)branches * PERF_MEMBERS * 4; /* member, status, two places */
    printf("insert, %d branches: %lld activities, %lld rows with attendance; %d members, %lld "
           "rows; median of %d runs\n",
           branches, (long long)acts, (long long)rows, branches * PERF_MEMBERS,
           (long long)mrows, runs);
    double w0 = 0, c0 = 0;
    for (int v = 0; v < VARIANTS; v++) {
        if (!wanted(only, variants[v], v))
            continue;
        qsort(wall[v], (size_t)runs, sizeof(double), cmp_double);
        qsort(cpu[v], (size_t)runs, sizeof(double), cmp_double);
        double w = wall[v][runs / 2], c = cpu[v][runs / 2];
        int64_t n = v >= FIRST_MEMBER ? mrows : rows;
        printf("  %-4s wall %7.3f s (%8.0f rows/s)  cpu %7.3f s", variants[v], w, (double)n / w,
               c);
        /* each group against its own raw loop */
        if (v == 0 || v == FIRST_MEMBER) {
            w0 = w;
            c0 = c;
        } else if (w0 > 0) {
            printf("   %.2f× %s (cpu %.2f×)", w / w0, v >= FIRST_MEMBER ? "mraw" : "raw", c / c0);
        }
        printf("\n");
    }
    free(brs);
    return 0;
}
