# shellcheck shell=bash disable=SC2034  # REPO_ROOT, TAIL_LOG: used by the component files
# Shared helpers for the local stack scripts (sourced by stack.sh).
#
# Everything that is built or stored lives under ET_STACK_HOME (outside the repo), so a fresh
# clone reuses it (Maven, Go and npm keep their downloads in their own caches: ~/.m2, GOMODCACHE,
# ~/.npm):
#   build/<component>/    scratch space of a build (removed when the build succeeded)
#   bin/                  built binaries, versioned names (bin/ferretdb-1.24.2)
#   kafka/                Kafka jars (kafka/libs) and generated Kafka config
#   data/<component>/     server data
#   logs/<component>.log  server output; logs/<component>.provision.log: install/build output
#   run/<component>.pid   pid of the server started by these scripts

ET_STACK_HOME="${ET_STACK_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/event-tickets}"
STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_DIR/../.." && pwd)"
BUILD_DIR="$ET_STACK_HOME/build"
BIN_DIR="$ET_STACK_HOME/bin"
DATA_DIR="$ET_STACK_HOME/data"
LOG_DIR="$ET_STACK_HOME/logs"
RUN_DIR="$ET_STACK_HOME/run"

COMPONENT=""    # component being worked on, for messages
STEP=""         # current step, for the failure message
TAIL_LOG=""     # log whose tail is shown when a step fails

mkdir -p "$BUILD_DIR" "$BIN_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" 2>/dev/null || {
  echo "[stack] FAILED: cannot create ET_STACK_HOME=$ET_STACK_HOME (set ET_STACK_HOME to a writable dir)" >&2
  exit 1
}

# ---- messages ---------------------------------------------------------------------------------

# step NAME: announce a step; a failure from here on is reported "FAILED at NAME".
step() {
  STEP="$*"
  echo "[stack] ${COMPONENT:-stack}: $*..." >&2
}

info() { echo "[stack] ${COMPONENT:-stack}: $*" >&2; }

die() {
  echo "[stack] ${COMPONENT:-stack}: FAILED at ${STEP:-start-up}: $*" >&2
  if [[ -n "$TAIL_LOG" && -s "$TAIL_LOG" ]]; then
    # The last lines written since the latest "=====" header (this run), not older runs'.
    echo "[stack] ---- last lines of $TAIL_LOG ----" >&2
    awk '/^===== /{n=0} {buf[n++]=$0} END{for(i=(n>30?n-30:0);i<n;i++) print "  | " buf[i]}' \
      "$TAIL_LOG" >&2
    echo "[stack] ----" >&2
  fi
  exit 1
}

# Any command failing under `set -e` lands here, so the message still names the step.
on_error() {
  local rc=$? cmd=$BASH_COMMAND
  trap - ERR
  die "command failed (exit $rc): $cmd"
}

# ---- process and port helpers -----------------------------------------------------------------

log_file() { echo "$LOG_DIR/$1.log"; }
pid_file() { echo "$RUN_DIR/$1.pid"; }

# port_open PORT [HOST]: true when something accepts TCP connections there.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/${2:-127.0.0.1}/$1" 2>/dev/null
}

# pid_alive COMPONENT: the pid in its pid file is alive and still looks like that component
# (its command line matches <component>_PROC_MATCH), so a recycled pid is never mistaken for it.
pid_alive() {
  local pid match
  pid=$(cat "$(pid_file "$1")" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  match="${1^^}_PROC_MATCH"
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "${!match}"
}

read_pid() { cat "$(pid_file "$1")" 2>/dev/null || true; }

# start_detached COMPONENT WORKDIR CMD...: run CMD in its own session, immune to the caller's
# hang-up, output appended to the component log, pid written to run/<component>.pid.
start_detached() {
  local c=$1 dir=$2 log
  shift 2
  log=$(log_file "$c")
  rotate_log "$log"
  echo "===== $(date -Is) starting $c: $* =====" >>"$log"
  # fd 9 is the stack lock: a server must not inherit (and hold) it.
  (cd "$dir" && exec setsid nohup "$@" >>"$log" 2>&1 </dev/null 9>&-) &
  echo $! >"$(pid_file "$c")"
}

# Keep logs bounded: a log over 20 MB is moved to <log>.1 before the next start.
rotate_log() {
  local size
  size=$(stat -c %s "$1" 2>/dev/null || echo 0)
  if ((size > 20 * 1024 * 1024)); then mv -f "$1" "$1.1"; fi
}

# stop_pid COMPONENT TIMEOUT: SIGTERM, wait up to TIMEOUT seconds, then SIGKILL.
stop_pid() {
  local c=$1 timeout=$2 pid i
  pid=$(read_pid "$c")
  if pid_alive "$c"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 4; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      info "still running after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$(pid_file "$c")"
}

# wait_ready COMPONENT TIMEOUT: poll <component>_ready until it succeeds; fail early when our
# process died, fail with the log tail on timeout.
wait_ready() {
  local c=$1 timeout=$2 deadline
  deadline=$((SECONDS + timeout))
  while ! "${c}_ready"; do
    # Only "is it running": the pid was written a moment ago (no recycling to fear), and until the
    # background subshell has exec'ed the server its command line does not match <C>_PROC_MATCH yet.
    if [[ -f "$(pid_file "$c")" ]] && ! kill -0 "$(read_pid "$c")" 2>/dev/null; then
      die "the $c process exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      "${c}_stop" >/dev/null 2>&1 || true # do not leave a half-started server behind
      die "$c not ready after ${timeout}s (stopped it again)"
    fi
    sleep 0.5
  done
}

# wait_port_closed PORT TIMEOUT: wait until nothing accepts connections on the port.
wait_port_closed() {
  local deadline=$((SECONDS + $2))
  while port_open "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}

# who_listens PORT: the listening process on a port, for error messages.
who_listens() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed 's/.*users:/users:/' | head -1
}

# ---- provisioning helpers ---------------------------------------------------------------------

is_root() { [[ $(id -u) -eq 0 ]]; }

# run_logged LOG CMD...: run CMD with its output appended to LOG (shown if it fails).
run_logged() {
  local log=$1
  shift
  TAIL_LOG=$log
  echo "===== $(date -Is) $* =====" >>"$log"
  "$@" >>"$log" 2>&1 </dev/null 9>&- || die "'$*' failed (exit $?)"
}

APT_UPDATED=""
# apt_install PACKAGE...: install Debian packages without letting their maintainer scripts start
# services (a policy-rc.d that says "no" is put in place for the duration when none exists).
apt_install() {
  local log="$LOG_DIR/apt.provision.log" sudo=() policy=/usr/sbin/policy-rc.d own_policy=""
  if ! is_root; then
    if ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
      die "need root to install Debian packages ($*); install them and rerun"
    fi
    sudo=(sudo -n)
  fi
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod +x "$policy"
    own_policy=1
    # shellcheck disable=SC2064  # expanded now on purpose: the locals are gone at exit
    trap "${sudo[*]} rm -f $policy" EXIT # also when apt fails
  fi
  if [[ -z $APT_UPDATED ]]; then
    run_logged "$log" "${sudo[@]}" apt-get update
    APT_UPDATED=1
  fi
  run_logged "$log" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "$@"
  if [[ -n $own_policy ]]; then
    "${sudo[@]}" rm -f "$policy"
    trap - EXIT
  fi
}

# need_cmd COMMAND DEBIAN_PACKAGE: install the package when the command is missing.
need_cmd() {
  command -v "$1" >/dev/null 2>&1 && return 0
  step "installing $2 (for $1)"
  apt_install "$2"
  command -v "$1" >/dev/null 2>&1 || die "$1 still missing after installing $2"
}

# http_ok URL: true when the URL answers 2xx within 3 seconds.
http_ok() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }

# go_wrapper_module NAME MODULE VERSION PACKAGE: in build/NAME, create a wrapper module that gets
# PACKAGE@VERSION (so go.sum covers all it imports), copy MODULE's source to build/NAME/src
# (writable, so a build can add generated files) and point the wrapper at it with a `replace`.
# Go's module and build caches are used as they are (they live outside the repo).
go_wrapper_module() {
  local name=$1 module=$2 version=$3 package=$4 dir="$BUILD_DIR/$1" log="$LOG_DIR/$COMPONENT.provision.log" moddir
  command -v go >/dev/null ||
    die "Go (>= 1.22) is required to build $name; Debian 12's golang-go is too old, install Go first"
  rm -rf "$dir"
  mkdir -p "$dir"
  step "fetching Go module $module@$version and its dependencies"
  run_logged "$log" go -C "$dir" mod init "$name-build"
  run_logged "$log" go -C "$dir" get "$package@$version"
  moddir=$(go -C "$dir" list -m -f '{{.Dir}}' "$module")
  [[ -d "$moddir" ]] || die "source of $module not found in the Go module cache"
  cp -r "$moddir" "$dir/src"
  chmod -R u+w "$dir/src"
  go -C "$dir" mod edit -replace "$module=./src"
}
