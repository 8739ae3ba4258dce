/*
 * qufa — files handed in: zip packages (a .docx, an activity's archive) and whole files written
 * so that a reader never sees half of one.
 *
 * Every file is written next to its destination under a temporary name, with mode 0600 (the
 * records of party members are personal data), and renamed over the destination only once it
 * is complete: a failure leaves the destination as it was and no temporary file behind.
 */
#ifndef QUFA_PACKAGE_H
#define QUFA_PACKAGE_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of what qufa reads from a zip (a .docx skeleton): no archive can make it allocate
 * without bound, whatever its headers claim. */
#define QF_ZIP_MAX_ENTRIES 2000
#define QF_ZIP_MAX_PART (32 * 1024 * 1024)
#define QF_ZIP_MAX_TOTAL (128 * 1024 * 1024)

typedef struct qf_zip_entry {
    const char *name; /* its path in the archive: UTF-8, '/' between folders, relative */
    const void *data;
    size_t len;
    qf_datetime mtime; /* QF_DATETIME_NONE: 1980-01-01 00:00, so equal input gives equal bytes */
} qf_zip_entry;

/*
 * The entries as a zip archive (deflated, names flagged UTF-8) in memory (release with
 * qf_free). QF_EINVALID for no entries, a name that is empty, absolute, has a backslash, a
 * "." or ".." part or a control character, or a name given twice (names naming the entry).
 */
QF_EXTERN int qf_zip_build(void **out, size_t *out_len, const qf_zip_entry *entries, size_t n);

/* The same archive written to `path` (mode 0600, complete or not at all). */
QF_EXTERN int qf_zip_write(const char *path, const qf_zip_entry *entries, size_t n);

/* Writes `len` bytes to `path` (mode 0600, complete or not at all). */
QF_EXTERN int qf_file_write(const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
