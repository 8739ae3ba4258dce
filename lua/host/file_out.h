/* Files the qufa command writes for the user: 0600, atomic, errors as exit codes (file_out.c). */
#ifndef QUFA_HOST_FILE_OUT_H
#define QUFA_HOST_FILE_OUT_H

#include <lua.h>
#include <stdio.h>
#include "host.h"

typedef struct qh_out {
    FILE *f;          /* write here */
    const char *path; /* the target (borrowed) */
    char *tmp;        /* the temporary file beside it, or NULL when writing in place */
} qh_out;

/* QH_OK, or QH_USAGE with a message when `path` cannot be an output file: it is a directory,
 * or its directory does not exist. */
int qh_out_check(const char *path, char *msg, size_t size);
/* Opens the output (after qh_out_check): QH_OK, or an exit code with a message. */
int qh_out_open(qh_out *o, const char *path, char *msg, size_t size);
/* Flushes, syncs and renames over the target: QH_OK, or QH_INTERNAL with a message and the
 * old file untouched. */
int qh_out_commit(qh_out *o, char *msg, size_t size);
/* Gives up: the temporary file goes, the target is untouched. */
void qh_out_abort(qh_out *o);
/* Sets write_file, write_stream and output_check in the table on top of the stack (the host table). */
void qh_out_functions(lua_State *L);

#endif
