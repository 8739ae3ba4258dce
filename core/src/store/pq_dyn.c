/* libpq opened on first use (pq_dyn.h, base/dynlib.h). */
#define QF_PQ_DYN_LOADER
#include "pq_dyn.h"

static const char *const names[] = {QF_PQ_FUNCTIONS(QF_DYNLIB_NAME)};
_Static_assert(sizeof names / sizeof *names == sizeof((qf__pq_api){0}).slots / sizeof(void *),
               "one slot per function");

qf__pq_api qf__pq;

/* libpq's soname since PostgreSQL 8.0 */
static qf__dynlib lib = {"libpq.so.5", "libpq5", names, sizeof names / sizeof *names, qf__pq.slots,
                         false, false, {0}};

int qf__pq_load(char *err, size_t errsize)
{
    return qf__dynlib_load(&lib, err, errsize);
}
