#!/usr/bin/env bash
# Rollout benchmark (issues 21 and 20): registers HOSTS simulated agents (docs/FLEET-SIMULATOR.md) with a service started from
# the packaged jar (./bin/run --no-build), deploys one package to all of them at once (waves ["100%"],
# maxConcurrency and maxErrors "100%", instant scripts) and prints:
#   registration time, startRollout latency, time to the first and the last command received (from startRollout),
#   makespan (startRollout to SUCCEEDED) and the agents' non-2xx answers by kind.
# Times read from the simulator's summary lines have a resolution of REPORT_EVERY seconds.
#
# Usage: bench/rollout-10k.sh            (10,000 hosts: needs a machine of its own)
#        HOSTS=300 bench/rollout-10k.sh  (a quick check)
# Settings (environment): HOSTS (10000), WAIT long-poll seconds (20), DURATION_MS scripts' run time (0),
#   REPORT_EVERY (1), TIMEOUT seconds the rollout may take (1800), BUILD=1 to rebuild the jar,
#   DISTRIBUTOR_HTTP_PORT (8080), DISTRIBUTOR_DB_NAME (distributor_bench), DISTRIBUTOR_S3PROXY_PORT (9000), and every
#   DISTRIBUTOR_* setting of README.md (DISTRIBUTOR_DB_POOL_SIZE, ...), passed on to the service.
# Also prints the service's RSS after the rollout, and the anchor: small write transactions/s from pgbench on the same
#   database once the service has stopped (what this machine's PostgreSQL can commit bounds any rollout here).
# Needs: JDK 17, Maven, curl, jq, zip, sha256sum, pgbench (with PostgreSQL). Output and logs go to OUT
#   (target/bench-<time>).
# GraphQL variables such as $id sit in single quotes on purpose: the server expands them, not bash.
# shellcheck disable=SC2016
set -euo pipefail

HOSTS=${HOSTS:-10000}
WAIT=${WAIT:-20}
DURATION_MS=${DURATION_MS:-0}
REPORT_EVERY=${REPORT_EVERY:-1}
TIMEOUT=${TIMEOUT:-1800}
export DISTRIBUTOR_HTTP_PORT=${DISTRIBUTOR_HTTP_PORT:-8080}
export DISTRIBUTOR_DB_NAME=${DISTRIBUTOR_DB_NAME:-distributor_bench}
SERVER="http://localhost:${DISTRIBUTOR_HTTP_PORT}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${OUT:-"target/bench-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$OUT"
RUN="bench$(date +%s)"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

# Each simulated agent holds one socket, and the service one per agent: raise the open-files limit.
want=$((HOSTS * 2 + 4096))
hard=$(ulimit -Hn)
if [[ $hard != unlimited && $hard -lt $want ]]; then
    log "the hard open-files limit is $hard, below the $want wanted; raise it (limits.conf) for $HOSTS hosts"
    want=$hard
fi
ulimit -n "$want"
log "open files limit: $(ulimit -n)"

# shellcheck source=lib/graphql.sh
source "$ROOT/bench/lib/graphql.sh"
# gql QUERY VARIABLES_JSON: one GraphQL request to the service (lib/graphql.sh).
gql() { graphql "$SERVER" "$@"; }

# --- build and start ------------------------------------------------------------------------------------------
if [[ ! -f target/quarkus-app/quarkus-run.jar || ${BUILD:-0} == 1 ]]; then
    log "building the jar (mvn package -DskipTests)"
    mvn -B -q package -DskipTests
fi
log "building the simulator's class path"
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt >"$OUT/build.log" 2>&1 || die "see $OUT/build.log"

service=""
simulator=""
stop() {
    if [[ -n $simulator ]] && kill -0 "$simulator" 2>/dev/null; then
        kill "$simulator" 2>/dev/null || true
        wait "$simulator" 2>/dev/null || true
    fi
    if [[ -n $service ]] && kill -0 "$service" 2>/dev/null; then
        kill "$service" 2>/dev/null || true
        wait "$service" 2>/dev/null || true
    fi
}
trap stop EXIT

if curl -fsS -o /dev/null "$SERVER/q/health/ready" 2>/dev/null; then
    die "something already answers on $SERVER; set DISTRIBUTOR_HTTP_PORT"
fi
# --- the anchor: small write transactions/s on this machine's PostgreSQL, measured once the service has stopped --------
# One INSERT per transaction from 8 pgbench clients for 10 s into a table of its own in the benchmark's database: what
# the database can commit here bounds what a rollout (a few writes per host) can reach.
anchor_tps() {
    local db_port=${DISTRIBUTOR_DB_PORT:-5432} user=${DISTRIBUTOR_DB_USER:-distributor}
    export PGPASSWORD=${DISTRIBUTOR_DB_PASSWORD:-distributor}
    psql -qX -h 127.0.0.1 -p "$db_port" -U "$user" -d "$DISTRIBUTOR_DB_NAME" \
        -c 'create table if not exists bench_anchor (id bigserial primary key, at timestamptz not null default now())'
    printf 'insert into bench_anchor default values;\n' >"$OUT/anchor.sql"
    pgbench -n -T 10 -c 8 -j 2 -h 127.0.0.1 -p "$db_port" -U "$user" -f "$OUT/anchor.sql" "$DISTRIBUTOR_DB_NAME" \
        >"$OUT/anchor.log" 2>&1 || die "pgbench failed; see $OUT/anchor.log"
    psql -qX -h 127.0.0.1 -p "$db_port" -U "$user" -d "$DISTRIBUTOR_DB_NAME" -c 'drop table bench_anchor'
    sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/anchor.log" | head -n 1
}

log "starting the service from the packaged jar (./bin/run --no-build), log: $OUT/service.log"
./bin/run --no-build >"$OUT/service.log" 2>&1 &
service=$!
for _ in $(seq 1 180); do
    curl -fsS -o /dev/null "$SERVER/q/health/ready" 2>/dev/null && break
    kill -0 "$service" 2>/dev/null || die "the service stopped; see $OUT/service.log"
    sleep 1
done
curl -fsS -o /dev/null "$SERVER/q/health/ready" || die "the service did not become ready; see $OUT/service.log"

# --- a package whose scripts do nothing -----------------------------------------------------------------------
work="$OUT/package"
mkdir -p "$work"
printf '#!/bin/sh\ntrue\n' >"$work/install.sh"
printf '#!/bin/sh\ntrue\n' >"$work/uninstall.sh"
(cd "$work" && zip -q bench-linux.zip install.sh uninstall.sh)
jq -n --arg sha "$(sha256sum "$work/bench-linux.zip" | cut -d' ' -f1)" '{
  schemaVersion: "2.0", version: "1.0.0", publisher: "Bench",
  packages: { ubuntu: { _any: { x86_64: { file: "bench-linux.zip" } } } },
  files: { "bench-linux.zip": { checksums: { sha256: $sha } } }
}' >"$work/manifest.json"
gql 'mutation($n: String!) { createPackage(input: {name: $n}) { name } }' "{\"n\": \"$RUN\"}" >/dev/null
curl -fsS "$SERVER/api/packages/$RUN/versions" -F manifest=@"$work/manifest.json" \
    -F file=@"$work/bench-linux.zip" -F publish=true >/dev/null

activation=$(gql 'mutation($i: CreateActivationInput!) { createActivation(input: $i) { id code } }' \
    "$(jq -n --arg run "$RUN" --argjson n "$HOSTS" '{i: {account: "123456789012", region: "eu-west-1",
      registrationLimit: $n, defaultTags: [{key: "bench", value: $run}]}}')")

# --- register the fleet -----------------------------------------------------------------------------------------
log "starting $HOSTS simulated agents, log: $OUT/simulator.log"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.distributor.simulator.FleetSimulatorMain --url "$SERVER" \
    --activation-id "$(jq -r .createActivation.id <<<"$activation")" \
    --activation-code "$(jq -r .createActivation.code <<<"$activation")" \
    --agents "$HOSTS" --wait "$WAIT" --duration-ms "$DURATION_MS" --hostname-prefix "$RUN-" \
    --report-every "$REPORT_EVERY" >"$OUT/simulator.log" 2>&1 &
simulator=$!
sim_started=$(now_ms)
until grep -qs 'registered in\|registration failed' "$OUT/simulator.log"; do
    kill -0 "$simulator" 2>/dev/null || die "the simulator stopped; see $OUT/simulator.log"
    sleep 1
done
grep -q 'registration failed' "$OUT/simulator.log" && die "registration failed; see $OUT/simulator.log"
registration=$(sed -n 's/^all [0-9]* agents registered in \([0-9]*\) ms$/\1/p' "$OUT/simulator.log")

# --- the rollout --------------------------------------------------------------------------------------------------
rollout=$(gql 'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { latestRollout { id } } }' \
    "$(jq -n --arg p "$RUN" --arg s "bench=$RUN" '{i: {packageName: $p, selector: {tags: [$s]},
      strategy: {waves: ["100%"], maxConcurrency: "100%", maxErrors: "100%"}}}')" |
    jq -r .createDeployment.latestRollout.id)
log "startRollout $rollout"
start_at=$(now_ms)
gql 'mutation($id: String!) { startRollout(id: $id) { state } }' "{\"id\": \"$rollout\"}" >/dev/null
started_at=$(now_ms)
state=RUNNING
while [[ $state == RUNNING ]]; do
    (($(now_ms) - start_at < TIMEOUT * 1000)) || break
    sleep 0.5
    state=$(gql 'query($id: String!) { rollout(id: $id) { state } }' "{\"id\": \"$rollout\"}" |
        jq -r .rollout.state) || state=RUNNING
done
end_at=$(now_ms)
counts=$(gql 'query($id: String!) { rollout(id: $id) { counts { success failed timedOut pending queued } } }' \
    "{\"id\": \"$rollout\"}" | jq -c .rollout.counts)
sleep "$REPORT_EVERY"
sleep 1
kill "$simulator" 2>/dev/null || true
wait "$simulator" 2>/dev/null || true
simulator=""

rss_after=$(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$(pgrep -f -n 'quarkus-app/quarkus-run.jar')/status" 2>/dev/null ||
    echo "n/a")
kill "$service" 2>/dev/null || true
wait "$service" 2>/dev/null || true
service=""
log "the anchor: pgbench, one INSERT per transaction, 8 clients, 10 s"
anchor=$(anchor_tps)

# --- figures from the simulator's summary lines ("[  12.0s] ... commands received=N ...") -------------------------
# first_line_at N: the simulator's elapsed ms at its first summary line with at least N commands received.
first_line_at() {
    awk -v n="$1" '/commands received=/ {
        match($0, /\[ *[0-9.]+s\]/); t = substr($0, RSTART + 1, RLENGTH - 3) + 0
        match($0, /commands received=[0-9]+/); r = substr($0, RSTART + 18, RLENGTH - 18) + 0
        if (r >= n) { printf "%d\n", t * 1000; exit }
    }' "$OUT/simulator.log"
}
since_start() {
    if [[ -z $1 ]]; then
        echo "never"
    else
        seconds $((sim_started + $1 - start_at))
    fi
}
last_summary=$(grep 'commands received=' "$OUT/simulator.log" | tail -n 1)

printf '\nRollout benchmark: %s hosts, %s s polls, scripts %s ms (%s)\n' "$HOSTS" "$WAIT" "$DURATION_MS" "$RUN"
printf '  registration          %s\n' "$(seconds "$registration")"
printf '  startRollout latency  %s\n' "$(seconds $((started_at - start_at)))"
printf '  first command         %s after startRollout (±%s s)\n' "$(since_start "$(first_line_at 1)")" "$REPORT_EVERY"
printf '  last command          %s after startRollout (±%s s)\n' "$(since_start "$(first_line_at "$HOSTS")")" \
    "$REPORT_EVERY"
printf '  makespan              %s (rollout %s, counts %s)\n' "$(seconds $((end_at - start_at)))" "$state" "$counts"
printf '  service RSS after     %s\n' "$rss_after"
printf '  anchor                %s small write transactions/s (pgbench); rollout hosts/s per 1,000 of them: %s\n' \
    "$anchor" "$(awk -v h="$HOSTS" -v ms=$((end_at - start_at)) -v t="$anchor" 'BEGIN { printf "%.2f", h / (ms / 1000) / t * 1000 }')"
printf '  non-2xx / failures    %s\n' "$(sed -n 's/.*errors=\({.*}\).*/\1/p' <<<"$last_summary")"
# The service logs JSON in prod (DISTRIBUTOR_LOG_JSON), readable text otherwise: count both forms.
printf '  service log           %s WARN, %s ERROR lines (%s)\n' \
    "$(grep -cE ' WARN |"level":"WARN"' "$OUT/service.log" || true)" \
    "$(grep -cE ' ERROR |"level":"ERROR"' "$OUT/service.log" || true)" "$OUT/service.log"
[[ $state == SUCCEEDED ]]
