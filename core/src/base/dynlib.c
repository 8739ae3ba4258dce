/* Opening a library when first used: see dynlib.h for why. */
#include "dynlib.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void load(qf__dynlib *lib)
{
    /* RTLD_LOCAL: its symbols serve only the calls made through the table */
    void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(lib->error, sizeof lib->error, "%s (Debian package %s) cannot be loaded: %s",
                 lib->soname, lib->package, why ? why : "unknown error");
        return;
    }
    for (size_t i = 0; i < lib->n; i++) {
        lib->slots[i] = dlsym(h, lib->names[i]);
        if (!lib->slots[i]) {
            snprintf(lib->error, sizeof lib->error,
                     "%s has no function %s: it is older than the one qufa was built with",
                     lib->soname, lib->names[i]);
            return; /* stays open: dlclose could unmap what another caller mapped as well */
        }
    }
    lib->ok = true;
}

int qf__dynlib_load(qf__dynlib *lib, char *err, size_t errsize)
{
    pthread_mutex_lock(&lock);
    if (!lib->tried) {
        lib->tried = true;
        load(lib);
    }
    bool ok = lib->ok;
    pthread_mutex_unlock(&lock);
    if (!ok)
        snprintf(err, errsize, "%s", lib->error);
    return ok ? 0 : -1;
}
