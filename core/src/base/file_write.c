/*
 * Whole files: written to "<path>.XXXXXX" (mkstemp: mode 0600) next to the destination, so
 * the rename that publishes them stays on one file system and is atomic; a failure removes
 * the temporary file and leaves the destination untouched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "qufa/package.h"

int qf_file_write(const char *path, const void *data, size_t len)
{
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("output: a file name is required"));
    if (!data && len)
        return qf__err(QF_EINVALID, _("%s: no data to write"), path);
    size_t n = strlen(path) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return qf__oom();
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return qf__err(e == ENOENT ? QF_ENOTFOUND : QF_ERROR, _("%s: cannot create (%s)"), path,
                       strerror(e));
    }
    const char *p = data;
    size_t left = len;
    int e = 0;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = w < 0 ? errno : EIO;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0) {
        int re = errno;
        unlink(tmp);
        free(tmp);
        return qf__err(QF_ERROR, _("%s: cannot rename the finished file (%s)"), path,
                       strerror(re));
    }
    if (e) {
        unlink(tmp);
        free(tmp);
        return qf__err(QF_ERROR, _("%s: write error (%s)"), path, strerror(e));
    }
    free(tmp);
    return QF_OK;
}
