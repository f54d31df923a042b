#!/usr/bin/env bash
# Generates the Docker secrets docker-compose.yml reads, into this folder (or $1). Existing files
# are kept, so running it again never rotates a secret by accident; delete a file to regenerate it.
# Needs openssl. The generated files are git-ignored: never commit them.
#
#   bash docker/secrets/generate.sh && docker compose up -d
set -euo pipefail

dir=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
mkdir -p "$dir"
chmod 700 "$dir"
command -v openssl >/dev/null || { echo "generate.sh: openssl is required" >&2; exit 1; }

# The containers run as other users than you (node, postgres, grafana...): the files are readable
# by all, and the folder (700) keeps other host users out.
random() { [[ -s $dir/$1 ]] || { openssl rand -hex "${2:-24}" | tr -d '\n' >"$dir/$1"; chmod 644 "$dir/$1"; echo "created $dir/$1"; }; }

random postgres_password # the PostgreSQL superuser: docker/postgres/init.sh only
for app in events payments clients; do random "postgres_${app}_password"; done
random mongo_root_password # docker/mongo/init.sh only
for app in users tickets marketing; do random "mongo_${app}_password"; done
for app in events payments clients tickets marketing; do random "kafka_${app}_password"; done
random internal_api_token 32
random admin_password 12
random grafana_admin_password 12
random grafana_reader_password
random elastic_password
random kibana_system_password
random filebeat_password

# The key payments seals payment tokens with (kid=base64 of 32 bytes; a rotation puts a new line first).
[[ -s $dir/payment_token_keys ]] || {
  echo "k1=$(openssl rand -base64 32)" >"$dir/payment_token_keys"
  chmod 644 "$dir/payment_token_keys"
  echo "created $dir/payment_token_keys"
}

# The RS256 key pair users signs tokens with; every other app verifies with the public half.
if [[ ! -s $dir/jwt_private_key || ! -s $dir/jwt_public_key ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/jwt_private_key" 2>/dev/null
  openssl pkey -in "$dir/jwt_private_key" -pubout -out "$dir/jwt_public_key"
  chmod 644 "$dir/jwt_private_key" "$dir/jwt_public_key"
  echo "created $dir/jwt_private_key and jwt_public_key"
fi
echo "secrets ready in $dir (first admin: admin@event-tickets.local / the password in admin_password)"
