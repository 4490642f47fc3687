# Sourced by the release checks. check_server BINARY WORKDIR: starts BINARY's server on a free
# port with a clean environment, requires /v1/health and /openapi.json (served from the resource
# bundle) to answer, then stops it with SIGTERM and waits for it. Sets check_server_pid while it
# runs, so a caller's EXIT trap can kill it.
check_server() {
    local binary=$1 work=$2 log url= health document
    log="$work/server-$RANDOM.log"
    env -i PATH=/usr/bin:/bin HOME="$work" "$binary" server --no-token --host 127.0.0.1 --port 0 --no-telemetry >"$log" 2>&1 &
    check_server_pid=$!
    for _ in $(seq 1 100); do
        url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { echo "FAIL: $binary printed no URL"; cat "$log"; exit 1; }
    # Whole bodies first: `curl | grep -q` fails under pipefail when grep stops reading early.
    health=$(curl -fsS "$url/v1/health") && grep -q '"status":"ok"' <<<"$health" || { echo "FAIL: $url/v1/health" >&2; exit 1; }
    document=$(curl -fsS "$url/openapi.json") && grep -q '"openapi"' <<<"$document" || { echo "FAIL: $url/openapi.json (resource bundle)" >&2; exit 1; }
    kill -TERM "$check_server_pid"
    wait "$check_server_pid"
    check_server_pid=
    echo "$binary: $url/v1/health -> $health"
}
