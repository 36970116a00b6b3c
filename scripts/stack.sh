#!/usr/bin/env bash
# Local stack for rack-line-tracker: Apache Kafka (KRaft, one node) and PostgreSQL on loopback.
#
# Our machines have no Docker engine, so this runs the real services from plain processes:
#   - Kafka 3.9.1 from the jars Maven Central publishes (docker/kafka/pom.xml), fetched once into
#     a cache outside the work tree, with runtime state in the repo's gitignored .stack/ directory;
#   - PostgreSQL: whatever answers on $PGHOST:$PGPORT, or a project-local cluster under .stack/.
#
# Usage: bash scripts/stack.sh <command>     (npm run stack:up | stack:down | stack:status)
#   up              start Kafka and Postgres if needed, create topics and databases (idempotent)
#   down            stop Kafka, and Postgres only if this script started it
#   status          report both; exit 0 when everything is up, 3 otherwise
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
#   DB_NAME / TEST_DB_NAME databases to create (default rack_tracker / rack_tracker_test)
set -euo pipefail

readonly KAFKA_VERSION=3.9.1

# Paths come from the script's location, not $PWD, so `npm run` from any folder works.
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
readonly SCRIPT_DIR REPO_ROOT

readonly KAFKA_POM="$REPO_ROOT/docker/kafka/pom.xml"
readonly KAFKA_TEMPLATE="$REPO_ROOT/docker/kafka/server.properties.template"
readonly TOPICS_FILE="$REPO_ROOT/docker/kafka/topics.txt"

readonly STACK_DIR="$REPO_ROOT/.stack"
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

readonly CACHE_ROOT="${RACK_TRACKER_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/rack-line-tracker}"
readonly KAFKA_HOME="$CACHE_ROOT/kafka-$KAFKA_VERSION"
readonly KAFKA_LIB="$KAFKA_HOME/lib"
readonly KAFKA_MARKER="$KAFKA_HOME/.complete"

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

readonly INSTALL_HINT="apt-get install openjdk-17-jre-headless maven"

# Files and directories removed on exit (temporary download directories).
CLEANUP_PATHS=()

# ---------------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------------

log() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] warning: %s\n' "$*" >&2; }
die() {
  printf '[stack] error: %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local path
  for path in "${CLEANUP_PATHS[@]}"; do
    rm -rf -- "$path"
  done
}
trap cleanup EXIT
# Turn Ctrl-C / SIGTERM into a normal exit so the EXIT trap still removes temporary files.
trap 'exit 130' INT
trap 'exit 143' TERM

# Seconds since the epoch with sub-second precision where bash offers it (bash >= 5).
now() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    printf '%s\n' "${EPOCHREALTIME/,/.}"
  else
    date +%s
  fi
}

elapsed_since() {
  awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'
}

# Prints the last lines of a log file, indented, so a failure explains itself.
show_tail() {
  local file=$1 lines=${2:-40}
  if [[ -s "$file" ]]; then
    printf '[stack] --- last %s lines of %s ---\n' "$lines" "$file" >&2
    tail -n "$lines" -- "$file" | sed 's/^/    /' >&2
  fi
}

# Serialises concurrent `up`/`down` runs (two test runners starting the stack at once would
# otherwise both format storage or both start a broker).
take_lock() {
  mkdir -p -- "$STACK_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STACK_DIR/.lock"
    if ! flock -w 300 9; then
      die "another scripts/stack.sh has held $STACK_DIR/.lock for 5 minutes"
    fi
  fi
}

# True when something accepts TCP connections on host:port. Uses bash's /dev/tcp so no
# netcat is needed; the subshell closes the socket again.
port_open() {
  local host=$1 port=$2
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash, on purpose.
  if command -v timeout >/dev/null 2>&1; then
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
  else
    bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
  fi
}

# Full command line of a process, or nothing when it does not exist.
process_args() {
  local pid=$1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true
  elif command -v ps >/dev/null 2>&1; then
    ps -ww -o args= -p "$pid" 2>/dev/null || true
  fi
}

# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------

require_java() {
  if ! command -v java >/dev/null 2>&1; then
    die "java not found on PATH; Kafka needs a Java 11+ runtime. Install one, e.g.: $INSTALL_HINT"
  fi
  local version major
  version=$(java -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
  major=${version%%.*}
  if [[ "$major" == 1 ]]; then # Java 8 and older report "1.8.0_x"
    major=$(printf '%s' "$version" | cut -d. -f2)
  fi
  if [[ ! "$major" =~ ^[0-9]+$ ]] || ((major < 11)); then
    die "Kafka $KAFKA_VERSION needs Java 11 or newer, found '${version:-unknown}'. Install one, e.g.: $INSTALL_HINT"
  fi
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    die "mvn not found on PATH; it fetches the Kafka jars from Maven Central once. Install it, e.g.: $INSTALL_HINT"
  fi
}

# ---------------------------------------------------------------------------------------------
# Kafka jars: fetched once into the cache, shared by every clone and worktree
# ---------------------------------------------------------------------------------------------

# The marker records the pom's checksum, so editing docker/kafka/pom.xml fetches again.
expected_marker() {
  printf 'kafka=%s pom-sha256=%s\n' "$KAFKA_VERSION" "$(sha256sum -- "$KAFKA_POM" | cut -d' ' -f1)"
}

kafka_jars_ready() {
  [[ -f "$KAFKA_MARKER" && -f "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" ]] &&
    [[ "$(cat -- "$KAFKA_MARKER")" == "$(expected_marker)" ]]
}

ensure_kafka_jars() {
  if kafka_jars_ready; then
    return 0
  fi
  require_maven
  mkdir -p -- "$CACHE_ROOT"

  # Download into a temporary sibling and rename it into place: an interrupted download
  # leaves only a temp directory (removed on exit, or ignored later), never a half-filled
  # lib/ that would look complete.
  local started tmp
  started=$(now)
  # Leftovers of downloads killed so hard that their EXIT trap never ran. Only old ones:
  # another clone may be downloading right now.
  find "$CACHE_ROOT" -maxdepth 1 -name ".kafka-$KAFKA_VERSION.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
  tmp=$(mktemp -d "$CACHE_ROOT/.kafka-$KAFKA_VERSION.download.XXXXXX")
  CLEANUP_PATHS+=("$tmp")
  chmod 755 -- "$tmp" # mktemp makes it private; the cache may be shared by several users
  log "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_HOME (once)..."
  # Maven's output goes to a log shown only on failure (-q still prints terminal escapes).
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$tmp/lib" -DincludeScope=runtime >"$tmp/maven.log" 2>&1; then
    show_tail "$tmp/maven.log" 30
    die "Maven could not fetch the Kafka jars (it needs Maven Central, or the mirror in ~/.m2/settings.xml). Run the command again when the network is back; nothing half-done is kept."
  fi
  if [[ ! -f "$tmp/lib/kafka_2.13-$KAFKA_VERSION.jar" ]]; then
    die "Maven finished but $tmp/lib has no kafka_2.13-$KAFKA_VERSION.jar; check $KAFKA_POM"
  fi
  rm -f -- "$tmp/maven.log"
  expected_marker >"$tmp/.complete"

  # Another clone may have finished the same download meanwhile: keep theirs.
  if kafka_jars_ready; then
    return 0
  fi
  # Move an old or incomplete copy aside first so the final rename cannot fail on a non-empty
  # target; a running broker keeps its already-open jars.
  if [[ -e "$KAFKA_HOME" ]]; then
    local old="$CACHE_ROOT/.kafka-$KAFKA_VERSION.old.$$"
    mv -- "$KAFKA_HOME" "$old"
    CLEANUP_PATHS+=("$old")
  fi
  mv -- "$tmp" "$KAFKA_HOME"
  log "Kafka jars cached in $(elapsed_since "$started") s: $(du -sh -- "$KAFKA_LIB" | cut -f1) in $KAFKA_LIB"
}

# ---------------------------------------------------------------------------------------------
# Kafka configuration and tools
# ---------------------------------------------------------------------------------------------

# Renders server.properties and the log4j/admin client files. Rewritten on every start so
# KAFKA_PORT / KAFKA_CONTROLLER_PORT changes take effect.
write_kafka_config() {
  mkdir -p -- "$KAFKA_STATE_DIR"
  local template
  template=$(<"$KAFKA_TEMPLATE")
  # Quoted replacements: bash 5.2 would otherwise expand '&' in them.
  template=${template//@KAFKA_PORT@/"$KAFKA_PORT"}
  template=${template//@KAFKA_CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}
  template=${template//@KAFKA_DATA_DIR@/"$KAFKA_DATA_DIR"}
  printf '%s\n' "$template" >"$KAFKA_PROPERTIES.tmp"
  mv -- "$KAFKA_PROPERTIES.tmp" "$KAFKA_PROPERTIES"

  # Broker logs go to .stack/kafka/kafka.log (rolled at 50 MB), nothing to the console.
  # Levels follow Kafka's own config/log4j.properties, with request and state-change
  # chatter turned down.
  cat >"$KAFKA_LOG4J" <<'EOF'
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${kafka.logs.dir}/kafka.log
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.zookeeper=WARN
EOF

  # Command-line tools: warnings and errors only, on stderr.
  cat >"$KAFKA_TOOLS_LOG4J" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF

  # Admin client used by TopicCommand: give up quickly instead of retrying for a minute
  # when the broker is not ready yet; the readiness loop retries instead.
  cat >"$KAFKA_ADMIN_PROPERTIES" <<'EOF'
request.timeout.ms=10000
default.api.timeout.ms=15000
EOF
}

# Runs a Kafka command-line class. Tool JVMs are short-lived: C1 only and the serial GC
# start noticeably faster on two cores.
kafka_tool() {
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    "-Dlog4j.configuration=file:$KAFKA_TOOLS_LOG4J" \
    -cp "$KAFKA_LIB/*" "$@"
}

topic_command() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_ADMIN_PROPERTIES" "$@"
}

# Reads topics.txt into TOPIC_NAMES / TOPIC_PARTITIONS, validating every line.
TOPIC_NAMES=()
TOPIC_PARTITIONS=()
read_topics_file() {
  [[ -f "$TOPICS_FILE" ]] || die "topic list $TOPICS_FILE is missing"
  TOPIC_NAMES=()
  TOPIC_PARTITIONS=()
  local line name partitions extra number=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    number=$((number + 1))
    line=${line%%#*}
    line=${line//$'\r'/}
    read -r name partitions extra <<<"$line" || true
    [[ -z "${name:-}" ]] && continue
    if [[ ! "$name" =~ ^[A-Za-z0-9._-]{1,249}$ || ! "${partitions:-}" =~ ^[1-9][0-9]*$ || -n "${extra:-}" ]]; then
      die "$TOPICS_FILE line $number: expected '<topic-name> <partitions>', got '$line'"
    fi
    TOPIC_NAMES+=("$name")
    TOPIC_PARTITIONS+=("$partitions")
  done <"$TOPICS_FILE"
  ((${#TOPIC_NAMES[@]} > 0)) || die "$TOPICS_FILE lists no topics"
}

# Escapes a topic name for TopicCommand's --topic regular expression (names are
# [A-Za-z0-9._-], so '.' is the only metacharacter).
regex_escape() {
  local escaped=${1//./\\.}
  printf '%s' "$escaped"
}

# Prints "<topic> <partition count>" for those of our topics that exist. One JVM start, and
# a real metadata request, so it doubles as the broker readiness probe.
describe_topics() {
  local pattern="" name
  for name in "${TOPIC_NAMES[@]}"; do
    pattern+="${pattern:+|}$(regex_escape "$name")"
  done
  local output
  if ! output=$(topic_command --describe --if-exists --exclude-internal --topic "^($pattern)\$" 2>&1); then
    printf '%s\n' "$output" >&2
    return 1
  fi
  printf '%s\n' "$output" | awk '
    /PartitionCount:/ {
      name = ""; count = ""
      for (i = 1; i < NF; i++) {
        if ($i == "Topic:") name = $(i + 1)
        if ($i == "PartitionCount:") count = $(i + 1)
      }
      if (name != "") print name, count
    }'
}

# Fast check without a JVM: the broker keeps one directory per partition it hosts, and a
# deleted topic's directories are renamed (*-delete) at once. Used only when the broker was
# already running, to keep a repeated `up` instant.
topic_dirs_present() {
  local i p
  for i in "${!TOPIC_NAMES[@]}"; do
    for ((p = 0; p < TOPIC_PARTITIONS[i]; p++)); do
      [[ -d "$KAFKA_DATA_DIR/${TOPIC_NAMES[i]}-$p" ]] || return 1
    done
  done
}

# Creates the topics from topics.txt that are missing from "$1" (describe_topics output).
# One TopicCommand per missing topic (parallel runs measured no faster: the broker is the
# bottleneck on two cores). A broker that has just started can still refuse a creation for
# a moment, so failures are retried briefly.
create_missing_topics() {
  local existing=$1 i name partitions current attempt created=0
  for i in "${!TOPIC_NAMES[@]}"; do
    name=${TOPIC_NAMES[i]}
    partitions=${TOPIC_PARTITIONS[i]}
    current=$(awk -v topic="$name" '$1 == topic { print $2 }' <<<"$existing")
    if [[ -n "$current" ]]; then
      if ((current < partitions)); then
        # Never alter silently: more partitions changes which partition a rack's key maps to.
        warn "topic $name has $current partitions, topics.txt asks for $partitions; left unchanged (delete it or alter it by hand)"
      fi
      continue
    fi
    for attempt in 1 2 3; do
      if create_topic "$i" >/dev/null; then
        break
      fi
      ((attempt < 3)) || die "could not create topic $name; broker log: $KAFKA_LOG"
      sleep 2
    done
    created=$((created + 1))
    log "created topic $name ($partitions partitions)"
  done
  if ((created == 0)); then
    log "topics present: ${TOPIC_NAMES[*]}"
  fi
}

create_topic() {
  topic_command --create --if-not-exists --topic "${TOPIC_NAMES[$1]}" \
    --partitions "${TOPIC_PARTITIONS[$1]}" --replication-factor 1
}

# ---------------------------------------------------------------------------------------------
# Kafka process
# ---------------------------------------------------------------------------------------------

# Is $1 the pid of *our* broker? A pid file can outlive its process, and the kernel can give
# the pid to something else entirely, so the command line must name kafka.Kafka and our
# server.properties.
is_our_broker() {
  local pid=$1 args
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  args=$(process_args "$pid")
  [[ "$args" == *"kafka.Kafka $KAFKA_PROPERTIES"* ]]
}

# Prints the running broker's pid, repairing the pid file: a stale file is removed, and a
# broker running without one (pid file deleted by hand) is found again.
kafka_pid() {
  local pid=""
  if [[ -f "$KAFKA_PID_FILE" ]]; then
    pid=$(tr -dc '0-9' <"$KAFKA_PID_FILE" || true)
    if is_our_broker "$pid"; then
      printf '%s\n' "$pid"
      return 0
    fi
    rm -f -- "$KAFKA_PID_FILE"
  fi
  local candidate
  for candidate in $(candidate_broker_pids); do
    if is_our_broker "$candidate"; then
      printf '%s\n' "$candidate" >"$KAFKA_PID_FILE"
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# Pids whose command line mentions our server.properties (one grep over /proc on Linux).
candidate_broker_pids() {
  if [[ -d /proc/self ]]; then
    grep -lsF -- "$KAFKA_PROPERTIES" /proc/[0-9]*/cmdline 2>/dev/null |
      sed -n 's|^/proc/\([0-9]*\)/cmdline$|\1|p' || true
  elif command -v ps >/dev/null 2>&1; then
    ps -ww -e -o pid=,args= 2>/dev/null | awk -v props="$KAFKA_PROPERTIES" 'index($0, props) { print $1 }' || true
  fi
}

# Formats the storage directory unless it is already formatted for our cluster id. A
# half-formatted directory (files but no meta.properties, or another cluster's id) is wiped:
# this is a disposable dev broker and the topics are re-created right after.
kafka_format_storage() {
  local cluster_id="" meta="$KAFKA_DATA_DIR/meta.properties" formatted_id
  if [[ -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
    cluster_id=$(tr -d '[:space:]' <"$KAFKA_CLUSTER_ID_FILE")
  fi
  if [[ -f "$meta" ]]; then
    formatted_id=$(sed -n 's/^cluster\.id=//p' "$meta" | tr -d '[:space:]')
    if [[ -n "$formatted_id" && -z "$cluster_id" ]]; then
      # The id file went missing but the storage is intact: adopt its id.
      printf '%s\n' "$formatted_id" >"$KAFKA_CLUSTER_ID_FILE"
      return 0
    fi
    if [[ -n "$formatted_id" && "$formatted_id" == "$cluster_id" ]]; then
      return 0
    fi
    warn "Kafka storage belongs to cluster '${formatted_id:-?}', expected '$cluster_id'; wiping $KAFKA_DATA_DIR and formatting again"
  elif [[ -d "$KAFKA_DATA_DIR" ]] && [[ -n "$(ls -A -- "$KAFKA_DATA_DIR")" ]]; then
    warn "Kafka storage in $KAFKA_DATA_DIR is half-formatted (no meta.properties); wiping and formatting again"
  fi

  if [[ -z "$cluster_id" ]]; then
    cluster_id=$(new_cluster_id)
    printf '%s\n' "$cluster_id" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  rm -rf -- "$KAFKA_DATA_DIR"
  local output
  if ! output=$(kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_PROPERTIES" 2>&1); then
    printf '%s\n' "$output" >&2
    die "formatting Kafka storage failed"
  fi
  log "formatted Kafka storage (cluster id $cluster_id)"
}

# A Kafka cluster id is a random 128-bit UUID in unpadded base64url (22 characters), as
# `kafka-storage random-uuid` prints; generated here to save a JVM start. Kafka avoids ids
# starting with '-' because they read like command-line flags.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    if [[ ${#id} == 22 && "$id" != -* ]]; then
      printf '%s\n' "$id"
      return 0
    fi
  done
}

# Shows why a start failed: JVM output of this start (a bad flag or missing class ends up
# there), the first error of this start with the head of its stack trace (the end of the
# log is mostly shutdown noise), then the end of the log.
KAFKA_LOG_START_LINE=0
KAFKA_OUT_START_LINE=0
report_kafka_failure() {
  local output errors
  output=$(tail -n "+$((KAFKA_OUT_START_LINE + 1))" -- "$KAFKA_OUT" 2>/dev/null | tail -n 15 || true)
  if [[ -n "$output" ]]; then
    printf '[stack] --- JVM output (%s) ---\n' "$KAFKA_OUT" >&2
    printf '%s\n' "$output" | sed 's/^/    /' >&2
  fi
  errors=$(tail -n "+$((KAFKA_LOG_START_LINE + 1))" -- "$KAFKA_LOG" 2>/dev/null |
    grep -m 1 -A 8 -E '^\[[^]]*\] (ERROR|FATAL) ' || true)
  if [[ -n "$errors" ]]; then
    printf '[stack] --- first error in %s ---\n' "$KAFKA_LOG" >&2
    printf '%s\n' "$errors" | sed 's/^/    /' >&2
  fi
  output=$(tail -n "+$((KAFKA_LOG_START_LINE + 1))" -- "$KAFKA_LOG" 2>/dev/null | tail -n 15 || true)
  if [[ -n "$output" ]]; then
    printf '[stack] --- last lines of %s ---\n' "$KAFKA_LOG" >&2
    printf '%s\n' "$output" | sed 's/^/    /' >&2
  fi
}

# Polls until the broker answers a metadata request, then prints describe_topics output.
# Fails early if the process dies, and late after KAFKA_START_TIMEOUT.
wait_for_kafka() {
  local pid=$1 deadline output
  deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f -- "$KAFKA_PID_FILE"
      report_kafka_failure
      die "Kafka exited during startup (see $KAFKA_LOG and $KAFKA_OUT)"
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" && output=$(describe_topics 2>/dev/null); then
      printf '%s\n' "$output"
      return 0
    fi
    sleep 0.5
  done
  report_kafka_failure
  die "Kafka (pid $pid) did not answer on $KAFKA_BOOTSTRAP within ${KAFKA_START_TIMEOUT}s; it is left running for inspection (stop it with: bash scripts/stack.sh down)"
}

# Starts the broker unless it runs, waits until it serves metadata, creates missing topics.
kafka_up() {
  require_java
  ensure_kafka_jars
  read_topics_file

  local pid existing
  if pid=$(kafka_pid); then
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      if topic_dirs_present; then
        log "Kafka already running (pid $pid) on $KAFKA_BOOTSTRAP; topics present"
        return 0
      fi
      existing=$(wait_for_kafka "$pid")
      create_missing_topics "$existing"
      return 0
    fi
    # Running but not listening: still starting (another shell's `up`), or wedged.
    log "Kafka (pid $pid) is running but not answering yet; waiting"
    existing=$(wait_for_kafka "$pid")
    create_missing_topics "$existing"
    return 0
  fi

  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$KAFKA_HOST" "$port"; then
      die "port $KAFKA_HOST:$port is taken by another process (not this repo's broker); stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done

  write_kafka_config
  kafka_format_storage

  local heap_opts extra_opts
  read -r -a heap_opts <<<"${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
  read -r -a extra_opts <<<"${KAFKA_OPTS:-}"
  local java_opts=(
    "${heap_opts[@]}"
    # G1 with short pauses, as Kafka's own start scripts use.
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    "-Dkafka.logs.dir=$KAFKA_STATE_DIR"
    "-Dlog4j.configuration=file:$KAFKA_LOG4J"
    "${extra_opts[@]}"
  )

  log "starting Kafka $KAFKA_VERSION (KRaft, node 1) on $KAFKA_BOOTSTRAP..."
  printf '=== %s starting Kafka ===\n' "$(date '+%Y-%m-%d %H:%M:%S')" >>"$KAFKA_OUT"
  KAFKA_OUT_START_LINE=$(wc -l <"$KAFKA_OUT")
  if [[ -f "$KAFKA_LOG" ]]; then
    KAFKA_LOG_START_LINE=$(wc -l <"$KAFKA_LOG")
  fi
  # setsid + nohup: the broker must outlive this shell and ignore the Ctrl-C / hang-up that
  # ends the `npm run` which started it. In a script, a background job is not a process
  # group leader, so setsid execs in place and $! is the JVM's pid. `9>&-`: the broker must
  # not inherit (and hold forever) the lock taken by take_lock.
  (cd -- "$KAFKA_STATE_DIR" && exec nohup setsid java "${java_opts[@]}" -cp "$KAFKA_LIB/*" \
    kafka.Kafka "$KAFKA_PROPERTIES" >>"$KAFKA_OUT" 2>&1 </dev/null 9>&-) &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"

  local started
  started=$(now)
  existing=$(wait_for_kafka "$pid")
  log "Kafka answering after $(elapsed_since "$started") s (pid $pid)"
  create_missing_topics "$existing"
}

# SIGTERM lets the broker flush and close its logs cleanly (a SIGKILL means log recovery on
# the next start); SIGKILL after KAFKA_STOP_TIMEOUT so `down` always finishes.
kafka_down() {
  local pid
  if ! pid=$(kafka_pid); then
    log "Kafka not running"
    return 0
  fi
  log "stopping Kafka (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "Kafka did not stop within ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      die "Kafka (pid $pid) survived SIGKILL; is it a zombie of another process?"
    fi
  fi
  rm -f -- "$KAFKA_PID_FILE"
  log "Kafka stopped"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

# Finds a PostgreSQL program on PATH or in Debian's versioned directories (newest first).
pg_program() {
  local name=$1 candidate
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  for candidate in $(printf '%s\n' /usr/lib/postgresql/*/bin/"$name" | sort -rV); do
    if [[ -x "$candidate" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

require_pg_client() {
  if ! pg_program pg_isready >/dev/null || ! pg_program psql >/dev/null; then
    die "pg_isready / psql not found; install the PostgreSQL client, e.g.: apt-get install postgresql-client"
  fi
}

pg_ready() {
  "$(pg_program pg_isready)" -q -h "$PG_HOST" -p "$PG_PORT" -t 3 >/dev/null 2>&1
}

pg_psql() {
  PGCONNECT_TIMEOUT=5 "$(pg_program psql)" -X -q -v ON_ERROR_STOP=1 \
    -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

# initdb and pg_ctl refuse to run as root, so as root the local cluster belongs to the
# `postgres` OS user (created when missing).
pg_as_owner() {
  if ((EUID == 0)); then
    # From a directory the postgres user can read, or the tools complain about the cwd.
    (cd -- "$PG_STATE_DIR" 2>/dev/null || cd /; runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_postgres_os_user() {
  ((EUID == 0)) || return 0
  command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to start PostgreSQL as the postgres user"
  if ! id postgres >/dev/null 2>&1; then
    log "creating the postgres OS user to own the local cluster"
    useradd --system --user-group --home-dir "$PG_STATE_DIR" --no-create-home \
      --shell /usr/sbin/nologin postgres
  fi
}

# True when the project-local cluster is running (whatever port it was started on).
pg_local_running() {
  [[ -f "$PG_DATA_DIR/postmaster.pid" ]] || return 1
  local pg_ctl
  pg_ctl=$(pg_program pg_ctl) || return 1
  pg_as_owner "$pg_ctl" -D "$PG_DATA_DIR" status >/dev/null 2>&1
}

pg_local_start() {
  case "$PG_HOST" in
    127.0.0.1 | localhost) ;;
    *) die "nothing answers on PostgreSQL $PG_HOST:$PG_PORT, and a local cluster can only be started on 127.0.0.1; start that server or unset PGHOST" ;;
  esac
  local initdb pg_ctl
  if ! initdb=$(pg_program initdb) || ! pg_ctl=$(pg_program pg_ctl); then
    die "no PostgreSQL answers on $PG_HOST:$PG_PORT and initdb/pg_ctl are not installed; install the server, e.g.: apt-get install postgresql"
  fi
  ensure_postgres_os_user

  mkdir -p -- "$PG_STATE_DIR"
  if ((EUID == 0)); then
    chown postgres: "$PG_STATE_DIR"
    if [[ -d "$PG_DATA_DIR" ]]; then
      chown -R postgres: "$PG_DATA_DIR"
    fi
  fi
  if [[ ! -f "$PG_DATA_DIR/PG_VERSION" ]]; then
    # No PG_VERSION means initdb never finished; start over.
    rm -rf -- "$PG_DATA_DIR"
    log "initialising a project-local PostgreSQL cluster in $PG_DATA_DIR"
    if ! pg_as_owner "$initdb" -D "$PG_DATA_DIR" -U "$PG_USER" --auth=trust \
      --encoding=UTF8 --locale=C >"$PG_STATE_DIR/initdb.log" 2>&1; then
      show_tail "$PG_STATE_DIR/initdb.log" 20
      die "initdb failed (see $PG_STATE_DIR/initdb.log)"
    fi
  fi

  # Socket next to the data when the path fits in a Unix socket address (~107 bytes);
  # clients here use TCP anyway.
  local socket_dir="$PG_STATE_DIR/run"
  if ((${#socket_dir} > 90)); then
    socket_dir=""
  else
    mkdir -p -- "$socket_dir"
    if ((EUID == 0)); then
      chown postgres: "$socket_dir"
    fi
  fi
  # fsync=off: a disposable dev cluster; it only loses data on an OS crash, never when a
  # process is killed, and it makes test suites that create many databases much faster.
  local options="-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='$socket_dir' -c fsync=off"
  touch -- "$PG_LOG"
  if ((EUID == 0)); then
    chown postgres: "$PG_LOG"
  fi
  log "starting project-local PostgreSQL on 127.0.0.1:$PG_PORT..."
  # `9>&-`: the server must not inherit the lock taken by take_lock.
  if ! pg_as_owner "$pg_ctl" -D "$PG_DATA_DIR" -l "$PG_LOG" -o "$options" -w -t 60 start >/dev/null 9>&-; then
    show_tail "$PG_LOG" 30
    die "PostgreSQL did not start (see $PG_LOG)"
  fi
  printf 'port=%s\n' "$PG_PORT" >"$PG_MANAGED_MARKER"
  local deadline=$((SECONDS + 30))
  until pg_ready; do
    ((SECONDS < deadline)) || die "PostgreSQL started but does not answer on 127.0.0.1:$PG_PORT (see $PG_LOG)"
    sleep 0.5
  done
}

PG_KIND=""
postgres_up() {
  require_pg_client
  if pg_ready; then
    if pg_local_running; then
      PG_KIND="project-local cluster in $PG_DATA_DIR"
    else
      PG_KIND="existing server"
    fi
    log "PostgreSQL answering on $PG_HOST:$PG_PORT ($PG_KIND)"
  else
    pg_local_start
    PG_KIND="project-local cluster in $PG_DATA_DIR"
  fi
  ensure_database "$DB_NAME"
  ensure_database "$TEST_DB_NAME"
}

database_exists() {
  [[ "$(pg_psql -tA -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

ensure_database() {
  local name=$1
  # Names are interpolated into SQL, so accept plain identifiers only.
  [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "database name '$name' is not a plain identifier"
  if database_exists "$name"; then
    return 0
  fi
  pg_psql -c "CREATE DATABASE \"$name\"" || die "could not create database $name on $PG_HOST:$PG_PORT"
  log "created database $name"
}

postgres_down() {
  if [[ ! -f "$PG_MANAGED_MARKER" ]] && ! pg_local_running; then
    if pg_program pg_isready >/dev/null && pg_ready; then
      log "PostgreSQL on $PG_HOST:$PG_PORT was not started by this script; left running"
    fi
    return 0
  fi
  if pg_local_running; then
    log "stopping project-local PostgreSQL..."
    pg_as_owner "$(pg_program pg_ctl)" -D "$PG_DATA_DIR" -m fast -w -t 30 stop >/dev/null ||
      die "pg_ctl stop failed (see $PG_LOG)"
    log "PostgreSQL stopped"
  fi
  rm -f -- "$PG_MANAGED_MARKER"
}

postgres_url() {
  printf 'postgres://%s@%s:%s/%s' "$PG_USER" "$PG_HOST" "$PG_PORT" "$1"
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

cmd_up() {
  local started
  started=$(now)
  take_lock
  kafka_up
  postgres_up
  cat <<EOF
[stack] ready in $(elapsed_since "$started") s
  Kafka     $KAFKA_BOOTSTRAP      (KAFKA_BROKERS=$KAFKA_BOOTSTRAP; logs in $KAFKA_LOG)
  Postgres  $(postgres_url "$DB_NAME")      ($PG_KIND)
            $(postgres_url "$TEST_DB_NAME")
  Stop with: npm run stack:down
EOF
}

cmd_down() {
  take_lock
  kafka_down
  postgres_down
}

cmd_status() {
  local healthy=1 pid existing
  if pid=$(kafka_pid); then
    printf 'Kafka     running, pid %s\n' "$pid"
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      printf '          %s accepts connections\n' "$KAFKA_BOOTSTRAP"
      read_topics_file
      if [[ -f "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" ]] && existing=$(describe_topics 2>/dev/null); then
        local i name count
        for i in "${!TOPIC_NAMES[@]}"; do
          name=${TOPIC_NAMES[i]}
          count=$(awk -v topic="$name" '$1 == topic { print $2 }' <<<"$existing")
          if [[ -n "$count" ]]; then
            printf '          topic %-20s %s partitions\n' "$name" "$count"
          else
            printf '          topic %-20s MISSING\n' "$name"
            healthy=0
          fi
        done
      else
        printf '          metadata request FAILED (see %s)\n' "$KAFKA_LOG"
        healthy=0
      fi
    else
      printf '          %s does NOT accept connections (starting or wedged; see %s)\n' "$KAFKA_BOOTSTRAP" "$KAFKA_LOG"
      healthy=0
    fi
  else
    printf 'Kafka     not running\n'
    healthy=0
  fi

  if ! pg_program pg_isready >/dev/null || ! pg_program psql >/dev/null; then
    printf 'Postgres  client tools not installed (apt-get install postgresql-client)\n'
    healthy=0
  elif pg_ready; then
    local kind="existing server (not managed by this script)"
    if pg_local_running; then
      kind="project-local cluster in $PG_DATA_DIR"
    fi
    printf 'Postgres  %s:%s reachable, %s\n' "$PG_HOST" "$PG_PORT" "$kind"
    local name
    for name in "$DB_NAME" "$TEST_DB_NAME"; do
      if database_exists "$name" 2>/dev/null; then
        printf '          database %-20s exists\n' "$name"
      else
        printf '          database %-20s MISSING\n' "$name"
        healthy=0
      fi
    done
  else
    printf 'Postgres  nothing answers on %s:%s\n' "$PG_HOST" "$PG_PORT"
    healthy=0
  fi

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
