#!/usr/bin/env bash
# Measures how long the release app takes from launch to the customer list on
# screen, with 100,000 customers, under Xvfb. The UI reports the moment the
# first page is rendered (command `ui_ready`); CLIENTELE_STARTUP_TRACE makes
# the app print it. Usage: scripts/measure-startup.sh [RUNS] (after `make bench-startup`'s build).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-$HOME/.cache/clientele-target}
APP=$TARGET/release/clientele
CLI=$TARGET/release/clientele-cli
RUNS=${1:-5}
work=$(mktemp -d)
trap 'sleep 1; rm -rf "$work" 2>/dev/null || true' EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
"$CLI" --db "$work/bench.db" demo --customers 100000 --seed 42 >/dev/null
for i in $(seq "$RUNS"); do
  log=$work/run$i.log
  CLIENTELE_STARTUP_TRACE=1 xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --db "$work/bench.db" 2>"$log" &
  runner=$!
  for _ in $(seq 150); do
    grep -q "startup:" "$log" 2>/dev/null && break
    sleep 0.1
  done
  grep -o "startup: .*" "$log" || echo "run $i: no start-up line (see $log)"
  pkill -f "$APP --db $work/bench.db" || true
  wait "$runner" 2>/dev/null || true
done
