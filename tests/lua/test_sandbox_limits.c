/*
 * The sandbox's limits at the C level (lua/sandbox*.c), with limits small enough to reach in a
 * test: a state made inside a run shares the run's memory cap and instruction count, nesting is
 * capped, the watchdog stops a loop of slow C calls, a sandbox's runs together get their total,
 * message handlers and coroutines cannot outlast a stop, and code stuck in C past the grace
 * period ends the process with one line and exit status 3.
 *
 * The host functions registered here stand for what an API gives restricted code: `nest(code)`
 * runs code in a sandbox of its own (as db:check runs check functions), `slow()` takes 5 ms and
 * is a safe point (as every db method is), `stuck()` never returns and never checks (what no
 * function of qufa's does; the watchdog's last resort is for it).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "qufa.h"
#include "sandbox.h"

static const char *self; /* argv[0], to run the stuck case in a fresh process */

static ql_limits limits(size_t memory, uint64_t instructions, double seconds)
{
    ql_limits l = QL_LIMITS_INIT;
    l.memory = memory;
    l.instructions = instructions;
    l.seconds = seconds;
    return l;
}

/* nest(code [, memory]) -> ok, message: code run in a new restricted sandbox */
static int l_nest(lua_State *L)
{
    size_t len;
    const char *code = luaL_checklstring(L, 1, &len);
    ql_limits lim = limits((size_t)luaL_optinteger(L, 2, 64 << 20), 200000000u, 10.0);
    ql_sandbox *sb = ql_sandbox_new(QL_RESTRICTED, NULL, &lim);
    if (!sb) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "nest: no sandbox (out of memory)");
        return 2;
    }
    lua_State *S = ql_sandbox_state(sb);
    lua_pushcfunction(S, l_nest);
    ql_sandbox_set_global(sb, "nest");
    lua_pushlstring(S, code, len); /* so the code can nest itself again */
    ql_sandbox_set_global(sb, "CODE");
    int st = ql_sandbox_run(sb, code, len, "=nested", 0, 0);
    lua_pushboolean(L, st == LUA_OK);
    if (st == LUA_OK)
        lua_pushliteral(L, "ok");
    else
        lua_pushstring(L, lua_tostring(S, -1));
    ql_sandbox_free(sb);
    return 2;
}

static int l_slow(lua_State *L)
{
    ql_sandbox_poll(L);
    struct timespec t = {0, 5 * 1000 * 1000};
    nanosleep(&t, NULL);
    return 0;
}

static int l_stuck(lua_State *L)
{
    (void)L;
    for (;;)
        pause();
    return 0;
}

static ql_sandbox *make(const ql_limits *lim)
{
    ql_sandbox *sb = ql_sandbox_new(QL_RESTRICTED, NULL, lim);
    assert_non_null(sb);
    lua_State *S = ql_sandbox_state(sb);
    lua_pushcfunction(S, l_nest);
    ql_sandbox_set_global(sb, "nest");
    lua_pushcfunction(S, l_slow);
    ql_sandbox_set_global(sb, "slow");
    lua_pushcfunction(S, l_stuck);
    ql_sandbox_set_global(sb, "stuck");
    return sb;
}

/* Runs code; returns its status and copies the first line of its message (or "ok"). */
static int run(ql_sandbox *sb, const char *code, char *msg, size_t size)
{
    lua_State *S = ql_sandbox_state(sb);
    int st = ql_sandbox_run(sb, code, strlen(code), "=test", 0, 1);
    const char *m = st == LUA_OK ? "ok" : lua_tostring(S, -1);
    const char *nl = m ? strchr(m, '\n') : NULL;
    snprintf(msg, size, "%.*s", nl ? (int)(nl - m) : (int)strlen(m ? m : "?"), m ? m : "?");
    if (st == LUA_OK && lua_type(S, -1) == LUA_TSTRING)
        snprintf(msg, size, "%s", lua_tostring(S, -1));
    lua_settop(S, 0);
    return st;
}

#define CONTAINS(hay, needle)                                                                  \
    do {                                                                                       \
        if (!strstr((hay), (needle)))                                                          \
            fail_msg("'%s' lacks '%s'", (hay), (needle));                                      \
    } while (0)

static void sandbox__nested_state_shares_the_memory_cap(void **state)
{
    (void)state;
    ql_limits lim = limits(16u << 20, 200000000u, 10.0);
    ql_sandbox *sb = make(&lim);
    char msg[600];
    /* the outer run holds 6 MiB; the nested sandbox asks for 64 MiB of its own but gets what
     * is left of the outer 16 (the cap named is the outer one), and meeting the cap stops the
     * whole run: the outer code cannot catch it and go on */
    int st = run(sb,
                 "local keep = ('x'):rep(3 << 20) .. ('y'):rep(3 << 20)\n"
                 "local ok, err = nest([[local t = {} for i = 1, 1e7 do t[i] = ('z'):rep(200) .. i end]])\n"
                 "assert(#keep > 0)\n"
                 "return 'went on: ' .. tostring(ok) .. ' ' .. err",
                 msg, sizeof msg);
    if (st == LUA_OK)
        fail_msg("the run went on after the cap: %s", msg);
    CONTAINS(msg, "memory limit exceeded (16777216 bytes)");
    ql_sandbox_free(sb);
}

static void sandbox__nested_run_counts_against_the_outer_instructions(void **state)
{
    (void)state;
    ql_limits lim = limits(64u << 20, 3000000u, 10.0);
    ql_sandbox *sb = make(&lim);
    char msg[600];
    /* 2 M instructions out here, then 2 M in the nested sandbox: over the outer 3 M */
    int st = run(sb,
                 "local n = 0 for i = 1, 1000000 do n = n + i end\n"
                 "local ok, err = nest([[local n = 0 for i = 1, 1000000 do n = n + i end]])\n"
                 "return tostring(ok) .. ' ' .. err",
                 msg, sizeof msg);
    /* the stop reaches the outer code too: the whole run ends with the limit */
    assert_int_not_equal(st, LUA_OK);
    CONTAINS(msg, "instruction limit exceeded (3000000 instructions)");
    ql_sandbox_free(sb);
}

static void sandbox__nesting_is_capped(void **state)
{
    (void)state;
    ql_limits lim = limits(64u << 20, 200000000u, 10.0);
    ql_sandbox *sb = make(&lim);
    char msg[600];
    int st = run(sb,
                 "local ok, err = nest('local ok, err = nest(CODE) if not ok then error(err, 0) end')\n"
                 "return tostring(ok) .. ' ' .. err",
                 msg, sizeof msg);
    assert_int_equal(st, LUA_OK);
    CONTAINS(msg, "false");
    CONTAINS(msg, "nested more than 8 deep");
    ql_sandbox_free(sb);
}

static void sandbox__watchdog_stops_a_loop_of_slow_calls(void **state)
{
    (void)state;
    ql_limits lim = limits(64u << 20, 0, 0.3); /* no instruction limit: time alone */
    ql_sandbox *sb = make(&lim);
    char msg[600];
    int st = run(sb, "while true do slow() end", msg, sizeof msg);
    assert_int_not_equal(st, LUA_OK);
    CONTAINS(msg, "time limit exceeded (0.3 s)");
    ql_sandbox_free(sb);
}

static void sandbox__runs_together_get_the_total(void **state)
{
    (void)state;
    ql_limits lim = limits(64u << 20, 0, 0.2);
    lim.total_seconds = 0.5;
    ql_sandbox *sb = make(&lim);
    char msg[600];
    int stopped_by_total = 0;
    for (int i = 0; i < 5; i++) {
        int st = run(sb, "while true do end", msg, sizeof msg);
        assert_int_not_equal(st, LUA_OK);
        if (strstr(msg, "0.5 s in all for this code in one command"))
            stopped_by_total++;
    }
    /* the third run gets what is left of 0.5 s, the fourth and fifth nothing */
    assert_true(stopped_by_total >= 2);
    CONTAINS(msg, "in all for this code in one command");
    ql_sandbox_free(sb);
}

static void sandbox__message_handler_cannot_outlast_a_stop(void **state)
{
    (void)state;
    ql_limits lim = limits(64u << 20, 1000000u, 10.0);
    ql_sandbox *sb = make(&lim);
    char msg[600];
    /* the handler runs after the stop: skipped; after an ordinary error: hooked */
    int st = run(sb, "xpcall(function() while true do end end, function() while true do end end)",
                 msg, sizeof msg);
    assert_int_not_equal(st, LUA_OK);
    CONTAINS(msg, "instruction limit exceeded (1000000 instructions)");
    st = run(sb, "xpcall(function() error('x') end, function() while true do end end)", msg,
             sizeof msg);
    assert_int_not_equal(st, LUA_OK);
    CONTAINS(msg, "instruction limit exceeded (1000000 instructions)");
    /* and the state is usable afterwards */
    st = run(sb, "return select(2, xpcall(error, function(e) return 'handled ' .. e end, 'x'))",
             msg, sizeof msg);
    assert_int_equal(st, LUA_OK);
    assert_string_equal(msg, "handled x");
    ql_sandbox_free(sb);
}

static void sandbox__a_caught_stop_still_fails_the_run(void **state)
{
    (void)state;
    ql_limits lim = limits(64u << 20, 1000000u, 10.0);
    ql_sandbox *sb = make(&lim);
    char msg[600];
    /* resume catches the stop inside the coroutine, and the code returns at once */
    int st = run(sb,
                 "local co = coroutine.create(function() while true do end end)\n"
                 "coroutine.resume(co)\n"
                 "return 'survived'",
                 msg, sizeof msg);
    assert_int_not_equal(st, LUA_OK);
    CONTAINS(msg, "instruction limit exceeded");
    ql_sandbox_free(sb);
}

/* The stuck case, in a process of its own (run by the test below). */
static int stuck_main(void)
{
    ql_limits lim = limits(64u << 20, 0, 0.2);
    lim.grace = 0.3;
    ql_sandbox *sb = make(&lim);
    char msg[600];
    run(sb, "stuck()", msg, sizeof msg);
    fprintf(stderr, "the run returned: %s\n", msg);
    return 0; /* not reached: the watchdog ends the process */
}

static void sandbox__code_stuck_in_c_ends_the_process(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        execl(self, self, "--stuck", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    /* the run must end; how fast is not asserted (a minute is far beyond 0.5 s) */
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 600 && done == 0; i++) {
        done = waitpid(pid, &status, WNOHANG);
        if (done == 0) {
            struct timespec t = {0, 100 * 1000 * 1000};
            nanosleep(&t, NULL);
        }
    }
    if (done == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        fail_msg("the stuck process was not ended by the watchdog");
    }
    char out[1024] = "";
    ssize_t n = read(fds[0], out, sizeof out - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 3);
    CONTAINS(out, "test: restricted code did not stop within 0.3 s of its time limit (0.2 s)");
    CONTAINS(out, "nothing it was writing is kept");
}

int main(int argc, char **argv)
{
    self = argv[0];
    qf_set_language("en");
    if (argc > 1 && strcmp(argv[1], "--stuck") == 0)
        return stuck_main();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sandbox__nested_state_shares_the_memory_cap),
        cmocka_unit_test(sandbox__nested_run_counts_against_the_outer_instructions),
        cmocka_unit_test(sandbox__nesting_is_capped),
        cmocka_unit_test(sandbox__watchdog_stops_a_loop_of_slow_calls),
        cmocka_unit_test(sandbox__runs_together_get_the_total),
        cmocka_unit_test(sandbox__message_handler_cannot_outlast_a_stop),
        cmocka_unit_test(sandbox__a_caught_stop_still_fails_the_run),
        cmocka_unit_test(sandbox__code_stuck_in_c_ends_the_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
