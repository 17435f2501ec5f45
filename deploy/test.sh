#!/usr/bin/env bash
# Runs every test: type-check, lint, unit, integration (real PostgreSQL + real Kafka) and
# end-to-end (services as processes). Starts Kafka if it is not running and stops it afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_kafka_if_started EXIT

ensure_node_modules
ensure_build
ensure_postgres --test
ensure_kafka
# --- paper: S3Mock (deploy/s3/s3mock.sh) for the attachment store's S3 tests, unless S3_ENDPOINT is given ---
S3_STARTED_HERE=0
if [ -z "${S3_ENDPOINT:-}" ]; then
  if ! bash deploy/s3/s3mock.sh status >/dev/null 2>&1; then bash deploy/s3/s3mock.sh up; S3_STARTED_HERE=1; fi
  eval "$(bash deploy/s3/s3mock.sh env)"
fi
trap 'stop_kafka_if_started; if [ "$S3_STARTED_HERE" = 1 ]; then bash deploy/s3/s3mock.sh down || true; fi' EXIT
# --- end paper ---

log "type-check"
npm run --silent typecheck
log "lint"
npm run --silent lint

mkdir -p .cache
results=.cache/jest-results.json
rm -f "$results"
log "jest: unit, integration, e2e (event store adapter: ${EVENT_STORE:-postgresql}${EVENTSTORE_CONNECTION_STRING:+; EventStoreDB conformance enabled})"
status=0
npx jest --runInBand --json --outputFile="$results" "$@" || status=$?
if [ -f "$results" ]; then
  node -e '
    const r = require(process.argv[1]);
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
    console.log(`suites: ${r.numPassedTestSuites} passed, ${r.numFailedTestSuites} failed`);
  ' "$PWD/$results"
fi
exit $status
