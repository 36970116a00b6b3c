#!/usr/bin/env bash
# The README's test command (after `npm ci`): brings up the real local stack, builds, checks types, lint and
# formatting, and runs every unit and integration test (among them every migration down and up), then the
# short form of the fault injection (and the ingest fuzz) on its own private Kafka and PostgreSQL — never on the
# broker that `npm run system` uses, which it restarts. CI runs exactly this.
# Extra arguments go to the unit and integration run. Ends with one line of its own: `tests: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)

bash scripts/stack.sh up
# Tests find the broker through KAFKA_BROKERS; a stack moved to another port (KAFKA_PORT) brings them along.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
npm run --silent build
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent contract:check
# The integration set-up migrates the template database; the migration test runs every migration down and up.

# The dashboard's browser tests drive Debian's Chromium (playwright-core never downloads a browser here).
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

mkdir -p test-results
# A result file left by an earlier run must never be read as this run's.
result=test-results/jest.json
chaos_result=test-results/jest-chaos.json
rm -f -- "$result" "$chaos_result"
set +e
# The chaos project is left out here: it runs below, on its private stack.
node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit integration --runInBand --ci \
  --forceExit --json --outputFile="$result" "$@"
jest_status=$?
CHAOS_SKIP_BUILD=1 bash test/chaos/run-chaos.sh --short --ci --forceExit --json --outputFile="$PWD/$chaos_result"
chaos_status=$?
set -e

for file in "$result" "$chaos_result"; do
  if [[ ! -s "$file" ]]; then
    echo "jest wrote no result file $file (exit $jest_status, chaos $chaos_status)" >&2
    echo "tests: 0 passed, 1 failed"
    exit 1
  fi
done
summary=$(node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const file of process.argv.slice(1)) {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  }
  console.log(`${passed} ${failed}`);
' "$result" "$chaos_result")
read -r passed failed <<<"$summary"
echo "test wall time: $(( $(date +%s) - started ))s"
echo "tests: ${passed} passed, ${failed} failed"
if [[ "$jest_status" -ne 0 || "$chaos_status" -ne 0 || "$failed" -ne 0 || "$passed" -eq 0 ]]; then
  exit 1
fi
