#!/usr/bin/env bash
# The whole test suite on a fresh machine, in one command: installs or builds what the tests need,
# then runs `mvn -B verify` (extra arguments are passed to Maven).
#
#   - Prometheus, Alertmanager, promtool and amtool: Debian's packages, installed when missing if
#     this runs as root (their services are not started: the tests start their own on free ports);
#     a non-root user is told the one command to run.
#   - The OpenTelemetry Collector: built once by collector-config/build-collector.sh into
#     ${VICTOR_OTEL_CACHE:-~/.cache/victor-otel} (needs Go; minutes cold, instant when cached).
#   - The Temurin 25 JDK for the tests that run on a second JDK: VICTOR_TEMURIN25_HOME, default
#     /usr/lib/jvm/temurin-25-jdk-amd64. When it is absent those tests are skipped, and this script
#     says so before and after the run; plain `mvn -B verify` fails them instead.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "test.sh: $*" >&2; exit 1; }
step() { echo "test.sh: $*"; }

command -v java >/dev/null || fail "needs a JDK 17 or newer on PATH"
command -v mvn >/dev/null || fail "needs Maven 3.8+ on PATH"
java -version 2>&1 | head -n 1

# Debian's Prometheus 2.42+ and Alertmanager 0.25+ for the monitoring pipeline's tests.
apt_packages="prometheus prometheus-alertmanager"
missing=()
for tool in promtool amtool prometheus prometheus-alertmanager; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    fail "${missing[*]} not on PATH; install them once with: sudo apt-get install -y $apt_packages"
  fi
  command -v apt-get >/dev/null || fail "${missing[*]} not on PATH and no apt-get to install $apt_packages"
  step "installing $apt_packages (Debian packages; their services are not started)"
  # policy-rc.d answering 101 keeps the packages from starting services on the default ports.
  own_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    own_policy=true
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $apt_packages >/dev/null
  if $own_policy; then rm -f /usr/sbin/policy-rc.d; fi
fi
prometheus --version 2>&1 | head -n 1

# The collector, built from the Go module proxy once per builder manifest.
command -v go >/dev/null || fail "needs Go on PATH to build the OpenTelemetry Collector (collector-config/build-collector.sh)"
start=$(date +%s)
collector-config/build-collector.sh >/dev/null
step "collector ready ($(( $(date +%s) - start )) s)"

# The second JDK.
temurin25="${VICTOR_TEMURIN25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
temurin_args=("-Dvictor.temurin25.home=$temurin25")
temurin_note=""
if "$temurin25/bin/java" -version >/dev/null 2>&1; then
  "$temurin25/bin/java" -version 2>&1 | head -n 1
else
  temurin_note="the Temurin 25 JDK is not at $temurin25 (set VICTOR_TEMURIN25_HOME): the tests that run on it were SKIPPED"
  echo "test.sh: WARNING: $temurin_note" >&2
  temurin_args+=("-Dvictor.temurin25.absent=true")
fi

start=$(date +%s)
mvn -B verify "${temurin_args[@]}" "$@"
step "mvn -B verify passed in $(( $(date +%s) - start )) s"
if [ -n "$temurin_note" ]; then
  echo "test.sh: WARNING: $temurin_note" >&2
fi
