#!/usr/bin/env bash
# Local Keycloak (the identity provider) for local runs, e2e tests and CI. No Docker and no
# Keycloak download site: the server distribution (org.keycloak:keycloak-quarkus-dist, a zip)
# comes from Maven Central via deploy/keycloak/pom.xml into ~/.m2, is unpacked into the clone's
# .cache, and runs with plain `java` (17+). The realm `social-assistance` is imported from
# deploy/keycloak/realm-social-assistance.json. See deploy/keycloak/README.md.
#
# Usage: deploy/keycloak/keycloak.sh {fetch|up|down|status|reset|logs [-f]|help}
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
REPO="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
POM="$SCRIPT_DIR/pom.xml"
REALM_FILE="$SCRIPT_DIR/realm-social-assistance.json"
REALM=social-assistance

CACHE_DIR="${KEYCLOAK_CACHE_DIR:-$REPO/.cache/keycloak}"
DIST_DIR="$CACHE_DIR/dist"
MARKER="$DIST_DIR/.keycloak-version"
# Data (the dev-file H2 store, the import dir, logs, pid) lives apart from the unpacked dist,
# so a re-fetch keeps it and `reset` deletes only it.
DATA_DIR="${KEYCLOAK_DATA_DIR:-$REPO/.cache/keycloak/run}"

KEYCLOAK_HOST="${KEYCLOAK_HOST:-127.0.0.1}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
# Keycloak's management interface (health/metrics) is off; this port is set anyway so that a
# Keycloak started with health enabled never collides with another clone's on 9000.
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-$((KEYCLOAK_PORT + 10000))}"
KEYCLOAK_HEAP_OPTS="${KEYCLOAK_HEAP_OPTS:--Xms64m -Xmx512m}"
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-180}"
KEYCLOAK_STOP_TIMEOUT="${KEYCLOAK_STOP_TIMEOUT:-30}"

LOG_FILE="$DATA_DIR/keycloak.log"
PID_FILE="$DATA_DIR/keycloak.pid"
REALM_MARKER="$DATA_DIR/.realm-sha256"
# `--import-realm` reads <dist>/data/import (skipping realms the store already has).
IMPORT_DIR="$DIST_DIR/data/import"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

log() { printf '[keycloak] %s\n' "$*"; }
die() { printf '[keycloak] ERROR: %s\n' "$*" >&2; exit 1; }

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

keycloak_version() {
  local v
  v="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$POM" | head -n1)"
  [[ -n "$v" ]] || die "cannot read <keycloak.version> from $POM"
  printf '%s' "$v"
}

marker_content() { printf 'keycloak %s\n' "$(keycloak_version)"; }

dist_ok() {
  [[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$(marker_content)" ]] && [[ -x "$DIST_DIR/bin/kc.sh" ]]
}

cmd_fetch() {
  if dist_ok; then
    log "distribution already present ($(tr -d '\n' <"$MARKER")) in $DIST_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven is needed to fetch Keycloak)"
  command -v unzip >/dev/null || die "unzip not found"
  mkdir -p "$CACHE_DIR"
  if command -v flock >/dev/null; then
    { flock 8; fetch_now; } 8>"$CACHE_DIR/.fetch.lock"
  else
    fetch_now
  fi
}

fetch_now() {
  if dist_ok; then log "distribution fetched by a concurrent run"; return 0; fi
  local start version tmp zip t1
  start="$(now)"
  version="$(keycloak_version)"
  tmp="$CACHE_DIR/fetch.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  log "fetching org.keycloak:keycloak-quarkus-dist:$version (zip, ~165 MB; cached in ~/.m2) ..."
  # shellcheck disable=SC2086
  if ! mvn -q -B -Dstyle.color=never ${KEYCLOAK_MVN_OPTS:-} -f "$POM" dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$tmp" 2>&1 \
      | sed 's/\x1b\[[0-9;]*m//g'; then
    rm -rf "$tmp"
    die "maven dependency:copy failed"
  fi
  zip="$tmp/keycloak-quarkus-dist-$version.zip"
  [[ -f "$zip" ]] || { rm -rf "$tmp"; die "zip missing after fetch"; }
  log "resolved $(du -h "$zip" | cut -f1) in $(elapsed "$start") s; unpacking ..."
  t1="$(now)"
  unzip -q "$zip" -d "$tmp/unpacked" || { rm -rf "$tmp"; die "unzip failed"; }
  [[ -x "$tmp/unpacked/keycloak-$version/bin/kc.sh" ]] || { rm -rf "$tmp"; die "bin/kc.sh missing in the zip"; }
  marker_content >"$tmp/unpacked/keycloak-$version/.keycloak-version"
  rm -rf "$DIST_DIR"
  mv "$tmp/unpacked/keycloak-$version" "$DIST_DIR"
  rm -rf "$tmp"
  log "unpacked in $(elapsed "$t1") s; fetch done in $(elapsed "$start") s ($(du -sh "$DIST_DIR" | cut -f1) in $DIST_DIR)"
}

alive() {
  local st
  st="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$st" && "$st" != Z* ]]
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# PID of the Keycloak JVM for this data dir, or nothing. The JVM's command line carries
# -Dsa.keycloak.data=<data dir> (see cmd_up), which identifies it exactly.
server_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    if [[ -n "$pid" ]] && alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dsa.keycloak.data=$DATA_DIR "; then
      printf '%s' "$pid"; return 0
    fi
  fi
  ps -eo pid=,comm=,args= \
    | PAT="-Dsa.keycloak.data=$DATA_DIR " awk '$2 == "java" && index($0 " ", ENVIRON["PAT"]) { print $1; exit }'
}

issuer_url() { printf 'http://%s:%s/realms/%s' "$KEYCLOAK_HOST" "$KEYCLOAK_PORT" "$REALM"; }

realm_ready() {
  curl -fsS -o /dev/null --max-time 5 "$(issuer_url)/.well-known/openid-configuration" 2>/dev/null
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + KEYCLOAK_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    alive "$pid" || return 1
    if port_open "$KEYCLOAK_HOST" "$KEYCLOAK_PORT" && realm_ready; then return 0; fi
    sleep 1
  done
  return 1
}

stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < KEYCLOAK_STOP_TIMEOUT * 4; i++)); do
    alive "$pid" || return 0
    sleep 0.25
  done
  log "server (pid $pid) did not stop within ${KEYCLOAK_STOP_TIMEOUT}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    alive "$pid" || return 0
    sleep 0.25
  done
  die "could not kill pid $pid"
}

cmd_up() {
  mkdir -p "$DATA_DIR"
  if command -v flock >/dev/null; then
    { flock 9; up_locked; } 9>"$DATA_DIR/.up.lock"
  else
    up_locked
  fi
}

up_locked() {
  local pid start realm_sha
  pid="$(server_pid)"
  if [[ -n "$pid" ]]; then
    log "already running (pid $pid) on $KEYCLOAK_HOST:$KEYCLOAK_PORT - nothing to do"
    return 0
  fi
  command -v "$JAVA" >/dev/null || die "java not found (Java 17+ required)"
  dist_ok || cmd_fetch
  if port_open "$KEYCLOAK_HOST" "$KEYCLOAK_PORT"; then
    die "port $KEYCLOAK_HOST:$KEYCLOAK_PORT is already in use by another process (set KEYCLOAK_PORT)"
  fi
  start="$(now)"
  # The realm is imported when the store has none; a changed realm file means a fresh store.
  realm_sha="$(sha256sum "$REALM_FILE" | cut -d' ' -f1)"
  if [[ ! -f "$REALM_MARKER" || "$(cat "$REALM_MARKER")" != "$realm_sha" ]]; then
    if [[ -d "$DATA_DIR/h2" ]]; then log "realm file changed: discarding the old dev-file store"; fi
    rm -rf "$DATA_DIR/h2"
  fi
  mkdir -p "$IMPORT_DIR"
  cp "$REALM_FILE" "$IMPORT_DIR/realm-social-assistance.json"
  if [[ -s "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.1"; fi
  : >"$LOG_FILE"
  rm -f "$PID_FILE"
  log "starting Keycloak $(keycloak_version) (dev mode, dev-file store in $DATA_DIR/h2) on http://$KEYCLOAK_HOST:$KEYCLOAK_PORT"
  local detach=()
  if command -v setsid >/dev/null; then detach=(setsid); fi
  # kc.sh runs the JVM in the foreground (exec); the PID file gets the wrapper's PID, which the
  # exec turns into the JVM's. `-Dsa.keycloak.data` marks the JVM as this data dir's.
  # shellcheck disable=SC2016
  (cd "$DATA_DIR" && exec "${detach[@]}" bash -c 'echo $$ >"$0"; shift; exec "$@"' "$PID_FILE" _ \
    env JAVA_OPTS_KC_HEAP="$KEYCLOAK_HEAP_OPTS" \
    JAVA_OPTS_APPEND="-Dsa.keycloak.data=$DATA_DIR -XX:ErrorFile=$DATA_DIR/hs_err_%p.log -XX:TieredStopAtLevel=1 ${KEYCLOAK_JAVA_OPTS_APPEND:-}" \
    "$DIST_DIR/bin/kc.sh" start-dev \
    --http-host="$KEYCLOAK_HOST" --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --db=dev-file --db-url-path="$DATA_DIR/h2" \
    --import-realm \
    --features-disabled=kerberos \
    </dev/null >>"$LOG_FILE" 2>&1 8>&- 9>&-) &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || die "Keycloak did not start (no PID); see $LOG_FILE"
  if ! wait_ready "$pid"; then
    log "not ready after ${KEYCLOAK_START_TIMEOUT}s; last log lines:" >&2
    tail -n 40 "$LOG_FILE" >&2 || true
    if alive "$pid"; then stop_pid "$pid"; fi
    rm -f "$PID_FILE"
    die "start failed"
  fi
  printf '%s\n' "$realm_sha" >"$REALM_MARKER"
  log "ready: issuer $(issuer_url) (pid $pid), started in $(elapsed "$start") s"
}

cmd_down() {
  local pid start
  pid="$(server_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  start="$(now)"
  log "stopping Keycloak (pid $pid) ..."
  stop_pid "$pid"
  rm -f "$PID_FILE"
  log "stopped in $(elapsed "$start") s"
}

cmd_status() {
  local pid
  pid="$(server_pid)"
  if [[ -n "$pid" ]]; then
    if realm_ready; then
      log "running (pid $pid), issuer $(issuer_url), data $DATA_DIR"
    else
      log "running (pid $pid) but the realm does not answer yet at $(issuer_url)"
    fi
    return 0
  fi
  log "not running"
  return 1
}

cmd_reset() {
  cmd_down
  if [[ -d "$DATA_DIR" ]]; then
    rm -rf -- "$DATA_DIR"
    log "deleted data dir $DATA_DIR (distribution kept in $DIST_DIR)"
  else
    log "no data dir at $DATA_DIR"
  fi
}

cmd_logs() {
  [[ -f "$LOG_FILE" ]] || die "no log file at $LOG_FILE"
  if [[ "${1:-}" == "-f" || "${1:-}" == "--follow" ]]; then
    exec tail -n "${KEYCLOAK_LOG_LINES:-100}" -F "$LOG_FILE"
  fi
  tail -n "${KEYCLOAK_LOG_LINES:-100}" "$LOG_FILE"
}

usage() {
  cat <<EOF
Usage: $(basename "$0") <command>

  fetch    fetch Keycloak $(keycloak_version) (keycloak-quarkus-dist zip) from Maven Central, unpack into $DIST_DIR
  up       fetch if needed, start Keycloak in dev mode with the realm $REALM imported, wait until ready
  down     stop Keycloak (SIGTERM, SIGKILL after \$KEYCLOAK_STOP_TIMEOUT s)
  status   exit 0 if running, 1 if not
  reset    down + delete the data dir ($DATA_DIR); keeps the distribution
  logs     print the last lines of the server log; 'logs -f' follows it

Env: KEYCLOAK_PORT ($KEYCLOAK_PORT) KEYCLOAK_HOST ($KEYCLOAK_HOST) KEYCLOAK_MANAGEMENT_PORT
     KEYCLOAK_DATA_DIR KEYCLOAK_CACHE_DIR KEYCLOAK_HEAP_OPTS KEYCLOAK_START_TIMEOUT
     KEYCLOAK_STOP_TIMEOUT KEYCLOAK_MVN_OPTS KEYCLOAK_JAVA_OPTS_APPEND KEYCLOAK_LOG_LINES JAVA_HOME
EOF
}

main() {
  local cmd="${1:-help}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    up | start) cmd_up ;;
    down | stop) cmd_down ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    logs) cmd_logs "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
