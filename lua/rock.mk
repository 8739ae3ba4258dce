# The Lua module qufa.so as `luarocks make` builds it (qufa-*.rockspec at the top of the source
# tree): the binding's C files and its embedded Lua, compiled against an installed libqufa and
# the Lua headers LuaRocks names. LuaRocks runs it from the top of the tree with CFLAGS,
# LIBFLAG, LUA_INCDIR, QUFA_INCDIR, QUFA_LIBDIR, JANSSON_INCDIR and JANSSON_LIBDIR (build), and
# LIBDIR (install). Like the CMake build, the module does not link liblua: it takes the Lua API
# from the interpreter that loads it.
OUT = build-rock
SOURCES = $(sort $(wildcard lua/l_*.c)) lua/sandbox.c lua/blockpool.c
# the pure-Lua part of the module, embedded as the CMake build does (lua/CMakeLists.txt);
# lua/qufa.d.lua is the editors' definitions, not code
LUA_FILES = lua/qufa.lua lua/sandbox_env.lua lua/standards_dsl.lua lua/flow_dsl.lua
OBJECTS = $(patsubst lua/%.c,$(OUT)/%.o,$(SOURCES)) $(OUT)/lua_files.o
MODULE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -fvisibility=hidden -Ilua \
	-I$(LUA_INCDIR) -I$(QUFA_INCDIR) -I$(JANSSON_INCDIR)
# the library's folder is kept in the module (rpath), for a libqufa outside the loader's path
MODULE_LIBS = -L$(QUFA_LIBDIR) -Wl,-rpath,$(QUFA_LIBDIR) -lqufa -L$(JANSSON_LIBDIR) -ljansson -lm

all: $(OUT)/qufa.so

$(OUT)/qufa.so: $(OBJECTS)
	$(CC) $(LIBFLAG) -o $@ $(OBJECTS) $(MODULE_LIBS)

$(OUT)/%.o: lua/%.c lua/*.h | $(OUT)
	$(CC) $(CFLAGS) $(MODULE_CFLAGS) -c -o $@ $<

$(OUT)/lua_files.o: $(OUT)/lua_files.c
	$(CC) $(CFLAGS) $(MODULE_CFLAGS) -c -o $@ $<

$(OUT)/lua_files.c: $(LUA_FILES) cmake/embed_run.cmake | $(OUT)
	cmake -DOUT=$@ -DSYMBOL=ql_lua_files "-DFILES=$(subst $() ,;,$(LUA_FILES))" \
		-P cmake/embed_run.cmake

$(OUT):
	mkdir -p $@

install: $(OUT)/qufa.so
	mkdir -p $(LIBDIR)
	cp $(OUT)/qufa.so $(LIBDIR)/

clean:
	rm -rf $(OUT)

.PHONY: all install clean
