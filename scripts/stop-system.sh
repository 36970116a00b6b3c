#!/usr/bin/env bash
# npm run system:stop — stops the demo simulator and the services `npm run system` started (pid files in
# .stack/run), gracefully: the simulator first, so nothing posts to a stopping ingest (it posts what is queued
# for up to 5 s); SIGTERM lets each service finish its batch, commit and disconnect; SIGKILL only after 20 s.
# Kafka and PostgreSQL keep running (npm run stack:down stops them). `--quiet` prints nothing when there is
# nothing to stop.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly RUN_DIR=.stack/run
quiet=false
[[ "${1:-}" == --quiet ]] && quiet=true

say() { printf '[system] %s\n' "$*"; }

# What each pid file's process runs: only a pid whose command line is that is ours to stop (pids are reused).
script_of() {
  case "$1" in
    simulator) echo dist/tools/simulator/src/simulate.js ;;
    *) echo "dist/apps/$1/src/main.js" ;;
  esac
}

is_our_service() {
  local pid=$1 service=$2
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$(script_of "$service")"
}

stopped=0
for service in simulator cfx-bridge alerts api tracker ingest; do
  file="$RUN_DIR/$service.pid"
  [[ -f "$file" ]] || continue
  pid=$(<"$file")
  if is_our_service "$pid" "$service"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$service (pid $pid) did not stop within 20 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped $service (pid $pid)"
    stopped=$((stopped + 1))
  fi
  rm -f -- "$file"
done
if ((stopped == 0)) && [[ "$quiet" == false ]]; then
  say "no services of npm run system were running"
fi
