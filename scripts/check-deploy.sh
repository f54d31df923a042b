#!/usr/bin/env bash
# Validates the deployment files without a Docker engine:
#   compose     docker-compose (Debian's v1 package) accepts docker-compose.yml, with and without
#               the elk profile; `compose-json [profile]` prints the resolved file as JSON
#   prometheus  promtool accepts both Prometheus configs and the alert rules
#   rules       the alert rules pass their unit tests (promtool test rules)
#   dashboards  the Grafana dashboards parse and are what generate-dashboards.mjs writes
#   collector   the collector config passes `validate` of a collector built from the Go modules at
#               the version compose runs (observability/collector/validator, cached in ET_STACK_HOME)
#   scripts     the shell scripts the containers run parse (bash -n)
#   policy      least privilege (scripts/check-deploy-policy.mjs): no app as a database superuser,
#               each with its own PostgreSQL/MongoDB/Kafka user and secret, Kafka clients on SASL
#               listeners only, the ACLs of docker/kafka/init.sh equal to what each app's code
#               uses, INTERNAL_PORT never published and scraped by Prometheus
#   tracing-servers  build (once) that collector and Jaeger all-in-one from their Go modules, print
#               their paths (for libs/telemetry/test/integration/trace-pipeline.int-spec.ts)
#   image [app] what docker/Dockerfile does, without Docker: the build context (.dockerignore),
#               npm ci + build, production dependencies pruned the same way, the runtime layout
#               (main.js symlink), then the app started from it against the local stack until
#               /health answers (default app: users). Slow (two npm ci): not part of `all`.
#   provision   only install what the checks need (docker-compose, prometheus: Debian packages)
#   all         everything (default)
# Used by libs/telemetry/test/integration/deploy-config.int-spec.ts (part of `npm test`).
set -Eeuo pipefail

# shellcheck source=stack/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack/lib.sh"
cd "$REPO_ROOT"
COMPONENT=check-deploy
trap on_error ERR

provision() {
  need_cmd docker-compose docker-compose
  need_cmd promtool prometheus
}

# YAML to JSON with the Python that runs docker-compose (it has PyYAML: compose depends on it).
python_with_yaml() {
  local py
  py=$(head -1 "$(command -v docker-compose)" | sed -n 's/^#! *//p' | awk '{print $1}')
  [[ -x $py ]] && "$py" -c 'import yaml' 2>/dev/null || py=python3
  echo "$py"
}

# Compose v1 needs no secret files to validate, but give it the real layout anyway.
check_compose() {
  step "docker-compose config (default services)"
  docker-compose -f docker-compose.yml config -q
  step "docker-compose config (profile elk)"
  docker-compose -f docker-compose.yml --profile elk config -q
  info "docker-compose.yml is valid"
}

compose_json() {
  local args=(-f docker-compose.yml)
  [[ -z ${1:-} ]] || args+=(--profile "$1")
  docker-compose "${args[@]}" config | "$(python_with_yaml)" -c 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'
}

yaml_json() {
  "$(python_with_yaml)" -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)' "$1"
}

check_prometheus() {
  local cfg
  for cfg in observability/prometheus/prometheus.yml observability/prometheus/prometheus.local.yml; do
    step "promtool check config $cfg"
    promtool check config "$cfg" >&2
  done
  step "promtool check rules"
  promtool check rules observability/prometheus/rules/*.yml >&2
}

check_rules() {
  step "promtool test rules"
  promtool test rules observability/prometheus/tests/*.test.yml >&2
}

check_dashboards() {
  local f
  step "generate-dashboards.mjs --check"
  node observability/grafana/generate-dashboards.mjs --check
  for f in observability/grafana/dashboards/*.json; do
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$f" || die "$f is not JSON"
  done
  info "dashboards parse and are up to date"
}

# The core modules of the collector release docker-compose.yml runs (contrib 0.115.x = core 0.115.0,
# confmap 1.21.0); keep in step with OTEL_COLLECTOR_VERSION there.
COLLECTOR_CORE=v0.115.0
COLLECTOR_CONFMAP=v1.21.0
COLLECTOR_BIN="$BIN_DIR/otelcol-validator-${COLLECTOR_CORE#v}-$(sha256sum observability/collector/validator/main.go | cut -c1-8)"
# Jaeger all-in-one at the version docker-compose.yml runs (JAEGER_VERSION there), for the trace pipeline test.
JAEGER_MODULE_VERSION=v1.62.0
JAEGER_BIN="$BIN_DIR/jaeger-all-in-one-${JAEGER_MODULE_VERSION#v}"

build_collector_validator() {
  [[ -x $COLLECTOR_BIN ]] && return 0
  local dir="$BUILD_DIR/otelcol-validator" log="$LOG_DIR/otelcol-validator.provision.log" m
  command -v go >/dev/null || die "Go (>= 1.22) is required to build the collector config validator"
  step "building a collector $COLLECTOR_CORE (OTLP, batch, memory_limiter, health_check) to validate the config"
  rm -rf "$dir" && mkdir -p "$dir"
  cp observability/collector/validator/main.go "$dir/"
  run_logged "$log" go -C "$dir" mod init otelcol-validator
  local modules=(
    "go.opentelemetry.io/collector/otelcol@$COLLECTOR_CORE"
    "go.opentelemetry.io/collector/component@$COLLECTOR_CORE"
    "go.opentelemetry.io/collector/receiver/otlpreceiver@$COLLECTOR_CORE"
    "go.opentelemetry.io/collector/exporter/otlpexporter@$COLLECTOR_CORE"
    "go.opentelemetry.io/collector/processor/batchprocessor@$COLLECTOR_CORE"
    "go.opentelemetry.io/collector/processor/memorylimiterprocessor@$COLLECTOR_CORE"
    "github.com/open-telemetry/opentelemetry-collector-contrib/extension/healthcheckextension@$COLLECTOR_CORE"
    "go.opentelemetry.io/collector/confmap@$COLLECTOR_CONFMAP"
    "go.opentelemetry.io/collector/confmap/provider/envprovider@$COLLECTOR_CONFMAP"
    "go.opentelemetry.io/collector/confmap/provider/fileprovider@$COLLECTOR_CONFMAP"
    "go.opentelemetry.io/collector/confmap/provider/yamlprovider@$COLLECTOR_CONFMAP"
  )
  for m in "${modules[@]}"; do run_logged "$log" go -C "$dir" get "$m"; done
  run_logged "$log" go -C "$dir" mod tidy
  run_logged "$log" go -C "$dir" build -o "$COLLECTOR_BIN" .
  rm -rf "$dir"
}

check_collector() {
  build_collector_validator
  step "otelcol validate observability/collector/otel-collector.yml"
  TAIL_LOG="" "$COLLECTOR_BIN" validate --config=observability/collector/otel-collector.yml >&2 ||
    die "the collector rejects observability/collector/otel-collector.yml"
  info "the collector accepts its config"
}

build_jaeger() {
  [[ -x $JAEGER_BIN ]] && return 0
  local dir="$BUILD_DIR/jaeger" log="$LOG_DIR/jaeger.provision.log"
  command -v go >/dev/null || die "Go (>= 1.22) is required to build Jaeger"
  step "building Jaeger all-in-one $JAEGER_MODULE_VERSION from its Go module (about 2 minutes)"
  rm -rf "$dir" && mkdir -p "$dir"
  run_logged "$log" go -C "$dir" mod init jaeger-build
  run_logged "$log" go -C "$dir" get "github.com/jaegertracing/jaeger/cmd/all-in-one@$JAEGER_MODULE_VERSION"
  run_logged "$log" go -C "$dir" build -o "$JAEGER_BIN" github.com/jaegertracing/jaeger/cmd/all-in-one
  rm -rf "$dir"
}

# Builds (once) the collector and Jaeger the trace pipeline test runs; prints where they are.
tracing_servers() {
  build_collector_validator
  build_jaeger
  echo "COLLECTOR=$COLLECTOR_BIN"
  echo "JAEGER=$JAEGER_BIN"
}

check_policy() {
  step "least-privilege policy (scripts/check-deploy-policy.mjs)"
  compose_json | PROMETHEUS_JSON=$(yaml_json observability/prometheus/prometheus.yml) \
    node scripts/check-deploy-policy.mjs
}

check_scripts() {
  local f
  for f in docker/secrets/generate.sh docker/postgres/init.sh docker/mongo/init.sh docker/kafka/init.sh \
    observability/elk/setup.sh; do
    step "bash -n $f"
    bash -n "$f"
  done
}

# Mirrors the Dockerfile's stages in a temporary folder (keep both in step).
check_image() {
  local app=${1:-users} work ctx run port pid env_file
  work=$(mktemp -d)
  ctx=$work/ctx run=$work/app
  mkdir -p "$ctx" "$run/dist/apps"
  step "build context for $app (.dockerignore)"
  tar --exclude-vcs --exclude='**/node_modules' --exclude=dist --exclude=libs/testing --exclude='**/test' \
    --exclude='*.spec.ts' --exclude='*.int-spec.ts' --exclude='*.e2e-spec.ts' \
    -cf - package.json package-lock.json tsconfig.json tsconfig.build.json libs apps | tar -xf - -C "$ctx"
  step "build stage: npm ci, npm run build"
  (cd "$ctx" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null 2>&1 && npm run build >/dev/null)
  step "deps stage: npm ci --omit=dev, pruned"
  mkdir -p "$work/deps" && cp "$ctx/package.json" "$ctx/package-lock.json" "$work/deps/"
  (cd "$work/deps" && npm ci --omit=dev --no-audit --no-fund --ignore-scripts >/dev/null 2>&1 &&
    find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete &&
    find node_modules/@opentelemetry -type d \( -path '*/build/esm' -o -path '*/build/esnext' \) -prune -exec rm -rf {} +)
  info "production node_modules: $(du -sh "$work/deps/node_modules" | cut -f1)"
  step "runtime stage: $app"
  mv "$work/deps/node_modules" "$run/" && cp "$ctx/package.json" "$run/"
  cp -r "$ctx/dist/libs" "$run/dist/libs" && cp -r "$ctx/dist/apps/$app" "$run/dist/apps/$app"
  ln -s "dist/apps/$app/src/main.js" "$run/main.js"
  port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
  env_file=$work/env
  node -e "import('./scripts/apps.mjs').then((m) => { const e = m.localEnv(); for (const [k, v] of Object.entries(e)) if (/^(DB_|MONGODB_URL|KAFKA_BROKERS|MAIL_|JWT_|INTERNAL_API_TOKEN|ADMIN_|EVENTS_URL)/.test(k)) console.log(k + '=' + JSON.stringify(v)); })" >"$env_file"
  step "starting $app from the image layout on port $port"
  (
    set -a && source "$env_file" && set +a
    cd "$run" && exec env -u OTEL_SERVICE_NAME NODE_ENV=production PORT="$port" MONGODB_DB="image_check_$app" \
      DB_NAME="$app" KAFKA_GROUP_ID="image-check-$app" node --enable-source-maps main.js
  ) >"$work/app.log" 2>&1 &
  pid=$!
  local i ok=""
  for ((i = 0; i < 120; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then ok=1 && break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  TAIL_LOG=$work/app.log
  [[ -n $ok ]] || die "$app did not answer /health from the image layout"
  grep -q "\"service\":\"$app\"" "$work/app.log" || die "the logs do not name the service $app"
  rm -rf "$work"
  info "$app runs from the image layout (service name from dist/apps/$app)"
}

main() {
  local cmd=${1:-all}
  case $cmd in
    provision) provision ;;
    compose) provision && check_compose ;;
    compose-json) provision && compose_json "${2:-}" ;;
    yaml-json) provision && yaml_json "$2" ;;
    prometheus) provision && check_prometheus ;;
    rules) provision && check_rules ;;
    dashboards) check_dashboards ;;
    scripts) check_scripts ;;
    policy) provision && check_policy ;;
    collector) check_collector ;;
    tracing-servers) tracing_servers ;;
    image) check_image "${2:-users}" ;;
    all) provision && check_compose && check_policy && check_prometheus && check_rules && check_dashboards && check_collector && check_scripts ;;
    *) die "unknown check '$cmd' (compose, compose-json, yaml-json, policy, prometheus, rules, dashboards, collector, tracing-servers, scripts, image, provision, all)" ;;
  esac
}

main "$@"
