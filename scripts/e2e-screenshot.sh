#!/usr/bin/env bash
# A screenshot of the running app for the README:
#   CLIENTELE_APP=... CLIENTELE_CLI=... scripts/e2e-screenshot.sh [out.png]
# Starts the app under Xvfb on a temp database of ~300 demo customers (temp
# HOME too), waits for it to draw, grabs the root window with ImageMagick.
set -euo pipefail

OUT="${1:-docs/screenshot.png}"
: "${CLIENTELE_APP:?set CLIENTELE_APP to the app binary (built with --features clientele/custom-protocol)}"
: "${CLIENTELE_CLI:?set CLIENTELE_CLI to the clientele-cli binary}"
WAIT="${SCREENSHOT_WAIT:-6}"
LANG_UI="${SCREENSHOT_LANG:-zh_CN.UTF-8}"

# /usr/local/bin may hold stand-ins for ImageMagick; use the real one.
IMPORT=/usr/bin/import
[[ -x "$IMPORT" ]] || IMPORT="$(command -v import || true)"
[[ -x "$IMPORT" ]] || { echo "e2e-screenshot: ImageMagick's import is missing (apt-get install imagemagick)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "e2e-screenshot: xvfb-run is missing (make setup-e2e)" >&2; exit 2; }

APP="$(realpath "$CLIENTELE_APP")"
CLI="$(realpath "$CLIENTELE_CLI")"
mkdir -p "$(dirname "$OUT")"
OUT="$(realpath "$OUT")"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/clientele-shot-XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/home" "$TMP/data" "$TMP/config" "$TMP/cache"
DB="$TMP/clientele.db"
HOME="$TMP/home" "$CLI" --db "$DB" demo --customers 300 --seed 1 >/dev/null

export TMP APP DB OUT WAIT IMPORT LANG_UI
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -euo pipefail
  env HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache" \
      LANG="$LANG_UI" LC_ALL="$LANG_UI" CLIENTELE_DB="$DB" CLIENTELE_EXPORT_PATH="$TMP/export.xlsx" \
      WEBKIT_DISABLE_COMPOSITING_MODE=1 NO_AT_BRIDGE=1 \
      "$APP" >"$TMP/app.log" 2>&1 &
  pid=$!
  sleep "$WAIT"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "e2e-screenshot: the app exited early:" >&2; cat "$TMP/app.log" >&2; exit 1
  fi
  "$IMPORT" -window root "$OUT"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
'
echo "screenshot: $OUT"
