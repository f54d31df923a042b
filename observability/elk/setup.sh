#!/usr/bin/env bash
# One-shot set-up of the ELK profile (the `elk-setup` service of docker-compose.yml, run in the
# Elasticsearch image): sets the kibana_system password, creates the accounts Filebeat (write) and
# Grafana (read) use, waits for Kibana and imports the saved data view and searches.
# Idempotent: safe to run at every `docker compose up`. Passwords come from Docker secrets.
set -euo pipefail

ES=${ES_URL:-http://elasticsearch:9200}
KIBANA=${KIBANA_URL:-http://kibana:5601}
secret() { tr -d '\r\n' <"/run/secrets/$1"; }
ELASTIC_PASSWORD=$(secret elastic_password)
es() { curl -fsS -u "elastic:$ELASTIC_PASSWORD" -H 'Content-Type: application/json' "$@"; }
log() { echo "[elk-setup] $*"; }

log "waiting for Elasticsearch at $ES"
until es "$ES/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; do sleep 3; done

log "kibana_system password"
es -X POST "$ES/_security/user/kibana_system/_password" -d "{\"password\":\"$(secret kibana_system_password)\"}" >/dev/null

log "role logs_writer and user filebeat_writer"
es -X PUT "$ES/_security/role/logs_writer" -d '{
  "cluster": ["monitor", "manage_index_templates", "read_ilm"],
  "indices": [{ "names": ["event-tickets-logs-*"], "privileges": ["create_doc", "create_index", "view_index_metadata", "auto_configure"] }]
}' >/dev/null
es -X PUT "$ES/_security/user/filebeat_writer" -d "{\"password\":\"$(secret filebeat_password)\",\"roles\":[\"logs_writer\"]}" >/dev/null

log "role logs_reader and user grafana_reader"
es -X PUT "$ES/_security/role/logs_reader" -d '{
  "cluster": ["monitor"],
  "indices": [{ "names": ["event-tickets-logs-*"], "privileges": ["read", "view_index_metadata"] }]
}' >/dev/null
es -X PUT "$ES/_security/user/grafana_reader" -d "{\"password\":\"$(secret grafana_reader_password)\",\"roles\":[\"logs_reader\"]}" >/dev/null

log "waiting for Kibana at $KIBANA"
until curl -fsS -u "elastic:$ELASTIC_PASSWORD" "$KIBANA/api/status" 2>/dev/null | grep -q '"level":"available"'; do sleep 5; done

log "importing the data view event-tickets-logs-* and the saved searches"
curl -fsS -u "elastic:$ELASTIC_PASSWORD" -H 'kbn-xsrf: true' -X POST "$KIBANA/api/saved_objects/_import?overwrite=true" \
  --form file=@/setup/saved-objects.ndjson >/dev/null
curl -fsS -u "elastic:$ELASTIC_PASSWORD" -H 'kbn-xsrf: true' -H 'Content-Type: application/json' \
  -X POST "$KIBANA/api/kibana/settings" -d '{"changes":{"defaultIndex":"event-tickets-logs"}}' >/dev/null
log "done"
