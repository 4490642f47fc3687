/*
 * Keeps the static release binary (scripts/build-release-static.sh) within glibc 2.34, so it starts
 * on Amazon Linux 2023 (Vercel Sandbox) and RHEL 9: the two functions it would otherwise take
 * from newer glibc versions are routed here by the linker's `--wrap`, which turns every
 * reference to `f` (in Foundation's and libstdc++'s static archives as well as this project's
 * code) into a reference to `__wrap_f`.
 *
 * - `hypot`, `hypotf`: glibc 2.35 gave them new default versions (a faster, correctly rounded
 *   implementation) and kept the original ones for binaries linked before. The wrappers call the
 *   original versions, found with `dlvsym` (a `.symver` reference would be wrapped too, back to
 *   the wrapper); both compute the same Euclidean norm, at most differing in the last bit.
 * - `arc4random` (glibc 2.36): GCC 12's libstdc++, linked in statically, draws `std::random_device`
 *   from it. The wrapper reads the same kernel source with `getrandom` (glibc 2.25).
 *
 * scripts/check-glibc-floor.py checks the result: no GLIBC_ version newer than docs/deploy.md says.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#if defined(__x86_64__)
#define SA_LIBM_ORIGINAL "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define SA_LIBM_ORIGINAL "GLIBC_2.17"
#else
#error "glibc-symbol-pins.c: name this architecture's original libm symbol version"
#endif

/* libm's original version of `name`, looked up once per slot (a race only stores the same value). */
static void *sa_original(const char *name, _Atomic(void *) *slot) {
    void *function = atomic_load_explicit(slot, memory_order_relaxed);
    if (function == NULL) {
        function = dlvsym(RTLD_DEFAULT, name, SA_LIBM_ORIGINAL);
        if (function == NULL) {  /* every glibc since the first of this architecture has it */
            fprintf(stderr, "sandbox-agent: libm has no %s@%s\n", name, SA_LIBM_ORIGINAL);
            abort();
        }
        atomic_store_explicit(slot, function, memory_order_relaxed);
    }
    return function;
}

static _Atomic(void *) sa_hypot_slot, sa_hypotf_slot;

double __wrap_hypot(double x, double y) {
    return ((double (*)(double, double))sa_original("hypot", &sa_hypot_slot))(x, y);
}

float __wrap_hypotf(float x, float y) {
    return ((float (*)(float, float))sa_original("hypotf", &sa_hypotf_slot))(x, y);
}

/* Like glibc's arc4random, it cannot fail: it aborts where the kernel has no getrandom (Linux < 3.17). */
uint32_t __wrap_arc4random(void) {
    uint32_t value;
    unsigned char *bytes = (unsigned char *)&value;
    size_t filled = 0;
    while (filled < sizeof value) {
        ssize_t got = getrandom(bytes + filled, sizeof value - filled, 0);
        if (got > 0) {
            filled += (size_t)got;
        } else if (got < 0 && errno != EINTR) {
            abort();
        }
    }
    return value;
}
