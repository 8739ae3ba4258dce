/*
 * table.insert, table.remove and table.move for restricted code: the same behaviour as Lua
 * 5.4's, but their loops — whose length restricted code controls through the arguments or a
 * __len metamethod (table.move({}, 1, 1 << 62, 2), table.remove on a table whose __len says
 * math.maxinteger) — charge each element moved to the run, so the instruction and time limits
 * stop them like any Lua loop. Lua's own versions loop in C where no hook reaches.
 */
#include <lauxlib.h>
#include "ql.h"
#include "sandbox_internal.h"

#define NEED_READ 1
#define NEED_WRITE 2
#define NEED_LEN 4
/* steps charged per element moved (a read and a write, about as much as a few instructions) */
#define STEPS_PER_ELEMENT 8
#define CHARGE_EVERY 256

/* Argument `arg` must be a table, or a value whose metatable provides what the function needs
 * (__index to read, __newindex to write, __len for the length). */
static void check_table(lua_State *L, int arg, int need)
{
    if (lua_type(L, arg) == LUA_TTABLE)
        return;
    bool ok = lua_getmetatable(L, arg);
    if (ok) {
        static const struct {
            int bit;
            const char *name;
        } events[] = {{NEED_READ, "__index"}, {NEED_WRITE, "__newindex"}, {NEED_LEN, "__len"}};
        for (size_t i = 0; ok && i < sizeof events / sizeof events[0]; i++) {
            if (need & events[i].bit) {
                ok = lua_getfield(L, -1, events[i].name) != LUA_TNIL;
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    if (!ok)
        luaL_checktype(L, arg, LUA_TTABLE); /* raises "table expected" */
}

/* Counts one element moved; charges the run every CHARGE_EVERY. */
static void moved(lua_State *L, unsigned *pending)
{
    if (++*pending == CHARGE_EVERY) {
        *pending = 0;
        ql_sandbox_tick(L, (uint64_t)CHARGE_EVERY * STEPS_PER_ELEMENT);
    }
}

static int sb_insert(lua_State *L)
{
    check_table(L, 1, NEED_READ | NEED_WRITE | NEED_LEN);
    /* the first free slot; wraps around like Lua's when __len says math.maxinteger */
    lua_Integer free_at = (lua_Integer)((lua_Unsigned)luaL_len(L, 1) + 1u);
    lua_Integer pos;
    unsigned pending = 0;
    switch (lua_gettop(L)) {
    case 2:
        pos = free_at;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)free_at, 2,
                      "position out of bounds");
        for (lua_Integer i = free_at; i > pos; i--) { /* shift up */
            moved(L, &pending);
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int sb_remove(lua_State *L)
{
    check_table(L, 1, NEED_READ | NEED_WRITE | NEED_LEN);
    lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size) /* size + 1 is allowed, and pos 0 of an empty list */
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2,
                      "position out of bounds");
    unsigned pending = 0;
    lua_geti(L, 1, pos); /* the result */
    for (; pos < size; pos++) { /* shift down */
        moved(L, &pending);
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* table.move(a1, f, e, t [, a2]): a1[f..e] to a2[t..] */
static int sb_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int dst = lua_isnoneornil(L, 5) ? 1 : 5;
    check_table(L, 1, NEED_READ);
    check_table(L, dst, NEED_WRITE);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        /* front to back unless the ranges overlap with the destination after the source */
        bool forward = t > e || t <= f || (dst != 1 && !lua_compare(L, 1, dst, LUA_OPEQ));
        unsigned pending = 0;
        for (lua_Integer i = 0; i < n; i++) {
            lua_Integer k = forward ? i : n - 1 - i;
            moved(L, &pending);
            lua_geti(L, 1, f + k);
            lua_seti(L, dst, t + k);
        }
    }
    lua_pushvalue(L, dst);
    return 1;
}

void ql__open_bounded_table(lua_State *L, int wrappers)
{
    static const luaL_Reg fns[] = {
        {"insert", sb_insert}, {"remove", sb_remove}, {"move", sb_move}, {NULL, NULL}};
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, wrappers, f->name);
    }
}
