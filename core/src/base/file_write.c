/*
 * Whole files: written to "<path>.XXXXXX" (mkstemp: mode 0600) next to the destination, so
 * the rename that publishes them stays on one file system and is atomic; a failure removes
 * the temporary file and leaves the destination untouched. A destination that exists and is
 * not a regular file (/dev/null, /dev/stdout, a FIFO) is written in place: renaming over it
 * would replace the device with a file (as root, /dev/null for every program on the machine).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "qufa/package.h"

/* Writes all of data to fd; 0 or the errno of the failure. */
static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

/* A device or a FIFO: written in place, through what it is. */
static int write_in_place(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return qf__err(QF_ERROR, _("%s: cannot create (%s)"), path, strerror(errno));
    int e = write_all(fd, data, len);
    if (close(fd) != 0 && !e)
        e = errno;
    if (e)
        return qf__err(QF_ERROR, _("%s: write error (%s)"), path, strerror(e));
    return QF_OK;
}

int qf_file_write(const char *path, const void *data, size_t len)
{
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("output: a file name is required"));
    if (!data && len)
        return qf__err(QF_EINVALID, _("%s: no data to write"), path);
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
        return write_in_place(path, data, len);
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
    int e = write_all(fd, data, len);
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
