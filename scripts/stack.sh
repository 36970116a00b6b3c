#!/usr/bin/env bash
# Local stack for rack-line-tracker: Apache Kafka (KRaft, one node), PostgreSQL and an AMQP 1.0 broker on loopback.
#
# Our machines have no Docker engine, so this runs the real services from plain processes:
#   - Kafka 3.9.1 from the jars Maven Central publishes (docker/kafka/pom.xml), fetched once into
#     a cache outside the work tree, with runtime state in the repo's gitignored .stack/ directory;
#   - PostgreSQL: whatever answers on $PGHOST:$PGPORT, or a project-local cluster under .stack/;
#   - AMQP 1.0 (the IPC-CFX bridge's input): the machine's RabbitMQ with its rabbitmq_amqp1_0 plugin, enabled
#     here when it is not (RabbitMQ is never stopped by `down`: it is the machine's, not ours).
#
# Usage: bash scripts/stack.sh <command>     (npm run stack:up | stack:down | stack:status)
#   up              start Kafka and Postgres if needed, create topics and databases, enable and probe
#                   AMQP 1.0 on RabbitMQ (idempotent)
#   down            stop Kafka, and Postgres only if this script started it
#   status          report all three; exit 0 when everything is up, 3 otherwise
#   restart-kafka   stop and start the broker only (fault-injection tests)
#   stop-kafka      stop the broker only
#   start-kafka     start the broker only, wait until it serves metadata, ensure topics
#   kafka-pid       print the broker's pid (exit 1 when it is not running)
#
# Environment (all optional):
#   RACK_TRACKER_CACHE     jar cache root      (default ${XDG_CACHE_HOME:-$HOME/.cache}/rack-line-tracker)
#   KAFKA_PORT             broker port         (default 9092)
#   KAFKA_CONTROLLER_PORT  controller port     (default 9093)
#   KAFKA_HEAP_OPTS        broker heap         (default "-Xms256m -Xmx1g")
#   KAFKA_OPTS             extra broker JVM options
#   KAFKA_START_TIMEOUT    seconds to wait for the broker (default 90)
#   KAFKA_STOP_TIMEOUT     seconds to wait for a graceful stop before SIGKILL (default 30)
#   PGHOST / PGPORT        Postgres address    (default 127.0.0.1:5432)
#   AMQP_HOST / AMQP_PORT  AMQP 1.0 broker     (default 127.0.0.1:5672)
#   DB_NAME / TEST_DB_NAME databases to create (default rack_tracker / rack_tracker_test)
#   RACK_TRACKER_STACK_DIR runtime state       (default .stack/ in the repository; a private stack's own)
#
# The parts live in scripts/stack/: settings.sh (paths, ports, names), common.sh (output, lock, probes),
# kafka-jars.sh, kafka.sh (the broker), topics.sh, postgres.sh, amqp.sh. This file only puts them together into commands.
set -euo pipefail

# The parts, in dependency order; each only defines settings and functions.
STACK_PARTS=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/stack" && pwd -P)
readonly STACK_PARTS
# shellcheck source=stack/settings.sh
source "$STACK_PARTS/settings.sh"
# shellcheck source=stack/common.sh
source "$STACK_PARTS/common.sh"
# shellcheck source=stack/kafka-jars.sh
source "$STACK_PARTS/kafka-jars.sh"
# shellcheck source=stack/kafka.sh
source "$STACK_PARTS/kafka.sh"
# shellcheck source=stack/topics.sh
source "$STACK_PARTS/topics.sh"
# shellcheck source=stack/postgres.sh
source "$STACK_PARTS/postgres.sh"
# shellcheck source=stack/amqp.sh
source "$STACK_PARTS/amqp.sh"

cmd_up() {
  local started
  started=$(now)
  take_lock
  kafka_up
  postgres_up
  amqp_up
  cat <<EOF
[stack] ready in $(elapsed_since "$started") s
  Kafka     $KAFKA_BOOTSTRAP      (KAFKA_BROKERS=$KAFKA_BOOTSTRAP; logs in $KAFKA_LOG)
  Postgres  $(postgres_url "$DB_NAME")      ($PG_KIND)
            $(postgres_url "$TEST_DB_NAME")
  AMQP 1.0  amqp://$AMQP_HOST:$AMQP_PORT      (RabbitMQ, $AMQP_PLUGIN)
  Stop with: npm run stack:down
EOF
}

cmd_down() {
  take_lock
  kafka_down
  postgres_down
}

cmd_status() {
  local healthy=1
  kafka_status || healthy=0
  postgres_status || healthy=0
  amqp_status || healthy=0
  if ((healthy)); then
    printf 'stack is up\n'
    return 0
  fi
  printf 'stack is NOT fully up (run: npm run stack:up)\n'
  return 3
}

cmd_kafka_pid() {
  kafka_pid || {
    printf '[stack] Kafka is not running\n' >&2
    return 1
  }
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

main() {
  local command=${1:-}
  case "$command" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    restart-kafka)
      take_lock
      kafka_down
      kafka_up
      ;;
    stop-kafka)
      take_lock
      kafka_down
      ;;
    start-kafka)
      take_lock
      kafka_up
      ;;
    kafka-pid) cmd_kafka_pid ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
