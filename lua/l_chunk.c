/*
 * Lua texts compiled once per process and loaded from their bytecode after that: the embedded
 * sources (qufa.lua, standards_dsl.lua, flow_dsl.lua, sandbox_env.lua), which every Lua state
 * the module opens parses, and the packs' texts, which every check run parses again in the
 * sandbox it makes for each pack whose check functions it calls (3 for the shipped packs).
 * Parsing was about 2.3 M instructions for the embedded sources of a sandbox, more than making
 * the rest of it, and 3.2 M for a shipped pack on average.
 *
 * The bytecode is kept by the chunk's name and its whole text, compared byte for byte, so a
 * changed text is compiled afresh; at most SOURCES_MAX texts of at most SOURCE_KEPT_MAX bytes
 * each, the least recently used one dropped to make room. It is dumped with its debug
 * information, so error messages and tracebacks name the same chunk and lines. It is made
 * here, from text, by the Lua that loads it, and never comes from outside, which is what makes
 * loading it in binary mode safe (restricted code itself can still load text only).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"

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

#define SOURCES_MAX 24 /* the 4 embedded sources and the packs */
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

int ql_load_embedded(lua_State *L, const char *name, const char *chunkname)
{
    size_t len = 0;
    const char *src = ql_embedded(name, &len);
    if (!src) {
        lua_pushfstring(L, "no embedded file %s", name);
        return LUA_ERRFILE;
    }
    return ql_load_source(L, src, len, chunkname);
}
