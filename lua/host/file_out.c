/*
 * Files the qufa command writes for the user (check -o, remind --ics and -o, doc -o,
 * export -o; report files go through the core's table output, which does the same): created
 * 0600 whatever the umask, written under a temporary name beside the target and renamed over
 * it only once everything was written and flushed to the disk, so a failed write (disk full, a
 * read-only file system) is an error and leaves the old file exactly as it was. A target that
 * exists and is not a regular file (/dev/stdout, a FIFO) is written in place.
 *
 * Exit codes (docs/cli.md): 2 when the path itself is wrong (its directory does not exist, it
 * is a directory), 3 when the system refused the write.
 */
#include "file_out.h"
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The exit code for a failure with errno e: the path is wrong, or the system refused. */
static int code_for(int e)
{
    return e == ENOENT || e == ENOTDIR || e == EISDIR ? QH_USAGE : QH_INTERNAL;
}

/* The directory part of path ("." when there is none), in buf. */
static const char *dir_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    snprintf(buf, size, "%.*s", (int)(slash - path), path);
    return buf;
}

int qh_out_check(const char *path, char *msg, size_t size)
{
    struct stat sb;
    if (!path || !*path) {
        snprintf(msg, size, "%s", _("output file: a name is required"));
        return QH_USAGE;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(msg, size, _("%s: cannot write: it is a directory"), path);
        return QH_USAGE;
    }
    char buf[4096];
    const char *dir = dir_of(path, buf, sizeof buf);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(msg, size, _("%s: cannot write: the directory %s does not exist"), path, dir);
        return QH_USAGE;
    }
    return QH_OK;
}

int qh_out_open(qh_out *o, const char *path, char *msg, size_t size)
{
    memset(o, 0, sizeof *o);
    int code = qh_out_check(path, msg, size);
    if (code != QH_OK)
        return code;
    struct stat sb;
    int fd;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        fd = open(path, O_WRONLY | O_CLOEXEC);
    } else {
        size_t n = strlen(path) + 16;
        o->tmp = malloc(n);
        if (!o->tmp) {
            snprintf(msg, size, "%s", _("out of memory"));
            return QH_INTERNAL;
        }
        snprintf(o->tmp, n, "%s.qufa-XXXXXX", path);
        fd = mkstemp(o->tmp); /* 0600 whatever the umask */
    }
    if (fd < 0) {
        int e = errno;
        snprintf(msg, size, _("%s: cannot write (%s)"), path, strerror(e));
        free(o->tmp);
        o->tmp = NULL;
        return code_for(e);
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        qh_out_abort(o);
        snprintf(msg, size, _("%s: cannot write (%s)"), path, strerror(e));
        return QH_INTERNAL;
    }
    o->path = path;
    return QH_OK;
}

void qh_out_abort(qh_out *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
}

int qh_out_commit(qh_out *o, char *msg, size_t size)
{
    int e = 0;
    if (ferror(o->f) || fflush(o->f) != 0)
        e = errno ? errno : EIO;
    /* on a full disk, some file systems report the failure only here */
    else if (o->tmp && fsync(fileno(o->f)) != 0)
        e = errno;
    if (fclose(o->f) != 0 && !e)
        e = errno;
    o->f = NULL;
    if (!e && o->tmp && rename(o->tmp, o->path) != 0)
        e = errno;
    if (e) {
        qh_out_abort(o);
        snprintf(msg, size, _("%s: cannot write (%s); the file was left as it was"), o->path,
                 strerror(e));
        return QH_INTERNAL;
    }
    free(o->tmp);
    o->tmp = NULL;
    return QH_OK;
}

/* What the host's file functions return: true, or nil, the message and the exit code. */
static int outcome(lua_State *L, int code, const char *msg)
{
    if (code == QH_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    luaL_pushfail(L);
    lua_pushstring(L, msg);
    lua_pushinteger(L, code);
    return 3;
}

/* host.write_file(path, text) -> true | nil, message, exit code */
static int l_write_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    char msg[1200];
    qh_out o;
    int code = qh_out_open(&o, path, msg, sizeof msg);
    if (code == QH_OK) {
        errno = 0;
        fwrite(text, 1, len, o.f); /* a short write leaves the stream's error flag set */
        code = qh_out_commit(&o, msg, sizeof msg);
    }
    return outcome(L, code, msg);
}

/* The Lua file handed to write_stream's function cannot be closed by it: the host commits it. */
static int l_stream_noclose(lua_State *L)
{
    luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
    p->closef = l_stream_noclose; /* still open */
    luaL_pushfail(L);
    lua_pushliteral(L, "cannot close an output the qufa command commits");
    return 2;
}

/* host.write_stream(path, fn) -> true | nil, message, exit code: calls fn(file) with an open
 * Lua file writing to path's temporary file, so a large output (check -o over a whole
 * deployment) goes to the file as it is made instead of being built in memory first; the file
 * is committed (renamed over path) when fn returns, and left as it was when fn raises an error,
 * which is then raised again. */
static int l_write_stream(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    char msg[1200];
    qh_out o;
    int code = qh_out_open(&o, path, msg, sizeof msg);
    if (code != QH_OK)
        return outcome(L, code, msg);
    luaL_Stream *p = lua_newuserdatauv(L, sizeof *p, 0);
    p->f = o.f;
    p->closef = l_stream_noclose;
    luaL_setmetatable(L, LUA_FILEHANDLE);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    errno = 0;
    int failed = lua_pcall(L, 1, 0, 0) != LUA_OK;
    p->closef = NULL; /* closed for Lua: the FILE belongs to o again */
    p->f = NULL;
    if (failed && ferror(o.f)) {
        /* the write failed (a full disk): that is the error to tell, as a commit would, not the
         * writer's "cannot write the output". errno may have been changed since (a PostgreSQL
         * connection's own calls), so the reason is asked again: stdio keeps what it could not
         * write, and writing it once more fails the same way */
        int e = errno;
        clearerr(o.f);
        errno = 0;
        if (fflush(o.f) != 0 && errno)
            e = errno;
        if (!e)
            e = EIO;
        qh_out_abort(&o);
        snprintf(msg, sizeof msg, _("%s: cannot write (%s); the file was left as it was"), path,
                 strerror(e));
        return outcome(L, QH_INTERNAL, msg);
    }
    if (failed) {
        qh_out_abort(&o);
        return lua_error(L);
    }
    return outcome(L, qh_out_commit(&o, msg, sizeof msg), msg);
}

/* host.output_check(path) -> true | nil, message, exit code */
static int l_output_check(lua_State *L)
{
    char msg[1200];
    return outcome(L, qh_out_check(luaL_checkstring(L, 1), msg, sizeof msg), msg);
}

void qh_out_functions(lua_State *L)
{
    lua_pushcfunction(L, l_write_file);
    lua_setfield(L, -2, "write_file");
    lua_pushcfunction(L, l_write_stream);
    lua_setfield(L, -2, "write_stream");
    lua_pushcfunction(L, l_output_check);
    lua_setfield(L, -2, "output_check");
}
