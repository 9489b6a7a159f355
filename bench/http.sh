#!/usr/bin/env bash
# HTTP benchmarks (issue 20), each beside the baseline (bench/hello-world) in the same run, with wrk:
#   polls      idle agent polls (GET /agent/v1/commands/next?wait=0 of one registered host, nothing queued),
#              64 connections, against the baseline's GET /q/health/live, 64 connections;
#   typename   GraphQL { __typename }, 16 connections, against the baseline's { __typename };
#   packages   GraphQL packages(first: 50) with every version's files (50 packages seeded first), 16 connections,
#              against the baseline's { __typename }; latencies p50 and p99 as well.
# Each round runs every figure for DURATION seconds after one WARMUP-second run of each; prints each round, then
# medians of requests/s and latency, and the ratio service/baseline.
#
# Usage: bench/http.sh                          (5 rounds of 10 s)
#        ROUNDS=3 DURATION=5 bench/http.sh      (a quick look)
#        FIGURES="polls typename" bench/http.sh (some figures only)
# Settings: ROUNDS, DURATION (10), WARMUP (10), FIGURES, THREADS (wrk threads, 2), BUILD=1, BENCH_PORT (8085),
#   BENCH_BASELINE_PORT (8090), DISTRIBUTOR_DB_NAME (distributor_bench, emptied first), DISTRIBUTOR_* settings,
#   PROFILER (async-profiler's libasyncProfiler.so: a CPU profile of the service, bench/README.md).
# Needs: JDK 17, Maven, wrk, curl, jq, zip, sha256sum, a local PostgreSQL (as ./bin/run). Output: target/bench/.
# GraphQL variables such as $n sit in single quotes on purpose: the server expands them, not bash.
# shellcheck disable=SC2016
set -euo pipefail
# shellcheck source=lib/bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
THREADS=${THREADS:-2}
FIGURES=${FIGURES:-polls typename packages}
command -v wrk >/dev/null 2>&1 || apt_install wrk
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

build_jars
prepare_backends
export DISTRIBUTOR_HTTP_PORT=$BENCH_PORT
service_jvm_options
start_java service "$SERVICE_JAR" DISTRIBUTOR_HTTP_PORT "$BENCH_PORT" "${SERVICE_JVM_OPTIONS[@]}"
service_pid=$STARTED_PID
await_answer "${SERVICE_URL}/q/health/ready" "$service_pid" >/dev/null
start_java baseline "$BASELINE_JAR" BENCH_BASELINE_PORT "$BENCH_BASELINE_PORT"
await_answer "${BASELINE_URL}/q/health/live" "$STARTED_PID" >/dev/null

# --- what the figures need: one registered host, 50 packages with a published version each ----------------------------
activation=$(graphql "$SERVICE_URL" 'mutation($i: CreateActivationInput!) { createActivation(input: $i) { id code } }' \
  '{"i": {"account": "123456789012", "region": "eu-west-1", "registrationLimit": 1}}')
token=$(curl -fsS "${SERVICE_URL}/agent/v1/register" \
  --data-urlencode "ACTIVATION_ID=$(jq -r .createActivation.id <<<"$activation")" \
  --data-urlencode "ACTIVATION_CODE=$(jq -r .createActivation.code <<<"$activation")" \
  --data-urlencode HOSTNAME=bench-host --data-urlencode PLATFORM=ubuntu --data-urlencode PLATFORM_VERSION=22.04 \
  --data-urlencode ARCH=x86_64 --data-urlencode AGENT_VERSION=bench | sed -n 's/^TOKEN=//p')
[[ -n "$token" ]] || die "the bench host did not register"

if [[ " $FIGURES " == *" packages "* ]]; then
  log "seeding 50 packages with one published version each"
  work="${OUT}/package"
  mkdir -p "$work"
  printf '#!/bin/sh\ntrue\n' >"${work}/install.sh"
  printf '#!/bin/sh\ntrue\n' >"${work}/uninstall.sh"
  (cd "$work" && zip -q bench-linux.zip install.sh uninstall.sh)
  jq -n --arg sha "$(sha256sum "${work}/bench-linux.zip" | cut -d' ' -f1)" '{
    schemaVersion: "2.0", version: "1.0.0", publisher: "Bench",
    packages: { ubuntu: { _any: { x86_64: { file: "bench-linux.zip" } } } },
    files: { "bench-linux.zip": { checksums: { sha256: $sha } } }
  }' >"${work}/manifest.json"
  for i in $(seq -w 1 50); do
    graphql "$SERVICE_URL" 'mutation($n: String!) { createPackage(input: {name: $n}) { name } }' \
      "{\"n\": \"bench-${i}\"}" >/dev/null
    curl -fsS "${SERVICE_URL}/api/packages/bench-${i}/versions" -F manifest=@"${work}/manifest.json" \
      -F file=@"${work}/bench-linux.zip" -F publish=true >/dev/null
  done
fi

query_body() { jq -cn --arg q "$1" '{query: $q}'; }
TYPENAME=$(query_body '{ __typename }')
PACKAGES=$(query_body '{ packages(first: 50) { edges { node { name defaultVersion versions { version state files { name sha256 size platforms scripts } } } } } }')
# The body must answer without errors, or wrk would time error answers.
for body in "$TYPENAME" "$PACKAGES"; do
  answer=$(curl -fsS -H 'Content-Type: application/json' --data-binary "$body" "${SERVICE_URL}/graphql")
  [[ $(jq '.errors | length' <<<"$answer") == 0 ]] || die "the query answered errors: ${answer}"
done
[[ $(curl -fsS -H 'Content-Type: application/json' --data-binary "$PACKAGES" "${SERVICE_URL}/graphql" |
  jq '.data.packages.edges | length') == 50 ]] || [[ " $FIGURES " != *" packages "* ]] || die "50 packages expected"

# wrk_run NAME CONNECTIONS SECONDS URL [wrk options...]: prints "requests/s p50_ms p99_ms" and keeps wrk's output.
wrk_run() {
  local name=$1 connections=$2 seconds=$3 url=$4
  shift 4
  wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --latency "$@" "$url" >"${OUT}/${name}.wrk" 2>&1 ||
    die "wrk failed; see ${OUT}/${name}.wrk"
  grep -q 'Non-2xx' "${OUT}/${name}.wrk" && die "non-2xx answers during ${name}; see ${OUT}/${name}.wrk"
  grep -q '^ *0 requests in' "${OUT}/${name}.wrk" && die "no answer at all during ${name}; see ${OUT}/${name}.wrk"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%s %s %s\n", rps, p50, p99 }' "${OUT}/${name}.wrk"
}

# figure NAME ROUND SECONDS: one run of a figure for the service and the baseline; prints "rps p50 p99 base_rps".
figure() {
  local name=$1 round=$2 seconds=$3 service baseline
  case "$name" in
    polls)
      service=$(wrk_run "polls-${round}" 64 "$seconds" "${SERVICE_URL}/agent/v1/commands/next?wait=0" \
        -H "Authorization: Bearer ${token}")
      baseline=$(wrk_run "polls-baseline-${round}" 64 "$seconds" "${BASELINE_URL}/q/health/live")
      ;;
    typename)
      service=$(BODY=$TYPENAME wrk_run "typename-${round}" 16 "$seconds" "${SERVICE_URL}/graphql" \
        -s "${BENCH_ROOT}/bench/lib/post.lua")
      baseline=$(BODY=$TYPENAME wrk_run "typename-baseline-${round}" 16 "$seconds" "${BASELINE_URL}/graphql" \
        -s "${BENCH_ROOT}/bench/lib/post.lua")
      ;;
    packages)
      service=$(BODY=$PACKAGES wrk_run "packages-${round}" 16 "$seconds" "${SERVICE_URL}/graphql" \
        -s "${BENCH_ROOT}/bench/lib/post.lua")
      baseline=$(BODY=$TYPENAME wrk_run "packages-baseline-${round}" 16 "$seconds" "${BASELINE_URL}/graphql" \
        -s "${BENCH_ROOT}/bench/lib/post.lua")
      ;;
    *) die "unknown figure ${name} (polls, typename, packages)" ;;
  esac
  echo "${service} ${baseline%% *}"
}

log "warm-up: ${WARMUP} s of each figure"
for name in $FIGURES; do
  figure "$name" warmup "$WARMUP" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for name in $FIGURES; do
    line=$(figure "$name" "$round" "$DURATION")
    echo "$name $line" >>"${OUT}/rounds.txt"
    log "round ${round} ${name}: service ${line% *} (req/s p50 ms p99 ms), baseline ${line##* } req/s"
  done
done

col() { awk -v f="$1" -v c="$2" '$1 == f { print $c }' "${OUT}/rounds.txt" | median; }
{
  printf '\nHTTP, median of %s rounds of %s s (after %s s of warm-up each), wrk -t%s\n' "$ROUNDS" "$DURATION" "$WARMUP" \
    "$THREADS"
  machine_line
  printf '| figure | service req/s | p50 ms | p99 ms | baseline req/s | ratio |\n|---|---|---|---|---|---|\n'
  for name in $FIGURES; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(col "$name" 2)" "$(col "$name" 3)" "$(col "$name" 4)" \
      "$(col "$name" 5)" "$(ratio "$(col "$name" 2)" "$(col "$name" 5)")"
  done
  printf 'baselines: polls against GET /q/health/live (64 connections); typename and packages against { __typename }\n'
  printf '(16 connections). RSS of the service at the end: %s MiB.\n' "$(rss_mib "$service_pid")"
} | tee "${OUT}/result.md"
