#!/usr/bin/env bash
# Runs every test: type-check, lint, unit, integration (real PostgreSQL + real Kafka) and
# end-to-end (services as processes). Starts Kafka if it is not running and stops it afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_kafka_if_started EXIT

ensure_node_modules
# Wall time of each phase (printed with the summary): which lane is CI's critical path.
mkdir -p .cache
PHASES=.cache/test-phases.txt
: > "$PHASES"
phase() { echo "$1 $(( $(date +%s) - $2 ))" >> "$PHASES"; } # name, start (epoch s)
t_all=$(date +%s)
t=$(date +%s)
# The build only emits (tsc --noCheck): the type-check below checks every file, tests included, once.
ensure_build --no-check
phase build "$t"
ensure_postgres --test

# The infrastructure (JVMs that mostly wait while starting) comes up in the background while the
# type-check and lint run; each is awaited before jest. Started here = stopped here.
mkdir -p .cache
BACKGROUND=()
background() { # name, command…: runs it with its output in .cache/<name>-up.log
  local name=$1; shift
  ( "$@" > ".cache/$name-up.log" 2>&1 ) & BACKGROUND+=("$name:$!")
}
await_background() {
  local entry name pid failed=0
  for entry in "${BACKGROUND[@]}"; do
    name=${entry%%:*}; pid=${entry#*:}
    if wait "$pid"; then tail -n 1 ".cache/$name-up.log" >&2; else log "$name failed to start:"; cat ".cache/$name-up.log" >&2; failed=1; fi
  done
  return $failed
}
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
if [ -z "${KAFKA_EXTERNAL:-}" ] && ! bash deploy/kafka/kafka.sh status >/dev/null 2>&1; then
  background kafka bash deploy/kafka/kafka.sh up; KAFKA_STARTED_HERE=1
fi
# --- paper: S3Mock (deploy/s3/s3mock.sh) for the attachment store's S3 tests, unless S3_ENDPOINT is given ---
S3_STARTED_HERE=0
if [ -z "${S3_ENDPOINT:-}" ]; then
  if ! bash deploy/s3/s3mock.sh status >/dev/null 2>&1; then background s3mock bash deploy/s3/s3mock.sh up; S3_STARTED_HERE=1; fi
fi
# --- end paper ---
# --- gateway: one Keycloak for the workbench's three browser specs (each would start and stop its own) ---
KEYCLOAK_STARTED_HERE=0
if [ -z "${SKIP_KEYCLOAK:-}" ] && ! bash deploy/keycloak/keycloak.sh status >/dev/null 2>&1; then
  background keycloak bash deploy/keycloak/keycloak.sh up; KEYCLOAK_STARTED_HERE=1
fi
# --- end gateway ---
stop_started_here() {
  stop_kafka_if_started
  if [ "$S3_STARTED_HERE" = 1 ]; then bash deploy/s3/s3mock.sh down || true; fi
  if [ "$KEYCLOAK_STARTED_HERE" = 1 ]; then bash deploy/keycloak/keycloak.sh down >/dev/null 2>&1 || true; fi
}
trap 'wait; stop_started_here' EXIT

log "type-check and lint (in parallel)"
t=$(date +%s)
checks=0
npm run --silent typecheck > .cache/typecheck.log 2>&1 & typecheck_pid=$!
npm run --silent lint > .cache/lint.log 2>&1 & lint_pid=$!
if ! wait $typecheck_pid; then checks=1; log "type-check failed:"; fi
cat .cache/typecheck.log
if ! wait $lint_pid; then checks=1; log "lint failed:"; fi
cat .cache/lint.log
phase type-check+lint "$t"
t=$(date +%s)
await_background || exit 1
phase infrastructure-wait "$t"
if [ -z "${S3_ENDPOINT:-}" ]; then eval "$(bash deploy/s3/s3mock.sh env)"; fi
[ "$checks" = 0 ] || exit 1

mkdir -p .cache
results=.cache/jest-results.json
unit_results=.cache/jest-results-unit.json
e2e_results=.cache/jest-results-e2e.json
lane1_results=.cache/jest-results-lane1.json
rm -f "$results" "$unit_results" "$e2e_results" "$lane1_results"
log "jest: unit, integration, e2e (event store adapter: ${EVENT_STORE:-postgresql}${EVENTSTORE_CONNECTION_STRING:+; EventStoreDB conformance enabled})"
status=0
if [ "$#" -eq 0 ]; then
  # The unit tier is pure: it runs on every core (JEST_UNIT_WORKERS, default 2); integration and e2e tests
  # share PostgreSQL schemas, brokers and ports, so they run one file at a time.
  t=$(date +%s)
  npx jest --selectProjects unit --maxWorkers="${JEST_UNIT_WORKERS:-2}" --json --outputFile="$unit_results" || status=$?
  phase unit "$t"
  if [ "${TEST_TIERS:-parallel}" = parallel ]; then
    # Two lanes side by side, each one file at a time. Integration tests use the shared broker (KAFKA_BROKERS);
    # e2e tests start their own broker (E2E_KAFKA_PORT; each lane its own ports and data dir), their services on
    # free ports and their own schemas, and the browser specs share the one Keycloak. Lane 1: integration, then
    # the workbench's browser specs not named in LANE2_WORKBENCH; lane 2: the other e2e specs (journey,
    # start-stop, verification) and the named browser specs. TEST_TIERS=serial: one after the other.
    LANE2_WORKBENCH="${LANE2_WORKBENCH:-workbench-pages workbench-policy-impact sign-in}"
    lane1_e2e=(); lane2_e2e=()
    while IFS= read -r f; do
      case "$f" in
        ./services/workbench/*)
          name=$(basename "$f" .e2e.spec.ts)
          if [[ " $LANE2_WORKBENCH " == *" $name "* ]]; then lane2_e2e+=("${f#./}"); else lane1_e2e+=("${f#./}"); fi ;;
        *) lane2_e2e+=("${f#./}") ;;
      esac
    done < <(find . -name '*.e2e.spec.ts' -not -path './node_modules/*' -not -path './dist/*' -not -path './.cache/*' | sort)
    log "lane 1: integration, then ${lane1_e2e[*]}; lane 2 (output in .cache/jest-e2e.log): ${lane2_e2e[*]}"
    t_lanes=$(date +%s)
    ( rc=0; npx jest --selectProjects e2e --runInBand --json --outputFile="$e2e_results" "${lane2_e2e[@]}" > .cache/jest-e2e.log 2>&1 || rc=$?; phase "lane-2:e2e" "$t_lanes"; exit $rc ) & e2e_pid=$!
    npx jest --selectProjects integration --runInBand --json --outputFile="$results" || status=$?
    phase "lane-1:integration" "$t_lanes"
    if [ "${#lane1_e2e[@]}" -gt 0 ]; then
      t=$(date +%s)
      E2E_KAFKA_PORT="${E2E_LANE1_KAFKA_PORT:-29192}" E2E_KAFKA_CONTROLLER_PORT="${E2E_LANE1_KAFKA_CONTROLLER_PORT:-29193}" \
        E2E_KAFKA_DATA_DIR="$PWD/.cache/kafka-e2e-lane1" \
        npx jest --selectProjects e2e --runInBand --json --outputFile="$lane1_results" "${lane1_e2e[@]}" || status=$?
      phase "lane-1:e2e" "$t"
    fi
    phase "lane-1" "$t_lanes"
    wait $e2e_pid || status=$?
    log "lane 2:"; cat .cache/jest-e2e.log
  else
    t=$(date +%s)
    npx jest --selectProjects integration e2e --runInBand --json --outputFile="$results" || status=$?
    phase "integration+e2e" "$t"
  fi
else
  npx jest --runInBand --json --outputFile="$results" "$@" || status=$?
fi
phase total "$t_all"
PHASES="$PHASES" node -e '
  const fs = require("fs");
  const runs = process.argv.slice(1).filter((f) => fs.existsSync(f)).map((f) => require(f));
  if (!runs.length) process.exit(0);
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`\njest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
  console.log(`suites: ${sum("numPassedTestSuites")} passed, ${sum("numFailedTestSuites")} failed`);
  const suites = runs.flatMap((r) => r.testResults).map((t) => ({ file: t.name.replace(process.cwd() + "/", ""), s: (t.endTime - t.startTime) / 1000, ok: t.status }));
  console.log("slowest suites:");
  for (const t of suites.sort((a, b) => b.s - a.s).slice(0, 12)) console.log(`  ${t.s.toFixed(1).padStart(7)} s  ${t.file}${t.ok === "failed" ? "  (failed)" : ""}`);
  const failed = suites.filter((t) => t.ok === "failed");
  if (failed.length) { console.log("failed suites:"); for (const t of failed) console.log("  " + t.file); }
  const phases = fs.existsSync(process.env.PHASES) ? fs.readFileSync(process.env.PHASES, "utf8").trim().split("\n").filter(Boolean) : [];
  if (phases.length) { console.log("phases (wall time; the two lanes run side by side):"); for (const l of phases) { const [n, s] = l.split(" "); console.log(`  ${s.padStart(7)} s  ${n}`); } }
' "$PWD/$unit_results" "$PWD/$results" "$PWD/$e2e_results" "$PWD/$lane1_results"
exit $status
