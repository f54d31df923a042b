#!/usr/bin/env bash
# PostgreSQL init (docker-entrypoint-initdb.d; runs once, on an empty data volume): one database
# per owning app, and a read-only role for Grafana's "sales per event" panel on the events database.
set -euo pipefail

for db in events payments clients; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE $db" || true
done

if [[ -f /run/secrets/grafana_reader_password ]]; then
  reader_password=$(tr -d '\r\n' </run/secrets/grafana_reader_password)
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname events \
    -v password="$reader_password" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE events TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
-- The tables are created later by the events app's migrations (as POSTGRES_USER).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
fi
