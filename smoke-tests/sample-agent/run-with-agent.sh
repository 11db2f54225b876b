#!/usr/bin/env bash
# Builds victor-otel-javaagent.jar (the pinned OpenTelemetry javaagent, fetched from Maven Central,
# with the extension inside) and the sample agent, starts the sample under it with one -javaagent
# flag, drives some load through it and prints the victor-otel series from the agent's own
# Prometheus endpoint. No collector needed.
#
#   smoke-tests/sample-agent/run-with-agent.sh           # keeps running until Ctrl-C
#   smoke-tests/sample-agent/run-with-agent.sh --once    # prints the series and stops
#
# Environment: APP_PORT (default 8080), METRICS_PORT (9464), LOAD (requests, default 400),
# JAVA (java executable), SKIP_BUILD=1 to reuse a previous build.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/smoke-tests/sample-agent"
app_port=${APP_PORT:-8080}
metrics_port=${METRICS_PORT:-9464}
load=${LOAD:-400}
java=${JAVA:-java}
once=false
[ "${1:-}" = "--once" ] && once=true

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building victor-otel-javaagent.jar and the sample agent (mvn package, tests skipped)"
  (cd "$root" && mvn -B -q -DskipTests package -pl smoke-tests/sample-agent,extension/javaagent -am)
fi
agent="$root/extension/javaagent/target/victor-otel-javaagent.jar"
log=$(mktemp -t victor-sample.XXXXXX.log)

echo "==> starting the sample agent under $(basename "$agent")"
"$java" -javaagent:"$agent" \
  -Dotel.javaagent.configuration-file="$here/victor-otel.properties" \
  -Dotel.service.name=sample-agent \
  -Dotel.metrics.exporter=prometheus \
  -Dotel.exporter.prometheus.port="$metrics_port" \
  -Dotel.traces.exporter=none \
  -Dotel.logs.exporter=none \
  -jar "$here/target/victor-otel-sample-agent.jar" --port="$app_port" --load="$load" \
  >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT

wait_for() { # pattern, seconds
  for _ in $(seq 1 "$2"); do
    grep -q "$1" "$log" && return 0
    kill -0 $pid 2>/dev/null || { echo "sample agent exited:"; tail -n 40 "$log"; exit 1; }
    sleep 1
  done
  echo "timed out waiting for '$1':"; tail -n 40 "$log"; exit 1
}
wait_for "LISTENING port=" 120
echo "==> sending $load chat requests through the built-in load generator"
wait_for "LOAD DONE" 300
grep "LOAD DONE" "$log"
sleep 2

echo "==> victor-otel series on http://127.0.0.1:$metrics_port/metrics"
scrape=$(curl -sf "http://127.0.0.1:$metrics_port/metrics")
echo "$scrape" | grep -E '^(victor_|gen_ai_)' | grep -v '_bucket{' | sed -E 's/otel_scope_[a-z_]+="[^"]*",?//g'
echo
echo "==> $(echo "$scrape" | grep -E '^(victor_|gen_ai_)' | sed -E 's/[{ ].*//' | sort -u | wc -l) sample names in $(echo "$scrape" | grep -E '^# TYPE (victor_|gen_ai_)' | wc -l) families"

if $once; then
  exit 0
fi
echo "Running: chat at http://127.0.0.1:$app_port/chat?q=hello, metrics at http://127.0.0.1:$metrics_port/metrics, log $log. Ctrl-C to stop."
wait $pid
