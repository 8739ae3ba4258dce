/* libical opened on first use (ical_dyn.h, base/dynlib.h). */
#define QF_ICAL_DYN_LOADER
#include "ical_dyn.h"

static const char *const names[] = {QF_ICAL_FUNCTIONS(QF_DYNLIB_NAME)};
_Static_assert(sizeof names / sizeof *names == sizeof((qf__ical_api){0}).slots / sizeof(void *),
               "one slot per function");

qf__ical_api qf__ical;

/* libical 3, Debian 10 onwards */
static qf__dynlib lib = {"libical.so.3", "libical3", names, sizeof names / sizeof *names, qf__ical.slots,
                         false, false, {0}};

int qf__ical_load(char *err, size_t errsize)
{
    return qf__dynlib_load(&lib, err, errsize);
}
