#!/usr/bin/env bash
# Builds the extension, the fake provider and the provider-SDKs sample (OpenAI, Anthropic and
# Google GenAI Java SDKs called directly), starts the fake provider, runs the sample under the
# pinned OpenTelemetry javaagent with the extension -- the two agent flags and nothing else of
# victor-otel -- and prints the victor-otel and GenAI series from the agent's own Prometheus
# endpoint. No collector, no network beyond loopback.
#
#   smoke-tests/sample-sdks/run-with-agent.sh           # keeps running until Ctrl-C
#   smoke-tests/sample-sdks/run-with-agent.sh --once    # prints the series and stops
#
# Environment: PROVIDER_PORT (fake provider, default 8091), METRICS_PORT (9464), ROUNDS
# (default 3), JAVA (java executable), SKIP_BUILD=1 to reuse a previous build.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/smoke-tests/sample-sdks"
provider_port=${PROVIDER_PORT:-8091}
metrics_port=${METRICS_PORT:-9464}
rounds=${ROUNDS:-3}
java=${JAVA:-java}
once=false
[ "${1:-}" = "--once" ] && once=true

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building the extension, the fake provider and the sample (mvn package, tests skipped)"
  (cd "$root" && mvn -B -q -DskipTests package \
    -pl smoke-tests/sample-sdks,smoke-tests/fake-openai,extension/agent -am)
fi
agent="$here/target/agent/opentelemetry-javaagent.jar"
extension=$(ls "$root"/extension/agent/target/victor-otel-extension-*.jar | grep -v original | head -n 1)
provider_log=$(mktemp -t victor-fake-openai.XXXXXX.log)
log=$(mktemp -t victor-sample-sdks.XXXXXX.log)

echo "==> starting the fake OpenAI provider on 127.0.0.1:$provider_port"
"$java" -jar "$root/smoke-tests/fake-openai/target/victor-otel-fake-openai.jar" \
  --port "$provider_port" >"$provider_log" 2>&1 &
provider_pid=$!
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  kill "$provider_pid" 2>/dev/null || true
  wait "$provider_pid" 2>/dev/null || true
}
trap cleanup EXIT

echo "==> starting the sample under $(basename "$agent") + $(basename "$extension")"
"$java" -javaagent:"$agent" \
  -Dotel.javaagent.extensions="$extension" \
  -Dotel.service.name=sample-sdks \
  -Dotel.metrics.exporter=prometheus \
  -Dotel.exporter.prometheus.port="$metrics_port" \
  -Dotel.traces.exporter=none \
  -Dotel.logs.exporter=none \
  -jar "$here/target/victor-otel-sample-sdks.jar" \
  --base-url="http://127.0.0.1:$provider_port" --rounds="$rounds" \
  >"$log" 2>&1 &
pid=$!

for _ in $(seq 1 180); do
  grep -q "SDKS DONE" "$log" && break
  kill -0 "$pid" 2>/dev/null || { echo "the sample exited:"; tail -n 40 "$log"; exit 1; }
  sleep 1
done
grep -q "SDKS DONE" "$log" || { echo "timed out:"; tail -n 40 "$log"; exit 1; }
grep "SDKS DONE" "$log"
sleep 2

echo "==> victor-otel series on http://127.0.0.1:$metrics_port/metrics"
scrape=$(curl -sf "http://127.0.0.1:$metrics_port/metrics")
echo "$scrape" | grep -E '^(victor_|gen_ai_)' | grep -v '_bucket{' | sed -E 's/otel_scope_[a-z_]+="[^"]*",?//g'
echo
echo "==> $(echo "$scrape" | grep -E '^(victor_|gen_ai_)' | sed -E 's/[{ ].*//' | sort -u | wc -l) sample names in $(echo "$scrape" | grep -E '^# TYPE (victor_|gen_ai_)' | wc -l) families"

if $once; then
  exit 0
fi
echo "Running: metrics at http://127.0.0.1:$metrics_port/metrics, sample log $log. Ctrl-C to stop."
wait "$pid"
