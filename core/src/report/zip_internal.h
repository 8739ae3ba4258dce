/* Reading zip packages inside the library (a .docx skeleton), within QF_ZIP_MAX_* limits. */
#ifndef QUFA_ZIP_INTERNAL_H
#define QUFA_ZIP_INTERNAL_H

#include <stddef.h>

typedef struct qf__zip_part {
    char *name; /* as stored, '/' between folders */
    unsigned char *data;
    size_t len;
} qf__zip_part;

/* The files of the zip in `zip` (len bytes), in the archive's order, folder entries left out.
 * `what` names the package in messages ("document.docx: not a zip package (…)"). */
int qf__zip_read(qf__zip_part **out, size_t *out_n, const void *zip, size_t len,
                 const char *what);
void qf__zip_parts_free(qf__zip_part *parts, size_t n);

#endif
