# Sourced by scripts/stack.sh: output helpers, clean-up on exit, the lock and small probes.
# shellcheck shell=bash

# Files and directories removed on exit (temporary download directories).
CLEANUP_PATHS=()

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
