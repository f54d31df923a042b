# shellcheck shell=bash disable=SC2034  # <C>_PORT, <C>_PROC_MATCH...: read by stack.sh/lib.sh
# Apache Kafka in KRaft mode: one combined broker+controller, PLAINTEXT on 127.0.0.1:9092,
# controller on 127.0.0.1:9093. Jars come from Maven Central through Maven (kafka/libs under
# ET_STACK_HOME) and run on the installed Java 17. Data (topics, offsets, cluster id) lives in
# data/kafka and survives stop/start; storage is formatted once.
#
# Kafka's own CLI tools are on the same classpath, e.g.:
#   java -cp "$ET_STACK_HOME/kafka/libs/*" -Dlog4j.configuration=file:$ET_STACK_HOME/kafka/tools-log4j.properties \
#     org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list

KAFKA_VERSION=3.9.2
KAFKA_PORT=9092
KAFKA_PROC_MATCH="kafka\.Kafka "
KAFKA_READY_TIMEOUT=120
KAFKA_STOP_TIMEOUT=60
KAFKA_HOME="$ET_STACK_HOME/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_DATA="$DATA_DIR/kafka"
KAFKA_MARKER="$KAFKA_LIBS/.complete-$KAFKA_VERSION"

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
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
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

# Ready = the broker answers a metadata request from Kafka's own TopicCommand.
kafka_ready() {
  port_open "$KAFKA_PORT" && [[ -f $KAFKA_MARKER ]] &&
    timeout 30 "${KAFKA_TOOL[@]}" org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list >/dev/null 2>&1
}

# SIGTERM = controlled shutdown; it can take a while, hence the longer timeout.
kafka_stop() { stop_pid kafka "$KAFKA_STOP_TIMEOUT"; }

kafka_version() { echo "$KAFKA_VERSION"; }

kafka_where() { echo "data $KAFKA_DATA"; }
