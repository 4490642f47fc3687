#!/usr/bin/env bash
# Checks `make install` and `make dist` as a user runs them, on the static release build that
# `make release-check` made (no second release build):
#   make install-static PREFIX=<tmp>, then <tmp>/bin/sandbox-agent --version and server health;
#   make dist, then sha256sum -c, extract, and the extracted binary's --version and server health.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
check_server_pid=
trap '[ -n "$check_server_pid" ] && kill "$check_server_pid" 2>/dev/null; rm -rf "$work"' EXIT

source scripts/lib/check-server.sh

version=$(.build-static/release/sandbox-agent --version)

echo "== make install-static PREFIX=$work/prefix"
make --no-print-directory install-static PREFIX="$work/prefix"
[ "$("$work/prefix/bin/sandbox-agent" --version)" = "$version" ] || { echo "FAIL: installed --version" >&2; exit 1; }
check_server "$work/prefix/bin/sandbox-agent" "$work"

echo "== make dist"
make --no-print-directory dist
name="sandbox-agent-$version-linux-$(uname -m)"
cp "dist/$name.tar.gz" dist/SHA256SUMS "$work/"
(cd "$work" && sha256sum -c SHA256SUMS)
tar -C "$work" -xzf "$work/$name.tar.gz"
[ "$("$work/$name/sandbox-agent" --version)" = "$version" ] || { echo "FAIL: extracted --version" >&2; exit 1; }
[ -f "$work/$name/README.md" ] || { echo "FAIL: README.md not in the tarball" >&2; exit 1; }
check_server "$work/$name/sandbox-agent" "$work"
echo "install and dist OK"
