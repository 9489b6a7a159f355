#!/usr/bin/env bash
# Start-up benchmark (issue 20): for the packaged service and the baseline (bench/hello-world), ROUNDS times each,
# alternating: the milliseconds from launching `java -jar` to the first 200 from /q/health/live ("JVM start to
# listening"; the service is live before its database and bucket checks end, so its /q/health/ready is timed too), then
# the resident memory after IDLE seconds of rest. Prints each round, then the medians and the service/baseline ratios.
#
# Usage: bench/startup.sh                 (5 rounds)
#        ROUNDS=3 IDLE=5 bench/startup.sh (a quick look)
# Settings: ROUNDS, IDLE (10 s), BUILD=1 (rebuild both jars), BENCH_PORT (8085), BENCH_BASELINE_PORT (8090),
#   DISTRIBUTOR_DB_NAME (distributor_bench, emptied first) and the service's DISTRIBUTOR_* settings (README.md).
# Needs: JDK 17, Maven, curl, jq, a local PostgreSQL or root to install one (as ./bin/run). Output: target/bench/.
set -euo pipefail
# shellcheck source=lib/bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
IDLE=${IDLE:-10}

build_jars
prepare_backends
export DISTRIBUTOR_HTTP_PORT=$BENCH_PORT

declare -a live=() ready=() rss=() base_live=() base_rss=()
# Round 0 is a warm-up (file-system caches, the database's first connections); it is not counted.
for round in $(seq 0 "$ROUNDS"); do
  start_java service "$SERVICE_JAR" DISTRIBUTOR_HTTP_PORT "$BENCH_PORT"
  pid=$STARTED_PID
  l=$(await_answer "${SERVICE_URL}/q/health/live" "$pid")
  r=$(await_answer "${SERVICE_URL}/q/health/ready" "$pid")
  sleep "$IDLE"
  m=$(rss_mib "$pid")
  stop_java "$pid"

  start_java baseline "$BASELINE_JAR" BENCH_BASELINE_PORT "$BENCH_BASELINE_PORT"
  bpid=$STARTED_PID
  bl=$(await_answer "${BASELINE_URL}/q/health/live" "$bpid")
  sleep "$IDLE"
  bm=$(rss_mib "$bpid")
  stop_java "$bpid"

  if ((round == 0)); then
    log "warm-up: service live ${l} ms, ready ${r} ms, ${m} MiB; baseline live ${bl} ms, ${bm} MiB"
    continue
  fi
  log "round ${round}: service live ${l} ms, ready ${r} ms, ${m} MiB; baseline live ${bl} ms, ${bm} MiB"
  live+=("$l") ready+=("$r") rss+=("$m") base_live+=("$bl") base_rss+=("$bm")
done

med() { printf '%s\n' "$@" | median; }
{
  printf '\nStart-up, median of %s rounds (after a warm-up round)\n' "$ROUNDS"
  machine_line
  printf '| measure | service | baseline (hello-world) | ratio |\n|---|---|---|---|\n'
  printf '| launch to live (ms) | %s | %s | %s |\n' "$(med "${live[@]}")" "$(med "${base_live[@]}")" \
    "$(ratio "$(med "${live[@]}")" "$(med "${base_live[@]}")")"
  printf '| launch to ready (ms) | %s | | |\n' "$(med "${ready[@]}")"
  printf '| RSS after %s s idle (MiB) | %s | %s | %s |\n' "$IDLE" "$(med "${rss[@]}")" "$(med "${base_rss[@]}")" \
    "$(ratio "$(med "${rss[@]}")" "$(med "${base_rss[@]}")")"
} | tee "${OUT}/result.md"
