# shellcheck shell=bash
# Shared by the bench/ scripts (sourced, never run): the machine line, building and starting the service under test and
# its baseline (bench/hello-world), medians and ratios. See bench/README.md.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../bin/lib/common.sh
source "${BENCH_ROOT}/bin/lib/common.sh"
# shellcheck source=../../bin/lib/postgres.sh
source "${BENCH_ROOT}/bin/lib/postgres.sh"
# shellcheck source=../../bin/lib/s3proxy.sh
source "${BENCH_ROOT}/bin/lib/s3proxy.sh"
# shellcheck source=graphql.sh
source "${BENCH_ROOT}/bench/lib/graphql.sh"

# Where and on what the benchmarks run; each can be overridden from the environment.
ROUNDS=${ROUNDS:-5}
BENCH_PORT=${BENCH_PORT:-8085}
BENCH_BASELINE_PORT=${BENCH_BASELINE_PORT:-8090}
export DISTRIBUTOR_DB_NAME=${DISTRIBUTOR_DB_NAME:-distributor_bench}
# shellcheck disable=SC2034 # read by the scripts that source this file
SERVICE_URL="http://127.0.0.1:${BENCH_PORT}"
# shellcheck disable=SC2034
BASELINE_URL="http://127.0.0.1:${BENCH_BASELINE_PORT}"
SERVICE_JAR="${BENCH_ROOT}/target/quarkus-app/quarkus-run.jar"
BASELINE_JAR="${BENCH_ROOT}/bench/hello-world/target/quarkus-app/quarkus-run.jar"
JAVA="${JAVA_HOME:+${JAVA_HOME}/bin/}java"
OUT=${OUT:-"${BENCH_ROOT}/target/bench/$(basename "$0" .sh)-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$OUT"

bench_pids=()
# shellcheck disable=SC2317 # invoked by the EXIT trap
bench_cleanup() {
  set +e
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  stop_s3proxy
}
trap bench_cleanup EXIT

now_ms() { date +%s%3N; }

# One line naming the machine, printed with every table: figures from different machines do not compare.
machine_line() {
  local cpu java pg
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  java=$("$JAVA" -version 2>&1 | head -n 1)
  pg=$(psql --version 2>/dev/null | head -n 1)
  printf 'machine: %s cores (%s), %s MiB RAM, %s; %s; %s\n' "$(nproc)" "$cpu" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" "$(uname -sr)" "$java" "$pg"
}

# Builds what is missing (or everything with BUILD=1): the service's jar without tests, and the baseline's.
build_jars() {
  if [[ ${BUILD:-0} == 1 || ! -f "$SERVICE_JAR" ]]; then
    log "building the service: mvn package (no tests)"
    (cd "$BENCH_ROOT" && mvn -B -q -Dmaven.test.skip=true -Dformatter.skip=true -Dimpsort.skip=true -DskipITs package)
  fi
  if [[ ${BUILD:-0} == 1 || ! -f "$BASELINE_JAR" ]]; then
    log "building the baseline: mvn -f bench/hello-world/pom.xml package"
    mvn -B -q -f "${BENCH_ROOT}/bench/hello-world/pom.xml" package
  fi
}

# PostgreSQL (database DISTRIBUTOR_DB_NAME, emptied here so every run starts alike) and S3Proxy, as ./bin/run has them.
prepare_backends() {
  ensure_postgres
  pg_recreate_database "$DISTRIBUTOR_DB_NAME"
  ensure_s3
}

# Sets SERVICE_JVM_OPTIONS, the JVM options of the service under test (never the baseline's): with PROFILER set to
# async-profiler's libasyncProfiler.so (the Maven artifact tools.profiler:async-profiler holds it under linux-x64/),
# the service runs under the profiler from start to stop, sampling CPU time (PROFILER_EVENT, default itimer: it needs
# no perf_event access), and writes $OUT/service-profile.collapsed when it stops: one line per stack with its samples,
# which flame graph tools read.
# shellcheck disable=SC2034 # read by the scripts that source this file
service_jvm_options() {
  SERVICE_JVM_OPTIONS=()
  [[ -n "${PROFILER:-}" ]] || return 0
  [[ -f "$PROFILER" ]] || die "PROFILER=${PROFILER} is not a file"
  SERVICE_JVM_OPTIONS=("-agentpath:${PROFILER}=start,event=${PROFILER_EVENT:-itimer},file=${OUT}/service-profile.collapsed")
}

# start_java NAME JAR PORT_VARIABLE PORT [JVM options...]: starts a jar in the background with its log in
# $OUT/NAME.log; sets STARTED_PID and STARTED_AT_MS (just before the exec).
start_java() {
  local name=$1 jar=$2 port_variable=$3 port=$4
  shift 4
  tcp_open 127.0.0.1 "$port" && die "port ${port} is in use; set ${port_variable}"
  STARTED_AT_MS=$(now_ms)
  env "${port_variable}=${port}" DISTRIBUTOR_LOCAL_MODE=true DISTRIBUTOR_LOG_JSON=false \
    "$JAVA" "$@" -jar "$jar" </dev/null >>"${OUT}/${name}.log" 2>&1 &
  STARTED_PID=$!
  bench_pids+=("$STARTED_PID")
}

# await_answer URL PID: waits (polling every 20 ms, at most 180 s) until URL answers 200; prints the milliseconds since
# STARTED_AT_MS. Fails when the process ends first.
await_answer() {
  local url=$1 pid=$2 deadline=$(($(now_ms) + 180000))
  until curl -fs -o /dev/null --max-time 1 "$url"; do
    kill -0 "$pid" 2>/dev/null || die "process ${pid} ended before ${url} answered; see ${OUT}"
    (($(now_ms) < deadline)) || die "${url} did not answer within 180 s; see ${OUT}"
    sleep 0.02
  done
  echo $(($(now_ms) - STARTED_AT_MS))
}

stop_java() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Resident memory of a process in MiB.
rss_mib() { awk '/^VmRSS/ { printf "%d\n", $2 / 1024 }' "/proc/$1/status"; }

# The median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B to three significant digits.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3g\n", a / b }'; }
