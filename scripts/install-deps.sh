#!/usr/bin/env bash
# Installs the Debian packages sandbox-agent needs to build and test, only those missing.
# Idempotent; needs root (or sudo) only when something is missing. `--test` adds what the tests
# need, `--minimal-check` what `make minimal-check` needs.
set -euo pipefail

# Build: the Swift toolchain (6.2+) must already be on PATH; C headers the package links against
# (SQLite; Xlib, MIT-SHM, XTest, XFixes, DAMAGE for the desktop; libdeflate, libjpeg-turbo, libwebp encoders);
# binutils for objdump, with which `make dist-check` reads the release binary's glibc floor.
build_packages=(pkg-config libsqlite3-dev libx11-dev libxext-dev libxtst-dev libxfixes-dev libxdamage-dev
    libdeflate-dev libjpeg62-turbo-dev libwebp-dev binutils)
# Tests: GNU tar builds archives for the file-system tests; procps gives ps/pgrep for debugging;
# Xvfb and openbox run the desktop tests' display; xterm (with the core fonts) is the real toolkit
# that must recognise double and triple clicks; libpng-dev for the test-only image decoder;
# bubblewrap for Codex's command sandbox as a container has it (the system bwrap, not the wheel's);
# nodejs and node-typescript (tsc) build and test the TypeScript SDK (sdks/typescript);
# Chromium and its WebDriver run the Inspector's browser tests (Tests/Browser); ffmpeg (with
# ffprobe) records the desktop and checks the recordings; postgresql gives initdb and pg_ctl, with
# which the session store and fleet tests start their own PostgreSQL in a temporary directory.
test_packages=(tar procps xvfb openbox xauth xterm xfonts-base libpng-dev unzip bubblewrap nodejs node-typescript
    chromium chromium-driver ffmpeg postgresql)

# `make minimal-check`: debootstrap builds the minimal Debian root file system the release binary runs in.
minimal_check_packages=(debootstrap)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then wanted+=("${test_packages[@]}"); fi
if [[ "${1:-}" == "--minimal-check" ]]; then wanted+=("${minimal_check_packages[@]}"); fi

missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

# Tests: Python packages of the test fixtures, each only when missing: the official ACP SDK for the
# fake agent of the interop tests, python-xlib for the X11 probe of the desktop tests, the
# official MCP SDK as the client of the desktop MCP server tests, pytest, schemathesis and websockets
# for the security suite (Tests/Security), httpx (the Python SDK's one dependency), jsonschema, mypy and wheel for
# the SDK tests, Selenium for the Inspector's browser tests (Tests/Browser).
install_python_test_deps() {
    local fixtures
    fixtures="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Tests/Fixtures"
    command -v python3 >/dev/null || { echo "install-deps: python3 is needed for the test fixtures" >&2; exit 1; }
    install_python_requirements acp "$fixtures/fake-acp-agent/requirements.txt"
    install_python_requirements Xlib "$fixtures/x11-probe/requirements.txt"
    install_python_requirements mcp "$fixtures/mcp-client/requirements.txt"
    install_python_requirements schemathesis "$fixtures/../Security/requirements.txt"
    install_python_requirements websockets "$fixtures/../Security/requirements.txt"
    install_python_requirements mypy "$fixtures/../../sdks/python/requirements-test.txt"
    install_python_requirements selenium "$fixtures/../Browser/requirements.txt"
    install_python_requirements wheel "$fixtures/../../sdks/python/requirements-test.txt"
    # The SDK tests run on Python 3.9 too (the oldest it supports) when pyenv or the system has it.
    local python39
    source "$(dirname "${BASH_SOURCE[0]}")/lib/python39.sh"
    python39=$(find_python39)
    if [[ -n "$python39" ]] && ! "$python39" -c "import httpx, pytest, jsonschema" 2>/dev/null; then
        echo "install-deps: installing the Python SDK's test requirements for $python39"
        "$python39" -m pip install --quiet -r "$fixtures/../../sdks/python/requirements-test.txt"
    fi
    "$(dirname "${BASH_SOURCE[0]}")/fetch-test-agents.sh"
}

install_python_requirements() {
    local module=$1 requirements=$2
    if python3 -c "import $module" 2>/dev/null; then
        echo "install-deps: python module $module present"
        return
    fi
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
