#!/usr/bin/env bash
# Builds the release binary that the Dockerfile ships and `make dist` packs: the Swift runtime and
# Foundation linked statically (--static-swift-stdlib), symbols stripped (-s), and SQLite linked
# statically too, so the binary needs only libc, libm, libstdc++, libgcc_s and zlib: Debian's
# required packages, present even in `debootstrap --variant=minbase`. The desktop's X11 and codec
# libraries are not linked; they are loaded when the desktop starts (Desktop/CDesktopLibraries).
#   scripts/build-release-static.sh [SCRATCH_PATH]     # default .build-static; binary in SCRATCH_PATH/release
set -euo pipefail
scratch=${1:-.build-static}
# GRDB links `-lsqlite3`. A folder holding only libsqlite3.a, first on the linker's search path,
# makes that name resolve to the archive instead of libsqlite3.so.
archive=$(clang -print-file-name=libsqlite3.a)
[ -f "$archive" ] || { echo "build-release-static: libsqlite3.a not found (Debian: libsqlite3-dev)" >&2; exit 1; }
libs="$scratch/static-libs"
mkdir -p "$libs"
ln -sf "$archive" "$libs/libsqlite3.a"
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib -Xlinker -s -Xswiftc -L"$(cd "$libs" && pwd)" -Xlinker -lm --scratch-path "$scratch"
