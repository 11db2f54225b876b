#!/usr/bin/env bash
# Builds victor-otel-javaagent.jar (the pinned OpenTelemetry javaagent with the extension inside),
# the fake OpenAI provider and the Spring AI sample, starts the fake provider
# and the sample under it (one -javaagent flag, no victor-otel
# configuration), sends some chats through it and prints the victor-otel and GenAI
# series from the agent's own Prometheus endpoint. No collector, no network beyond loopback.
#
#   smoke-tests/sample-spring-ai/run-with-agent.sh           # keeps running until Ctrl-C
#   smoke-tests/sample-spring-ai/run-with-agent.sh --once    # prints the series and stops
#
# Environment: APP_PORT (default 8080), FAKE_PORT (8089), METRICS_PORT (9464), ROUNDS (10),
# JAVA (java executable), SKIP_BUILD=1 to reuse a previous build.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/smoke-tests/sample-spring-ai"
app_port=${APP_PORT:-8080}
fake_port=${FAKE_PORT:-8089}
metrics_port=${METRICS_PORT:-9464}
rounds=${ROUNDS:-10}
java=${JAVA:-java}
once=false
[ "${1:-}" = "--once" ] && once=true

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building victor-otel-javaagent.jar, the fake provider and the sample (mvn package, tests skipped)"
  (cd "$root" && mvn -B -q -DskipTests package \
    -pl smoke-tests/sample-spring-ai,smoke-tests/fake-openai,extension/javaagent -am)
fi
agent="$root/extension/javaagent/target/victor-otel-javaagent.jar"
fake_log=$(mktemp -t victor-fake-openai.XXXXXX.log)
log=$(mktemp -t victor-sample-spring-ai.XXXXXX.log)

echo "==> starting the fake OpenAI provider on port $fake_port"
"$java" -jar "$root/smoke-tests/fake-openai/target/victor-otel-fake-openai.jar" --port "$fake_port" \
  >"$fake_log" 2>&1 &
fake_pid=$!
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  kill "$fake_pid" 2>/dev/null || true
  wait "$fake_pid" 2>/dev/null || true
}
trap cleanup EXIT

echo "==> starting the Spring AI sample under $(basename "$agent")"
# C1 only: the demo starts in about half the time; it is not a benchmark.
FAKE_OPENAI_URL="http://127.0.0.1:$fake_port/v1" APP_PORT="$app_port" \
"$java" -XX:TieredStopAtLevel=1 -javaagent:"$agent" \
  -Dotel.service.name=sample-spring-ai \
  -Dotel.metrics.exporter=prometheus \
  -Dotel.exporter.prometheus.port="$metrics_port" \
  -Dotel.traces.exporter=none \
  -Dotel.logs.exporter=none \
  -jar "$here/target/victor-otel-sample-spring-ai.jar" \
  >"$log" 2>&1 &
pid=$!

for _ in $(seq 1 180); do
  grep -q "LISTENING port=" "$log" && break
  kill -0 "$pid" 2>/dev/null || { echo "sample exited:"; tail -n 40 "$log"; exit 1; }
  sleep 1
done
grep -q "LISTENING port=" "$log" || { echo "sample did not start:"; tail -n 40 "$log"; exit 1; }

base="http://127.0.0.1:$app_port"
echo "==> $rounds rounds of chats: tools (the exchange-rate tool reads through a Spring Cache), a failing tool, a stream, a rate-limited model"
for i in $(seq 1 "$rounds"); do
  curl -sf "$base/chat?q=weather+and+exchangeRate+for+Lisbon" >/dev/null
  curl -sf "$base/chat?q=hotels+in+Rome" >/dev/null
  curl -sf "$base/stream?q=hello+number+$i" >/dev/null
  curl -s -o /dev/null "$base/chat?q=hi&model=gpt-rate-limited"
done
echo "    e.g. $(curl -sf "$base/chat?q=weather+and+exchangeRate+for+Lisbon")"
sleep 2

echo "==> victor-otel and GenAI series on http://127.0.0.1:$metrics_port/metrics"
scrape=$(curl -sf "http://127.0.0.1:$metrics_port/metrics")
echo "$scrape" | grep -E '^(victor_|gen_ai_)' | grep -v '_bucket{' | sed -E 's/otel_scope_[a-z_]+="[^"]*",?//g'
echo
echo "==> $(echo "$scrape" | grep -E '^(victor_|gen_ai_)' | sed -E 's/[{ ].*//' | sort -u | wc -l) sample names in $(echo "$scrape" | grep -E '^# TYPE (victor_|gen_ai_)' | wc -l) families"

if $once; then
  exit 0
fi
echo "Running: chat at $base/chat?q=weather+in+Paris, metrics at http://127.0.0.1:$metrics_port/metrics, log $log. Ctrl-C to stop."
wait "$pid"
