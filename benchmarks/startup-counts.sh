#!/usr/bin/env bash
# Start-up figures that a loaded machine moves little: the sample agent's JVM, started as
# whole-process.sh starts it, stopped at LISTENING; per side and round (interleaved), HotSpot's
# counters at that moment: classes loaded (java.cls.loadedClasses), JIT compilations finished
# (sun.ci.totalCompiles), define-class time; the sample's process and main-thread CPU; and whether
# the agent's extension remapper (RemappingUrlConnection) was loaded.
#
#   benchmarks/startup-counts.sh [--rounds=4] [--sides=agent,extension,javaagent] [--out=DIR]
#
# Sides as in whole-process.sh: agent (alone), extension (two jars), javaagent (the one jar),
# plus old-javaagent: the jar named by $OLD_JAVAAGENT (e.g. a one jar built by an earlier
# commit). Every side also loads the discarding exporters as an extension, as whole-process.sh
# does. Build first: mvn -B package -DskipTests -pl benchmarks,smoke-tests/sample-agent,extension/javaagent -am
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=4 SIDES=agent,extension,javaagent OUT=$ROOT/benchmarks/target/startup-counts
for arg in "$@"; do
  case $arg in
    --rounds=*) ROUNDS=${arg#*=} ;;
    --sides=*) SIDES=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
SAMPLE=$ROOT/smoke-tests/sample-agent/target/victor-otel-sample-agent.jar
AGENT=$ROOT/benchmarks/target/agent/opentelemetry-javaagent.jar
EXPORTERS=$ROOT/benchmarks/target/discard-exporters.jar
EXTENSION=$(ls "$ROOT"/extension/agent/target/victor-otel-extension-*.jar | grep -v original | head -1)
JAVAAGENT=$ROOT/extension/javaagent/target/victor-otel-javaagent.jar
mkdir -p "$OUT"
COMMON=(-Xms512m -Xmx512m -XX:+UseG1GC "-Dotel.javaagent.configuration-file=$ROOT/smoke-tests/sample-agent/victor-otel.properties"
  -Dotel.service.name=sample-agent -Dotel.traces.exporter=discard -Dotel.metrics.exporter=discard
  -Dotel.logs.exporter=none -Dotel.metric.export.interval=5000)
side_args() {
  case $1 in
    agent) echo "-javaagent:$AGENT -Dotel.javaagent.extensions=$EXPORTERS" ;;
    extension) echo "-javaagent:$AGENT -Dotel.javaagent.extensions=$EXPORTERS,$EXTENSION" ;;
    javaagent) echo "-javaagent:$JAVAAGENT -Dotel.javaagent.extensions=$EXPORTERS" ;;
    old-javaagent) echo "-javaagent:${OLD_JAVAAGENT:?set OLD_JAVAAGENT} -Dotel.javaagent.extensions=$EXPORTERS" ;;
    *) echo "unknown side $1" >&2; exit 2 ;;
  esac
}
counter() { sed -n "s/^$2=\([0-9]*\)$/\1/p" <<<"$1"; }
field() { sed -n "s/.*\"$2\":\([-0-9.]*\).*/\1/p" <<<"$1"; }
printf 'round\tside\tclasses\tcompiles\tdefine_class_ms\tprocess_cpu_ms\tmain_cpu_ms\tremapper\tload1\n'
IFS=, read -r -a side_list <<<"$SIDES"
for round in $(seq "$ROUNDS"); do
  for side in "${side_list[@]}"; do
    log=$OUT/$side-$round.log classes=$OUT/$side-$round.classes port=""
    read -r -a extra <<<"$(side_args "$side")"
    : >"$log"
    java "${COMMON[@]}" "${extra[@]}" -Xlog:class+load=info:file="$classes" \
      -jar "$SAMPLE" --port=0 >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1200); do
      port=$(sed -n 's/^LISTENING port=\([0-9]*\).*/\1/p' "$log")
      [[ -n $port ]] && break
      sleep 0.1
    done
    [[ -n $port ]] || { echo "$side did not start, see $log" >&2; kill "$pid"; exit 1; }
    counters=$(jcmd "$pid" PerfCounter.print 2>/dev/null || true)
    runtime=$(curl -sf "http://127.0.0.1:$port/admin/runtime")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$side" \
      "$(counter "$counters" java.cls.loadedClasses)" "$(counter "$counters" sun.ci.totalCompiles)" \
      "$(( $(counter "$counters" sun.cls.defineAppClassTime.self) / 1000000 ))" \
      "$(field "$runtime" processCpuMs)" "$(field "$runtime" startupThreadCpuMs)" \
      "$(grep -c ' io.opentelemetry.javaagent.tooling.RemappingUrlConnection ' "$classes" || true)" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
