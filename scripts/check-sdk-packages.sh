#!/usr/bin/env bash
# The SDKs as their users get them: `npm pack` of the TypeScript package must hold the built
# dist/*.js and *.d.ts and its metadata; the Python wheel (built offline from a copy of
# sdks/python, so the checkout gets no build/ or egg-info) must install with pip into an empty
# directory and import from there with its py.typed marker. Run by scripts/test-sdks.sh.
set -euo pipefail
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "check-sdk-packages: npm is needed (NodeSource's nodejs has it)" >&2; exit 1; }
# --ignore-scripts: the tarball of the dist/ built before (test-sdks.sh runs tsc first).
(cd sdks/typescript && npm pack --dry-run --json --ignore-scripts 2>/dev/null) >"$work/pack.json"
python3 - "$work/pack.json" sdks/typescript/package.json <<'PY'
import json, sys
pack = json.load(open(sys.argv[1]))[0]
manifest = json.load(open(sys.argv[2]))
files = {f["path"] for f in pack["files"]}
wanted = {"package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/generated/schemas.d.ts"}
problems = [f"missing from the tarball: {name}" for name in sorted(wanted - files)]
problems += [f"not in dist/: {name}" for name in sorted(files) if name not in ("package.json", "README.md") and not name.startswith("dist/")]
problems += [f"package.json lacks {key}" for key in ("exports", "types", "files", "devDependencies") if key not in manifest]
if problems:
    sys.exit("check-sdk-packages: " + "; ".join(problems))
print(f"check-sdk-packages: npm pack gives {pack['filename']} with {len(files)} files")
PY

cp -r sdks/python "$work/source"
python3 -m pip wheel --quiet --no-deps --no-build-isolation -w "$work/wheel" "$work/source"
wheel=$(ls "$work"/wheel/sandbox_agent-*.whl)
python3 -m pip install --quiet --no-deps --no-index --target "$work/site" "$wheel"
(cd "$work" && PYTHONPATH="$work/site" python3 - "$work/site" <<'PY'
import pathlib, sys, sandbox_agent
package = pathlib.Path(sandbox_agent.__file__).parent
assert package.parent == pathlib.Path(sys.argv[1]), f"imported from {package}, not the installed wheel"
assert (package / "py.typed").exists(), "the wheel has no py.typed"
assert sandbox_agent.SandboxAgent and sandbox_agent.AsyncSandboxAgent and sandbox_agent.SandboxAgentError
print(f"check-sdk-packages: the wheel installs and imports ({package})")
PY
)
