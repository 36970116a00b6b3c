# Sourced first by scripts/stack.sh: every setting of the stack in one place — where its files and state are,
# its ports and names, each overridable from the environment as stack.sh's header lists.
# shellcheck shell=bash

# Paths come from the script's location, not $PWD, so `npm run` from any folder works.
REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
readonly REPO_ROOT

# Runtime state (pid files, broker data, a project-local PostgreSQL cluster). A private stack (test:chaos)
# keeps its own by setting RACK_TRACKER_STACK_DIR, next to its own ports.
readonly STACK_DIR="${RACK_TRACKER_STACK_DIR:-$REPO_ROOT/.stack}"

readonly INSTALL_HINT="apt-get install openjdk-17-jre-headless maven"

# Broker settings and the topic list, shared with docker compose.
readonly KAFKA_TEMPLATE="$REPO_ROOT/docker/kafka/server.properties.template"
readonly TOPICS_FILE="$REPO_ROOT/docker/kafka/topics.txt"

readonly KAFKA_VERSION=3.9.1
readonly KAFKA_POM="$REPO_ROOT/docker/kafka/pom.xml"
readonly CACHE_ROOT="${RACK_TRACKER_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/rack-line-tracker}"
readonly KAFKA_HOME="$CACHE_ROOT/kafka-$KAFKA_VERSION"
readonly KAFKA_LIB="$KAFKA_HOME/lib"
readonly KAFKA_MARKER="$KAFKA_HOME/.complete"

readonly KAFKA_STATE_DIR="$STACK_DIR/kafka"
readonly KAFKA_DATA_DIR="$KAFKA_STATE_DIR/data"
readonly KAFKA_PROPERTIES="$KAFKA_STATE_DIR/server.properties"
readonly KAFKA_LOG4J="$KAFKA_STATE_DIR/log4j.properties"
readonly KAFKA_TOOLS_LOG4J="$KAFKA_STATE_DIR/tools-log4j.properties"
readonly KAFKA_ADMIN_PROPERTIES="$KAFKA_STATE_DIR/admin.properties"
readonly KAFKA_CLUSTER_ID_FILE="$KAFKA_STATE_DIR/cluster.id"
readonly KAFKA_PID_FILE="$KAFKA_STATE_DIR/kafka.pid"
# Broker logs (log4j). JVM stdout/stderr go to kafka.out: that is where a crash before
# log4j is configured (bad JVM flag, missing class) shows up.
readonly KAFKA_LOG="$KAFKA_STATE_DIR/kafka.log"
readonly KAFKA_OUT="$KAFKA_STATE_DIR/kafka.out"

readonly KAFKA_HOST=127.0.0.1
readonly KAFKA_PORT="${KAFKA_PORT:-9092}"
readonly KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
readonly KAFKA_BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"
readonly KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
readonly KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

readonly PG_HOST="${PGHOST:-127.0.0.1}"
readonly PG_PORT="${PGPORT:-5432}"
readonly PG_USER=postgres
readonly DB_NAME="${DB_NAME:-rack_tracker}"
readonly TEST_DB_NAME="${TEST_DB_NAME:-rack_tracker_test}"
readonly PG_STATE_DIR="$STACK_DIR/postgres"
readonly PG_DATA_DIR="$PG_STATE_DIR/data"
readonly PG_LOG="$PG_STATE_DIR/postgres.log"
# Present only while a cluster this script started is running: `down` never stops a server
# it did not start (the machine's own PostgreSQL, a colleague's container, ...).
readonly PG_MANAGED_MARKER="$PG_STATE_DIR/started-by-stack"
