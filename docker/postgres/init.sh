#!/usr/bin/env bash
# PostgreSQL init (docker-entrypoint-initdb.d; runs once, on an empty data volume, as the superuser,
# which no app uses): per PostgreSQL app (events, payments, clients) a login role of its own name
# that owns its database and nothing else, with its password from /run/secrets/postgres_<app>_password;
# and a read-only role for Grafana's "sales per event" panel on the events database.
set -euo pipefail

secret() { tr -d '\r\n' <"/run/secrets/$1"; }

for app in events payments clients; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v app="$app" -v password="$(secret "postgres_${app}_password")" <<'SQL'
CREATE ROLE :"app" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"app" OWNER :"app";
-- Nobody else may connect to it (PUBLIC has CONNECT and TEMP by default).
REVOKE ALL ON DATABASE :"app" FROM PUBLIC;
SQL
done

reader_password=$(secret grafana_reader_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname events \
  -v password="$reader_password" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE events TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
-- The tables are created later by the events app's migrations, as the role events.
ALTER DEFAULT PRIVILEGES FOR ROLE events IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
