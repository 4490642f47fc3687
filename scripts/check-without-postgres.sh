#!/usr/bin/env bash
# Builds sandbox-agent without the `Postgres` package trait (swift build --disable-default-traits)
# and checks that binary: no postgres-nio in it, the SQLite store serves /v1/health, and
# `--storage postgres://…` is refused with a message saying how to get a build with PostgreSQL.
# usage: check-without-postgres.sh [debug|release]   (default debug; SCRATCH=.build by default:
# the dependencies' objects are shared with the default build, only this package's targets are
# compiled again, and again by the next default build)
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-debug}
swift=${SWIFT:-swift}
flags=(--disable-default-traits -c "$configuration" --scratch-path "${SCRATCH:-.build}")
"$swift" build "${flags[@]}" --product sandbox-agent
bin_dir=$("$swift" build "${flags[@]}" --show-bin-path)
stage=$(mktemp -d)
check_server_pid=
trap '[ -n "$check_server_pid" ] && kill "$check_server_pid" 2>/dev/null; rm -rf "$stage"' EXIT
cp "$bin_dir/sandbox-agent" "$stage/"
cp -R "$bin_dir/sandbox-agent_SandboxAgentResources.resources" "$stage/"
binary=$stage/sandbox-agent

if grep -q PostgresNIO "$binary"; then
    echo "FAIL: the build without the Postgres trait contains PostgresNIO" >&2
    exit 1
fi
for command in "server --no-token" "storage migrate"; do
    # shellcheck disable=SC2086 # the command's words
    if out=$("$binary" $command --storage 'postgres://agent@127.0.0.1:1/agents' 2>&1); then
        echo "FAIL: '$command --storage postgres://…' succeeded without PostgreSQL" >&2
        exit 1
    fi
    grep -q "built without PostgreSQL" <<<"$out" || { echo "FAIL: '$command' said: $out" >&2; exit 1; }
done
echo "refused as expected: $out"
migrated=$("$binary" storage migrate --storage "sqlite:$stage/sessions.sqlite")
grep -q "SQLite schema up to date" <<<"$migrated" || { echo "FAIL: storage migrate said: $migrated" >&2; exit 1; }

source scripts/lib/check-server.sh
check_server "$binary" "$stage"
echo "build without PostgreSQL OK ($configuration, $(du -h "$binary" | cut -f1), no PostgresNIO)"
