#!/usr/bin/env bash
# Starts the whole system locally: Apache Kafka (KRaft, from Maven Central), the verification-
# platform simulator and the five services against local PostgreSQL. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export NODE_ENV="${NODE_ENV:-development}"
export EVENT_STORE="${EVENT_STORE:-postgresql}"
export JWT_SECRET="${JWT_SECRET:-local-development-secret-not-for-production}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
export TZ="${TZ:-Asia/Shanghai}"
export SIMULATOR_URL="${SIMULATOR_URL:-http://127.0.0.1:3090}"
LOG_DIR="$REPO/.cache/logs"
mkdir -p "$LOG_DIR"

# name:port:schema
SERVICES=(intake:3001:intake verification:3002:verification eligibility:3003:eligibility \
          disbursement:3004:disbursement follow-up:3005:follow_up audit:3006:audit)
PIDS=()

shutdown() {
  trap - INT TERM EXIT
  log "stopping services"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  stop_kafka_if_started
  # --- gateway: stop the Keycloak this script started ---
  if [ -n "${KEYCLOAK_STARTED:-}" ]; then bash "$REPO/deploy/keycloak/keycloak.sh" down >/dev/null 2>&1 || true; fi
  # --- end gateway ---
  log "stopped"
}
trap shutdown INT TERM EXIT

ensure_node_modules
ensure_build
ensure_postgres
ensure_kafka

# --- gateway: Keycloak (identity provider for the workbench sign-in); NO_KEYCLOAK=1 skips it ---
export KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
export WORKBENCH_PORT="${WORKBENCH_PORT:-3000}"
if [ -z "${NO_KEYCLOAK:-}" ]; then
  if ! bash "$REPO/deploy/keycloak/keycloak.sh" status >/dev/null 2>&1; then KEYCLOAK_STARTED=1; fi
  bash "$REPO/deploy/keycloak/keycloak.sh" up
  # The services accept the tokens Keycloak issues to the workbench (instead of the local HS256 ones).
  export OIDC_ISSUER_URL="http://127.0.0.1:$KEYCLOAK_PORT/realms/social-assistance"
  export JWT_ISSUER="$OIDC_ISSUER_URL"
  export JWT_JWKS_URL="$OIDC_ISSUER_URL/protocol/openid-connect/certs"
fi
# --- end gateway ---

if [ -f dist/test/simulator/main.js ] && [ -z "${NO_SIMULATOR:-}" ]; then
  # local only: the simulator's /admin/* (behaviour scripting) needs this bearer token
  export SIMULATOR_ADMIN_TOKEN="${SIMULATOR_ADMIN_TOKEN:-local-simulator-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}"
  HTTP_PORT=3090 node dist/test/simulator/main.js >>"$LOG_DIR/simulator.log" 2>&1 &
  PIDS+=($!)
fi
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port schema <<<"$entry"
  HTTP_PORT="$port" DATABASE_SCHEMA="$schema" KAFKA_CLIENT_ID="sa-$name" \
    node "dist/services/$name/src/main.js" >>"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=($!)
done

log "waiting for /health/ready"
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port _ <<<"$entry"
  ok=0
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.5
  done
  if [ "$ok" = 1 ]; then log "$name ready"; else log "$name did not become ready — see $LOG_DIR/$name.log"; tail -n 20 "$LOG_DIR/$name.log" >&2; exit 1; fi
done

# --- gateway: the workbench gateway (services/workbench) ---
if [ -z "${NO_KEYCLOAK:-}" ]; then
  INTAKE_URL=http://127.0.0.1:3001 VERIFICATION_URL=http://127.0.0.1:3002 ELIGIBILITY_URL=http://127.0.0.1:3003 \
  DISBURSEMENT_URL=http://127.0.0.1:3004 FOLLOW_UP_URL=http://127.0.0.1:3005 AUDIT_URL=http://127.0.0.1:3006 \
    node dist/services/workbench/src/main.js >>"$LOG_DIR/workbench.log" 2>&1 &
  PIDS+=($!)
  ok=0
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$WORKBENCH_PORT/health/ready" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.5
  done
  if [ "$ok" = 1 ]; then log "workbench ready"; else log "workbench did not become ready — see $LOG_DIR/workbench.log"; tail -n 20 "$LOG_DIR/workbench.log" >&2; exit 1; fi
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

  Press Ctrl-C to stop everything.
MSG

# Exit (and stop everything) if any process dies.
while true; do
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then log "process $pid exited — stopping"; exit 1; fi
  done
  sleep 2
done
