/*
 * Libraries opened when first used. libpq (and the Kerberos, LDAP and TLS libraries behind it)
 * and libical (and ICU behind it) took 19 ms of the 48 ms of CPU that `qufa orgs` takes, just
 * to be mapped and relocated when the process starts: every command and every Lua script that
 * loads the module paid it, though only a postgresql:// URL uses libpq and only a calendar
 * export uses libical. Each is now opened with dlopen the first time it is needed
 * (store/pq_dyn.h, remind/ical_dyn.h); its headers are still those of its -dev package, so the
 * compiler checks every call against the real declarations.
 */
#ifndef QF_BASE_DYNLIB_H
#define QF_BASE_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "dlsym gives functions as void *");

typedef struct qf__dynlib {
    const char *soname;       /* "libpq.so.5" */
    const char *package;      /* the Debian package that has it, named in the error */
    const char *const *names; /* the functions to look up */
    size_t n;
    void **slots;             /* where their addresses go, n of them */
    bool tried, ok;
    char error[256];
} qf__dynlib;

/* Opens the library and looks up its functions, once for the process (thread-safe): 0, or -1
 * with the reason in err ("libpq.so.5 (Debian package libpq5) cannot be loaded: ..."). */
int qf__dynlib_load(qf__dynlib *lib, char *err, size_t errsize);

/* QF_DYNLIB_TABLE(type, FUNCTIONS): the type of a library's table, FUNCTIONS(X) listing them as
 * X(name): each slot that qf__dynlib_load filled is read as the function it is (`.f.name`;
 * C11 allows reading a union through another member than the one written). */
#define QF_DYNLIB_FIELD(f) __typeof__(&f) f;
#define QF_DYNLIB_COUNT(f) +1
#define QF_DYNLIB_TABLE(type, FUNCTIONS)                                                       \
    typedef union type {                                                                       \
        struct {                                                                               \
            FUNCTIONS(QF_DYNLIB_FIELD)                                                         \
        } f;                                                                                   \
        void *slots[0 FUNCTIONS(QF_DYNLIB_COUNT)];                                             \
    } type

/* QF_DYNLIB_DEFINE(table, FUNCTIONS, soname, package, load): the table itself, and
 * `int load(char *err, size_t errsize)` filling it once (qf__dynlib_load). */
#define QF_DYNLIB_NAME(f) #f,
#define QF_DYNLIB_DEFINE(table, FUNCTIONS, soname, package, load)                              \
    static const char *const table##_names[] = {FUNCTIONS(QF_DYNLIB_NAME)};                    \
    _Static_assert(sizeof table##_names == sizeof table.slots, "one slot per function");       \
    static qf__dynlib table##_lib = {soname, package, table##_names,                           \
                                     sizeof table##_names / sizeof *table##_names,             \
                                     table.slots, false, false, {0}};                          \
    int load(char *err, size_t errsize)                                                        \
    {                                                                                          \
        return qf__dynlib_load(&table##_lib, err, errsize);                                    \
    }

#endif
