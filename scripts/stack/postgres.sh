# Sourced by scripts/stack.sh: PostgreSQL — whatever answers on $PGHOST:$PGPORT, or a project-local cluster
# this script starts (and alone stops) — and the two databases the project uses.
# shellcheck shell=bash

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

# Prints the server's state and the project's databases for `status`; returns 1 unless both databases exist.
postgres_status() {
  local healthy=1
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
  ((healthy))
}
