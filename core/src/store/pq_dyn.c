/* libpq opened on first use (pq_dyn.h, base/dynlib.h). */
#define QF_PQ_DYN_LOADER
#include "pq_dyn.h"

qf__pq_api qf__pq;
/* libpq's soname since PostgreSQL 8.0 */
QF_DYNLIB_DEFINE(qf__pq, QF_PQ_FUNCTIONS, "libpq.so.5", "libpq5", qf__pq_load)
