#!/usr/bin/env bash
# Checks the release binary the Dockerfile ships: copies it with its resource bundle into an
# empty folder, starts it with a clean environment on a free port, and waits for /v1/health.
set -euo pipefail
build_dir=${1:?usage: check-release-binary.sh BUILD_DIR}
stage=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$stage"' EXIT

cp "$build_dir/sandbox-agent" "$stage/"
cp -R "$build_dir/sandbox-agent_SandboxAgentResources.resources" "$stage/"
echo "== shared libraries the binary needs (ldd):"
ldd "$stage/sandbox-agent" | sed 's/ (0x[0-9a-f]*)//'
if ldd "$stage/sandbox-agent" | grep -q libswift; then
    echo "FAIL: the release binary links the Swift runtime dynamically" >&2
    exit 1
fi

cd "$stage"
env -i PATH=/usr/bin:/bin HOME="$stage" ./sandbox-agent server --port 0 --no-token >"$stage/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$stage/out.log")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "${url:-}" ] || { echo "FAIL: no URL printed"; cat "$stage/out.log"; exit 1; }
body=$(curl -fsS "$url/v1/health")
echo "== $url/v1/health -> $body"
grep -q '"status":"ok"' <<<"$body" || { echo "FAIL: unexpected health body" >&2; exit 1; }
curl -fsS "$url/openapi.json" -o "$stage/openapi.json"
grep -q '"openapi"' "$stage/openapi.json" || { echo "FAIL: /openapi.json not served from the bundle" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid"
echo "release binary OK ($(du -h sandbox-agent | cut -f1))"
