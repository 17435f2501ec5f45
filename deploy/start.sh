#!/usr/bin/env bash
# Starts the whole system locally: Apache Kafka (KRaft, from Maven Central), Keycloak, and — under
# the supervisor (deploy/supervisor) — the verification-platform simulator, the six services and the
# workbench gateway, against local PostgreSQL. A process that dies is restarted (bounded, with
# backoff; see the log). Ctrl-C, SIGINT/SIGTERM/SIGHUP to this script or to `npm start`, or npm's
# death stop everything this script started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export NODE_ENV="${NODE_ENV:-development}"
export EVENT_STORE="${EVENT_STORE:-postgresql}"
export JWT_SECRET="${JWT_SECRET:-local-development-secret-not-for-production}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
export TZ="${TZ:-Asia/Shanghai}"
# SA_PORT_OFFSET (default 0) moves every port this script gives out (services 3001–3006, simulator 3090,
# workbench 3000) by the same amount, and SA_LOG_DIR the logs: a second system beside a running one
# (deploy/test/start-stop.e2e.spec.ts uses both).
PORT_OFFSET="${SA_PORT_OFFSET:-0}"
export SIMULATOR_URL="${SIMULATOR_URL:-http://127.0.0.1:$((3090 + PORT_OFFSET))}"
export VERIFICATION_CALLBACK_URL="${VERIFICATION_CALLBACK_URL:-http://127.0.0.1:$((3002 + PORT_OFFSET))/platform/callbacks}"
LOG_DIR="${SA_LOG_DIR:-$REPO/.cache/logs}"
STATE_FILE="$LOG_DIR/supervisor.json"
mkdir -p "$LOG_DIR"

# name:port:schema
SERVICES=(intake:3001:intake verification:3002:verification eligibility:3003:eligibility \
          disbursement:3004:disbursement follow-up:3005:follow_up audit:3006:audit)
SUP_PID=""
# `npm start` runs this script with `exec` (package.json), so $PPID is npm: the supervisor stops
# everything when npm disappears (e.g. SIGKILLed), which no trap here could notice.
WATCH_PID="$PPID"

stop_all() {
  trap 'log "already stopping — please wait"' INT TERM HUP
  trap - EXIT
  if [ -n "$SUP_PID" ] && kill -0 "$SUP_PID" 2>/dev/null; then
    log "stopping the supervised processes"
    kill -TERM "$SUP_PID" 2>/dev/null || true
    wait "$SUP_PID" 2>/dev/null || true
  fi
  stop_kafka_if_started
  # --- gateway: stop the Keycloak this script started ---
  if [ -n "${KEYCLOAK_STARTED:-}" ]; then bash "$REPO/deploy/keycloak/keycloak.sh" down >/dev/null 2>&1 || true; fi
  # --- end gateway ---
  log "stopped"
}
# A signal ends the script (a trap that returned would let it carry on); the EXIT trap cleans up.
# While a preparation step (build, Kafka, Keycloak) runs in the foreground, bash acts on a signal sent
# to it alone once that step ends.
on_signal() { log "received $1 — stopping everything"; exit "$2"; }
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP
trap stop_all EXIT

ensure_node_modules
# NO_BUILD=1 reuses an existing dist/ (tests that start the real thing; you, after a build).
if [ -n "${NO_BUILD:-}" ] && [ -f dist/deploy/supervisor/main.js ]; then log "NO_BUILD=1: using the existing dist/"; else ensure_build; fi
ensure_postgres
ensure_kafka

# --- gateway: Keycloak (identity provider for the workbench sign-in); NO_KEYCLOAK=1 skips it ---
export KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
export WORKBENCH_PORT="${WORKBENCH_PORT:-$((3000 + PORT_OFFSET))}"
if [ -z "${NO_KEYCLOAK:-}" ]; then
  if ! bash "$REPO/deploy/keycloak/keycloak.sh" status >/dev/null 2>&1; then KEYCLOAK_STARTED=1; fi
  bash "$REPO/deploy/keycloak/keycloak.sh" up
  # The services accept the tokens Keycloak issues to the workbench (instead of the local HS256 ones).
  export OIDC_ISSUER_URL="http://127.0.0.1:$KEYCLOAK_PORT/realms/social-assistance"
  export JWT_ISSUER="$OIDC_ISSUER_URL"
  export JWT_JWKS_URL="$OIDC_ISSUER_URL/protocol/openid-connect/certs"
fi
# --- end gateway ---

PROCS=()
if [ -f dist/test/simulator/main.js ] && [ -z "${NO_SIMULATOR:-}" ]; then
  # local only: the simulator's /admin/* (behaviour scripting) needs this bearer token
  export SIMULATOR_ADMIN_TOKEN="${SIMULATOR_ADMIN_TOKEN:-local-simulator-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}"
  PROCS+=(--proc "name=simulator port=$((3090 + PORT_OFFSET)) entry=dist/test/simulator/main.js HTTP_HOST=${SIMULATOR_HOST:-127.0.0.1}")
fi
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port schema <<<"$entry"
  port=$((port + PORT_OFFSET))
  PROCS+=(--proc "name=$name port=$port entry=dist/services/$name/src/main.js DATABASE_SCHEMA=$schema KAFKA_CLIENT_ID=sa-$name")
done
# --- gateway: the workbench gateway (services/workbench), started once the services are ready ---
if [ -z "${NO_KEYCLOAK:-}" ]; then
  PROCS+=(--then --proc "name=workbench port=$WORKBENCH_PORT entry=dist/services/workbench/src/main.js \
INTAKE_URL=http://127.0.0.1:$((3001 + PORT_OFFSET)) VERIFICATION_URL=http://127.0.0.1:$((3002 + PORT_OFFSET)) \
ELIGIBILITY_URL=http://127.0.0.1:$((3003 + PORT_OFFSET)) DISBURSEMENT_URL=http://127.0.0.1:$((3004 + PORT_OFFSET)) \
FOLLOW_UP_URL=http://127.0.0.1:$((3005 + PORT_OFFSET)) AUDIT_URL=http://127.0.0.1:$((3006 + PORT_OFFSET)) \
DIRECTORY_CLIENT_SECRET=workbench-directory-local-secret")
fi
# --- end gateway ---

log "starting the supervised processes; waiting for /health/ready (logs: $LOG_DIR/<name>.log)"
rm -f "$STATE_FILE"
node dist/deploy/supervisor/main.js --log-dir "$LOG_DIR" --state-file "$STATE_FILE" --watch-pid "$WATCH_PID" "${PROCS[@]}" &
SUP_PID=$!
until grep -qs '"allReady": true' "$STATE_FILE"; do
  if ! kill -0 "$SUP_PID" 2>/dev/null; then
    status=0; wait "$SUP_PID" || status=$?
    log "start-up failed (supervisor exit code $status)"; exit 1
  fi
  sleep 0.3
done

# --- gateway: how to sign in ---
if [ -z "${NO_KEYCLOAK:-}" ]; then
  cat <<MSG

  Workbench (sign in with Keycloak): http://127.0.0.1:$WORKBENCH_PORT
  Keycloak: http://127.0.0.1:$KEYCLOAK_PORT (realm social-assistance)
  Demo accounts (LOCAL ONLY), password Sa-demo-2026:
    officer-330106001  reviewer-330106001  community-330106001   (西湖区 北山街道; also 330106002 西溪街道, 330102001 上城区 清波街道)
    approver-330106  disburser-330106  policy-330106  auditor-330106   (西湖区; also 330102 上城区)
  With Keycloak on, the services accept Keycloak's tokens only (the minted token below is refused);
  NO_KEYCLOAK=1 npm start runs without Keycloak and the workbench, with minted tokens.
MSG
fi
# --- end gateway ---

TOKEN_OFFICER=$(node dist/deploy/auth/mint-token.js street_officer 2>/dev/null || true)
cat <<MSG

  社会救助业务协同 — running locally (event store: $EVENT_STORE on PostgreSQL, Kafka: $KAFKA_BROKERS)

  API docs (OpenAPI):
    intake        http://127.0.0.1:3001/api-docs
    verification  http://127.0.0.1:3002/api-docs
    eligibility   http://127.0.0.1:3003/api-docs
    disbursement  http://127.0.0.1:3004/api-docs
    follow-up     http://127.0.0.1:3005/api-docs
    audit         http://127.0.0.1:3006/api-docs   (auditor role; CLI: npm run --silent audit -- history <caseId>)
    simulator     http://127.0.0.1:3090   (verification-platform simulator; /admin/* token: ${SIMULATOR_ADMIN_TOKEN:-})

  Health: /health/ready   Metrics: /metrics   Logs: $LOG_DIR/<service>.log

  A street-officer token (jurisdiction 330106001, valid 12 h):
    export TOKEN=$TOKEN_OFFICER
  Other roles: node dist/deploy/auth/mint-token.js <role> [jurisdiction]

  A process that dies is restarted (at most ${SUPERVISOR_MAX_RESTARTS:-5} times in 10 min, backoff from 1 s; the log
  says so); past that, everything stops. Press Ctrl-C to stop everything.
MSG

# The supervisor runs until it is told to stop, gives up on a process, or npm is gone.
status=0
wait "$SUP_PID" || status=$?
SUP_PID=""
log "supervisor exited (code $status)"
exit "$status"
