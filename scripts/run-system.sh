#!/usr/bin/env bash
# npm run system — the whole product on this machine, with a demo factory feeding it, in one command:
#   stack up (Kafka, PostgreSQL) → build → migrate → ADMIN_TOKEN (generated once into .stack/admin-token)
#   → ingest, api, tracker, alerts and the IPC-CFX bridge in the background (logs in .stack/logs, pids in .stack/run) → /health
#   → the simulator: a week of two sites replayed fast, then live, forever until Ctrl-C. Site fab-b's line runs
#     behind plan and short of burn-in positions, so the alerts service fires behind-plan and burn-in
#     capacity alerts to a local webhook sink printed here. Burn-in soaks 12 h (a real 72 h compressed).
#     fab-a's first line is CFX equipment: it speaks IPC-CFX over AMQP 1.0 (RabbitMQ) to the bridge
#     (SIM_VIA=http posts every line to ingest instead).
# Ctrl-C stops the simulator only; the services keep running (dashboard: http://127.0.0.1:3001/).
# Stop them (and a simulator still running) with `npm run system:stop`; `npm run stack:down` stops Kafka too.
# Secrets never go on a command line (ps shows it to every user): the simulator reads ADMIN_TOKEN from its
# environment and the sink's secret from its file, curl reads the token as a header from a pipe.
#
# Environment (all optional): ADMIN_TOKEN, SIM_SPEED (default 2000), SIM_FROM (default week-start-2d), SIM_VIA (cfx),
# WEBHOOK_SINK_PORT (default 3999), WEBHOOK_ALLOW_HOSTS (default 127.0.0.1:<sink port>, the demo's chat),
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rack_tracker, emptied on every run; one you set is kept).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

readonly STACK_DIR="$ROOT/.stack"
readonly LOG_DIR="$STACK_DIR/logs"
readonly RUN_DIR="$STACK_DIR/run"
readonly TOKEN_FILE="$STACK_DIR/admin-token"
readonly SERVICES=(ingest api tracker alerts cfx-bridge)
readonly SINK_PORT="${WEBHOOK_SINK_PORT:-3999}"
readonly SIM_SPEED="${SIM_SPEED:-2000}"
readonly SIM_FROM="${SIM_FROM:-week-start-2d}"
readonly SIM_VIA="${SIM_VIA:-cfx}"
# The demo's own database starts empty on every run: the racks an earlier demo left in burn-in would hold its
# positions forever (their simulator is gone), and the new run's racks could never start there. A database of
# your own (DATABASE_URL set) is kept as it is.
if [[ -z "${DATABASE_URL:-}" ]]; then FRESH_DEMO_DATABASE=1; else FRESH_DEMO_DATABASE=0; fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rack_tracker}"

say() { printf '[system] %s\n' "$*"; }
die() {
  printf '[system] error: %s\n' "$*" >&2
  exit 1
}

port_of() {
  case "$1" in
    ingest) echo 3000 ;;
    api) echo 3001 ;;
    tracker) echo 3002 ;;
    alerts) echo 3003 ;;
    cfx-bridge) echo 3004 ;;
  esac
}

# --- 1. stack, build, schema -----------------------------------------------------------------------
bash scripts/stack.sh up
say "building..."
npm run --silent build
if ((FRESH_DEMO_DATABASE)); then
  # An earlier demo's services must not write into the new database, nor hold the sealer's group.
  bash scripts/stop-system.sh --quiet
  say "starting the demo on an empty rack_tracker database"
  psql -q -v ON_ERROR_STOP=1 "${DATABASE_URL%/*}/postgres" \
    -c 'DROP DATABASE IF EXISTS rack_tracker WITH (FORCE)' -c 'CREATE DATABASE rack_tracker'
  # The demo's tracker goes on from Kafka's committed offsets, so the new database holds only racks from now on;
  # the passport sealer's group must skip the earlier demo's ships too, or it would look for them in vain here.
  node --input-type=module -e '
    import { Kafka, logLevel } from "kafkajs";
    const admin = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(","), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: "rack-tracker.passports", topic: "rack-transitions", earliest: false }).catch(() => undefined);
    await admin.disconnect();
  '
fi
say "migrating $(basename "$DATABASE_URL")..."
node dist/libs/persistence/src/cli/migrate.js

# --- 2. the admin token: from the environment, else the one generated on the first run ---------------
mkdir -p "$STACK_DIR" "$LOG_DIR" "$RUN_DIR"
if [[ -z "${ADMIN_TOKEN:-}" ]]; then
  if [[ ! -s "$TOKEN_FILE" ]]; then
    (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))' >"$TOKEN_FILE")
    say "generated an admin token into .stack/admin-token"
  fi
  ADMIN_TOKEN=$(<"$TOKEN_FILE")
fi
export ADMIN_TOKEN

# The key the tracker signs rack passports with: from the environment, else one made on the first run. Kept across
# runs so that passports from earlier demos still verify (GET /v1/passport-keys lists every key ever used).
if [[ -z "${PASSPORT_SIGNING_KEY_FILE:-}" ]]; then
  PASSPORT_SIGNING_KEY_FILE="$STACK_DIR/passport-signing-key.pem"
  node dist/tools/passport/src/keygen.js --out "$PASSPORT_SIGNING_KEY_FILE" --if-missing
fi
export PASSPORT_SIGNING_KEY_FILE

# --- 3. the five services, fresh from this build -----------------------------------------------------
bash scripts/stop-system.sh --quiet
for service in "${SERVICES[@]}"; do
  port=$(port_of "$service")
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port (for $service) is taken by another process; stop it first"
  fi
  # setsid: the services belong to no terminal, so the Ctrl-C that ends the simulator leaves them running.
  # The demo's chat is a sink on loopback, which webhooks may reach only when allowed (alerts reads it).
  # The tracker's node flags are every launcher's (builtServiceNodeOptions in libs/testing/src/services.ts).
  node_flags=()
  [[ "$service" == tracker ]] && node_flags=(--max-semi-space-size=128)
  WEBHOOK_ALLOW_HOSTS="${WEBHOOK_ALLOW_HOSTS:-127.0.0.1:$SINK_PORT}" PORT=$port \
    nohup setsid node "${node_flags[@]}" "dist/apps/$service/src/main.js" >>"$LOG_DIR/$service.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$service.pid"
  say "started $service (pid $!, port $port, log .stack/logs/$service.log)"
done

say "waiting for /health..."
deadline=$((SECONDS + 90))
for service in "${SERVICES[@]}"; do
  port=$(port_of "$service")
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
    if ! kill -0 "$(<"$RUN_DIR/$service.pid")" 2>/dev/null; then
      tail -n 30 "$LOG_DIR/$service.log" >&2
      die "$service exited during start-up (log above)"
    fi
    if ((SECONDS > deadline)); then
      tail -n 30 "$LOG_DIR/$service.log" >&2
      die "$service did not become healthy on port $port within 90 s"
    fi
    sleep 0.5
  done
  say "$service healthy on http://127.0.0.1:$port"
done

# --- 4. alerts: weekly targets for the demo sites, and the local webhook sink as their chat -----------
sink_args=()
auth_header() { printf 'authorization: Bearer %s\n' "$ADMIN_TOKEN"; }
admin() { curl -sS -o /dev/null -w '%{http_code}' -H @<(auth_header) -H 'content-type: application/json' "$@"; }
webhooks_status=$(admin http://127.0.0.1:3003/v1/webhooks)
if [[ "$webhooks_status" == 200 ]]; then
  sink_secret_file="$STACK_DIR/webhook-sink-secret"
  [[ -s "$sink_secret_file" ]] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))' >"$sink_secret_file")
  # The simulated crews' three eight-hour shifts a day (tools/simulator), so "Today & shifts" shows real shifts.
  site_target=$(node dist/tools/simulator/src/demo-site-target.js)
  for site in fab-a fab-b; do
    admin -X PUT "http://127.0.0.1:3003/v1/sites/$site/target" -d "$site_target" >/dev/null
    # A demo cannot wait an hour for the grace period: behind plan and burn-in capacity page after five minutes.
    # Stuck racks stay quiet, and dwell overruns and idle positions wait half an hour: while the replay catches up
    # with the clock, every rack soaking in the replayed past looks overdue (and every wait long) for a minute.
    admin -X PUT "http://127.0.0.1:3003/v1/sites/$site/rules" \
      -d '{"behindPlan":{"graceMinutes":5},"burnInCapacity":{"graceMinutes":5},"stuckRack":{"enabled":false},"dwellOverrun":{"graceMinutes":30},"idlePositions":{"graceMinutes":30}}' >/dev/null
  done
  # One webhook per run of the demo: an earlier run's sink registration is left as it is (same URL).
  existing=$(curl -fsS -H @<(auth_header) http://127.0.0.1:3003/v1/webhooks || true)
  if [[ "$existing" != *"127.0.0.1:$SINK_PORT"* ]]; then
    status=$(admin -X POST http://127.0.0.1:3003/v1/webhooks --data-binary @- <<JSON
{"name":"demo sink","url":"http://127.0.0.1:$SINK_PORT/alerts","kind":"generic","secret":"$(<"$sink_secret_file")"}
JSON
    )
    [[ "$status" == 201 ]] || say "warning: registering the demo webhook answered $status"
  fi
  sink_args=(--webhook-sink-port "$SINK_PORT" --webhook-sink-secret-file "$sink_secret_file")
  say "alerts: targets set for fab-a and fab-b; webhook → http://127.0.0.1:$SINK_PORT/alerts (printed below)"
else
  say "warning: alerts answered $webhooks_status to GET /v1/webhooks; the behind-plan alert demo is skipped"
fi

cat <<EOF
[system] running:
  ingest     http://127.0.0.1:3000   (stations post events)
  dashboard  http://127.0.0.1:3001/  (api: /v1/racks, /v1/rejections)
  tracker    http://127.0.0.1:3002/health
  alerts     http://127.0.0.1:3003/health
  cfx-bridge http://127.0.0.1:3004/health  (IPC-CFX over AMQP 1.0 from /queue/cfx; unmappable messages in cfx_message_record)
  admin token in .stack/admin-token; logs in .stack/logs; stop with: npm run system:stop
[system] starting the demo factory: fab-a (2 lines, on plan) and fab-b (1 line, behind plan and short of
         burn-in positions; burn-in board: http://127.0.0.1:3001/), soaking 12 h (72 h compressed),
         replaying from $SIM_FROM at ${SIM_SPEED}x, then live; fab-a's first line via $SIM_VIA. Ctrl-C stops the simulator.
EOF

# --- 5. the factory, forever ---------------------------------------------------------------------------
set +e
node dist/tools/simulator/src/simulate.js --preset demo --from "$SIM_FROM" --speed "$SIM_SPEED" --forever \
  --batch 20 --via "$SIM_VIA" --ingest-url http://127.0.0.1:3000 --pid-file "$RUN_DIR/simulator.pid" "${sink_args[@]}"
status=$?
set -e
say "simulator stopped; the services are still running (npm run system:stop to stop them)"
exit "$status"
