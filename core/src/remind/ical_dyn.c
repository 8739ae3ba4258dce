/* libical opened on first use (ical_dyn.h, base/dynlib.h). */
#define QF_ICAL_DYN_LOADER
#include "ical_dyn.h"

qf__ical_api qf__ical;
/* libical 3, Debian 10 onwards */
QF_DYNLIB_DEFINE(qf__ical, QF_ICAL_FUNCTIONS, "libical.so.3", "libical3", qf__ical_load)
