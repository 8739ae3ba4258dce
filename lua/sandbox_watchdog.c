/*
 * The watchdog: one thread per process that enforces the wall-clock limit of restricted code
 * independently of the count hook.
 *
 * When a run's time is up it sets the run's `expired` flag; the code stops at its next safe
 * point — the count hook (every QL_HOOK_STEP instructions, in every coroutine and message
 * handler), a step of a bounded C function (ql_sandbox_tick), the entry of an API function
 * (ql_sandbox_poll) — with "time limit exceeded", which pcall cannot catch. Code that reaches
 * no safe point (stuck inside a C function that never checks) is given the grace period, and
 * then the watchdog ends the process: one line on stderr and exit status 3. A database write in
 * progress is a transaction not yet committed, so SQLite discards it and the write lock goes
 * with the process: nothing is written, and no `qufa remind` started by cron can hold the lock
 * for ever.
 *
 * A run registers when it starts and leaves when it ends (a mutex each, no system call in the
 * common case): the thread sleeps until the earliest deadline, and is woken only when a run
 * starts with a deadline earlier than the one it sleeps towards. With no run registered it
 * wakes once a second for a minute before it sleeps until woken, so a check calling thousands
 * of check functions one after another costs no wake-up per call.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ql.h"
#include "sandbox_internal.h"

#define LINGER_SLICES 60 /* seconds the thread wakes once a second with nothing to watch */
#define EXIT_STUCK 3 /* the host's exit status for an internal error (docs/cli.md) */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv;
static bool started;
static ql_watch *head;
static struct timespec wake_at; /* what the thread sleeps towards; tv_sec 0 = for ever */

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static struct timespec plus(const struct timespec *t, double seconds)
{
    struct timespec r = *t;
    time_t whole = (time_t)seconds;
    long ns = (long)((seconds - (double)whole) * 1e9);
    r.tv_sec += whole;
    r.tv_nsec += ns;
    if (r.tv_nsec >= 1000000000L) {
        r.tv_sec++;
        r.tv_nsec -= 1000000000L;
    }
    return r;
}

/* The code did not reach a safe point within the grace period: end the process with a clear
 * line rather than let it hang (see above for why nothing is written). */
static void stop_process(const ql_watch *w)
{
    char line[512];
    int n = snprintf(line, sizeof line,
                     _("qufa: %s: restricted code did not stop within %g s of its time limit "
                       "(%g s): it is stuck in C code, so the process ends here and nothing it "
                       "was writing is kept\n"),
                     w->where, w->grace, w->seconds);
    if (n > (int)sizeof line - 1)
        n = (int)sizeof line - 1;
    while (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0 && errno == EINTR) {
    }
    _exit(EXIT_STUCK);
}

static void *watch_loop(void *arg)
{
    (void)arg;
    int idle = 0;
    pthread_mutex_lock(&mu);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        struct timespec next = {0, 0};
        for (ql_watch *w = head; w; w = w->next) {
            if (!w->flagged && !before(&now, &w->deadline)) {
                atomic_store(w->expired, 1);
                w->flagged = true;
            }
            if (w->flagged && w->hard_stop && !before(&now, &w->hard))
                stop_process(w);
            const struct timespec *due = w->flagged ? (w->hard_stop ? &w->hard : NULL)
                                                    : &w->deadline;
            if (due && (next.tv_sec == 0 || before(due, &next)))
                next = *due;
        }
        if (head == NULL && idle >= LINGER_SLICES) {
            wake_at.tv_sec = 0; /* a new run wakes the thread */
            wake_at.tv_nsec = 0;
            while (head == NULL)
                pthread_cond_wait(&cv, &mu);
            idle = 0;
            continue;
        }
        idle = head == NULL ? idle + 1 : 0;
        if (next.tv_sec == 0)
            next = plus(&now, 1.0);
        wake_at = next;
        pthread_cond_timedwait(&cv, &mu, &next);
    }
    return NULL;
}

static void start_thread(void)
{
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0)
        return;
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0)
        return;
    pthread_attr_t ta;
    if (pthread_attr_init(&ta) != 0)
        return;
    pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
    /* the thread must not take signals meant for the program (SIGINT, SIGPIPE …) */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    started = pthread_create(&t, &ta, watch_loop, NULL) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&ta);
}

bool ql__watch_start(ql_watch *w, const struct timespec *start, double seconds, double grace,
                     atomic_int *expired, const char *where)
{
    pthread_once(&once, start_thread);
    if (!started)
        return false;
    w->deadline = plus(start, seconds);
    w->hard_stop = grace > 0;
    w->hard = plus(&w->deadline, grace > 0 ? grace : 0);
    w->expired = expired;
    w->flagged = false;
    w->seconds = seconds;
    w->grace = grace;
    snprintf(w->where, sizeof w->where, "%s", where && *where ? where : "?");
    pthread_mutex_lock(&mu);
    w->prev = NULL;
    w->next = head;
    if (head)
        head->prev = w;
    head = w;
    if (wake_at.tv_sec == 0 || before(&w->deadline, &wake_at))
        pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return true;
}

void ql__watch_stop(ql_watch *w)
{
    pthread_mutex_lock(&mu);
    if (w->prev)
        w->prev->next = w->next;
    else
        head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&mu);
}
