/*
 * Keeps the static release binary (scripts/build-release-static.sh) within glibc 2.34, so it starts
 * on Amazon Linux 2023 (Vercel Sandbox) and RHEL 9: the two functions it would otherwise take
 * from newer glibc versions are routed here by the linker's `--wrap`, which turns every
 * reference to `f` (in Foundation's and libstdc++'s static archives as well as this project's
 * code) into a reference to `__wrap_f`.
 *
 * - `hypot`, `hypotf`: glibc 2.35 gave them new default versions (a faster, correctly rounded
 *   implementation) and kept the original ones for binaries linked before. The wrappers call the
 *   original versions by name; they compute the same Euclidean norm, at most differing in the
 *   last bit of some results.
 * - `arc4random` (glibc 2.36): GCC 12's libstdc++, linked in statically, draws `std::random_device`
 *   from it. The wrapper reads the same kernel source with `getrandom` (glibc 2.25).
 *
 * scripts/check-glibc-floor.py checks the result: no GLIBC_ version newer than docs/deploy.md says.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

#if defined(__x86_64__)
#define SA_LIBM_ORIGINAL "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define SA_LIBM_ORIGINAL "GLIBC_2.17"
#else
#error "glibc-symbol-pins.c: name this architecture's original libm symbol version"
#endif

double sa_original_hypot(double x, double y);
float sa_original_hypotf(float x, float y);
__asm__(".symver sa_original_hypot, hypot@" SA_LIBM_ORIGINAL);
__asm__(".symver sa_original_hypotf, hypotf@" SA_LIBM_ORIGINAL);

double __wrap_hypot(double x, double y) { return sa_original_hypot(x, y); }
float __wrap_hypotf(float x, float y) { return sa_original_hypotf(x, y); }

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
