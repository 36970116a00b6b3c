# Sourced by scripts/stack.sh: the Kafka jars, fetched once from Maven Central into a cache outside the work
# tree and shared by every clone and worktree (docker/kafka/pom.xml lists them), and the Java they run on.
# shellcheck shell=bash

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
