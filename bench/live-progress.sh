#!/usr/bin/env bash
# Live progress benchmark (issue 13): the time from an agent's final report to rolloutProgress subscribers, with
# SUBSCRIBERS subscribers on one replica against a one-subscriber baseline measured in the same run, ROUNDS rounds of
# one rollout each to HOSTS simulated hosts. Starts its own service process from the packaged jar (like the ITs), on
# the database DISTRIBUTOR_IT_DB_NAME (default distributor_bench_live, emptied first) and an S3Proxy in the bench JVM.
# Prints per-round figures, then medians and the p99 ratio; the table also goes to target/bench-live-progress.
#
# Usage: bench/live-progress.sh                       (200 hosts, 1,000 subscribers, 3 rounds)
#        HOSTS=50 SUBSCRIBERS=100 ROUNDS=1 bench/live-progress.sh   (a quick check)
#        BUILD=0 bench/live-progress.sh               (reuse target/quarkus-app)
# Needs: JDK 17, Maven, a local PostgreSQL (./bin/run --help). Each subscriber holds one WebSocket: mind ulimit -n.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export HOSTS=${HOSTS:-200} SUBSCRIBERS=${SUBSCRIBERS:-1000} ROUNDS=${ROUNDS:-3}
export DISTRIBUTOR_IT_DB_NAME=${DISTRIBUTOR_IT_DB_NAME:-distributor_bench_live}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [[ ${BUILD:-1} == 1 || ! -f target/quarkus-app/quarkus-run.jar ]]; then
    mvn -B -q package -DskipTests
fi
mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java \
    -Dexec.classpathScope=test \
    -Dexec.mainClass=dev.distributor.it.ProgressLatencyBench \
    -Dexec.cleanupDaemonThreads=false
