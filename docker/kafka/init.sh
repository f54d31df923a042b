#!/usr/bin/env bash
# kafka-init (runs in the kafka container's network namespace, so it reaches the broker's loopback
# listener, where the principal is the super user ANONYMOUS; nothing outside that container can):
# the SCRAM-SHA-512 user of each app (password from /run/secrets/kafka_<app>_password), every topic
# with its dead-letter topic, and the ACLs that limit each app to the topics it produces or consumes,
# the dead-letter topics of what it consumes, and its consumer groups. Idempotent.
#
# The ACL table below is checked against the apps' @Consumes / produces declarations by
# scripts/check-deploy.sh (policy); keep both in step.
set -euo pipefail

BOOTSTRAP=127.0.0.1:9091
BIN=/opt/kafka/bin
TOPICS=(PAYMENT_CREATED_TOPIC TRANSACTION_CREATED_TOPIC TRANSACTION_SUCCEEDED_TOPIC TRANSACTION_FAILED_TOPIC
  PAYMENT_SUCCEEDED_TOPIC PAYMENT_FAILED_TOPIC CLIENT_CREATED_TOPIC SEND_TICKET_TOPIC
  PAYMENT_REFUNDED_TOPIC EVENT_CANCELLED_TOPIC)
APPS=(events payments clients tickets marketing)

# app        access  resource  names (write: produce; read: consume; group: consumer group)
ACLS="
events       read    topic     PAYMENT_SUCCEEDED_TOPIC PAYMENT_FAILED_TOPIC PAYMENT_REFUNDED_TOPIC
events       write   topic     PAYMENT_SUCCEEDED_TOPIC.DLQ PAYMENT_FAILED_TOPIC.DLQ PAYMENT_REFUNDED_TOPIC.DLQ EVENT_CANCELLED_TOPIC
events       read    group     events
payments     write   topic     PAYMENT_CREATED_TOPIC TRANSACTION_CREATED_TOPIC TRANSACTION_SUCCEEDED_TOPIC TRANSACTION_FAILED_TOPIC PAYMENT_SUCCEEDED_TOPIC PAYMENT_FAILED_TOPIC PAYMENT_REFUNDED_TOPIC
payments     read    topic     PAYMENT_CREATED_TOPIC TRANSACTION_CREATED_TOPIC TRANSACTION_SUCCEEDED_TOPIC TRANSACTION_FAILED_TOPIC EVENT_CANCELLED_TOPIC
payments     write   topic     PAYMENT_CREATED_TOPIC.DLQ TRANSACTION_CREATED_TOPIC.DLQ TRANSACTION_SUCCEEDED_TOPIC.DLQ TRANSACTION_FAILED_TOPIC.DLQ EVENT_CANCELLED_TOPIC.DLQ
payments     read    group     group-payment-created group-transaction-created group-transaction-succeeded group-transaction-failed group-payments-event-cancelled
clients      read    topic     PAYMENT_SUCCEEDED_TOPIC
clients      write   topic     PAYMENT_SUCCEEDED_TOPIC.DLQ CLIENT_CREATED_TOPIC SEND_TICKET_TOPIC
clients      read    group     clients
tickets      read    topic     SEND_TICKET_TOPIC PAYMENT_REFUNDED_TOPIC
tickets      write   topic     SEND_TICKET_TOPIC.DLQ PAYMENT_REFUNDED_TOPIC.DLQ
tickets      read    group     tickets
marketing    read    topic     CLIENT_CREATED_TOPIC
marketing    write   topic     CLIENT_CREATED_TOPIC.DLQ
marketing    read    group     marketing
"

for app in "${APPS[@]}"; do
  config=$(mktemp)
  echo "SCRAM-SHA-512=iterations=8192,password=$(tr -d '\r\n' <"/run/secrets/kafka_${app}_password")" >"$config"
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type users --entity-name "$app" \
    --add-config-file "$config"
  rm -f "$config"
done

for topic in "${TOPICS[@]}"; do
  for name in "$topic" "$topic.DLQ"; do
    "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
      --topic "$name" --partitions 3 --replication-factor 1
  done
done

while read -r app access resource names; do
  [[ -n $app ]] || continue
  args=()
  for name in $names; do args+=("--$resource" "$name"); done
  # Describe comes with either: the apps list and describe their topics (and groups) at start-up.
  "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --add --allow-principal "User:$app" \
    --operation "${access^}" --operation Describe "${args[@]}"
done <<<"$ACLS"

"$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --list
