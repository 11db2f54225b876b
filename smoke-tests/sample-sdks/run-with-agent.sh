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
. "$(dirname "$0")/../run-sample.sh" "$@"

here="$root/smoke-tests/sample-sdks"
provider_port=${PROVIDER_PORT:-8091}
metrics_port=${METRICS_PORT:-9464}
rounds=${ROUNDS:-3}

build_sample "the extension, the fake provider and the sample" \
  smoke-tests/sample-sdks,smoke-tests/fake-openai,extension/agent
agent="$here/target/agent/opentelemetry-javaagent.jar"
extension=$(ls "$root"/extension/agent/target/victor-otel-extension-*.jar | grep -v original | head -n 1)

start_fake_provider "$provider_port"
echo "==> starting the sample under $(basename "$agent") + $(basename "$extension")"
start_sample sample-sdks -javaagent:"$agent" \
  -Dotel.javaagent.extensions="$extension" \
  -Dotel.service.name=sample-sdks \
  -Dotel.metrics.exporter=prometheus \
  -Dotel.exporter.prometheus.port="$metrics_port" \
  -Dotel.traces.exporter=none \
  -Dotel.logs.exporter=none \
  -jar "$here/target/victor-otel-sample-sdks.jar" \
  --base-url="http://127.0.0.1:$provider_port" --rounds="$rounds"
await_line "SDKS DONE"
sleep 2

print_series "$metrics_port" "victor-otel series"
keep_running "metrics at http://127.0.0.1:$metrics_port/metrics"
