#!/usr/bin/env bash
# MongoDB init (docker-entrypoint-initdb.d; runs once, on an empty data volume, authenticated as the
# root user, which no app uses): per MongoDB app (users, tickets, marketing) a user of its own name,
# defined in the admin database, with readWrite on its own database only; the password from
# /run/secrets/mongo_<app>_password. The image's entrypoint sources this file with the root
# credentials in MONGO_INITDB_ROOT_USERNAME / MONGO_INITDB_ROOT_PASSWORD (read from its _FILE).
set -euo pipefail

for app in users tickets marketing; do
  APP="$app" PASSWORD="$(tr -d '\r\n' <"/run/secrets/mongo_${app}_password")" \
    mongosh --quiet --username "$MONGO_INITDB_ROOT_USERNAME" --password "$MONGO_INITDB_ROOT_PASSWORD" \
    --authenticationDatabase admin admin --eval '
      db.createUser({
        user: process.env.APP,
        pwd: process.env.PASSWORD,
        roles: [{ role: "readWrite", db: process.env.APP }],
      });'
done
