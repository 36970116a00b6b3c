# Sourced by scripts/stack.sh: the broker (one KRaft node on loopback) — its configuration, storage, process,
# and `up`/`down`/status. Topics are in topics.sh, the jars in kafka-jars.sh.
# shellcheck shell=bash

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

# Prints the broker's state and its topics for `status`; returns 1 unless it runs with every topic.
kafka_status() {
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
  ((healthy))
}
