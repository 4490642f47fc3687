#!/usr/bin/env bash
# Prints the path of a minimal Debian root file system (`debootstrap --variant=minbase bookworm`:
# glibc and Debian's required packages, no X11, no image codecs, no SQLite), building it first
# when it is not there. The result is cached outside the repository and reused; a half-built
# tree is never taken for a finished one (it is built beside the cache and renamed into place).
#   scripts/minbase-rootfs.sh            # -> /var/cache/sandbox-agent/minbase
#   SANDBOX_AGENT_MINBASE=/elsewhere scripts/minbase-rootfs.sh
# Needs root and debootstrap (scripts/install-deps.sh --test installs it) and the Debian mirror.
set -euo pipefail
root=${SANDBOX_AGENT_MINBASE:-/var/cache/sandbox-agent/minbase}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ -f "$root/.sandbox-agent-complete" ]; then
    echo "$root"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "minbase-rootfs: debootstrap is missing (scripts/install-deps.sh --test)" >&2; exit 1; }
mkdir -p "$(dirname "$root")"
building="$root.building"
rm -rf "$building"
echo "minbase-rootfs: debootstrap --variant=minbase bookworm into $root (once; later runs reuse it)" >&2
debootstrap --variant=minbase bookworm "$building" "$mirror" >"$building.log" 2>&1 \
    || { echo "minbase-rootfs: debootstrap failed; its log:" >&2; tail -n 30 "$building.log" >&2; exit 1; }
rm -rf "$building/var/cache/apt/archives/"*.deb "$root"
touch "$building/.sandbox-agent-complete"
mv "$building" "$root"
rm -f "$building.log"
echo "$root"
