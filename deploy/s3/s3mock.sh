#!/usr/bin/env bash
# A real S3-compatible server for the attachment store's S3 adapter tests and local runs:
# Adobe's S3Mock (com.adobe.testing:s3mock, the Spring Boot "exec" jar) from Maven Central, run on
# the machine's Java 17. No Docker, no other download site.
#
# Usage: deploy/s3/s3mock.sh {fetch|up|down|status|env|logs}
#   S3MOCK_HTTP_PORT (9090), S3MOCK_HTTPS_PORT (9191), S3MOCK_BUCKET (sa-attachments),
#   S3MOCK_DATA_DIR (.cache/s3mock/run), S3MOCK_VERSION (3.12.0)
# After `up`, `eval "$(bash deploy/s3/s3mock.sh env)"` exports S3_ENDPOINT, S3_BUCKET, S3_REGION,
# S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for the tests and the intake service.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
REPO="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
VERSION="${S3MOCK_VERSION:-3.12.0}"
CACHE_DIR="${S3MOCK_CACHE_DIR:-$REPO/.cache/s3mock}"
JAR="$CACHE_DIR/s3mock-$VERSION-exec.jar"
DATA_DIR="${S3MOCK_DATA_DIR:-$CACHE_DIR/run}"
HTTP_PORT="${S3MOCK_HTTP_PORT:-9090}"
HTTPS_PORT="${S3MOCK_HTTPS_PORT:-9191}"
BUCKET="${S3MOCK_BUCKET:-sa-attachments}"
PID_FILE="$DATA_DIR/s3mock.pid"
LOG_FILE="$DATA_DIR/s3mock.log"
START_TIMEOUT="${S3MOCK_START_TIMEOUT:-120}"

log() { printf '[s3mock] %s\n' "$*"; }
die() { printf '[s3mock] ERROR: %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

cmd_fetch() {
  [[ -f "$JAR" ]] && { log "jar present: $JAR"; return; }
  mkdir -p "$CACHE_DIR"
  log "fetching com.adobe.testing:s3mock:$VERSION:jar:exec from Maven Central"
  mvn -q -B dependency:copy -Dartifact="com.adobe.testing:s3mock:$VERSION:jar:exec" -DoutputDirectory="$CACHE_DIR" -Dmdep.overWriteIfNewer=true >/dev/null \
    || die "could not fetch the S3Mock jar (Maven Central)"
  [[ -f "$JAR" ]] || die "jar not found after fetch: $JAR"
  log "jar: $JAR ($(du -h "$JAR" | cut -f1))"
}

cmd_up() {
  if alive; then log "already running (pid $(cat "$PID_FILE")) on :$HTTP_PORT"; return; fi
  if port_open "$HTTP_PORT"; then die "port $HTTP_PORT is taken by another process (set S3MOCK_HTTP_PORT)"; fi
  cmd_fetch
  mkdir -p "$DATA_DIR/store"
  local t0=$SECONDS
  # S3Mock 3.x's own properties (com.adobe.testing.s3mock.*), as Spring Boot command-line arguments.
  nohup java ${S3MOCK_JVM_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} -jar "$JAR" \
    --com.adobe.testing.s3mock.httpPort="$HTTP_PORT" --server.port="$HTTPS_PORT" \
    --com.adobe.testing.s3mock.domain.initialBuckets="$BUCKET" \
    --com.adobe.testing.s3mock.domain.root="$DATA_DIR/store" \
    --com.adobe.testing.s3mock.domain.retainFilesOnExit=true \
    --logging.level.root=WARN --spring.main.banner-mode=off >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  while ! port_open "$HTTP_PORT"; do
    alive || { tail -n 30 "$LOG_FILE" >&2; die "S3Mock exited during start-up (log: $LOG_FILE)"; }
    (( SECONDS - t0 < START_TIMEOUT )) || { cmd_down; die "S3Mock not ready after ${START_TIMEOUT}s (log: $LOG_FILE)"; }
    sleep 1
  done
  # Ready when the initial bucket answers.
  until ! command -v curl >/dev/null || curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/$BUCKET"; do
    (( SECONDS - t0 < START_TIMEOUT )) || { cmd_down; die "bucket $BUCKET not served after ${START_TIMEOUT}s"; }
    sleep 1
  done
  log "ready: S3Mock $VERSION on http://127.0.0.1:$HTTP_PORT, bucket $BUCKET (pid $(cat "$PID_FILE")), started in $(( SECONDS - t0 )) s"
}

cmd_down() {
  if ! alive; then log "not running"; rm -f "$PID_FILE"; return; fi
  local pid; pid="$(cat "$PID_FILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() { if alive; then log "running (pid $(cat "$PID_FILE")) on :$HTTP_PORT"; else log "not running"; return 1; fi; }

cmd_env() {
  printf 'export S3_ENDPOINT=%q S3_BUCKET=%q S3_REGION=%q S3_ACCESS_KEY_ID=%q S3_SECRET_ACCESS_KEY=%q\n' \
    "http://127.0.0.1:$HTTP_PORT" "$BUCKET" "us-east-1" "s3mock-local" "s3mock-local-secret"
}

case "${1:-help}" in
  fetch) cmd_fetch ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  logs) tail -n 100 "$LOG_FILE" ;;
  *) sed -n 2,10p "${BASH_SOURCE[0]}"; exit 2 ;;
esac
