#!/usr/bin/env bash
# Runs every benchmark against the release binary, side by side with its anchors.
# Installs what it needs (wrk, nginx, postgresql, …) from Debian when missing. Prints tables; never fails on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v wrk >/dev/null || need+=(wrk)
# Desktop anchors and content: ImageMagick (import, display), scrot, xdotool, xterm, xeyes.
command -v import >/dev/null || need+=(imagemagick)
command -v scrot >/dev/null || need+=(scrot)
command -v xdotool >/dev/null || need+=(xdotool)
command -v xterm >/dev/null || need+=(xterm)
command -v xeyes >/dev/null || need+=(x11-apps)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
# The PostgreSQL session store's benchmark starts its own cluster (initdb, pg_ctl).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
# The Inspector's benchmark: headless Chromium and its WebDriver (Selenium from PyPI below).
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
# Live-view anchor: x11vnc behind websockify (what noVNC connects to).
command -v x11vnc >/dev/null || need+=(x11vnc)
command -v websockify >/dev/null || need+=(websockify)
if ((${#need[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet -r Tests/Browser/requirements.txt
binary=${SANDBOX_AGENT_BIN:-.build/release/sandbox-agent}
[ -x "$binary" ] || swift build -c release
python3 bench/foundation.py --binary "$binary" "$@"
python3 bench/sessions.py --binary "$binary"
python3 bench/desktop/desktop.py --binary "$binary"
python3 bench/inspector.py --binary "$binary"
python3 bench/desktop/live_view.py --binary "$binary"
