#!/usr/bin/env bash
# Whole-process overhead of the extension (docs/performance.md): the sample agent run without the
# agent, with the agent alone and with the agent plus the extension (and, with --before, plus
# another build of the extension), interleaved over rounds (the side order rotates each round),
# each run in a fresh JVM. A protocol meant to hold on a shared machine: besides wall-clock
# figures, every run records CPU time (which other processes barely change), the load average
# when each figure was taken, and the verdict against each goal says how many rounds agree.
#   startup      wall time from JVM start to the end of the app's startup (inside the JVM); the
#                process's CPU by then; the CPU of the main thread, which ran the agents' premain
#                and loaded and had transformed most startup classes; the JVM's define-class time
#                (its perf counter: the agents' class transformations run inside it)
#   load         the sample's own request load (/admin/load: HTTP chat requests on loopback)
#   micro        the cache-heavy microworkload (/admin/microload: 100 cache gets + 1 tool call
#                of fixed work, ~50 us)
#   cpu/request  process CPU time (all threads: the agent's exporter and reader, GC, JIT) per
#                request of the load and micro runs; for the micro run also split into the
#                workers' (lookups, the tool call), the tool threads' and the rest
#   memory       after the loads: heap after a full GC, metaspace, live threads, loaded classes
#   allocation   bytes allocated by the serving threads during the measured runs
#
# Usage: benchmarks/whole-process.sh [--rounds=9] [--requests=400] [--concurrency=4]
#          [--micro=20000] [--sides=none,agent,extension] [--before=EXTENSION_JAR]
#          [--extension=JAR] [--extension-args='-Dkey=value ...'] [--out=DIR]
#   --before         adds a side "before": the agent with that extension jar (e.g. main's build),
#                    so a change is compared in the same rounds, under the same load
#   --extension      the extension jar of the extension side (default: this build's)
#   --extension-args extra JVM options of the extension side only (elimination runs, e.g.
#                    -Dvictor.otel.targets=tool-cache to instrument the cache and not the tool)
#        benchmarks/whole-process.sh --startup-only [--rounds=9] [--baseline=EXTENSION_JAR] [--out=DIR]
#   --startup-only   measures startup alone (each JVM is stopped once its startup is read), on the
#                    sides agent (alone), extension (two jars) and javaagent (victor-otel-javaagent.jar,
#                    the one jar); --baseline is --before under the name of that mode
# Needs a build first: mvn -B package -DskipTests -pl benchmarks,smoke-tests/sample-agent,extension/javaagent -am
set -euo pipefail

ROUNDS=9
REQUESTS=400
CONCURRENCY=4
MICRO=20000
SIDES=""
BEFORE=""
STARTUP_ONLY=false
EXTENSION_ARGS=""
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EXTENSION=$ROOT/extension/agent/target/victor-otel-extension-0.1.0-SNAPSHOT.jar
OUT=$ROOT/benchmarks/target/whole-process
for arg in "$@"; do
  case $arg in
    --rounds=*) ROUNDS=${arg#*=} ;;
    --requests=*) REQUESTS=${arg#*=} ;;
    --concurrency=*) CONCURRENCY=${arg#*=} ;;
    --micro=*) MICRO=${arg#*=} ;;
    --sides=*) SIDES=${arg#*=} ;;
    --before=*|--baseline=*) BEFORE=$(cd "$(dirname "${arg#*=}")" && pwd)/$(basename "${arg#*=}") ;;
    --extension=*) EXTENSION=$(cd "$(dirname "${arg#*=}")" && pwd)/$(basename "${arg#*=}") ;;
    --extension-args=*) EXTENSION_ARGS=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    --startup-only) STARTUP_ONLY=true ;;
    *) sed -n '2,34p' "$0" >&2; exit 2 ;;
  esac
done
[[ -n $SIDES ]] || { $STARTUP_ONLY && SIDES=agent,extension,javaagent || SIDES=none,agent,extension; }
[[ -n $BEFORE ]] && SIDES=$SIDES,before
IFS=, read -r -a SIDE_LIST <<<"$SIDES"

SAMPLE=$ROOT/smoke-tests/sample-agent/target/victor-otel-sample-agent.jar
CONFIG=$ROOT/smoke-tests/sample-agent/victor-otel.properties
AGENT=$ROOT/benchmarks/target/agent/opentelemetry-javaagent.jar
EXPORTERS=$ROOT/benchmarks/target/discard-exporters.jar
JAVAAGENT=$ROOT/extension/javaagent/target/victor-otel-javaagent.jar
required=("$SAMPLE" "$AGENT" "$EXPORTERS" "$EXTENSION")
[[ ,$SIDES, == *,javaagent,* ]] && required+=("$JAVAAGENT")
[[ -n $BEFORE ]] && required+=("$BEFORE")
for file in "${required[@]}"; do
  [[ -f $file ]] || { echo "missing $file; build first:" \
    "mvn -B package -DskipTests -pl benchmarks,smoke-tests/sample-agent,extension/javaagent -am" >&2; exit 1; }
done
mkdir -p "$OUT"
RESULTS=$OUT/runs.tsv

# The same JVM and app settings on every side. Faults are off so that every run does the same
# work; the simulated latencies stay as they are. Every agent side exports through the real SDK
# pipeline (batch span processor, metric reader every 5 s, so collection and the extension's
# derived metrics run during the loads) into discarding exporters.
COMMON=(-Xms512m -Xmx512m -XX:+UseG1GC)
for provider in openai anthropic ollama; do
  COMMON+=("-Dsample.provider.$provider.error-rate=0" "-Dsample.provider.$provider.rate-limit-rate=0"
           "-Dsample.provider.$provider.timeout-rate=0")
done
COMMON+=(-Dsample.tool.weather.failure-rate=0 -Dsample.tool.flaky.failure-rate=0)
AGENT_ARGS=("-Dotel.javaagent.configuration-file=$CONFIG"
  -Dotel.service.name=sample-agent -Dotel.traces.exporter=discard -Dotel.metrics.exporter=discard
  -Dotel.logs.exporter=none -Dotel.metric.export.interval=5000)

# The agent options of a side; the javaagent side replaces the upstream agent by the one jar,
# which carries the extension inside.
side_args() {
  case $1 in
    none) ;;
    agent) echo "-javaagent:$AGENT -Dotel.javaagent.extensions=$EXPORTERS" ;;
    extension) echo "-javaagent:$AGENT -Dotel.javaagent.extensions=$EXPORTERS,$EXTENSION $EXTENSION_ARGS" ;;
    before) echo "-javaagent:$AGENT -Dotel.javaagent.extensions=$EXPORTERS,$BEFORE" ;;
    javaagent) echo "-javaagent:$JAVAAGENT -Dotel.javaagent.extensions=$EXPORTERS" ;;
    *) echo "unknown side $1" >&2; exit 2 ;;
  esac
}

field() { sed -n "s/.*\"$2\":\([-0-9.]*\).*/\1/p" <<<"$1"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
# A HotSpot perf counter in milliseconds (its ticks are nanoseconds on Linux), or -1.
perf_ms() {
  local ticks; ticks=$(sed -n "s/^$2=\([0-9]*\)$/\1/p" <<<"$1")
  [[ -n $ticks ]] && echo $((ticks / 1000000)) || echo -1
}
# The compilations the JIT has finished in a JVM so far (HotSpot's sun.ci.totalCompiles), or -1.
compiles() {
  local count
  # (jcmd's attach can time out on a busy machine: -1 then, never an exit of this script)
  count=$(jcmd "$1" PerfCounter.print 2>/dev/null | sed -n 's/^sun.ci.totalCompiles=\([0-9]*\)$/\1/p' \
    || true)
  echo "${count:--1}"
}
# Methods waiting in the JIT's compile queues of a JVM (a starved compiler finishes few
# compilations while its queue is long, so a low count alone does not mean it is done).
queued() { jcmd "$1" Compiler.queue 2>/dev/null | grep -c '^[0-9]' || true; }
# Warm-up: microworkload runs until the JIT stops compiling (at most this many compilations
# finished during each of two runs in a row, and an empty queue), at most MAX_WARMUPS runs.
SETTLED_COMPILES=20
MAX_WARMUPS=16

COLUMNS=(round side startup_ms startup_cpu_ms startup_thread_cpu_ms define_class_ms
  classes_at_start load_rps load_p95_us load_cpu_us load_alloc_b micro_rps micro_p95_us
  micro_cpu_us micro_worker_cpu_us micro_tool_cpu_us micro_other_cpu_us micro_warmups
  micro_compiles  micro_alloc_b_per_request heap_after_gc_b metaspace_b threads classes_at_end
  load1_start load1_load load1_micro)

# Runs one JVM of the side and appends one line to $RESULTS.
run_side() {
  local round=$1 side=$2 log=$OUT/$side-$round.log pid port="" extra
  local args=("${COMMON[@]}")
  if [[ $side != none ]]; then
    read -r -a extra <<<"$(side_args "$side")"
    args+=("${AGENT_ARGS[@]}" "${extra[@]}")
  fi
  local at_start; at_start=$(load1)
  : >"$log" # exists before the JVM's shell opens it, for the wait loop below
  java "${args[@]}" -jar "$SAMPLE" --port=0 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    port=$(sed -n 's/^LISTENING port=\([0-9]*\).*/\1/p' "$log")
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "$side exited early, see $log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -n $port ]] || { echo "$side did not start, see $log" >&2; kill "$pid"; exit 1; }
  local base=http://127.0.0.1:$port
  local start counters; start=$(curl -sf "$base/admin/runtime")
  counters=$(jcmd "$pid" PerfCounter.print 2>/dev/null || true)
  if $STARTUP_ONLY; then
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local values=("$round" "$side"
      "$(field "$start" startupMs)" "$(field "$start" processCpuMs)"
      "$(field "$start" startupThreadCpuMs)" "$(perf_ms "$counters" sun.cls.defineAppClassTime.self)"
      "$(field "$start" loadedClasses)")
    while ((${#values[@]} < ${#COLUMNS[@]} - 3)); do values+=(""); done
    values+=("$at_start" "" "")
    (IFS=$'\t'; echo "${values[*]}") >>"$RESULTS"
    return
  fi
  # Warm-up runs (JIT, caches, connection pools), then the measured ones. The microworkload warms
  # up until the JIT has stopped compiling: on a busy machine its compiler threads are starved,
  # the extension side has about 1,000 more methods to compile (advice inlined into instrumented
  # methods, the span and metric paths), and a warm-up of fixed length, or one that stops when
  # CPU per request looks steady, measures profiled (C1) code and compilation instead of the
  # steady state (docs/performance.md, issue 17). micro_compiles: the compilations finished
  # during the measured micro run (near 0 = it measured compiled code).
  curl -sf "$base/admin/load?requests=$((REQUESTS / 2))&concurrency=$CONCURRENCY" >/dev/null
  local warmups=0 settled=0 before after
  before=$(compiles "$pid")
  while ((warmups < MAX_WARMUPS)); do
    warmups=$((warmups + 1))
    curl -sf "$base/admin/microload?requests=$((MICRO / 2))&concurrency=1" >/dev/null
    after=$(compiles "$pid")
    # A failed attach (-1) is "not settled": the next run tries again, up to the cap.
    if ((after >= 0 && before >= 0 && after - before <= SETTLED_COMPILES)) \
        && [[ $(queued "$pid") == 0 ]]; then
      settled=$((settled + 1))
    else
      settled=0
    fi
    before=$after
    ((settled >= 2)) && break
  done
  local load micro end at_load at_micro
  at_load=$(load1)
  load=$(curl -sf "$base/admin/load?requests=$REQUESTS&concurrency=$CONCURRENCY")
  at_micro=$(load1)
  before=$(compiles "$pid")
  micro=$(curl -sf "$base/admin/microload?requests=$MICRO&concurrency=1")
  after=$(compiles "$pid")
  end=$(curl -sf "$base/admin/runtime?gc=true")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [[ $(field "$load" failed) == 0 ]] || { echo "$side: failed requests: $load" >&2; exit 1; }
  local values=("$round" "$side"
    "$(field "$start" startupMs)" "$(field "$start" processCpuMs)"
    "$(field "$start" startupThreadCpuMs)" "$(perf_ms "$counters" sun.cls.defineAppClassTime.self)"
    "$(field "$start" loadedClasses)"
    "$(field "$load" throughput)" "$(field "$load" p95Us)" "$(field "$load" cpuUsPerRequest)"
    "$(field "$load" allocatedBytes)"
    "$(field "$micro" throughput)" "$(field "$micro" p95Us)" "$(field "$micro" cpuUsPerRequest)"
    "$(field "$micro" workerCpuUsPerRequest)" "$(field "$micro" toolCpuUsPerRequest)"
    "$(field "$micro" otherCpuUsPerRequest)" "$warmups"
    "$( ((before >= 0 && after >= 0)) && echo $((after - before)) || echo -1)"
    "$(awk -v b="$(field "$micro" allocatedBytes)" -v n="$MICRO" 'BEGIN { printf "%.0f", b / n }')"
    "$(field "$end" heapUsedBytes)" "$(field "$end" metaspaceUsedBytes)" "$(field "$end" threads)"
    "$(field "$end" loadedClasses)" "$at_start" "$at_load" "$at_micro")
  (IFS=$'\t'; echo "${values[*]}") >>"$RESULTS"
}

(IFS=$'\t'; echo "${COLUMNS[*]}") >"$RESULTS"
echo "$(date -u +%FT%TZ) start; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores;" \
  "$(java -version 2>&1 | head -1); sides: ${SIDE_LIST[*]}; $ROUNDS rounds"
for round in $(seq "$ROUNDS"); do
  for i in $(seq 0 $((${#SIDE_LIST[@]} - 1))); do
    side=${SIDE_LIST[$(((round + i) % ${#SIDE_LIST[@]}))]}
    run_side "$round" "$side"
    echo "round $round $side: $(tail -1 "$RESULTS" | cut -f3-)"
  done
done
echo "$(date -u +%FT%TZ) end; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' -f "$ROOT/benchmarks/whole-process-summary.awk" "$RESULTS" | tee "$OUT/summary.txt"
echo "runs: $RESULTS"
