/* qufa — common definitions: error codes, the last-error message, memory. */
#ifndef QUFA_COMMON_H
#define QUFA_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define QF_EXTERN __attribute__((visibility("default")))
#define QF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define QF_EXTERN
#define QF_PRINTF(f, a)
#endif

/*
 * Every function that can fail returns an int: QF_OK (0) or one of the negative codes below,
 * and leaves a message for qf_error_last() that names the field and value that were wrong.
 * Outputs come first in the argument list; what comes back through `**out` belongs to the
 * caller and is released with the matching `_free`, which accepts NULL.
 */
typedef enum qf_error_code {
    QF_OK = 0,
    QF_ERROR = -1,      /* generic failure (I/O, SQLite, internal) */
    QF_EINVALID = -2,   /* bad input: a date, an id, a value out of range, bad UTF-8 */
    QF_ENOTFOUND = -3,  /* the record does not exist */
    QF_EEXISTS = -4,    /* a record with that key already exists */
    QF_EBUSY = -5,      /* the database is locked by another process; retry later */
    QF_EUSER = -6,      /* a callback asked to stop */
    QF_ENOMEM = -7,     /* out of memory */
    QF_ECONSTRAINT = -8,/* the change would break a rule (still referenced, overlapping dates) */
    QF_ECORRUPT = -9,   /* the database or its audit chain is damaged */
    QF_ESYSTEM = -10,   /* the system refused: the disk is full, the file or its file system
                         * is read-only, no permission, an input/output error */
    QF_ITEROVER = -31   /* an iterator has no more items (not an error) */
} qf_error_code;

/* The message of the last error on this thread. Never NULL ("" when there was none). */
QF_EXTERN const char *qf_error_last(void);
/* The code of the last error on this thread (QF_OK when there was none). */
QF_EXTERN int qf_error_last_code(void);
QF_EXTERN void qf_error_clear(void);
/* Set the last error (for callbacks that want to report through qufa). Returns `code`. */
QF_EXTERN int qf_error_set(int code, const char *fmt, ...) QF_PRINTF(2, 3);

/* Release memory that qufa handed out as a plain buffer (strings, blobs). */
QF_EXTERN void qf_free(void *p);

/* "0.1.0" */
QF_EXTERN const char *qf_version(void);

#ifdef __cplusplus
}
#endif
#endif
