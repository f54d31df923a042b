# shellcheck shell=bash disable=SC2034  # <C>_PORT, <C>_PROC_MATCH...: read by stack.sh/lib.sh
# PostgreSQL (Debian package) on 127.0.0.1:5432, user postgres / password postgres (scram).
#
# Our own cluster, not Debian's: data in data/postgres under ET_STACK_HOME. When run as root the
# server runs as the `postgres` system user (it refuses root); if that user cannot reach
# ET_STACK_HOME (e.g. /root is mode 700) the data lives in /var/lib/event-tickets/postgres
# instead, with a symlink at data/postgres. ET_PG_DATA overrides the location.
# A server already answering on 5432 is reused when postgres/postgres can log in to it.

POSTGRES_PORT=5432
POSTGRES_PROC_MATCH="bin/postgres"
POSTGRES_READY_TIMEOUT=60
POSTGRES_DATABASES=(events payments clients ferretdb)
POSTGRES_BUSY_HINT="Stop that server (e.g. pg_ctlcluster 15 main stop), or give its user postgres the password postgres."

pg_bin_dir() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  [[ -x $initdb ]] && dirname "$initdb"
}

pg_data_dir() {
  if [[ -n ${ET_PG_DATA:-} ]]; then
    echo "$ET_PG_DATA"
  elif is_root && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
    echo /var/lib/event-tickets/postgres
  else
    echo "$DATA_DIR/postgres"
  fi
}

# as_pg CMD...: run as the postgres system user when we are root (from /, which it can read).
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_psql() {
  local psql
  psql="$(pg_bin_dir)/psql"
  [[ -x $psql ]] || psql=psql
  PGPASSWORD=postgres PGCONNECT_TIMEOUT=3 "$psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres \
    -d postgres -X -A -t -q "$@"
}

postgres_provisioned() {
  [[ -n $(pg_bin_dir) && -f "$(pg_data_dir)/PG_VERSION" ]]
}

postgres_provision() {
  local bin data tmp pwfile
  if [[ -z $(pg_bin_dir) ]]; then
    step "installing PostgreSQL (apt-get install postgresql)"
    apt_install postgresql
  fi
  bin=$(pg_bin_dir)
  [[ -n $bin ]] || die "no initdb under /usr/lib/postgresql/*/bin after installing postgresql"
  data=$(pg_data_dir)
  [[ -f $data/PG_VERSION ]] && return 0

  step "creating the cluster in $data (initdb)"
  # initdb into a scratch dir, moved into place when complete: a half-made cluster is redone.
  tmp="$data.init"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  chmod 700 "$tmp"
  if is_root; then chown postgres:postgres "$tmp"; fi
  pwfile=$(mktemp)
  echo postgres >"$pwfile"
  chmod 644 "$pwfile"
  run_logged "$LOG_DIR/postgres.provision.log" as_pg "$bin/initdb" -D "$tmp" -U postgres \
    --pwfile="$pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
  rm -f "$pwfile"
  echo "include_if_exists = 'et-stack.conf'" >>"$tmp/postgresql.conf"
  if [[ -e $data ]]; then
    rmdir "$data" 2>/dev/null || die "$data exists but holds no cluster (no PG_VERSION): move it away"
  fi
  mv "$tmp" "$data"
  if [[ $data != "$DATA_DIR/postgres" && ! -e "$DATA_DIR/postgres" ]]; then
    ln -s "$data" "$DATA_DIR/postgres"
  fi
}

postgres_write_conf() {
  local data=$1
  cat >"$data/et-stack.conf" <<'EOF'
# Written by scripts/stack/postgres.sh at every start: edit it there.
listen_addresses = '127.0.0.1'
port = 5432
unix_socket_directories = ''    # TCP only
max_connections = 300
password_encryption = scram-sha-256
# Development/test stack only: durability is traded for speed. A crash of the machine (not of
# PostgreSQL) may lose or corrupt this cluster's data, which is disposable.
fsync = off
synchronous_commit = off
full_page_writes = off
log_line_prefix = '%m [%p] %q%u@%d '
# Statement counts and times for the bench's profile (BENCH_PROFILE=1 npm run bench). A preloaded
# library is loaded at the server's start only: a change here needs a restart of postgres.
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
EOF
  if is_root; then chown postgres:postgres "$data/et-stack.conf"; fi
}

postgres_start() {
  local bin data log
  bin=$(pg_bin_dir)
  data=$(pg_data_dir)
  [[ -n $bin && -f $data/PG_VERSION ]] || die "not provisioned: run '$0 provision postgres'"
  [[ $(cat "$data/PG_VERSION") == "$(basename "$(dirname "$bin")")" ]] ||
    die "cluster $data is PostgreSQL $(cat "$data/PG_VERSION") but the binaries are $bin"
  postgres_write_conf "$data"
  log=$(log_file postgres)
  rotate_log "$log"
  echo "===== $(date -Is) starting postgres: pg_ctl start -D $data =====" >>"$log"
  # No -l: the server writes to our log through the inherited stdout. setsid: own session.
  local as=()
  if is_root; then as=(runuser -u postgres --); fi
  (cd / && exec setsid "${as[@]}" "$bin/pg_ctl" start -D "$data" -w -t 60 -s \
    >>"$log" 2>&1 </dev/null 9>&-) || die "pg_ctl start failed"
  head -n 1 "$data/postmaster.pid" >"$(pid_file postgres)"
}

postgres_ready() { [[ $(pg_psql -c 'select 1' 2>/dev/null) == 1 ]]; }

postgres_post_start() {
  step "creating databases if missing (${POSTGRES_DATABASES[*]})"
  local list
  list=$(printf "'%s'," "${POSTGRES_DATABASES[@]}")
  pg_psql >/dev/null <<EOF || die "could not create the databases"
SELECT format('CREATE DATABASE %I', d) FROM unnest(ARRAY[${list%,}]) AS d
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d) \gexec
EOF
}

postgres_stop() {
  local data
  data=$(pg_data_dir)
  as_pg "$(pg_bin_dir)/pg_ctl" stop -D "$data" -m fast -t 30 -s >>"$(log_file postgres)" 2>&1 ||
    stop_pid postgres 5
  rm -f "$(pid_file postgres)"
}

postgres_version() {
  local bin
  bin=$(pg_bin_dir) && "$bin/postgres" --version | awk '{print $3}'
}

postgres_where() { echo "data $(pg_data_dir)"; }
