#!/usr/bin/env bash
# Checks `make install` and `make dist` as a user runs them, on the static release build that
# `make release-check` made (no second release build):
#   make install-static PREFIX=<tmp>, then <tmp>/bin/sandbox-agent --version and server health;
#   make dist, then sha256sum -c, extract, and the extracted binary's --version and server health.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# Starts BINARY server on a free port with a clean environment and requires /v1/health to answer.
check_server() {
    local binary=$1 log="$work/server-$RANDOM.log" url=
    env -i PATH=/usr/bin:/bin HOME="$work" "$binary" server --no-token --host 127.0.0.1 --port 0 --no-telemetry >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { echo "FAIL: $binary printed no URL"; cat "$log"; exit 1; }
    # Whole bodies first: `curl | grep -q` fails under pipefail when grep stops reading early.
    local health document
    health=$(curl -fsS "$url/v1/health") && grep -q '"status":"ok"' <<<"$health" || { echo "FAIL: $url/v1/health" >&2; exit 1; }
    document=$(curl -fsS "$url/openapi.json") && grep -q '"openapi"' <<<"$document" || { echo "FAIL: $url/openapi.json (resource bundle)" >&2; exit 1; }
    kill -TERM "$pid"
    wait "$pid"
    pid=
    echo "$binary: $url/v1/health ok"
}

version=$(.build-static/release/sandbox-agent --version)

echo "== make install-static PREFIX=$work/prefix"
make --no-print-directory install-static PREFIX="$work/prefix"
[ "$("$work/prefix/bin/sandbox-agent" --version)" = "$version" ] || { echo "FAIL: installed --version" >&2; exit 1; }
check_server "$work/prefix/bin/sandbox-agent"

echo "== make dist"
make --no-print-directory dist
name="sandbox-agent-$version-linux-$(uname -m)"
cp "dist/$name.tar.gz" dist/SHA256SUMS "$work/"
(cd "$work" && sha256sum -c SHA256SUMS)
tar -C "$work" -xzf "$work/$name.tar.gz"
[ "$("$work/$name/sandbox-agent" --version)" = "$version" ] || { echo "FAIL: extracted --version" >&2; exit 1; }
[ -f "$work/$name/README.md" ] || { echo "FAIL: README.md not in the tarball" >&2; exit 1; }
check_server "$work/$name/sandbox-agent"
echo "install and dist OK"
