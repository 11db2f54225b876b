#!/usr/bin/env bash
# Starts the whole monitoring stack on loopback for a person to look at: the collector (built by
# build-collector.sh), Prometheus and Alertmanager (Debian packages) with the shipped
# configuration, and the sample agent under the javaagent + extension sending them traffic.
# Ctrl-C (or the end of --once) stops every process and removes the temporary data.
#
#   collector-config/run-stack.sh           # runs until Ctrl-C
#   collector-config/run-stack.sh --once    # waits for data and rules, prints a summary, stops
#
# Environment: PROMETHEUS_PORT (19090), ALERTMANAGER_PORT (19093), APP_PORT (18080),
# OTLP_PORT (14318, OTLP/HTTP; gRPC is OTLP_PORT-1), SAMPLE_CACHE_SIZE (200; 2 drives the
# cache alerts), SKIP_BUILD=1 to reuse a previous Maven build, JAVA (java executable).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
prom_port=${PROMETHEUS_PORT:-19090}
am_port=${ALERTMANAGER_PORT:-19093}
app_port=${APP_PORT:-18080}
otlp_port=${OTLP_PORT:-14318}
exporter_port=$((otlp_port + 10))
telemetry_port=$((otlp_port + 11))
health_port=$((otlp_port + 12))
java=${JAVA:-java}
once=false
[ "${1:-}" = "--once" ] && once=true

need() { command -v "$1" >/dev/null || { echo "$1 not found: $2" >&2; exit 1; }; }
need prometheus "apt-get install -y prometheus prometheus-alertmanager"
alertmanager=$(command -v prometheus-alertmanager || command -v alertmanager || true)
[ -n "$alertmanager" ] || { echo "alertmanager not found: apt-get install -y prometheus-alertmanager" >&2; exit 1; }

collector=$("$here/build-collector.sh")
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building the extension and the sample agent (mvn package, tests skipped)"
  (cd "$root" && mvn -B -q -DskipTests package -pl smoke-tests/sample-agent,extension/agent -am)
fi
agent="$root/smoke-tests/sample-agent/target/agent/opentelemetry-javaagent.jar"
extension=$(ls "$root"/extension/agent/target/victor-otel-extension-*.jar | grep -v original | head -n 1)

work=$(mktemp -d -t victor-stack.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prometheus: the shipped config with loopback targets; its rules next to it as shipped.
cp -r "$here/rules" "$work/rules"
# One collector here (the gateway config, which the JVM can reach directly): each DNS discovery of
# the shipped file becomes one static loopback target.
sed -e "s|alertmanager:9093|127.0.0.1:$am_port|" \
    -e "s|dns_sd_configs:|static_configs:|" \
    -e "s|- names: \[otel-gateway\]\$|- targets: [\"127.0.0.1:$exporter_port\"]|" \
    -e "s|- names: \[otel-gateway, otel-agent\]\$|- targets: [\"127.0.0.1:$telemetry_port\"]|" \
    -e "/^        type: A\$/d" -e "/^        port: 888[89]\$/d" -e "/^        refresh_interval: /d" \
    "$here/prometheus.yml" > "$work/prometheus.yml"
mkdir -p "$work/logs"

echo "==> starting the collector, Prometheus and Alertmanager (logs in $work)"
OTLP_GRPC_ENDPOINT=127.0.0.1:$((otlp_port - 1)) OTLP_HTTP_ENDPOINT=127.0.0.1:$otlp_port \
PROMETHEUS_EXPORTER_ENDPOINT=127.0.0.1:$exporter_port HEALTH_CHECK_ENDPOINT=127.0.0.1:$health_port \
COLLECTOR_TELEMETRY_HOST=127.0.0.1 COLLECTOR_TELEMETRY_PORT=$telemetry_port \
TRACES_OTLP_ENDPOINT=${TRACES_OTLP_ENDPOINT:-http://127.0.0.1:4318} LOGS_FILE="$work/logs/victor-logs.jsonl" \
  "$collector" --config="$here/otel-collector.yaml" >"$work/collector.log" 2>&1 &
pids+=($!)
# The shipped alertmanager.yml as is: notifications fail (no secrets here), the UI shows the alerts.
"$alertmanager" --config.file="$here/alertmanager.yml" --storage.path="$work/alertmanager" \
  --web.listen-address=127.0.0.1:$am_port --cluster.listen-address= >"$work/alertmanager.log" 2>&1 &
pids+=($!)
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
  --web.listen-address=127.0.0.1:$prom_port >"$work/prometheus.log" 2>&1 &
pids+=($!)

wait_for() { # description, command, seconds
  for _ in $(seq 1 "$3"); do
    eval "$2" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "timed out waiting for $1; logs:" >&2
  tail -n 20 "$work"/*.log >&2
  exit 1
}
wait_for "the collector" "curl -sf http://127.0.0.1:$health_port/" 60
wait_for "Alertmanager" "curl -sf http://127.0.0.1:$am_port/-/ready" 60
wait_for "Prometheus" "curl -sf http://127.0.0.1:$prom_port/-/ready" 60

echo "==> starting the sample agent under the javaagent + extension, exporting to the collector"
"$java" -javaagent:"$agent" \
  -Dotel.javaagent.extensions="$extension" \
  -Dotel.javaagent.configuration-file="$root/smoke-tests/sample-agent/victor-otel.properties" \
  -Dotel.service.name=sample-agent \
  -Dotel.exporter.otlp.endpoint=http://127.0.0.1:$otlp_port \
  -Dotel.exporter.otlp.protocol=http/protobuf \
  -Dotel.metric.export.interval=15000 \
  -Dsample.cache.size="${SAMPLE_CACHE_SIZE:-200}" \
  -jar "$root/smoke-tests/sample-agent/target/victor-otel-sample-agent.jar" \
  --port="$app_port" --duration=86400 --concurrency=2 >"$work/sample-agent.log" 2>&1 &
pids+=($!)
wait_for "the sample agent" "grep -q 'LISTENING port=' '$work/sample-agent.log'" 120

prom="http://127.0.0.1:$prom_port"
echo "==> waiting for the first victor series in Prometheus (export and scrape every 15 s)"
wait_for "victor series" "curl -sf '$prom/api/v1/query?query=victor_system_uptime_seconds' | grep -q '\"value\"'" 120
# Debian's Prometheus build serves only the classic UI, under /classic.
ui=$prom
[ "$(curl -s -o /dev/null -w '%{http_code}' "$prom/alerts")" = 200 ] || ui=$prom/classic
echo
echo "Prometheus    $ui/graph  (try victor_performance_health_score)   $ui/alerts"
echo "Alertmanager  http://127.0.0.1:$am_port"
echo "Sample agent  http://127.0.0.1:$app_port/chat?q=hello   faults: /admin/faults?sample.provider.openai.error-rate=1.0"
echo "Dashboard     import collector-config/grafana/dashboards/victor-performance.json into a Grafana pointed at $prom"
rules=$(curl -sf "$prom/api/v1/rules" | grep -o '"type":"alerting"' | wc -l)
series=$(curl -sf "$prom/api/v1/label/__name__/values" | grep -o '"victor_[a-z_]*"' | wc -l)
echo "Loaded $rules alert rules; $series victor series names so far."
if $once; then
  exit 0
fi
echo "Logs in $work. Ctrl-C stops everything."
wait "${pids[@]}"
