#!/usr/bin/env bash
# Fetches the real agent CLIs the end-to-end tests drive, from PyPI wheels, into a cache that
# later runs reuse: the Claude Code CLI bundled in the claude-agent-sdk wheel.
# Prints nothing new when the cache is already filled. Idempotent.
set -euo pipefail
cache=${SANDBOX_AGENT_TEST_AGENTS:-${XDG_CACHE_HOME:-$HOME/.cache}/sandbox-agent/test-agents}
claude_version=0.2.189   # claude-agent-sdk wheel version (bundles Claude Code 2.1.332)
claude_dir="$cache/claude-agent-sdk-$claude_version"

if [[ -x "$claude_dir/claude" ]]; then
    echo "fetch-test-agents: Claude Code present ($claude_dir/claude)"
    exit 0
fi
command -v python3 >/dev/null || { echo "fetch-test-agents: python3 with pip is needed" >&2; exit 1; }
command -v unzip >/dev/null || { echo "fetch-test-agents: unzip is needed (apt-get install unzip)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-test-agents: downloading claude-agent-sdk==$claude_version (≈180 MB) from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_17_x86_64 \
    "claude-agent-sdk==$claude_version" -d "$work"
unzip -q -o "$work"/claude_agent_sdk-*.whl 'claude_agent_sdk/_bundled/*' -d "$work/unpacked"
mkdir -p "$claude_dir.tmp"
mv "$work/unpacked/claude_agent_sdk/_bundled/claude" "$claude_dir.tmp/claude"
chmod +x "$claude_dir.tmp/claude"
rm -rf "$claude_dir" && mv "$claude_dir.tmp" "$claude_dir"
echo "fetch-test-agents: Claude Code $("$claude_dir/claude" --version) in $claude_dir"
