/*
 * libpq, opened when the first postgresql:// URL is (base/dynlib.h says why). Include after
 * <libpq-fe.h>: each PQ function below then names the entry of the table qf__pq_load filled,
 * so the calls read and type-check as plain libpq calls.
 */
#ifndef QF_STORE_PQ_DYN_H
#define QF_STORE_PQ_DYN_H

#include <libpq-fe.h>
#include <stddef.h>
#include "dynlib.h"

#define QF_PQ_FUNCTIONS(X)                                                                      \
    X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdb) X(PQerrorMessage) X(PQexec)        \
    X(PQexecParams) X(PQexecPrepared) X(PQfinish) X(PQfreemem) X(PQftype) X(PQgetisnull)       \
    X(PQgetlength) X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQprepare) X(PQresultErrorField) \
    X(PQresultStatus) X(PQsetClientEncoding) X(PQsetNoticeReceiver) X(PQstatus)               \
    X(PQtransactionStatus) X(PQunescapeBytea)

QF_DYNLIB_TABLE(qf__pq_api, QF_PQ_FUNCTIONS);

extern qf__pq_api qf__pq;

/* Opens libpq once for the process: 0, or -1 with the reason in err. */
int qf__pq_load(char *err, size_t errsize);

#ifndef QF_PQ_DYN_LOADER
#define PQclear (qf__pq.f.PQclear)
#define PQcmdStatus (qf__pq.f.PQcmdStatus)
#define PQcmdTuples (qf__pq.f.PQcmdTuples)
#define PQconnectdb (qf__pq.f.PQconnectdb)
#define PQerrorMessage (qf__pq.f.PQerrorMessage)
#define PQexec (qf__pq.f.PQexec)
#define PQexecParams (qf__pq.f.PQexecParams)
#define PQexecPrepared (qf__pq.f.PQexecPrepared)
#define PQfinish (qf__pq.f.PQfinish)
#define PQfreemem (qf__pq.f.PQfreemem)
#define PQftype (qf__pq.f.PQftype)
#define PQgetisnull (qf__pq.f.PQgetisnull)
#define PQgetlength (qf__pq.f.PQgetlength)
#define PQgetvalue (qf__pq.f.PQgetvalue)
#define PQnfields (qf__pq.f.PQnfields)
#define PQntuples (qf__pq.f.PQntuples)
#define PQprepare (qf__pq.f.PQprepare)
#define PQresultErrorField (qf__pq.f.PQresultErrorField)
#define PQresultStatus (qf__pq.f.PQresultStatus)
#define PQsetClientEncoding (qf__pq.f.PQsetClientEncoding)
#define PQsetNoticeReceiver (qf__pq.f.PQsetNoticeReceiver)
#define PQstatus (qf__pq.f.PQstatus)
#define PQtransactionStatus (qf__pq.f.PQtransactionStatus)
#define PQunescapeBytea (qf__pq.f.PQunescapeBytea)
#endif

#endif
