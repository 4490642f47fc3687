#!/usr/bin/env bash
# Checks the wrappers of glibc-symbol-pins.c as the release build links them (--wrap): a program
# calling hypot, hypotf and arc4random gets the right answers, and needs no symbol version newer than
# glibc 2.34 (hypot@GLIBC_2.35, arc4random@GLIBC_2.36 without the pins). Run by `make dist-check`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/probe.c" <<'C'
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    double x = argc > 5 ? atof(argv[1]) : 3.0;  /* not constant, so the compiler cannot fold the calls */
    int failures = 0;
    if (hypot(x, 4.0) != 5.0) { puts("hypot(3, 4) != 5"); failures++; }
    if (hypotf((float)x, 4.0f) != 5.0f) { puts("hypotf(3, 4) != 5"); failures++; }
    if (fabs(hypot(3e300 * x / 3.0, 4e300) - 5e300) > 5e285) { puts("hypot(3e300, 4e300) != 5e300"); failures++; }
    uint32_t first = arc4random(), differs = 0;
    for (int i = 0; i < 16; i++) differs |= arc4random() != first;
    if (!differs) { puts("arc4random returned one value 17 times"); failures++; }
    return failures;
}
C
clang -O2 -fPIC -c "$here/glibc-symbol-pins.c" -o "$work/pins.o"
clang -O2 -fno-builtin "$work/probe.c" "$work/pins.o" -Wl,--wrap=hypot -Wl,--wrap=hypotf -Wl,--wrap=arc4random -lm -o "$work/probe"
"$work/probe"
newest=$(objdump -T "$work/probe" | grep -oE 'GLIBC_[0-9.]+' | sort -t_ -k2 -V | tail -1)
case "$newest" in
    GLIBC_2.3[5-9]*|GLIBC_2.[4-9]*) echo "FAIL: the probe still needs $newest" >&2; exit 1 ;;
esac
echo "symbol pins OK: hypot, hypotf and arc4random answer, newest version needed $newest"
