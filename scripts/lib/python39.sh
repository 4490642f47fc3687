# Sourced: `find_python39` prints a Python 3.9 interpreter (the oldest the Python SDK supports) —
# python3.9 on PATH, else pyenv's 3.9.x — or nothing. pyenv's shim for python3.9 exists even when
# 3.9 is not selected, so each candidate is asked for its version.
find_python39() {
    local candidate root
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in python3.9 "$root"/versions/3.9*/bin/python3.9; do
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 9))' >/dev/null 2>&1; then
            echo "$candidate"
            return
        fi
    done
}
