# Shared helpers for deploy/start.sh and deploy/test.sh. Source it; do not run it.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO
cd "$REPO"

log() { printf '\033[1m[%s]\033[0m %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Install node_modules when missing or older than package-lock.json.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_build() {
  if [ "${1:-}" = --no-check ]; then
    log "building (tsc --noCheck → dist/; types are checked separately)"
    npm run --silent build:emit
  else
    log "building (tsc → dist/)"
    npm run --silent build
  fi
}

# PostgreSQL must answer at DATABASE_URL (default: 127.0.0.1:5432, trust auth).
ensure_postgres() {
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/social_assistance}"
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/social_assistance_test}"
  node dist/deploy/db/setup.js "$@"
}

KAFKA_STARTED_HERE=0
ensure_kafka() {
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
  if [ -n "${KAFKA_EXTERNAL:-}" ]; then
    log "using external Kafka at $KAFKA_BROKERS"
    return
  fi
  if bash deploy/kafka/kafka.sh status >/dev/null 2>&1; then
    log "Kafka already running at $KAFKA_BROKERS"
  else
    bash deploy/kafka/kafka.sh up
    KAFKA_STARTED_HERE=1
  fi
}

stop_kafka_if_started() {
  if [ "$KAFKA_STARTED_HERE" = 1 ]; then
    bash deploy/kafka/kafka.sh down || true
  fi
}
