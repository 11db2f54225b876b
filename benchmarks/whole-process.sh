#!/usr/bin/env bash
# Whole-process overhead of the extension (docs/performance.md): the sample agent run without the
# agent, with the agent alone and with the agent plus the extension, interleaved over several
# rounds (the side order rotates each round), each run in a fresh JVM:
#   startup      time from JVM start to the end of the app's startup, measured inside the JVM,
#                and the process's CPU time by then (steadier than wall time on a busy machine)
#   load         the sample's own request load (/admin/load: HTTP chat requests on loopback)
#   micro        the cache-heavy microworkload (/admin/microload: 100 cache gets + 1 tool call of 50 us)
#   memory       after the loads: heap after a full GC, metaspace, live threads, loaded classes
#   allocation   bytes allocated by the serving threads during the measured load runs
# Prints per-side medians with min-max over the rounds and the agent+extension / agent-alone ratios.
#
# Usage: benchmarks/whole-process.sh [--rounds=9] [--requests=400] [--concurrency=4]
#                                    [--micro=20000] [--out=DIR]
#        benchmarks/whole-process.sh --startup-only [--rounds=9] [--baseline=EXTENSION.jar] [--out=DIR]
# --startup-only measures startup alone (each JVM is stopped once its startup is read), on the
# sides agent (alone), extension (two jars) and javaagent (victor-otel-javaagent.jar, the one jar),
# plus baseline (the agent with another extension jar, e.g. main's, to compare before/after in
# the same interleaved rounds) when --baseline is given.
# Needs a build first: mvn -B package -DskipTests -pl benchmarks,smoke-tests/sample-agent,extension/javaagent -am
set -euo pipefail

ROUNDS=9
REQUESTS=400
CONCURRENCY=4
MICRO=20000
STARTUP_ONLY=false
BASELINE=""
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/benchmarks/target/whole-process
for arg in "$@"; do
  case $arg in
    --rounds=*) ROUNDS=${arg#*=} ;;
    --requests=*) REQUESTS=${arg#*=} ;;
    --concurrency=*) CONCURRENCY=${arg#*=} ;;
    --micro=*) MICRO=${arg#*=} ;;
    --out=*) OUT=${arg#*=} ;;
    --startup-only) STARTUP_ONLY=true ;;
    --baseline=*) BASELINE=$(cd "$(dirname "${arg#*=}")" && pwd)/$(basename "${arg#*=}") ;;
    *) sed -n '2,21p' "$0" >&2; exit 2 ;;
  esac
done

SAMPLE=$ROOT/smoke-tests/sample-agent/target/victor-otel-sample-agent.jar
CONFIG=$ROOT/smoke-tests/sample-agent/victor-otel.properties
AGENT=$ROOT/benchmarks/target/agent/opentelemetry-javaagent.jar
EXPORTERS=$ROOT/benchmarks/target/discard-exporters.jar
EXTENSION=$ROOT/extension/agent/target/victor-otel-extension-0.1.0-SNAPSHOT.jar
JAVAAGENT=$ROOT/extension/javaagent/target/victor-otel-javaagent.jar
required=("$SAMPLE" "$AGENT" "$EXPORTERS" "$EXTENSION")
$STARTUP_ONLY && required+=("$JAVAAGENT")
[[ -n $BASELINE ]] && required+=("$BASELINE")
for file in "${required[@]}"; do
  [[ -f $file ]] || { echo "missing $file; build first:" \
    "mvn -B package -DskipTests -pl benchmarks,smoke-tests/sample-agent,extension/javaagent -am" >&2; exit 1; }
done
mkdir -p "$OUT"
RESULTS=$OUT/runs.tsv

# The same JVM and app settings on every side. Faults are off so that every run does the same
# work; the simulated latencies stay as they are. Both agent sides export through the real SDK
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

# The agent options of a side (one per line); the javaagent side replaces the upstream agent by
# the one jar, which carries the extension inside.
side_args() {
  case $1 in
    none) ;;
    agent) printf '%s\n' "-javaagent:$AGENT" "-Dotel.javaagent.extensions=$EXPORTERS" ;;
    extension) printf '%s\n' "-javaagent:$AGENT" "-Dotel.javaagent.extensions=$EXPORTERS,$EXTENSION" ;;
    baseline) printf '%s\n' "-javaagent:$AGENT" "-Dotel.javaagent.extensions=$EXPORTERS,$BASELINE" ;;
    javaagent) printf '%s\n' "-javaagent:$JAVAAGENT" "-Dotel.javaagent.extensions=$EXPORTERS" ;;
  esac
}

field() { sed -n "s/.*\"$2\":\([-0-9.]*\).*/\1/p" <<<"$1"; }

# Runs one JVM of the side and appends one line to $RESULTS.
run_side() {
  local round=$1 side=$2 log=$OUT/$side-$round.log pid port=""
  local args=("${COMMON[@]}") option
  while IFS= read -r option; do args+=("$option"); done < <(side_args "$side")
  [[ $side != none ]] && args+=("${AGENT_ARGS[@]}")
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
  local start; start=$(curl -sf "$base/admin/runtime")
  if $STARTUP_ONLY; then
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$side" "$(field "$start" startupMs)" \
      "$(field "$start" loadedClasses)" "$(field "$start" processCpuMs)" \
      "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
    return
  fi
  # Warm-up runs (JIT, caches, connection pools), then the measured ones.
  curl -sf "$base/admin/load?requests=$((REQUESTS / 2))&concurrency=$CONCURRENCY" >/dev/null
  curl -sf "$base/admin/microload?requests=$((MICRO / 2))&concurrency=1" >/dev/null
  local load micro end
  load=$(curl -sf "$base/admin/load?requests=$REQUESTS&concurrency=$CONCURRENCY")
  micro=$(curl -sf "$base/admin/microload?requests=$MICRO&concurrency=1")
  end=$(curl -sf "$base/admin/runtime?gc=true")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [[ $(field "$load" failed) == 0 ]] || { echo "$side: failed requests: $load" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$side" \
    "$(field "$start" startupMs)" "$(field "$start" loadedClasses)" \
    "$(field "$load" throughput)" "$(field "$load" p95Us)" "$(field "$load" allocatedBytes)" \
    "$(field "$micro" throughput)" "$(field "$micro" p95Us)" "$(field "$micro" allocatedBytes)" \
    "$(field "$end" heapUsedBytes)" "$(field "$end" metaspaceUsedBytes)" "$(field "$end" threads)" \
    "$(field "$end" loadedClasses)" "$(field "$start" processCpuMs)" \
    "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
}

# awk functions of both summaries: the median and the min-max of a space-separated list.
STATS='
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function range(list,   n, a, i, lo, hi) {
    n = split(list, a, " "); lo = hi = a[1]
    for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
    return sprintf("%.4g-%.4g", lo, hi)
  }
  function stat(list) { return sprintf("%.4g (%s)", median(list), range(list)) }'

if $STARTUP_ONLY; then
  SIDES=(agent extension javaagent)
  [[ -n $BASELINE ]] && SIDES+=(baseline)
  printf 'round\tside\tstartup_ms\tclasses_at_start\tstartup_cpu_ms\tload1\n' >"$RESULTS"
  echo "$(date -u +%FT%TZ) start (startup only, sides ${SIDES[*]}); load average: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
  for round in $(seq "$ROUNDS"); do
    for i in $(seq 0 $((${#SIDES[@]} - 1))); do
      side=${SIDES[$(((round + i) % ${#SIDES[@]}))]}
      run_side "$round" "$side"
      echo "round $round $side: $(tail -1 "$RESULTS" | cut -f3-)"
    done
  done
  echo "$(date -u +%FT%TZ) end; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Medians (min-max) per side; per round, each side's addition over the agent alone.
  awk -F'\t' -v sides="${SIDES[*]}" "$STATS"'
    NR == 1 { for (i = 3; i <= NF; i++) name[i] = $i; next }
    { for (i = 3; i <= NF; i++) { v[$2, i] = v[$2, i] " " $i; at[$1, $2, i] = $i } rounds[$1] = 1 }
    END {
      n = split(sides, side, " ")
      printf "\n%-12s", "median (min-max)"
      for (i = 3; i <= 6; i++) printf " %-26s", name[i]
      print ""
      for (s = 1; s <= n; s++) {
        printf "%-12s", side[s]
        for (i = 3; i <= 6; i++) printf " %-26s", stat(v[side[s], i])
        print ""
      }
      print "\nadded over the agent alone, per round: median (min-max)"
      for (s = 1; s <= n; s++) {
        if (side[s] == "agent") continue
        for (i = 3; i <= 5; i++) {
          d = ""; p = ""
          for (r in rounds) { d = d " " at[r, side[s], i] - at[r, "agent", i]; p = p " " (at[r, side[s], i] / at[r, "agent", i] - 1) * 100 }
          printf "  %-10s %-18s added %-24s change %% %s\n", side[s], name[i], stat(d), stat(p)
        }
      }
    }' "$RESULTS" | tee "$OUT/summary.txt"
  echo "runs: $RESULTS"
  exit 0
fi
printf 'round\tside\tstartup_ms\tclasses_at_start\tload_rps\tload_p95_us\tload_alloc_b\tmicro_rps\tmicro_p95_us\tmicro_alloc_b\theap_after_gc_b\tmetaspace_b\tthreads\tclasses_at_end\tstartup_cpu_ms\tload1\n' >"$RESULTS"
echo "$(date -u +%FT%TZ) start; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
SIDES=(none agent extension)
for round in $(seq "$ROUNDS"); do
  for i in 0 1 2; do
    side=${SIDES[$(((round + i) % 3))]}
    run_side "$round" "$side"
    echo "round $round $side: $(tail -1 "$RESULTS" | cut -f3-)"
  done
done
echo "$(date -u +%FT%TZ) end; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Medians (min-max) per side, and per-round agent+extension vs agent-alone comparisons.
awk -F'\t' "$STATS"'
  NR == 1 { for (i = 3; i <= NF; i++) name[i] = $i; next }
  { for (i = 3; i <= NF; i++) { v[$2, i] = v[$2, i] " " $i; at[$1, $2, i] = $i } rounds[$1] = 1 }
  END {
    printf "\n%-18s %-28s %-28s %-28s\n", "median (min-max)", "none", "agent", "extension"
    for (i = 3; i <= 15; i++)
      printf "%-18s %-28s %-28s %-28s\n", name[i], stat(v["none", i]), stat(v["agent", i]), stat(v["extension", i])
    print "\nagent+extension vs agent alone, per round: median (min-max)"
    split("5 8", ratios, " ")
    for (k in ratios) { i = ratios[k]; r = ""; for (n in rounds) r = r " " at[n, "extension", i] / at[n, "agent", i]
      printf "  %-16s ratio %s\n", name[i], stat(r) }
    split("6 9 7 10", pct, " ")
    for (k in pct) { i = pct[k]; r = ""; for (n in rounds) r = r " " (at[n, "extension", i] / at[n, "agent", i] - 1) * 100
      printf "  %-16s change %% %s\n", name[i], stat(r) }
    split("3 4 11 12 13 14 15", deltas, " ")
    for (k in deltas) { i = deltas[k]; r = ""; for (n in rounds) r = r " " at[n, "extension", i] - at[n, "agent", i]
      printf "  %-16s added %s\n", name[i], stat(r) }
    split("3 15", pcts, " ")
    for (k in pcts) { i = pcts[k]; r = ""; for (n in rounds) r = r " " (at[n, "extension", i] / at[n, "agent", i] - 1) * 100
      printf "  %-16s change %% %s\n", name[i], stat(r) }
  }' "$RESULTS" | tee "$OUT/summary.txt"
echo "runs: $RESULTS"
