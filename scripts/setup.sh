#!/usr/bin/env bash
# Installs everything Clientele needs to build, run and test on Debian/Ubuntu:
# Tauri's system libraries, the end-to-end test tools, fonts for Chinese,
# tauri-driver, and the npm packages of the UI and the end-to-end tests.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Tauri 2 on Linux (https://v2.tauri.app/start/prerequisites/)
  build-essential curl wget file pkg-config libwebkit2gtk-4.1-dev libssl-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev
  # Chinese text in the window, end-to-end tests under a virtual display
  fonts-noto-cjk xvfb xauth webkit2gtk-driver
  # Screenshots for the README
  imagemagick
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: Rust is missing; install it from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ and npm are missing" >&2; exit 1; }

if [ "${1:-}" = "--with-e2e" ] && ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version ^2 --locked --quiet
fi

[ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
if [ "${1:-}" = "--with-e2e" ]; then
  [ -d tests/e2e/node_modules ] || npm --prefix tests/e2e ci --no-audit --no-fund
fi
echo "setup: ready"
