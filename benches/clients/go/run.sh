#!/usr/bin/env bash
# The Go client's benchmark: ParseErrorResponse against json.Unmarshal into
# a struct, per body over the conformance corpus. Prints one line:
#   go: parser N ns/body, baseline M ns/body, ratio R.RRx
# Go's caches live under target/, as in the tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
command -v go >/dev/null || { echo "go is missing: run \`scripts/install-toolchains\`" >&2; exit 1; }
state="$root/target/go-bench"
cd "$root/benches/clients/go"
output="$(GOCACHE="$state/cache" GOPATH="$state/path" GOENV=off GOFLAGS= GOPROXY=off \
  GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 \
  go test -run '^$' -bench . -benchtime "${BENCHTIME:-2s}" -count 1 .)" || { echo "$output" >&2; exit 1; }
echo "$output" | awk '
  /^Benchmark/ { for (i = 1; i < NF; i++) if ($(i + 1) == "ns/body") ns[$1] = $i }
  END {
    parser = ""; baseline = ""
    for (name in ns) { if (name ~ /^BenchmarkParser/) parser = ns[name]; if (name ~ /^BenchmarkBaseline/) baseline = ns[name] }
    if (parser == "" || baseline == "") { print "go: the benchmarks printed no ns/body" > "/dev/stderr"; exit 1 }
    printf "go: parser %.0f ns/body, baseline %.0f ns/body, ratio %.2fx\n", parser, baseline, parser / baseline
  }'
