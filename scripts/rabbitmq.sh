#!/usr/bin/env bash
# A dedicated RabbitMQ node for tests, beside any broker already running on this machine.
#   scripts/rabbitmq.sh start PORT   starts node matchcut-PORT@localhost on AMQP port PORT (data kept across restarts)
#   scripts/rabbitmq.sh stop PORT    stops it; data stays so a restart finds its durable queues and messages
#   scripts/rabbitmq.sh run PORT     the same node in the foreground, logging to stdout, until it is sent SIGTERM
#                                    (for a process supervisor such as the AppHost, hosting/Matchcut.AppHost)
# Node data, logs and the Erlang cookie live under $RABBITMQ_TEST_DIR (else /tmp/matchcut-rabbitmq/PORT); the caller
# deletes that folder when done. No plugins (no management), so the only ports are AMQP and the Erlang distribution.
set -euo pipefail

log() { echo "rabbitmq.sh: $*" >&2; }

[[ $# -ge 2 ]] || { echo "usage: $0 start|stop|run PORT" >&2; exit 2; }
PORT="$2"
BASE="${RABBITMQ_TEST_DIR:-/tmp/matchcut-rabbitmq/$PORT}"

install_if_absent() {
  if ! command -v rabbitmq-server >/dev/null 2>&1 && [[ ! -x /usr/sbin/rabbitmq-server ]]; then
    log "installing rabbitmq-server"
    local sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q rabbitmq-server >&2
    # The package starts the system broker; we want only our own node.
    $sudo systemctl stop rabbitmq-server >/dev/null 2>&1 || true
  fi
}

# Everything the node and rabbitmqctl must agree on; HOME carries the Erlang cookie.
node_env() {
  mkdir -p "$BASE/home" "$BASE/mnesia" "$BASE/log"
  echo '[].' >"$BASE/enabled_plugins"
  export HOME="$BASE/home"
  export RABBITMQ_NODENAME="matchcut-$PORT@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$PORT"
  export RABBITMQ_DIST_PORT=$((PORT + 20000 > 65000 ? PORT - 20000 : PORT + 20000))
  export RABBITMQ_MNESIA_BASE="$BASE/mnesia"
  export RABBITMQ_LOG_BASE="$BASE/log"
  export RABBITMQ_PID_FILE="$BASE/node.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$BASE/enabled_plugins"
  # The unwrapped scripts: the /usr/sbin wrappers switch to the rabbitmq user, who cannot write our folder.
  export PATH="/usr/lib/rabbitmq/bin:$PATH"
  # One cookie, given explicitly to the node and to rabbitmqctl: the server scripts do not reliably read $HOME's.
  [[ -s "$BASE/cookie" ]] || head -c 24 /dev/urandom | base64 | tr -dc A-Za-z0-9 >"$BASE/cookie"
  COOKIE="$(cat "$BASE/cookie")"
  # consumer_timeout above the longest stage deadline (the broker's default, 30 min, would close the channel of an
  # encode of a feature and requeue it): 7 h, as compose and the chart set it (docs/deploy.md).
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-setcookie $COOKIE -rabbit consumer_timeout ${RABBITMQ_CONSUMER_TIMEOUT_MS:-25200000}"
}

ctl() { rabbitmqctl --erlang-cookie "$COOKIE" "$@"; }

start() {
  install_if_absent
  node_env
  if ctl -q status >/dev/null 2>&1; then log "already running on $PORT"; return; fi
  setsid rabbitmq-server </dev/null >"$BASE/log/stdout.log" 2>&1 &
  # await_startup fails at once while the Erlang node is not registered yet, so ask until it answers.
  local up=""
  for _ in $(seq 1 60); do
    if timeout 60 rabbitmqctl --erlang-cookie "$COOKIE" -q await_startup --timeout 50 >/dev/null 2>&1; then up=1; break; fi
    sleep 1
  done
  if [[ -z "$up" ]]; then
    log "node on $PORT did not start; its output:"; tail -n 50 "$BASE/log/"*.log >&2 || true
    exit 1
  fi
  log "started $RABBITMQ_NODENAME on 127.0.0.1:$PORT (data $BASE)"
}

run() {
  install_if_absent
  node_env
  export RABBITMQ_LOGS=-
  exec rabbitmq-server </dev/null
}

stop() {
  node_env
  if timeout 60 rabbitmqctl --erlang-cookie "$COOKIE" -q stop >/dev/null 2>&1; then log "stopped $RABBITMQ_NODENAME"; return; fi
  # Not answering: end the recorded process, if any.
  if [[ -f "$RABBITMQ_PID_FILE" ]]; then kill -9 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null || true; fi
  log "nothing answering on $PORT"
}

case "$1" in
  start) start ;;
  stop) stop ;;
  run) run ;;
  *) echo "usage: $0 start|stop|run PORT" >&2; exit 2 ;;
esac
