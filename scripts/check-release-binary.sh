#!/usr/bin/env bash
# Checks the release binary the Dockerfile ships: copies it with its resource bundle into an
# empty folder, starts it with a clean environment on a free port, and waits for /v1/health.
set -euo pipefail
build_dir=${1:?usage: check-release-binary.sh BUILD_DIR}
stage=$(mktemp -d)
check_server_pid=
trap '[ -n "$check_server_pid" ] && kill "$check_server_pid" 2>/dev/null; rm -rf "$stage"' EXIT

cp "$build_dir/sandbox-agent" "$stage/"
cp -R "$build_dir/sandbox-agent_SandboxAgentResources.resources" "$stage/"
echo "== shared libraries the binary needs (ldd):"
ldd "$stage/sandbox-agent" | sed 's/ (0x[0-9a-f]*)//'
if ldd "$stage/sandbox-agent" | grep -q libswift; then
    echo "FAIL: the release binary links the Swift runtime dynamically" >&2
    exit 1
fi
# The desktop's libraries are loaded when it starts; SQLite and libstdc++ are linked in (docs/deploy.md).
if ldd "$stage/sandbox-agent" | grep -E 'lib(X[a-z0-9]*|xcb|deflate|jpeg|webp|sqlite3|stdc\+\+)\.so'; then
    echo "FAIL: the release binary links the libraries above, which minimal images lack" >&2
    exit 1
fi

source "$(dirname "$0")/lib/check-server.sh"
check_server "$stage/sandbox-agent" "$stage"
cd "$stage"
echo "release binary OK ($(du -h sandbox-agent | cut -f1))"
