#!/usr/bin/env bash
# Creates the project's Kafka topics with their partition counts and configs. Idempotent: safe to
# run on every deploy. Runs in the apache/kafka image (kafka-topics.sh, kafka-configs.sh).
#
# Used by docker/compose.yaml (service kafka-topics) and by the k8s Job dossier-ledger-kafka-topics
# (k8s/base/kafka-topics/ holds an identical copy: kustomize cannot read files outside its folder).
# topics.txt next to it is generated from libs/contracts/src/lib/topics.ts by
# `node tools/deploy/topics.cjs`; libs/deploy-checks fails when the copies drift.
#
# Environment:
#   KAFKA_BOOTSTRAP       host:port[,host:port]                          (required)
#   TOPICS_FILE           the topic list                                  (default: topics.txt beside this script)
#   REPLICATION_FACTOR    replicas per partition   (default: the cluster's default.replication.factor)
#   EXTRA_TOPIC_CONFIG    key=value ... added to every topic                  (e.g. min.insync.replicas=2)
#   KAFKA_COMMAND_CONFIG  client properties file for TLS/SASL clusters              (default: none)
#   KAFKA_BIN             folder of the Kafka scripts                       (default: /opt/kafka/bin)
#   WAIT_SECONDS          how long to wait for the cluster to answer                  (default: 180)
#
# Partition counts are never changed here: raising the count of a keyed topic sends a key's later
# records to another partition (breaking per-key order and partition-owned state). An existing
# topic with another count fails the run, naming it; see docs/deploy.md.
set -euo pipefail

bin=${KAFKA_BIN:-/opt/kafka/bin}
bootstrap=${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP must be set to host:port[,host:port]}
topics_file=${TOPICS_FILE:-$(dirname "$0")/topics.txt}
wait_seconds=${WAIT_SECONDS:-180}
client=(--bootstrap-server "$bootstrap")
if [[ -n ${KAFKA_COMMAND_CONFIG:-} ]]; then client+=(--command-config "$KAFKA_COMMAND_CONFIG"); fi

deadline=$((SECONDS + wait_seconds))
until "$bin/kafka-topics.sh" "${client[@]}" --list > /dev/null 2>&1 < /dev/null; do
  if ((SECONDS >= deadline)); then
    echo "ERROR: Kafka at $bootstrap did not answer within ${wait_seconds}s" >&2
    exit 1
  fi
  echo "waiting for Kafka at $bootstrap ..."
  sleep 3
done

status=0
while read -r name partitions configs <&3; do
  [[ -z $name || $name == \#* ]] && continue
  read -r -a entries <<< "$configs ${EXTRA_TOPIC_CONFIG:-}"
  create=(--create --if-not-exists --topic "$name" --partitions "$partitions")
  if [[ -n ${REPLICATION_FACTOR:-} ]]; then create+=(--replication-factor "$REPLICATION_FACTOR"); fi
  for entry in "${entries[@]}"; do create+=(--config "$entry"); done
  "$bin/kafka-topics.sh" "${client[@]}" "${create[@]}" < /dev/null

  actual=$("$bin/kafka-topics.sh" "${client[@]}" --describe --topic "$name" < /dev/null |
    sed -n 's/.*PartitionCount:[[:space:]]*\([0-9][0-9]*\).*/\1/p' | head -n 1)
  if [[ $actual != "$partitions" ]]; then
    echo "ERROR: topic $name has ${actual:-?} partitions, expected $partitions; not changed (see docs/deploy.md, 'Topics')" >&2
    status=1
    continue
  fi
  if ((${#entries[@]} > 0)); then
    # Brings the config of a topic that already existed in line with the list.
    "$bin/kafka-configs.sh" "${client[@]}" --alter --entity-type topics --entity-name "$name" \
      --add-config "$(IFS=,; echo "${entries[*]}")" < /dev/null > /dev/null
  fi
  echo "topic $name: $partitions partitions, ${entries[*]:-broker defaults}"
done 3< "$topics_file"
exit "$status"
