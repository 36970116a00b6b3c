#!/usr/bin/env bash
# The README's test command (after `npm ci`): brings up the real local stack, builds, checks that
# entities and migrations agree, and runs every unit and integration test. CI runs exactly this.
# Ends with one line of its own: `tests: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)

bash scripts/stack.sh up
# Tests find the broker through KAFKA_BROKERS; a stack moved to another port (KAFKA_PORT) brings them along.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
npm run --silent build
npm run --silent typecheck
npm run --silent lint
npm run --silent contract:check
# The integration set-up migrates a fresh template database and fails on any entity/migration drift.

# The dashboard's browser tests drive Debian's Chromium (playwright-core never downloads a browser here).
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

mkdir -p test-results
result=test-results/jest.json
set +e
node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand --ci --forceExit \
  --json --outputFile="$result" "$@"
jest_status=$?
set -e

if [[ ! -s "$result" ]]; then
  echo "jest wrote no result file (exit $jest_status)" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
summary=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  console.log(`${r.numPassedTests} ${failed}`);
' "$result")
read -r passed failed <<<"$summary"
echo "test wall time: $(( $(date +%s) - started ))s"
echo "tests: ${passed} passed, ${failed} failed"
if [[ "$jest_status" -ne 0 || "$failed" -ne 0 || "$passed" -eq 0 ]]; then
  exit 1
fi
