#!/usr/bin/env bash
# Builds the release binary that the Dockerfile ships and `make dist` packs: the Swift runtime and
# Foundation linked statically (--static-swift-stdlib), symbols stripped (-s), and SQLite and
# libstdc++ linked statically too, so the binary needs only libc, libm, libgcc_s and zlib: Debian's
# required packages, present even in `debootstrap --variant=minbase`. The desktop's X11 and codec
# libraries are not linked; they are loaded when the desktop starts (Desktop/CDesktopLibraries).
# hypot/hypotf (glibc 2.35) and arc4random (2.36) are routed to older equivalents (scripts/static-link/),
# so the binary asks nothing newer than glibc 2.34 (Amazon Linux 2023); scripts/check-glibc-floor.py checks.
#   scripts/build-release-static.sh [SCRATCH_PATH]     # default .build-static; binary in SCRATCH_PATH/release
set -euo pipefail
scratch=${1:-.build-static}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$scratch/static-libs"
libs=$(cd "$scratch/static-libs" && pwd)
# GRDB links `-lsqlite3` and the Swift runtime `-lstdc++`. A folder holding only their archives,
# first on the linker's search path, makes those names resolve to the archives instead of the .so.
for name in libsqlite3.a libstdc++.a; do
  archive=$(clang -print-file-name="$name")
  [ -f "$archive" ] || { echo "build-release-static: $name not found (Debian: libsqlite3-dev, libstdc++-12-dev)" >&2; exit 1; }
  ln -sf "$archive" "$libs/$name"
done
clang -O2 -fPIC -c "$here/static-link/glibc-symbol-pins.c" -o "$libs/glibc-symbol-pins.o"
# SwiftPM does not know the object is an input of the link: remove the binary so it is linked again.
rm -f "$scratch/release/sandbox-agent"
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib -Xlinker -s -Xswiftc -L"$libs" \
  -Xlinker "$libs/glibc-symbol-pins.o" -Xlinker --wrap=hypot -Xlinker --wrap=hypotf -Xlinker --wrap=arc4random \
  -Xlinker -lm --scratch-path "$scratch"
