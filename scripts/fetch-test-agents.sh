#!/usr/bin/env bash
# Fetches the real agent CLIs the end-to-end tests drive, from PyPI wheels, into a cache that
# later runs reuse: the Claude Code CLI bundled in the claude-agent-sdk wheel, and the Codex CLI
# of the openai-codex-cli-bin wheel (with the bubblewrap and ripgrep it ships next to it).
# Prints nothing new when the cache is already filled. Idempotent.
set -euo pipefail
cache=${SANDBOX_AGENT_TEST_AGENTS:-${XDG_CACHE_HOME:-$HOME/.cache}/sandbox-agent/test-agents}
claude_version=0.2.189   # claude-agent-sdk wheel version (bundles Claude Code 2.1.332)
claude_dir="$cache/claude-agent-sdk-$claude_version"
codex_version=0.163.0    # openai-codex-cli-bin wheel version (= Codex CLI version)
codex_dir="$cache/openai-codex-cli-bin-$codex_version"

need_tools() {
    command -v python3 >/dev/null || { echo "fetch-test-agents: python3 with pip is needed" >&2; exit 1; }
    command -v unzip >/dev/null || { echo "fetch-test-agents: unzip is needed (apt-get install unzip)" >&2; exit 1; }
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -x "$claude_dir/claude" ]]; then
    echo "fetch-test-agents: Claude Code present ($claude_dir/claude)"
else
    need_tools
    echo "fetch-test-agents: downloading claude-agent-sdk==$claude_version (≈180 MB) from PyPI"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_17_x86_64 \
        "claude-agent-sdk==$claude_version" -d "$work/claude"
    unzip -q -o "$work"/claude/claude_agent_sdk-*.whl 'claude_agent_sdk/_bundled/*' -d "$work/claude/unpacked"
    mkdir -p "$claude_dir.tmp"
    mv "$work/claude/unpacked/claude_agent_sdk/_bundled/claude" "$claude_dir.tmp/claude"
    chmod +x "$claude_dir.tmp/claude"
    rm -rf "$claude_dir" && mv "$claude_dir.tmp" "$claude_dir"
    echo "fetch-test-agents: Claude Code $("$claude_dir/claude" --version) in $claude_dir"
fi

if [[ -x "$codex_dir/bin/codex" ]]; then
    echo "fetch-test-agents: Codex present ($codex_dir/bin/codex)"
else
    need_tools
    echo "fetch-test-agents: downloading openai-codex-cli-bin==$codex_version (≈140 MB) from PyPI"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_17_x86_64 \
        "openai-codex-cli-bin==$codex_version" -d "$work/codex"
    unzip -q -o "$work"/codex/openai_codex_cli_bin-*.whl 'codex_cli_bin/*' -d "$work/codex/unpacked"
    # Keep the package layout: codex finds bwrap in ../codex-resources and rg in ../codex-path.
    rm -rf "$codex_dir.tmp" && mv "$work/codex/unpacked/codex_cli_bin" "$codex_dir.tmp"
    rm -f "$codex_dir.tmp/__init__.py"
    chmod +x "$codex_dir.tmp"/bin/* "$codex_dir.tmp"/codex-resources/* "$codex_dir.tmp"/codex-path/* 2>/dev/null || true
    rm -rf "$codex_dir" && mv "$codex_dir.tmp" "$codex_dir"
    echo "fetch-test-agents: $("$codex_dir/bin/codex" --version) in $codex_dir"
fi
