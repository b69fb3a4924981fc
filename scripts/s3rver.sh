#!/usr/bin/env bash
# A local S3 look-alike (s3rver) for tests and development, where no MinIO can be installed.
#   scripts/s3rver.sh start [port]   port: argument, else $S3RVER_PORT, else a free one; prints the endpoint URL
#   scripts/s3rver.sh stop [port]    no port: stops every instance this script started
#   scripts/s3rver.sh run PORT [BUCKET...]   in the foreground until SIGTERM (for a process supervisor such as the
#                                    AppHost, hosting/Matchcut.AppHost), each BUCKET made before the port opens
# Data goes to $S3RVER_DATA_DIR (kept), else .tools/s3rver/data/<port> (wiped on start and stop).
# Credentials are s3rver's built-in pair: access key S3RVER, secret S3RVER. Buckets are created by clients (PUT bucket).
# Unlike S3 and MinIO, s3rver lists keys in folder-walk order, so "a/b" comes before "a-b" and "a"; it also stores
# aws-chunked request bodies verbatim, so clients must send unchunked payloads.
set -euo pipefail

VERSION=3.7.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL_DIR="$ROOT/.tools/s3rver"
RUN_DIR="$TOOL_DIR/run"
BIN="$TOOL_DIR/node_modules/s3rver/bin/s3rver.js"

log() { echo "s3rver.sh: $*" >&2; }

install_if_absent() {
  # Test projects start their own instances at the same time: one installs while the others wait for it (npm
  # rewrites node_modules as it goes, so a second install or an early start sees a half-written tree).
  mkdir -p "$TOOL_DIR"
  exec 9>"$TOOL_DIR/install.lock"
  flock 9
  if [[ ! -f "$BIN" ]]; then
    log "installing s3rver@$VERSION into $TOOL_DIR"
    npm install --prefix "$TOOL_DIR" "s3rver@$VERSION" --no-audit --no-fund >&2
  fi
  # s3rver decodes x-amz-copy-source with decodeURI, which leaves the %2F that AWSSDK 4 sends between bucket and
  # key (S3 and MinIO accept it), so every CopyObject would miss; decodeURIComponent is what S3 does.
  sed -i "s/decodeURI(ctx.headers\['x-amz-copy-source'\])/decodeURIComponent(ctx.headers['x-amz-copy-source'])/" \
    "$TOOL_DIR/node_modules/s3rver/lib/controllers/object.js"
  # Closed before anything starts, so no server holds the lock.
  exec 9>&-
}

# s3rver encrypts list continuation tokens with DES, which OpenSSL 3 (Node 17+) only offers through its legacy provider.
node_flags() {
  if node --openssl-legacy-provider -e '' 2>/dev/null; then echo --openssl-legacy-provider; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  install_if_absent
  local port="${1:-${S3RVER_PORT:-}}"
  [[ -n "$port" ]] || port="$(free_port)"
  local data="${S3RVER_DATA_DIR:-$TOOL_DIR/data/$port}"
  local pid_file="$RUN_DIR/$port.pid" log_file="$RUN_DIR/$port.log"
  mkdir -p "$RUN_DIR"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    log "already running on port $port (pid $(cat "$pid_file"))"
    echo "http://127.0.0.1:$port"
    return
  fi
  if answers "$port"; then
    log "port $port is already taken by another process"
    exit 1
  fi
  if [[ -z "${S3RVER_DATA_DIR:-}" ]]; then
    rm -rf "$data"
    echo "$data" >"$RUN_DIR/$port.data" # ours to wipe on stop
  fi
  mkdir -p "$data"
  # Detached from our stdout so that callers reading it (test fixtures) see end-of-stream when this script exits.
  # shellcheck disable=SC2046 # the flag list is empty or one word
  nohup node $(node_flags) "$BIN" --directory "$data" --address 127.0.0.1 --port "$port" --silent \
    </dev/null >"$log_file" 2>&1 &
  local pid=$!
  echo "$pid" >"$pid_file"
  for _ in $(seq 1 100); do
    if answers "$port" && kill -0 "$pid" 2>/dev/null; then
      log "started on port $port (pid $pid, data $data)"
      echo "http://127.0.0.1:$port"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  log "s3rver did not come up on port $port; its log:"
  cat "$log_file" >&2 || true
  stop_port "$port"
  exit 1
}

run() {
  install_if_absent
  local port="${1:?usage: $0 run PORT [BUCKET...]}"
  shift
  local data="${S3RVER_DATA_DIR:-$TOOL_DIR/data/$port}"
  mkdir -p "$data"
  local buckets=()
  for bucket in "$@"; do buckets+=(--configure-bucket "$bucket"); done
  # shellcheck disable=SC2046 # the flag list is empty or one word
  exec node $(node_flags) "$BIN" --directory "$data" --address 127.0.0.1 --port "$port" "${buckets[@]}" </dev/null
}

stop_port() {
  local port="$1" pid_file="$RUN_DIR/$1.pid"
  [[ -f "$pid_file" ]] || { log "nothing recorded on port $port"; return; }
  local pid
  pid="$(cat "$pid_file")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped port $port (pid $pid)"
  fi
  [[ -f "$RUN_DIR/$port.data" ]] && rm -rf "$(cat "$RUN_DIR/$port.data")"
  rm -f "$pid_file" "$RUN_DIR/$port.data" "$RUN_DIR/$port.log"
}

stop() {
  if [[ -n "${1:-}" ]]; then stop_port "$1"; return; fi
  shopt -s nullglob
  for pid_file in "$RUN_DIR"/*.pid; do stop_port "$(basename "$pid_file" .pid)"; done
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 start|stop [port] | run PORT [BUCKET...]" >&2; exit 2 ;;
esac
