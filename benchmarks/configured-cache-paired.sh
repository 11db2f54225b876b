#!/usr/bin/env bash
# The configured cache get's cost, paired in one JVM (ConfiguredCacheProbe: the configured
# BenchCache against its unconfigured copy PlainCache, alternating chunks), for one or more
# extension jars, interleaved over rounds: round 1 runs each jar once in the order given, round 2
# in the reverse order, and so on. The agent, the discard exporters and the targets are those of
# the benchmarks' extension side (Side.EXTENSION).
# Usage: benchmarks/configured-cache-paired.sh [--rounds=3] [--chunks=300] [--calls=20000]
#          NAME=EXTENSION_JAR [NAME=EXTENSION_JAR ...]
# Needs: mvn -B package -DskipTests -pl benchmarks -am
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=3
CHUNKS=300
CALLS=20000
SIDES=()
for arg in "$@"; do
  case $arg in
    --rounds=*) ROUNDS=${arg#*=} ;;
    --chunks=*) CHUNKS=${arg#*=} ;;
    --calls=*) CALLS=${arg#*=} ;;
    *=*) SIDES+=("$arg") ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
[ ${#SIDES[@]} -gt 0 ] || SIDES=("this=$ROOT/extension/agent/target/victor-otel-extension-0.1.0-SNAPSHOT.jar")
BENCH=$ROOT/benchmarks/target
TARGETS=()
while IFS='=' read -r key value; do
  [[ -z $key || $key == \#* ]] && continue
  TARGETS+=("-D$key=$value")
done < "$ROOT/benchmarks/src/main/resources/ai/victor/otel/bench/targets.properties"
for ((round = 1; round <= ROUNDS; round++)); do
  order=("${SIDES[@]}")
  if ((round % 2 == 0)); then
    order=(); for ((i = ${#SIDES[@]} - 1; i >= 0; i--)); do order+=("${SIDES[i]}"); done
  fi
  for side in "${order[@]}"; do
    name=${side%%=*}; jar=${side#*=}
    echo "== round $round, $name ($jar), $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -Xms512m -Xmx512m -Dvictor.bench.side=EXTENSION \
      -javaagent:"$BENCH/agent/opentelemetry-javaagent.jar" \
      -Dotel.javaagent.extensions="$BENCH/discard-exporters.jar,$jar" \
      -Dotel.service.name=victor-bench -Dotel.traces.exporter=discard \
      -Dotel.metrics.exporter=discard -Dotel.logs.exporter=none \
      -Dotel.metric.export.interval=60000 "${TARGETS[@]}" \
      -cp "$BENCH/benchmarks.jar" ai.victor.otel.bench.ConfiguredCacheProbe "$CHUNKS" "$CALLS" \
      2>&1 | grep -v '^\[otel.javaagent' || true
  done
done
