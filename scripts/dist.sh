#!/usr/bin/env bash
# Packs the static release binary (built by `make release-static`) as
#   dist/sandbox-agent-<version>-linux-<arch>.tar.gz
# holding one folder of that name with sandbox-agent, its resource bundle, README.md (and LICENSE
# if there is one), and writes dist/SHA256SUMS (`sha256sum -c SHA256SUMS` checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-.build-static/release}
version=$("$build_dir/sandbox-agent" --version)
arch=$(uname -m)
name="sandbox-agent-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
scripts/install-binary.sh "$build_dir" "$stage/$name" >/dev/null
cp README.md "$stage/$name/"
for license in LICENSE LICENSE.md LICENSE.txt; do
    [ -f "$license" ] && cp "$license" "$stage/$name/"
done
mkdir -p dist
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum -- *.tar.gz >SHA256SUMS)
echo "dist/$name.tar.gz"
cat dist/SHA256SUMS
