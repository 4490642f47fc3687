#!/usr/bin/env bash
# Installs the Debian packages sandbox-agent needs to build and test, only those missing.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

# Build: the Swift toolchain (6.2+) must already be on PATH; C headers the package links against.
build_packages=(pkg-config libsqlite3-dev)
# Tests: GNU tar builds archives for the file-system tests; procps gives ps/pgrep for debugging.
test_packages=(tar procps)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then wanted+=("${test_packages[@]}"); fi

missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

# Tests: the official ACP Python SDK, for the fake agent of the interop tests (only when missing).
install_python_test_deps() {
    local requirements
    requirements="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Tests/Fixtures/fake-acp-agent/requirements.txt"
    if python3 -c "import acp" 2>/dev/null; then
        echo "install-deps: python package acp present"
        return
    fi
    command -v python3 >/dev/null || { echo "install-deps: python3 is needed for the interop tests" >&2; exit 1; }
    echo "install-deps: installing $(tr '\n' ' ' <"$requirements")"
    python3 -m pip install --quiet -r "$requirements"
}

if ((${#missing[@]} == 0)); then
    echo "install-deps: all Debian packages present (${wanted[*]})"
    if [[ "${1:-}" == "--test" ]]; then install_python_test_deps; fi
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [[ "${1:-}" == "--test" ]]; then install_python_test_deps; fi
