#!/usr/bin/env bash
# Builds victor-otel-javaagent.jar (the pinned OpenTelemetry javaagent with the extension inside),
# the fake OpenAI provider and the LangChain4j sample, starts the fake
# provider, runs the sample under it -- one -javaagent flag and nothing else of
# victor-otel -- and prints the victor-otel series from the agent's
# own Prometheus endpoint. No collector, no network beyond loopback.
#
#   smoke-tests/sample-langchain4j/run-with-agent.sh           # keeps running until Ctrl-C
#   smoke-tests/sample-langchain4j/run-with-agent.sh --once    # prints the series and stops
#
# Environment: PROVIDER_PORT (fake provider, default 8089), METRICS_PORT (9464), QUESTIONS
# (default 24), JAVA (java executable), SKIP_BUILD=1 to reuse a previous build.
set -euo pipefail
. "$(dirname "$0")/../run-sample.sh" "$@"

here="$root/smoke-tests/sample-langchain4j"
provider_port=${PROVIDER_PORT:-8089}
metrics_port=${METRICS_PORT:-9464}
questions=${QUESTIONS:-24}

build_sample "victor-otel-javaagent.jar, the fake provider and the sample" \
  smoke-tests/sample-langchain4j,smoke-tests/fake-openai,extension/javaagent
agent="$root/extension/javaagent/target/victor-otel-javaagent.jar"

start_fake_provider "$provider_port"
echo "==> starting the sample under $(basename "$agent")"
start_sample sample-langchain4j -javaagent:"$agent" \
  -Dotel.service.name=sample-langchain4j \
  -Dotel.metrics.exporter=prometheus \
  -Dotel.exporter.prometheus.port="$metrics_port" \
  -Dotel.traces.exporter=none \
  -Dotel.logs.exporter=none \
  -jar "$here/target/victor-otel-sample-langchain4j.jar" \
  --base-url="http://127.0.0.1:$provider_port/v1" --questions="$questions"
await_line "LANGCHAIN4J DONE"
sleep 2

print_series "$metrics_port" "victor-otel series"
keep_running "metrics at http://127.0.0.1:$metrics_port/metrics"
