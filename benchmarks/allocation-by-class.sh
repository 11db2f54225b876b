#!/usr/bin/env bash
# Bytes allocated per request by class, exactly, for the sample agent's microworkload and load run
# (docs/performance.md, issue 17): the JVM runs with the Epsilon collector (nothing is ever
# freed) and without TLABs, and a class histogram of every object, reachable or not (jcmd
# GC.class_histogram -all), is taken before and after each measured run. The difference is
# every object allocated during the run, by class, on every thread (the exporter's and the
# metric reader's included), independent of the machine's load. Sampling profilers (JFR's
# allocation samples) rank the same objects only approximately.
#
# Usage: benchmarks/allocation-by-class.sh [--side=agent|extension] [--extension=JAR]
#          [--micro=20000] [--requests=400] [--top=40] [--out=DIR]
# Compare two sides with --diff=DIR_A,DIR_B (two earlier --out directories).
# Needs the jars of whole-process.sh (same build command) and about 4 GB of free memory (Epsilon never frees).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIDE=extension
EXTENSION=$ROOT/extension/agent/target/victor-otel-extension-0.1.0-SNAPSHOT.jar
MICRO=20000
REQUESTS=400
TOP=40
OUT=""
DIFF=""
for arg in "$@"; do
  case $arg in
    --side=*) SIDE=${arg#*=} ;;
    --extension=*) EXTENSION=${arg#*=} ;;
    --micro=*) MICRO=${arg#*=} ;;
    --requests=*) REQUESTS=${arg#*=} ;;
    --top=*) TOP=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    --diff=*) DIFF=${arg#*=} ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done

# Bytes and objects per request by class: "<requests> <before> <after>" gives after minus before;
# "<requests> <A before> <A after> <B before> <B after>" gives side B's run minus side A's.
per_request() {
  local n=$1; shift
  awk -v n="$n" -v files="$#" '
    FNR == 1 { f++ }
    $1 ~ /^[0-9]+:$/ {
      k = $4; gsub(/[$][$]Lambda[$][0-9]+[/]0x[0-9a-f]+/, "$$Lambda", k)
      sign = (f % 2 == 1) ? -1 : 1
      if (files == 4 && f <= 2) sign = -sign
      count[k] += sign * $2; bytes[k] += sign * $3
    }
    END {
      for (k in bytes) {
        total += bytes[k]
        if (bytes[k] != 0) printf "%12.1f %9.3f  %s\n", bytes[k] / n, count[k] / n, k
      }
      printf "%12.1f %9s  %s\n", total / n, "", "TOTAL (bytes, objects per request)"
    }' "$@" | sort -g -r -k1,1 | awk -v top="$TOP" '/TOTAL/ { print; next } ++i <= top'
}

if [[ -n $DIFF ]]; then
  IFS=, read -r a b <<<"$DIFF"
  for run in micro load; do
    n=$(cat "$a/$run.requests")
    echo "== $run: $b minus $a, bytes and objects per request"
    per_request "$n" "$a/$run-before.txt" "$a/$run-after.txt" "$b/$run-before.txt" \
      "$b/$run-after.txt"
  done
  exit 0
fi

OUT=${OUT:-$ROOT/benchmarks/target/allocation-by-class/$SIDE}
mkdir -p "$OUT"
SAMPLE=$ROOT/smoke-tests/sample-agent/target/victor-otel-sample-agent.jar
CONFIG=$ROOT/smoke-tests/sample-agent/victor-otel.properties
AGENT=$ROOT/benchmarks/target/agent/opentelemetry-javaagent.jar
EXPORTERS=$ROOT/benchmarks/target/discard-exporters.jar
# The settings of whole-process.sh, with Epsilon instead of G1.
args=(-Xms4g -Xmx4g -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -XX:-UseTLAB)
for provider in openai anthropic ollama; do
  args+=("-Dsample.provider.$provider.error-rate=0" "-Dsample.provider.$provider.rate-limit-rate=0"
         "-Dsample.provider.$provider.timeout-rate=0")
done
args+=(-Dsample.tool.weather.failure-rate=0 -Dsample.tool.flaky.failure-rate=0
  "-Dotel.javaagent.configuration-file=$CONFIG" -Dotel.service.name=sample-agent
  -Dotel.traces.exporter=discard -Dotel.metrics.exporter=discard -Dotel.logs.exporter=none
  -Dotel.metric.export.interval=5000 "-javaagent:$AGENT")
case $SIDE in
  agent) args+=("-Dotel.javaagent.extensions=$EXPORTERS") ;;
  extension) args+=("-Dotel.javaagent.extensions=$EXPORTERS,$EXTENSION") ;;
  *) echo "unknown side $SIDE" >&2; exit 2 ;;
esac
log=$OUT/sample.log
: >"$log"
java "${args[@]}" -jar "$SAMPLE" --port=0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
port=""
for _ in $(seq 600); do
  port=$(sed -n 's/^LISTENING port=\([0-9]*\).*/\1/p' "$log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "the sample did not start, see $log" >&2; exit 1; }
base=http://127.0.0.1:$port
# Warm-up: the JIT's escape analysis removes some allocations once methods are compiled.
curl -sf "$base/admin/load?requests=$((REQUESTS / 2))&concurrency=4" >/dev/null
for _ in 1 2 3 4; do curl -sf "$base/admin/microload?requests=10000&concurrency=1" >/dev/null; done
# Each histogram waits for the exporter's batch of the run before (its scheduled export).
histogram() { sleep 6; jcmd "$pid" GC.class_histogram -all >"$OUT/$1.txt"; }
histogram micro-before
curl -sf "$base/admin/microload?requests=$MICRO&concurrency=1" >/dev/null
histogram micro-after
cp "$OUT/micro-after.txt" "$OUT/load-before.txt"
curl -sf "$base/admin/load?requests=$REQUESTS&concurrency=4" >/dev/null
histogram load-after
echo "$MICRO" >"$OUT/micro.requests"
echo "$REQUESTS" >"$OUT/load.requests"
for run in micro load; do
  echo "== $run ($SIDE): bytes and objects per request"
  per_request "$(cat "$OUT/$run.requests")" "$OUT/$run-before.txt" "$OUT/$run-after.txt"
done
