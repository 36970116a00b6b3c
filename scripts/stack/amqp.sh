# Sourced by scripts/stack.sh: the AMQP 1.0 broker the IPC-CFX bridge consumes from — the machine's RabbitMQ
# (3.10 and later) with its rabbitmq_amqp1_0 plugin, which serves AMQP 1.0 on the same port as AMQP 0-9-1.
# RabbitMQ rather than ActiveMQ Artemis: it is already installed and running on our machines and CI, so there
# is no second JVM broker to fetch, start and keep alive next to Kafka; the plugin ships with the server.
# shellcheck shell=bash

readonly AMQP_HOST="${AMQP_HOST:-127.0.0.1}"
readonly AMQP_PORT="${AMQP_PORT:-5672}"
readonly AMQP_START_TIMEOUT="${AMQP_START_TIMEOUT:-60}"
readonly AMQP_PLUGIN=rabbitmq_amqp1_0
readonly AMQP_INSTALL_HINT="apt-get install rabbitmq-server"

# True when the broker answers an AMQP 1.0 SASL protocol header with the same header. A broker without the
# plugin answers with its AMQP 0-9-1 header instead ("AMQP\0\0\x09\x01") and closes: port open, not 1.0.
amqp10_answers() {
  local reply
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash, on purpose.
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "AMQP\x03\x01\x00\x00" >&3
    head -c 8 <&3 | od -An -tx1 | tr -d " \n"
  ' "$AMQP_HOST" "$AMQP_PORT" 2>/dev/null) || return 1
  [[ "$reply" == "414d515003010000" ]]
}

amqp_plugin_enabled() {
  rabbitmq-plugins list --enabled --minimal 2>/dev/null | grep -qx "$AMQP_PLUGIN"
}

amqp_up() {
  local started deadline
  started=$(now)
  if ! port_open "$AMQP_HOST" "$AMQP_PORT"; then
    command -v rabbitmq-server >/dev/null 2>&1 ||
      die "nothing listens on $AMQP_HOST:$AMQP_PORT and RabbitMQ is not installed; install it: $AMQP_INSTALL_HINT"
    log "starting RabbitMQ (rabbitmq-server -detached)"
    rabbitmq-server -detached >/dev/null 2>&1 || die "rabbitmq-server -detached failed"
    deadline=$(($(date +%s) + AMQP_START_TIMEOUT))
    until port_open "$AMQP_HOST" "$AMQP_PORT"; do
      (($(date +%s) < deadline)) || die "RabbitMQ did not listen on $AMQP_HOST:$AMQP_PORT within ${AMQP_START_TIMEOUT} s"
      sleep 1
    done
  fi
  if amqp10_answers; then
    log "AMQP 1.0 on $AMQP_HOST:$AMQP_PORT answers"
    return 0
  fi
  command -v rabbitmq-plugins >/dev/null 2>&1 ||
    die "$AMQP_HOST:$AMQP_PORT does not speak AMQP 1.0 and rabbitmq-plugins is not here to enable $AMQP_PLUGIN"
  # Enabling an enabled plugin is a no-op, but listing first keeps the log honest about what changed.
  if ! amqp_plugin_enabled; then
    log "enabling RabbitMQ's $AMQP_PLUGIN plugin"
    rabbitmq-plugins enable "$AMQP_PLUGIN" >/dev/null || die "rabbitmq-plugins enable $AMQP_PLUGIN failed"
  fi
  deadline=$(($(date +%s) + AMQP_START_TIMEOUT))
  until amqp10_answers; do
    (($(date +%s) < deadline)) || die "$AMQP_HOST:$AMQP_PORT still does not answer AMQP 1.0 after enabling $AMQP_PLUGIN"
    sleep 1
  done
  log "AMQP 1.0 on $AMQP_HOST:$AMQP_PORT answers (ready in $(elapsed_since "$started") s)"
}

amqp_status() {
  if amqp10_answers; then
    printf 'AMQP 1.0  %s:%s answers (RabbitMQ, %s)\n' "$AMQP_HOST" "$AMQP_PORT" "$AMQP_PLUGIN"
    return 0
  fi
  if port_open "$AMQP_HOST" "$AMQP_PORT"; then
    printf 'AMQP 1.0  %s:%s is open but does not speak AMQP 1.0 (plugin %s disabled?)\n' \
      "$AMQP_HOST" "$AMQP_PORT" "$AMQP_PLUGIN"
  else
    printf 'AMQP 1.0  nothing listens on %s:%s\n' "$AMQP_HOST" "$AMQP_PORT"
  fi
  return 1
}
