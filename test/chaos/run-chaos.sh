#!/usr/bin/env bash
# npm run test:chaos — the full fault-injection suite (and the ingest fuzz at full size).
#
# It runs on a PRIVATE Kafka and PostgreSQL — scripts/stack.sh on other ports, its state in .stack/chaos/ —
# so that restarting the broker and the database server for real never disturbs anyone else's tests on this
# machine (the shared PostgreSQL is never restarted). `--short` runs the CI form on that private stack too
# (`npm run test:all` runs it that way). The suites are Jest's `chaos` project, which no other command selects.
# The run fails unless the fault-injection test wrote its summary, and in the full form unless that summary
# judged the alerts part (alerts fired and were delivered): a full run without alerts proves less than it says.
# Extra arguments go to Jest. CHAOS_SKIP_BUILD=1 skips the build (test:all has just built). Environment: CHAOS_SEED, CHAOS_MINUTES (full form), CHAOS_FAULTS (a fixed comma-separated
# sequence, e.g. restart_postgres,kill_tracker), CHAOS_KAFKA_PORT (29092),
# CHAOS_KAFKA_CONTROLLER_PORT (29093), CHAOS_PG_PORT (25432).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=full
if [[ "${1:-}" == --short ]]; then
  mode=short
  shift
fi

export RACK_TRACKER_STACK_DIR="$PWD/.stack/chaos"
export KAFKA_PORT="${CHAOS_KAFKA_PORT:-29092}"
export KAFKA_CONTROLLER_PORT="${CHAOS_KAFKA_CONTROLLER_PORT:-29093}"
export PGPORT="${CHAOS_PG_PORT:-25432}"
private_stack() { bash scripts/stack.sh "$@"; }

# Whatever happens, the private broker and database server stop again.
trap 'private_stack down >/dev/null 2>&1 || true' EXIT
private_stack up
[[ "${CHAOS_SKIP_BUILD:-}" == 1 ]] || npm run --silent build

export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export TEST_POSTGRES_ADMIN_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
export CHAOS_MODE="$mode"
export CHAOS_STACK_SCRIPT="$PWD/scripts/stack.sh"
export CHAOS_PG_DATA="$RACK_TRACKER_STACK_DIR/postgres/data"
summary="test-results/chaos-$mode.json"
rm -f -- "$summary"
node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects chaos --runInBand "$@"

# Jest passing is not enough: a filter can leave the fault injection out, or the full form run without alerts.
node -e '
  const [file, mode] = process.argv.slice(1);
  const fs = require("fs");
  if (!fs.existsSync(file)) {
    console.error(`chaos: the fault-injection test did not run (no ${file})`);
    process.exit(1);
  }
  const { alerts } = JSON.parse(fs.readFileSync(file, "utf8"));
  if (mode === "full" && !(alerts && alerts.alertEvents > 0)) {
    console.error(`chaos: the full form ran without its alerts part (${JSON.stringify(alerts)})`);
    process.exit(1);
  }
' "$summary" "$mode"
