/* Reading artifact files from disk: whole (to store them) or streamed (to hash external ones). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "activity_internal.h"

/*
 * The path as messages show it. A file to read need not have a UTF-8 name (archives from
 * Windows often carry GBK names) but messages must be UTF-8: invalid bytes become '?'.
 */
static void shown_path(const char *path, char *out, size_t size)
{
    size_t len = strlen(path), i = 0, o = 0;
    while (i < len) {
        size_t bad = 0;
        /* the run of valid bytes starting at i */
        size_t run = qf__utf8_valid(path + i, len - i, &bad) ? len - i : bad;
        if (o + run >= size) {
            /* out of room: copy what fits, cut on a character boundary */
            size_t n = size - 1 - o;
            while (n > 0 && ((unsigned char)path[i + n] & 0xc0) == 0x80)
                n--;
            memcpy(out + o, path + i, n);
            o += n;
            break;
        }
        memcpy(out + o, path + i, run);
        o += run;
        i += run;
        if (i < len) {
            if (o + 1 >= size)
                break;
            out[o++] = '?';
            i++;
        }
    }
    out[o] = '\0';
    for (size_t k = 0; k < o; k++) /* nor control characters */
        if ((unsigned char)out[k] < 0x20)
            out[k] = '?';
}

/*
 * Opens a regular file for reading. O_NONBLOCK keeps open() from hanging on a FIFO that has no
 * writer; it has no effect on regular files, which are all we accept.
 */
static int open_regular(const char *path, const char *shown, int *fd_out, struct stat *sb)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return qf__err(QF_ERROR, _("file %s: cannot read (%s)"), shown, strerror(errno));
    if (fstat(fd, sb) != 0) {
        int e = errno;
        close(fd);
        return qf__err(QF_ERROR, _("file %s: cannot read (%s)"), shown, strerror(e));
    }
    if (!S_ISREG(sb->st_mode)) {
        close(fd);
        return qf__err(QF_EINVALID, _("file %s: not a regular file"), shown);
    }
    *fd_out = fd;
    return QF_OK;
}

/* read() that retries on EINTR; returns bytes read, 0 at the end, -1 with errno set. */
static ssize_t read_some(int fd, void *buf, size_t n)
{
    ssize_t got;
    do
        got = read(fd, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

static int too_large(const char *shown, long long size)
{
    return qf__err(QF_EINVALID, _("file %s: too large (%lld bytes; at most %d MiB are stored)"),
                   shown, size, (int)(QF_ARTIFACT_MAX_BYTES >> 20));
}

#define SHOWN_MAX 512

static int check_path(const char *path)
{
    if (!path || !*path)
        return qf__err(QF_EINVALID, _("%s: required"), "file");
    return QF_OK;
}

int qf__file_read(const char *path, void **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int rc = check_path(path);
    if (rc)
        return rc;
    char shown[SHOWN_MAX];
    shown_path(path, shown, sizeof shown);
    int fd;
    struct stat sb;
    rc = open_regular(path, shown, &fd, &sb);
    if (rc)
        return rc;
    if ((unsigned long long)sb.st_size > QF_ARTIFACT_MAX_BYTES) {
        close(fd);
        return too_large(shown, (long long)sb.st_size);
    }
    /* the size from fstat is only a hint: the file may grow or shrink while we read it */
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return qf__oom();
    }
    for (;;) {
        if (n == cap) {
            if (cap > QF_ARTIFACT_MAX_BYTES) {
                free(buf);
                close(fd);
                return too_large(shown, (long long)n);
            }
            size_t ncap = cap * 2 > QF_ARTIFACT_MAX_BYTES + 1 ? QF_ARTIFACT_MAX_BYTES + 1 : cap * 2;
            unsigned char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                close(fd);
                return qf__oom();
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t got = read_some(fd, buf + n, cap - n);
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return qf__err(QF_ERROR, _("file %s: cannot read (%s)"), shown, strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    *out = buf;
    *len = n;
    return QF_OK;
}

int qf__file_hash(const char *path, char hex_out[65], int64_t *size)
{
    int rc = check_path(path);
    if (rc)
        return rc;
    char shown[SHOWN_MAX];
    shown_path(path, shown, sizeof shown);
    int fd;
    struct stat sb;
    rc = open_regular(path, shown, &fd, &sb);
    if (rc)
        return rc;
    unsigned char *buf = malloc(1 << 16);
    if (!buf) {
        close(fd);
        return qf__oom();
    }
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    int64_t total = 0;
    ssize_t got;
    while ((got = read_some(fd, buf, 1 << 16)) > 0) {
        qf__sha256_update(&c, buf, (size_t)got);
        total += got;
    }
    int e = errno;
    free(buf);
    close(fd);
    if (got < 0)
        return qf__err(QF_ERROR, _("file %s: cannot read (%s)"), shown, strerror(e));
    unsigned char d[32];
    qf__sha256_final(&c, d);
    qf__hex(d, 32, hex_out);
    *size = total;
    return QF_OK;
}
