#!/usr/bin/env bash
# Copies a built sandbox-agent and its resource bundle into a directory (the binary finds
# sandbox-agent_SandboxAgentResources.resources next to itself): `make install`, `make dist`.
set -euo pipefail
build_dir=${1:?usage: install-binary.sh BUILD_DIR DEST_DIR}
dest=${2:?usage: install-binary.sh BUILD_DIR DEST_DIR}
bundle=sandbox-agent_SandboxAgentResources.resources
[ -x "$build_dir/sandbox-agent" ] || { echo "install-binary: no $build_dir/sandbox-agent (build it first)" >&2; exit 1; }
[ -d "$build_dir/$bundle" ] || { echo "install-binary: no $build_dir/$bundle" >&2; exit 1; }
mkdir -p "$dest"
install -m 0755 "$build_dir/sandbox-agent" "$dest/sandbox-agent"
rm -rf "${dest:?}/$bundle"
cp -R "$build_dir/$bundle" "$dest/$bundle"
chmod -R u=rwX,go=rX "$dest/$bundle"
echo "installed $dest/sandbox-agent and $dest/$bundle"
