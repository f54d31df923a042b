# shellcheck shell=bash disable=SC2034  # <C>_PORT, <C>_PROC_MATCH...: read by stack.sh/lib.sh
# FerretDB 1.24 (MongoDB wire protocol) on 127.0.0.1:27017, storing in PostgreSQL database
# `ferretdb` (postgres must be up; it is started first if it is not).
#
# Built from its Go module. The module lacks the generated build/version/version.txt and the
# binary panics at start without it ("Invalid build/version/version.txt file content"); a plain
# `go install` or a wrapper-module build of the dependency hit the same panic (recent Go records
# FerretDB as the main module, so version.go insists on the file). So the wrapper build copies the
# module source to build/ferretdb/src, writes version.txt there, and builds it via `replace`.
#
# Flags: --telemetry=disable; --state-dir=data/ferretdb (else it writes state.json into the
# current directory); its debug HTTP listener (/debug/metrics for Prometheus, /debug/livez,
# /debug/readyz, pprof) stays on its default 127.0.0.1:8088, or FERRETDB_DEBUG_ADDR ("-" = off).

FERRETDB_VERSION=1.24.2
FERRETDB_PORT=27017
FERRETDB_PROC_MATCH="ferretdb-"
FERRETDB_READY_TIMEOUT=60
FERRETDB_BIN="$BIN_DIR/ferretdb-$FERRETDB_VERSION"
FERRETDB_DEBUG_ADDR="${FERRETDB_DEBUG_ADDR:-127.0.0.1:8088}"

ferretdb_provisioned() { [[ -x $FERRETDB_BIN ]]; }

ferretdb_provision() {
  local dir="$BUILD_DIR/ferretdb" log="$LOG_DIR/ferretdb.provision.log"
  go_wrapper_module ferretdb github.com/FerretDB/FerretDB "v$FERRETDB_VERSION" \
    github.com/FerretDB/FerretDB/cmd/ferretdb
  echo "v$FERRETDB_VERSION" >"$dir/src/build/version/version.txt"
  step "building ferretdb (go build, about a minute on 2 cores)"
  run_logged "$log" go -C "$dir" build -buildvcs=false -trimpath -o "$FERRETDB_BIN.tmp" \
    github.com/FerretDB/FerretDB/cmd/ferretdb
  step "checking the built binary"
  local out
  out=$("$FERRETDB_BIN.tmp" --version 2>&1 || true)
  [[ $out == *"version: v$FERRETDB_VERSION"* ]] || die "the built binary fails or is not v$FERRETDB_VERSION: $out"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$dir"
}

ferretdb_before_start() {
  if ! postgres_ready; then
    info "needs postgres, starting it first"
    component_provision postgres
    component_start postgres
  fi
  # FerretDB's own indexes cannot serve its lookups: see ferretdb-indexes.sql.
  pg_psql -d ferretdb -f "$STACK_DIR/ferretdb-indexes.sql" >/dev/null ||
    die "cannot install the index twins in the ferretdb database (scripts/stack/ferretdb-indexes.sql)"
}

ferretdb_start() {
  [[ -x $FERRETDB_BIN ]] || die "not provisioned: run '$0 provision ferretdb'"
  mkdir -p "$DATA_DIR/ferretdb"
  start_detached ferretdb "$DATA_DIR/ferretdb" "$FERRETDB_BIN" \
    --handler=postgresql \
    --postgresql-url="postgres://postgres:postgres@127.0.0.1:5432/ferretdb" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" \
    --debug-addr="$FERRETDB_DEBUG_ADDR" \
    --state-dir="$DATA_DIR/ferretdb" \
    --telemetry=disable
}

# Ready = FerretDB answers a MongoDB `ping` (which also checks its PostgreSQL backend) with ok: 1.
# No MongoDB client is installed at this point (and `ferretdb ping` needs the experimental new
# auth), so this sends the one OP_MSG by hand: header (length 51, requestID 1, responseTo 0,
# opCode 2013), flags 0, section kind 0, BSON {ping: int32 1, $db: "admin"}; the reply must hold
# the BSON element ok: double 1.0 (hex 01 6f 6b 00 00..f0 3f).
ferretdb_ready() {
  local reply
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  reply=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x33\0\0\0\x01\0\0\0\0\0\0\0\xdd\x07\0\0\0\0\0\0\0" >&3
    printf "\x1e\0\0\0\x10ping\0\x01\0\0\0\x02\$db\0\x06\0\0\0admin\0\0" >&3
    dd bs=65536 count=1 <&3 2>/dev/null | od -An -v -tx1' _ "$FERRETDB_PORT" 2>/dev/null | tr -d ' \n')
  [[ $reply == *016f6b00000000000000f03f* ]]
}

ferretdb_stop() { stop_pid ferretdb 20; }

ferretdb_version() { echo "$FERRETDB_VERSION"; }

ferretdb_where() { echo "debug http://$FERRETDB_DEBUG_ADDR"; }
