# Sourced by scripts/stack.sh: the product topics, from docker/kafka/topics.txt (also read by docker compose):
# reading the list, describing what exists, creating what is missing.
# shellcheck shell=bash

topic_command() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_ADMIN_PROPERTIES" "$@"
}

# Reads topics.txt into TOPIC_NAMES / TOPIC_PARTITIONS / TOPIC_CONFIGS (space-separated
# setting=value pairs, possibly empty), validating every line.
TOPIC_NAMES=()
TOPIC_PARTITIONS=()
TOPIC_CONFIGS=()
read_topics_file() {
  [[ -f "$TOPICS_FILE" ]] || die "topic list $TOPICS_FILE is missing"
  TOPIC_NAMES=()
  TOPIC_PARTITIONS=()
  TOPIC_CONFIGS=()
  local line name partitions setting number=0
  local -a settings
  while IFS= read -r line || [[ -n "$line" ]]; do
    number=$((number + 1))
    line=${line%%#*}
    line=${line//$'\r'/}
    read -r name partitions <<<"$line" || true
    [[ -z "${name:-}" ]] && continue
    read -r -a settings <<<"$line" || true
    settings=("${settings[@]:2}")
    if [[ ! "$name" =~ ^[A-Za-z0-9._-]{1,249}$ || ! "${partitions%% *}" =~ ^[1-9][0-9]*$ ]]; then
      die "$TOPICS_FILE line $number: expected '<topic-name> <partitions> [<setting>=<value> ...]', got '$line'"
    fi
    for setting in "${settings[@]}"; do
      [[ "$setting" =~ ^[a-z][a-z.]*=[A-Za-z0-9._-]+$ ]] ||
        die "$TOPICS_FILE line $number: '$setting' is not <setting>=<value>"
    done
    TOPIC_NAMES+=("$name")
    TOPIC_PARTITIONS+=("${partitions%% *}")
    TOPIC_CONFIGS+=("${settings[*]}")
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
  local setting
  local -a configs=()
  for setting in ${TOPIC_CONFIGS[$1]}; do
    configs+=(--config "$setting")
  done
  topic_command --create --if-not-exists --topic "${TOPIC_NAMES[$1]}" \
    --partitions "${TOPIC_PARTITIONS[$1]}" --replication-factor 1 "${configs[@]}"
}
