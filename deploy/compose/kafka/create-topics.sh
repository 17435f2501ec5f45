#!/usr/bin/env bash
# One-shot job of docker-compose.yml (service `kafka-init`, apache/kafka image): creates the five
# event topics and their dead-letter topics (idempotent). Topic names come from @sa/contracts
# (TOPICS, dlqTopic); test/compose/compose.unit.spec.ts checks that this list matches.
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:19092}"
PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-6}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

TOPICS=(
  sa.intake.events
  sa.verification.events
  sa.eligibility.events
  sa.disbursement.events
  sa.follow-up.events
)

for topic in "${TOPICS[@]}"; do
  for name in "$topic" "$topic.dlq"; do
    "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
      --topic "$name" --partitions "$PARTITIONS" --replication-factor 1 \
      --config min.insync.replicas=1
  done
done
"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list
