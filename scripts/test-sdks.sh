#!/usr/bin/env bash
# Tests of the TypeScript and Python SDKs against the real binary ($SANDBOX_AGENT_BIN, default
# .build/debug/sandbox-agent): the generated types are fresh, the TypeScript package builds with
# tsc (strict), the Python package passes mypy --strict, then `node --test` and pytest run their
# suites (which include the docs/examples programs), the packages are checked as published
# (scripts/check-sdk-packages.sh), and pytest runs again on Python 3.9 when there is one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export SANDBOX_AGENT_BIN="${SANDBOX_AGENT_BIN:-$PWD/.build/debug/sandbox-agent}"

# Node 20.10+ has the WebSocket behind --experimental-websocket and --test-concurrency (Debian 12's
# own nodejs is 18: use NodeSource's or a newer Debian's).
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 10) ? 0 : 1)' ||
    { echo "test-sdks: the TypeScript SDK tests need Node 20.10 or newer, found $(node --version)" >&2; exit 1; }

python3 scripts/generate-sdk-types.py --check
(cd sdks/typescript && tsc -p tsconfig.json)
python3 -m mypy --strict sdks/python/sandbox_agent
# --expose-gc: the 50 MB test measures live memory after collections; --experimental-websocket:
# Node 20's WebSocket for the terminal test (global from Node 22 on).
node --expose-gc --experimental-websocket --test --test-concurrency=1 sdks/typescript/test/
python3 -m pytest -q sdks/python/tests
scripts/check-sdk-packages.sh

# The oldest Python the package supports (requires-python >= 3.9), when the machine has it (pyenv's,
# as on the CI machines; scripts/install-deps.sh --test gives it the test requirements).
source scripts/lib/python39.sh
python39=$(find_python39)
if [[ -n "$python39" ]]; then
    "$python39" -m pytest -q sdks/python/tests
else
    echo "test-sdks: no Python 3.9 here, the Python SDK was tested on $(python3 --version) only"
fi
