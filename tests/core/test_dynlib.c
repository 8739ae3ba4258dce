/*
 * Libraries opened on first use (core/src/base/dynlib.h): a library that is missing, or lacks a
 * function, is refused with a message naming it; libpq and libical load with every function
 * their tables list. (That a command which needs neither does not load them at all is
 * tests/cli/test_lazy_libs.sh.)
 */
#include <string.h>
#include "fixture.h"
#include "dynlib.h"
#include "ical_dyn.h"
#include "pq_dyn.h"

static void dynlib__missing_library_named(void **state)
{
    (void)state;
    static const char *const names[] = {"f"};
    void *slots[1] = {NULL};
    qf__dynlib lib = {"libqufa-no-such.so.9", "qufa-no-such", names, 1, slots, false, false, {0}};
    char err[300];
    assert_int_equal(qf__dynlib_load(&lib, err, sizeof err), -1);
    assert_non_null(strstr(err, "libqufa-no-such.so.9 (Debian package qufa-no-such) cannot be loaded"));
    /* asked again: the same answer, without trying again */
    err[0] = '\0';
    assert_int_equal(qf__dynlib_load(&lib, err, sizeof err), -1);
    assert_non_null(strstr(err, "libqufa-no-such.so.9"));
    assert_null(slots[0]);
}

static void dynlib__missing_function_named(void **state)
{
    (void)state;
    static const char *const names[] = {"PQclear", "PQno_such_function"};
    void *slots[2] = {NULL, NULL};
    qf__dynlib lib = {"libpq.so.5", "libpq5", names, 2, slots, false, false, {0}};
    char err[300];
    assert_int_equal(qf__dynlib_load(&lib, err, sizeof err), -1);
    assert_non_null(strstr(err, "libpq.so.5 has no function PQno_such_function"));
}

static void dynlib__libpq_and_libical_whole(void **state)
{
    (void)state;
    char err[300] = "";
    assert_int_equal(qf__pq_load(err, sizeof err), 0);
    for (size_t i = 0; i < sizeof qf__pq.slots / sizeof *qf__pq.slots; i++)
        assert_non_null(qf__pq.slots[i]);
    /* a call through the table is libpq's own */
    assert_int_equal(PQresultStatus(NULL), PGRES_FATAL_ERROR);
    assert_int_equal(qf__ical_load(err, sizeof err), 0);
    for (size_t i = 0; i < sizeof qf__ical.slots / sizeof *qf__ical.slots; i++)
        assert_non_null(qf__ical.slots[i]);
    assert_string_equal(icalerror_strerror(ICAL_NO_ERROR), "NO: No error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dynlib__missing_library_named),
        cmocka_unit_test(dynlib__missing_function_named),
        cmocka_unit_test(dynlib__libpq_and_libical_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
