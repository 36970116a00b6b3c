#!/usr/bin/env bash
# npm run test:chaos — the full fault-injection suite (and the ingest fuzz at full size).
#
# It runs on a PRIVATE Kafka and PostgreSQL — a copy of scripts/stack.sh whose state lives in .stack/chaos/ —
# so that restarting the broker and the database server for real never disturbs anyone else's tests on this
# machine (the shared PostgreSQL is never restarted). `--short` runs the CI form on that private stack too.
# Extra arguments go to Jest. Environment: CHAOS_SEED, CHAOS_MINUTES (full form), CHAOS_FAULTS (a fixed comma-separated
# sequence, e.g. restart_postgres,kill_tracker), CHAOS_KAFKA_PORT (29092),
# CHAOS_KAFKA_CONTROLLER_PORT (29093), CHAOS_PG_PORT (25432).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=full
if [[ "${1:-}" == --short ]]; then
  mode=short
  shift
fi

private=.stack/chaos
mkdir -p "$private/scripts"
cp scripts/stack.sh "$private/scripts/stack.sh"
rm -rf "$private/scripts/kafka"
cp -r scripts/kafka "$private/scripts/kafka"

export KAFKA_PORT="${CHAOS_KAFKA_PORT:-29092}"
export KAFKA_CONTROLLER_PORT="${CHAOS_KAFKA_CONTROLLER_PORT:-29093}"
export PGPORT="${CHAOS_PG_PORT:-25432}"
private_stack() { bash "$private/scripts/stack.sh" "$@"; }

# Whatever happens, the private broker and database server stop again.
trap 'private_stack down >/dev/null 2>&1 || true' EXIT
private_stack up
npm run --silent build

export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export TEST_POSTGRES_ADMIN_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
export CHAOS_MODE="$mode"
export CHAOS_STACK_SCRIPT="$PWD/$private/scripts/stack.sh"
export CHAOS_PG_DATA="$PWD/$private/.stack/postgres/data"
node --experimental-vm-modules node_modules/jest/bin/jest.js test/chaos --selectProjects integration --runInBand "$@"
