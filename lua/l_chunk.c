/*
 * The embedded Lua sources loaded as compiled chunks. Every Lua state the module opens parses
 * the same embedded sources (qufa.lua, standards_dsl.lua, flow_dsl.lua, sandbox_env.lua): a
 * check run makes a sandbox for each pack its check functions come from (3 for the shipped
 * packs), and parsing them again was about 2.3 M instructions a sandbox, more than making the
 * rest of it. The first load in the process compiles the text and keeps the function as
 * bytecode (lua_dump with its debug information, so error messages and tracebacks name the
 * same chunk and lines); later loads take the bytecode. The bytecode is made here, from the
 * embedded text, by the Lua that loads it, and never comes from outside, which is what makes
 * loading it in binary mode safe (restricted code itself can still load text only).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"

typedef struct compiled {
    const char *name; /* the embedded file's name (static), NULL for a free slot */
    char *code;
    size_t len;
} compiled;

#define KEPT_MAX 8
static compiled kept[KEPT_MAX];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

typedef struct dump_buf {
    char *p;
    size_t len, cap;
    bool failed;
} dump_buf;

static int write_dump(lua_State *L, const void *p, size_t n, void *ud)
{
    (void)L;
    dump_buf *b = ud;
    if (b->failed)
        return 1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        char *g = realloc(b->p, cap);
        if (!g) {
            b->failed = true;
            return 1;
        }
        b->p = g;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

/* The kept bytecode of `name`, or NULL. A slot once filled is never changed or freed, so the
 * bytes can be read after the lock is let go. */
static const char *kept_code(const char *name, size_t *len)
{
    const char *code = NULL;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < KEPT_MAX && kept[i].name; i++)
        if (strcmp(kept[i].name, name) == 0) {
            code = kept[i].code;
            *len = kept[i].len;
            break;
        }
    pthread_mutex_unlock(&mu);
    return code;
}

/* Keeps the function on top of the stack as the bytecode of `name` (nothing if the slots
 * are full, another thread kept it first, or memory is short: the text is parsed next time). */
static void keep(lua_State *L, const char *name)
{
    dump_buf b = {0};
    if (lua_dump(L, write_dump, &b, 0) != 0 || b.failed) {
        free(b.p);
        return;
    }
    pthread_mutex_lock(&mu);
    int i = 0;
    while (i < KEPT_MAX && kept[i].name && strcmp(kept[i].name, name) != 0)
        i++;
    if (i < KEPT_MAX && !kept[i].name) {
        kept[i] = (compiled){name, b.p, b.len};
        b.p = NULL;
    }
    pthread_mutex_unlock(&mu);
    free(b.p);
}

int ql_load_embedded(lua_State *L, const char *name, const char *chunkname)
{
    size_t len = 0;
    const char *code = kept_code(name, &len);
    if (code)
        return luaL_loadbufferx(L, code, len, chunkname, "b");
    const char *src = ql_embedded(name, &len);
    if (!src) {
        lua_pushfstring(L, "no embedded file %s", name);
        return LUA_ERRFILE;
    }
    int rc = luaL_loadbufferx(L, src, len, chunkname, "t");
    if (rc == LUA_OK)
        keep(L, name);
    return rc;
}

/* ---- pack sources ---------------------------------------------------------------------------- */

/*
 * The same for the text of a pack: a check run makes a sandbox for each pack whose check
 * functions it calls and runs the pack's text there to collect them, so every run in a process
 * parsed the same texts again (3.2 M instructions a shipped pack on average, 3 a run). The
 * bytecode is kept by the chunk's name and its whole text, compared byte for byte, so a
 * changed pack is compiled afresh; at most SOURCES_MAX texts of at most SOURCE_KEPT_MAX bytes
 * each, the least recently used one dropped to make room.
 */
#define SOURCES_MAX 16
#define SOURCE_KEPT_MAX (1u << 20)

typedef struct kept_source {
    char *name, *text, *code; /* NULL name: a free slot */
    size_t text_len, len;
    unsigned long used;
} kept_source;

static kept_source sources[SOURCES_MAX];
static unsigned long sources_clock;

static void source_free(kept_source *k)
{
    free(k->name);
    free(k->text);
    free(k->code);
    memset(k, 0, sizeof *k);
}

/* A copy of the bytecode kept for this text (malloc'd: a slot may be reused by another thread
 * while Lua loads it), or NULL. */
static char *source_copy(const char *text, size_t len, const char *chunkname, size_t *code_len)
{
    char *copy = NULL;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < SOURCES_MAX; i++) {
        kept_source *k = &sources[i];
        if (k->name && k->text_len == len && strcmp(k->name, chunkname) == 0 &&
            memcmp(k->text, text, len) == 0) {
            k->used = ++sources_clock;
            if ((copy = malloc(k->len))) {
                memcpy(copy, k->code, k->len);
                *code_len = k->len;
            }
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    return copy;
}

static void source_keep(lua_State *L, const char *text, size_t len, const char *chunkname)
{
    dump_buf b = {0};
    kept_source k = {0};
    if (lua_dump(L, write_dump, &b, 0) != 0 || b.failed || !(k.name = strdup(chunkname)) ||
        !(k.text = malloc(len ? len : 1))) {
        free(b.p);
        source_free(&k);
        return;
    }
    memcpy(k.text, text, len);
    k.text_len = len;
    k.code = b.p;
    k.len = b.len;
    pthread_mutex_lock(&mu);
    kept_source *slot = &sources[0];
    for (int i = 0; i < SOURCES_MAX; i++) {
        if (!sources[i].name) {
            slot = &sources[i];
            break;
        }
        if (sources[i].used < slot->used)
            slot = &sources[i];
    }
    source_free(slot);
    k.used = ++sources_clock;
    *slot = k;
    pthread_mutex_unlock(&mu);
}

int ql_load_source(lua_State *L, const char *text, size_t len, const char *chunkname)
{
    size_t code_len = 0;
    char *code = len <= SOURCE_KEPT_MAX ? source_copy(text, len, chunkname, &code_len) : NULL;
    if (code) {
        int rc = luaL_loadbufferx(L, code, code_len, chunkname, "b");
        free(code);
        return rc;
    }
    int rc = luaL_loadbufferx(L, text, len, chunkname, "t");
    if (rc == LUA_OK && len <= SOURCE_KEPT_MAX)
        source_keep(L, text, len, chunkname);
    return rc;
}
