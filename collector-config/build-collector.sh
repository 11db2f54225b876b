#!/usr/bin/env bash
# Builds the minimal OpenTelemetry Collector of collector/builder-manifest.yaml with the pinned
# OpenTelemetry Collector Builder, once, into a cache folder outside the repository, and prints the
# binary's path. The binary's folder is named after the manifest's hash, so a second run with the
# same manifest reuses it, and worktrees or branches with different manifests keep one binary each
# instead of rebuilding over each other.
#   VICTOR_OTEL_CACHE  cache root (default ~/.cache/victor-otel)
#   --check            only print the path if the binary is built and current, else exit 1
# Needs Go and the Go module proxy. Users run the official contrib collector instead (README).
set -euo pipefail

OCB_VERSION=0.158.0
here="$(cd "$(dirname "$0")" && pwd)"
manifest="$here/collector/builder-manifest.yaml"
root="${VICTOR_OTEL_CACHE:-$HOME/.cache/victor-otel}/otelcol-$OCB_VERSION"
want="$(sha256sum "$manifest" | cut -d' ' -f1)"
cache="$root/${want:0:16}"
binary="$cache/otelcol-victor"
stamp="$cache/manifest.sha256"

if [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$binary"
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "no current collector at $binary; run collector-config/build-collector.sh" >&2
  exit 1
fi

command -v go >/dev/null || { echo "build-collector.sh needs Go on PATH" >&2; exit 1; }
mkdir -p "$cache"
export GOBIN="$root/bin"
# Both cores at most: parallel builds share this machine.
export GOMAXPROCS="${GOMAXPROCS:-2}" GOFLAGS="${GOFLAGS:--buildvcs=false}"
start=$(date +%s)
if [[ ! -x "$GOBIN/builder" ]]; then
  echo "Installing the collector builder v$OCB_VERSION" >&2
  go install "go.opentelemetry.io/collector/cmd/builder@v$OCB_VERSION" >&2
fi
work="$cache/src"
rm -rf "$work" && mkdir -p "$work"
sed "s|^  output_path: .*|  output_path: $work|" "$manifest" > "$cache/manifest.yaml"
echo "Building the collector (first build takes minutes)" >&2
"$GOBIN/builder" --config "$cache/manifest.yaml" >&2
mv "$work/otelcol-victor" "$binary"
echo "$want" > "$stamp"
echo "Collector built in $(( $(date +%s) - start )) s" >&2
echo "$binary"
