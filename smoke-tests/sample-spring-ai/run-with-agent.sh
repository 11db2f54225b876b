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
. "$(dirname "$0")/../run-sample.sh" "$@"

here="$root/smoke-tests/sample-spring-ai"
app_port=${APP_PORT:-8080}
fake_port=${FAKE_PORT:-8089}
metrics_port=${METRICS_PORT:-9464}
rounds=${ROUNDS:-10}

build_sample "victor-otel-javaagent.jar, the fake provider and the sample" \
  smoke-tests/sample-spring-ai,smoke-tests/fake-openai,extension/javaagent
agent="$root/extension/javaagent/target/victor-otel-javaagent.jar"

start_fake_provider "$fake_port"
echo "==> starting the Spring AI sample under $(basename "$agent")"
# C1 only: the demo starts in about half the time; it is not a benchmark.
export FAKE_OPENAI_URL="http://127.0.0.1:$fake_port/v1" APP_PORT="$app_port"
start_sample sample-spring-ai -XX:TieredStopAtLevel=1 -javaagent:"$agent" \
  -Dotel.service.name=sample-spring-ai \
  -Dotel.metrics.exporter=prometheus \
  -Dotel.exporter.prometheus.port="$metrics_port" \
  -Dotel.traces.exporter=none \
  -Dotel.logs.exporter=none \
  -jar "$here/target/victor-otel-sample-spring-ai.jar"
await_line "LISTENING port=" >/dev/null

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

print_series "$metrics_port" "victor-otel and GenAI series"
keep_running "chat at $base/chat?q=weather+in+Paris, metrics at http://127.0.0.1:$metrics_port/metrics"
