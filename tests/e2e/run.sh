#!/usr/bin/env bash
# Runs Clientele's end-to-end tests against the real app window:
# tauri-driver + WebKitWebDriver under Xvfb, Selenium, node's test runner.
#
#   CLIENTELE_APP=.../debug/clientele CLIENTELE_CLI=.../debug/clientele-cli bash tests/e2e/run.sh [spec files...]
#
# The app must be built with the UI bundled (feature clientele/custom-protocol).
# Screenshots of failed tests land in tests/e2e/artifacts/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

: "${CLIENTELE_APP:?set CLIENTELE_APP to the app binary (e.g. target/debug/clientele built with --features clientele/custom-protocol)}"
: "${CLIENTELE_CLI:?set CLIENTELE_CLI to the clientele-cli binary}"
CLIENTELE_APP="$(realpath "$CLIENTELE_APP")"
CLIENTELE_CLI="$(realpath "$CLIENTELE_CLI")"
export CLIENTELE_APP CLIENTELE_CLI
for bin in "$CLIENTELE_APP" "$CLIENTELE_CLI"; do
  [[ -x "$bin" ]] || { echo "run.sh: $bin is not an executable; build the app and the CLI first" >&2; exit 2; }
done

if [[ -z "${TAURI_DRIVER:-}" ]] && ! command -v tauri-driver >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/tauri-driver" ]]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
missing=()
[[ -n "${TAURI_DRIVER:-}" && -x "${TAURI_DRIVER:-}" ]] || command -v tauri-driver >/dev/null 2>&1 || missing+=(tauri-driver)
command -v WebKitWebDriver >/dev/null 2>&1 || [[ -x /usr/bin/WebKitWebDriver ]] || missing+=("WebKitWebDriver (apt: webkit2gtk-driver)")
command -v xvfb-run >/dev/null 2>&1 || missing+=("xvfb-run (apt: xvfb)")
command -v node >/dev/null 2>&1 || missing+=(node)
if ((${#missing[@]})); then
  echo "run.sh: missing: ${missing[*]}" >&2
  echo "run.sh: run \`make setup\` to install the end-to-end test prerequisites" >&2
  exit 2
fi

if [[ ! -d node_modules/selenium-webdriver || ! -d node_modules/exceljs ]]; then
  npm ci --no-audit --no-fund
fi

mkdir -p artifacts
rm -f artifacts/*.png artifacts/*.html artifacts/*.log

if (($#)); then
  specs=("$@")
else
  specs=(specs/*.test.mjs)
fi

exec xvfb-run -a -s "-screen 0 1280x800x24" \
  node --test --test-concurrency=1 --test-reporter=tap "${specs[@]}"
