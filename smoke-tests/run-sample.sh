# Shared by the samples' run-with-agent.sh scripts (sample-sdks, sample-langchain4j,
# sample-spring-ai), which source it with their arguments: what they have in common (the build,
# the fake provider, the sample in the background, the wait for its line, the series printed from
# the agent's Prometheus endpoint, --once) lives here once; each script keeps its own command line.
#
# Sets root (the repository), java (${JAVA:-java}), once (--once given), log and pid (the sample).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java=${JAVA:-java}
once=false
[ "${1:-}" = "--once" ] && once=true
pid=""
provider_pid=""

cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  [ -n "$provider_pid" ] && { kill "$provider_pid" 2>/dev/null || true; wait "$provider_pid" 2>/dev/null || true; }
  return 0
}
trap cleanup EXIT

# build_sample WHAT MODULES: mvn package of MODULES (comma-separated, with what they need), tests
# skipped, unless SKIP_BUILD=1.
build_sample() {
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "==> building $1 (mvn package, tests skipped)"
    (cd "$root" && mvn -B -q -DskipTests package -pl "$2" -am)
  fi
}

# start_fake_provider PORT: the fake OpenAI/Anthropic/Gemini provider on 127.0.0.1:PORT.
start_fake_provider() {
  local provider_log
  provider_log=$(mktemp -t victor-fake-openai.XXXXXX.log)
  echo "==> starting the fake OpenAI provider on 127.0.0.1:$1"
  "$java" -jar "$root/smoke-tests/fake-openai/target/victor-otel-fake-openai.jar" \
    --port "$1" >"$provider_log" 2>&1 &
  provider_pid=$!
}

# start_sample NAME JAVA-ARGS...: the sample's JVM in the background, its output in $log.
start_sample() {
  log=$(mktemp -t "victor-$1.XXXXXX.log")
  shift
  "$java" "$@" >"$log" 2>&1 &
  pid=$!
}

# await_line TEXT: waits up to 180 s for TEXT in the sample's log and prints that line (on
# stdout; a sample that exits or never prints it fails with the log's end on stderr).
await_line() {
  for _ in $(seq 1 180); do
    grep -q "$1" "$log" && { grep "$1" "$log" | head -n 1; return 0; }
    kill -0 "$pid" 2>/dev/null || { { echo "the sample exited:"; tail -n 40 "$log"; } >&2; exit 1; }
    sleep 1
  done
  { echo "timed out waiting for '$1':"; tail -n 40 "$log"; } >&2
  exit 1
}

# print_series PORT WHAT: the victor_ and gen_ai_ samples of the agent's Prometheus endpoint.
print_series() {
  local scrape
  echo "==> $2 on http://127.0.0.1:$1/metrics"
  scrape=$(curl -sf "http://127.0.0.1:$1/metrics")
  echo "$scrape" | grep -E '^(victor_|gen_ai_)' | grep -v '_bucket{' | sed -E 's/otel_scope_[a-z_]+="[^"]*",?//g'
  echo
  echo "==> $(echo "$scrape" | grep -E '^(victor_|gen_ai_)' | sed -E 's/[{ ].*//' | sort -u | wc -l) sample names in $(echo "$scrape" | grep -E '^# TYPE (victor_|gen_ai_)' | wc -l) families"
}

# keep_running WHERE: with --once, stops here; otherwise says WHERE to look and waits for Ctrl-C.
keep_running() {
  if $once; then
    exit 0
  fi
  echo "Running: $1, sample log $log. Ctrl-C to stop."
  wait "$pid"
}
