/* The loader: dlopen of the desktop's libraries and dlsym of every function in
 * sa_desktop_symbols.h, once, under a lock; the forwarders then read the table without one. */
#include "sa_desktop_libraries.h"
#include "sa_desktop_symbols.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const sonames[SA_LIB_COUNT] = {
#define SA_LIBRARY_SONAME(index, soname) [index] = soname,
    SA_DESKTOP_LIBRARIES(SA_LIBRARY_SONAME)
#undef SA_LIBRARY_SONAME
};

static const struct {
    enum sa_desktop_library library;
    const char *name;
    size_t offset;
} entries[] = {
#define SA_FUNCTION_ENTRY(library, name) {library, #name, offsetof(struct sa_desktop_functions, name)},
    SA_DESKTOP_FUNCTIONS(SA_FUNCTION_ENTRY)
#undef SA_FUNCTION_ENTRY
};

static struct sa_desktop_functions functions;
/* Set (release) after `functions` is complete; never cleared. */
static atomic_bool loaded;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

/* Appends "line\n" to missing while it fits. */
static void append_line(char *missing, size_t capacity, const char *line) {
    if (missing == NULL || capacity == 0) return;
    size_t used = strlen(missing);
    if (used + strlen(line) + 2 > capacity) return;
    memcpy(missing + used, line, strlen(line));
    missing[used + strlen(line)] = '\n';
    missing[used + strlen(line) + 1] = '\0';
}

/* Opens every library and fills `functions`; the caller holds load_lock. */
static bool load_all(char *missing, size_t capacity) {
    void *handles[SA_LIB_COUNT] = {0};
    bool complete = true;
    for (int index = 0; index < SA_LIB_COUNT; index++) {
        handles[index] = dlopen(sonames[index], RTLD_NOW | RTLD_LOCAL);
        if (handles[index] == NULL) {
            append_line(missing, capacity, sonames[index]);
            complete = false;
        }
    }
    struct sa_desktop_functions resolved = {0};
    for (size_t index = 0; index < sizeof entries / sizeof entries[0]; index++) {
        void *handle = handles[entries[index].library];
        if (handle == NULL) continue;
        void *symbol = dlsym(handle, entries[index].name);
        if (symbol == NULL) {
            char line[160];
            snprintf(line, sizeof line, "%s (%s)", sonames[entries[index].library], entries[index].name);
            append_line(missing, capacity, line);
            complete = false;
            continue;
        }
        memcpy((char *)&resolved + entries[index].offset, &symbol, sizeof symbol);
    }
    if (!complete) {
        for (int index = 0; index < SA_LIB_COUNT; index++) {
            if (handles[index] != NULL) dlclose(handles[index]);
        }
        return false;
    }
    functions = resolved;  // the handles stay open for the life of the process
    return true;
}

int sa_desktop_libraries_load(char *missing, size_t capacity) {
    if (missing != NULL && capacity > 0) missing[0] = '\0';
    if (atomic_load_explicit(&loaded, memory_order_acquire)) return 0;
    pthread_mutex_lock(&load_lock);
    bool ok = atomic_load_explicit(&loaded, memory_order_relaxed) || load_all(missing, capacity);
    if (ok) atomic_store_explicit(&loaded, true, memory_order_release);
    pthread_mutex_unlock(&load_lock);
    return ok ? 0 : -1;
}

const struct sa_desktop_functions *sa_desktop_functions(void) {
    if (__builtin_expect(atomic_load_explicit(&loaded, memory_order_acquire), 1)) return &functions;
    char missing[1024];
    if (sa_desktop_libraries_load(missing, sizeof missing) != 0) {
        fprintf(stderr, "sandbox-agent: the desktop's shared libraries do not load:\n%s"
                        "Install them with `sandbox-agent install desktop --yes`.\n", missing);
        abort();
    }
    return &functions;
}
