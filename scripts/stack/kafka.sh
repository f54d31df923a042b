# shellcheck shell=bash disable=SC2034  # <C>_PORT, <C>_PROC_MATCH...: read by stack.sh/lib.sh
# Apache Kafka in KRaft mode: one combined broker+controller, PLAINTEXT on 127.0.0.1:9092,
# controller on 127.0.0.1:9093, and SASL_PLAINTEXT with SCRAM-SHA-512 on 127.0.0.1:9096 (the
# listener a deployment's apps use; tests run an app against it). The SCRAM user is
# $KAFKA_SCRAM_USER, its password generated once into kafka/scram-password; it is (re)created after
# every start that finds it missing (kafka-configs, through the PLAINTEXT listener). Jars come from Maven Central through Maven (kafka/libs under
# ET_STACK_HOME) and run on the installed Java 17. Data (topics, offsets, cluster id) lives in
# data/kafka and survives stop/start; storage is formatted once.
#
# Kafka's own CLI tools are on the same classpath, e.g.:
#   java -cp "$ET_STACK_HOME/kafka/libs/*" -Dlog4j.configuration=file:$ET_STACK_HOME/kafka/tools-log4j.properties \
#     org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list

KAFKA_VERSION=3.9.2
KAFKA_PORT=9092
KAFKA_PROC_MATCH="kafka\.Kafka "
KAFKA_READY_TIMEOUT=300 # a data dir with thousands of test topics takes minutes to load
KAFKA_STOP_TIMEOUT=60
KAFKA_HOME="$ET_STACK_HOME/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_DATA="$DATA_DIR/kafka"
KAFKA_MARKER="$KAFKA_LIBS/.complete-$KAFKA_VERSION"
KAFKA_SCRAM_PORT=9096
KAFKA_SCRAM_USER=event-tickets-local
KAFKA_SCRAM_PASSWORD_FILE="$KAFKA_HOME/scram-password"

kafka_provisioned() { [[ -f $KAFKA_MARKER ]] && command -v java >/dev/null; }

kafka_provision() {
  local log="$LOG_DIR/kafka.provision.log"
  need_cmd java openjdk-17-jre-headless
  need_cmd mvn maven
  mkdir -p "$KAFKA_HOME"
  step "writing the Maven project $KAFKA_HOME/pom.xml"
  # kafka_2.13 is the broker; kafka-tools holds the CLI (TopicCommand, consumer groups...); the
  # broker POM leaves the logging binding out, so reload4j + slf4j-reload4j are added.
  cat >"$KAFKA_HOME/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.event-tickets</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
EOF
  step "downloading Kafka $KAFKA_VERSION jars from Maven Central (mvn copy-dependencies)"
  rm -rf "$KAFKA_LIBS.tmp"
  run_logged "$log" mvn -B --no-transfer-progress -Dstyle.color=never -f "$KAFKA_HOME/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS.tmp" -DincludeScope=runtime
  [[ -f "$KAFKA_LIBS.tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "kafka_2.13 jar missing after mvn"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  touch "$KAFKA_MARKER"
}

kafka_write_config() {
  mkdir -p "$KAFKA_HOME" "$KAFKA_DATA"
  cat >"$KAFKA_HOME/server.properties" <<EOF
# Written by scripts/stack/kafka.sh at every start: edit it there.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SCRAM://127.0.0.1:$KAFKA_SCRAM_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:9092,SCRAM://127.0.0.1:$KAFKA_SCRAM_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SCRAM:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=$KAFKA_DATA/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
EOF
  # Broker log: stdout, which start_detached appends to logs/kafka.log.
  cat >"$KAFKA_HOME/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# Quiet the chatty parts: per-request, per-segment and state-change logging.
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.kafka.log=WARN
log4j.logger.org.apache.kafka.storage=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.server.metrics=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.kafka.utils.Log4jControllerRegistration$=WARN
log4j.logger.kafka.server.DelayedOperationPurgatory$ExpiredOperationReaper=WARN
log4j.logger.kafka.server.ClientQuotaManager$ThrottledChannelReaper=WARN
log4j.logger.kafka.cluster.Partition=WARN
# The "KafkaConfig values" dump (300 lines a start); the settings are in kafka/server.properties.
log4j.logger.kafka.server.KafkaConfig=WARN
log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
EOF
  # CLI tools: warnings only, to stderr.
  cat >"$KAFKA_HOME/tools-log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

# Kafka's command-line classes run in a small, quick-starting JVM: "${KAFKA_TOOL[@]}" CLASS ARGS...
KAFKA_TOOL=(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*"
  "-Dlog4j.configuration=file:$KAFKA_HOME/tools-log4j.properties")

kafka_start() {
  local cid_file="$KAFKA_DATA/cluster-id" cid
  [[ -f $KAFKA_MARKER ]] || die "not provisioned: run '$0 provision kafka'"
  kafka_write_config
  if [[ ! -f $KAFKA_DATA/logs/meta.properties ]]; then
    step "formatting KRaft storage in $KAFKA_DATA (first start)"
    if [[ ! -s $cid_file ]]; then
      cid=$("${KAFKA_TOOL[@]}" kafka.tools.StorageTool random-uuid 2>>"$(log_file kafka)")
      [[ $cid =~ ^[A-Za-z0-9_-]{22}$ ]] || die "StorageTool random-uuid printed '$cid'"
      echo "$cid" >"$cid_file"
    fi
    run_logged "$(log_file kafka)" "${KAFKA_TOOL[@]}" kafka.tools.StorageTool format \
      -t "$(cat "$cid_file")" -c "$KAFKA_HOME/server.properties" --ignore-formatted
    TAIL_LOG=$(log_file kafka)
  fi
  step "starting the broker"
  start_detached kafka "$KAFKA_DATA" java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_HOME/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_HOME/server.properties"
}

# The SCRAM user's password: generated once, kept beside the generated config (readable by you only).
kafka_scram_password() {
  if [[ ! -s $KAFKA_SCRAM_PASSWORD_FILE ]]; then
    mkdir -p "$KAFKA_HOME"
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$KAFKA_SCRAM_PASSWORD_FILE")
  fi
  cat "$KAFKA_SCRAM_PASSWORD_FILE"
}

# After every start (or reuse): make sure the SCRAM user exists with the current password. SCRAM
# credentials live in the KRaft metadata, but after a restart this broker (3.9, combined mode, a
# metadata snapshot) was seen to replay them into its controller only: SCRAM logins failed with
# "invalid credentials" until the credential was written again. So the user is (re)written once per broker process: a marker naming the broker's
# pid, this storage's directory.id and the password's hash spares the JVM when the same broker is
# reused; a restart, a reformatted data dir or a new password redoes it.
# A broker started before the SCRAM listener existed keeps running untouched: restart it to add it.
kafka_post_start() {
  local dir_id marker want
  if ! port_open "$KAFKA_SCRAM_PORT"; then
    info "the running broker has no SCRAM listener on $KAFKA_SCRAM_PORT yet (started by an older" \
      "script): 'npm run stack -- restart kafka' adds it"
    return 0
  fi
  dir_id=$(sed -n 's/^directory.id=//p' "$KAFKA_DATA/logs/meta.properties" 2>/dev/null || true)
  marker="$KAFKA_DATA/scram-user.done"
  want="$(read_pid kafka) $dir_id $KAFKA_SCRAM_USER $(kafka_scram_password | sha256sum | cut -c1-16)"
  [[ -n $dir_id && -f $marker && $(cat "$marker") == "$want" ]] && return 0
  step "creating the SCRAM-SHA-512 user $KAFKA_SCRAM_USER"
  # The password goes in a file, so that it is in no command line and no log.
  local config="$KAFKA_HOME/scram-user.properties"
  (umask 077 && echo "SCRAM-SHA-512=iterations=4096,password=$(kafka_scram_password)" >"$config")
  run_logged "$(log_file kafka)" "${KAFKA_TOOL[@]}" kafka.admin.ConfigCommand \
    --bootstrap-server "127.0.0.1:$KAFKA_PORT" --alter --entity-type users --entity-name "$KAFKA_SCRAM_USER" \
    --add-config-file "$config"
  rm -f "$config"
  echo "$want" >"$marker"
}

# Ready = the broker answers a metadata request from Kafka's own TopicCommand.
kafka_ready() {
  port_open "$KAFKA_PORT" && [[ -f $KAFKA_MARKER ]] &&
    timeout 30 "${KAFKA_TOOL[@]}" org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list >/dev/null 2>&1
}

# SIGTERM = controlled shutdown; it can take a while, hence the longer timeout.
kafka_stop() { stop_pid kafka "$KAFKA_STOP_TIMEOUT"; }

kafka_version() { echo "$KAFKA_VERSION"; }

kafka_where() { echo "data $KAFKA_DATA, SCRAM on $KAFKA_SCRAM_PORT ($KAFKA_SCRAM_USER, $KAFKA_SCRAM_PASSWORD_FILE)"; }
