#!/usr/bin/env bash
# Rollout benchmark (issues 21 and 20): with a service started from the packaged jar (./bin/run --no-build), runs a
# warm-up round and then ROUNDS measured ones. Each round registers HOSTS new simulated agents (docs/FLEET-SIMULATOR.md)
# and deploys one package to exactly them at once (waves ["100%"], maxConcurrency and maxErrors "100%", instant
# scripts). Prints each round and the medians of the measured ones:
#   registration time, startRollout latency, time to the first and the last command received (from startRollout),
#   makespan (startRollout to SUCCEEDED); and each round's non-2xx answers by kind as it ends.
# Times read from the simulator's summary lines have a resolution of REPORT_EVERY seconds.
#
# Usage: bench/rollout-10k.sh            (10,000 hosts: needs a machine of its own)
#        HOSTS=300 bench/rollout-10k.sh  (a quick check)
# Settings (environment): HOSTS (10000), ROUNDS measured after the warm-up (3), WAIT long-poll seconds (20), DURATION_MS scripts' run time (0),
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
ROUNDS=${ROUNDS:-3}
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

# An empty database, so every run starts alike (and a schema from an older build cannot stop the service).
# shellcheck source=../bin/lib/common.sh
source "$ROOT/bin/lib/common.sh"
# shellcheck source=../bin/lib/postgres.sh
source "$ROOT/bin/lib/postgres.sh"
ensure_postgres
pg_recreate_database "$DISTRIBUTOR_DB_NAME"

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

# --- figures from a simulator's summary lines ("[  12.0s] ... commands received=N ...") ---------------------------
# first_line_at LOG N: the simulator's elapsed ms at its first summary line with at least N commands received.
first_line_at() {
    awk -v n="$2" '/commands received=/ {
        match($0, /\[ *[0-9.]+s\]/); t = substr($0, RSTART + 1, RLENGTH - 3) + 0
        match($0, /commands received=[0-9]+/); r = substr($0, RSTART + 18, RLENGTH - 18) + 0
        if (r >= n) { printf "%d\n", t * 1000; exit }
    }' "$1"
}

# --- one round: HOSTS new agents on an activation of their own, then one rollout to exactly them -------------------
# round R: appends "R registration startRollout first last makespan" (ms, or -1 for a command never received) to
# $OUT/rounds.tsv; fails when the rollout does not succeed. Each round's targets carry the tag bench=<run>-r<R>, so a
# later round's deployment selects only its own (the earlier ones stay registered, offline).
round() {
    local r=$1 tag="${RUN}-r$1" log="$OUT/simulator-r$1.log"
    local activation sim_started registration rollout start_at started_at state end_at counts first last
    activation=$(gql 'mutation($i: CreateActivationInput!) { createActivation(input: $i) { id code } }' \
        "$(jq -n --arg tag "$tag" --argjson n "$HOSTS" '{i: {account: "123456789012", region: "eu-west-1",
          registrationLimit: $n, defaultTags: [{key: "bench", value: $tag}]}}')")
    log "round $r: starting $HOSTS simulated agents, log: $log"
    java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
        dev.distributor.simulator.FleetSimulatorMain --url "$SERVER" \
        --activation-id "$(jq -r .createActivation.id <<<"$activation")" \
        --activation-code "$(jq -r .createActivation.code <<<"$activation")" \
        --agents "$HOSTS" --wait "$WAIT" --duration-ms "$DURATION_MS" --hostname-prefix "$tag-" \
        --report-every "$REPORT_EVERY" >"$log" 2>&1 &
    simulator=$!
    sim_started=$(now_ms)
    until grep -qs 'registered in\|registration failed' "$log"; do
        kill -0 "$simulator" 2>/dev/null || die "the simulator stopped; see $log"
        sleep 1
    done
    grep -q 'registration failed' "$log" && die "registration failed; see $log"
    registration=$(sed -n 's/^all [0-9]* agents registered in \([0-9]*\) ms$/\1/p' "$log")

    rollout=$(gql 'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { latestRollout { id } } }' \
        "$(jq -n --arg p "$RUN" --arg s "bench=$tag" '{i: {packageName: $p, selector: {tags: [$s]},
          strategy: {waves: ["100%"], maxConcurrency: "100%", maxErrors: "100%"}}}')" |
        jq -r .createDeployment.latestRollout.id)
    log "round $r: startRollout $rollout"
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
    # One more summary line, so the last command received is in the log.
    sleep "$REPORT_EVERY"
    sleep 1
    kill "$simulator" 2>/dev/null || true
    wait "$simulator" 2>/dev/null || true
    simulator=""
    log "round $r: rollout $state, counts $counts; non-2xx / failures: $(grep 'commands received=' "$log" |
        tail -n 1 | sed -n 's/.*errors=\({.*}\).*/\1/p')"
    [[ $state == SUCCEEDED ]] || die "round $r: the rollout ended $state; see $OUT"
    first=$(first_line_at "$log" 1)
    last=$(first_line_at "$log" "$HOSTS")
    printf '%s %s %s %s %s %s\n' "$r" "$registration" $((started_at - start_at)) \
        "$(if [[ -n $first ]]; then echo $((sim_started + first - start_at)); else echo -1; fi)" \
        "$(if [[ -n $last ]]; then echo $((sim_started + last - start_at)); else echo -1; fi)" \
        $((end_at - start_at)) >>"$OUT/rounds.tsv"
}

: >"$OUT/rounds.tsv"
log "warm-up round (not counted), then $ROUNDS measured"
round 0
for r in $(seq 1 "$ROUNDS"); do
    round "$r"
done

rss_after=$(awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$(pgrep -f -n 'quarkus-app/quarkus-run.jar')/status" 2>/dev/null ||
    echo "n/a")
kill "$service" 2>/dev/null || true
wait "$service" 2>/dev/null || true
service=""
log "the anchor: pgbench, one INSERT per transaction, 8 clients, 10 s"
anchor=$(anchor_tps)

# column N of the measured rounds (not round 0), one per line
measured() { awk -v c="$1" '$1 > 0 { print $c }' "$OUT/rounds.tsv"; }
median_s() { measured "$1" | sort -g | awk '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f s\n", m / 1000 }'; }
makespan=$(measured 6 | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')

printf '\nRollout benchmark: %s hosts, %s s polls, scripts %s ms, %s measured rounds after a warm-up (%s)\n' \
    "$HOSTS" "$WAIT" "$DURATION_MS" "$ROUNDS" "$RUN"
printf '  round  registration  startRollout  first command  last command  makespan   (ms; -1: never)\n'
awk '{ printf "  %-5s  %12s  %12s  %13s  %12s  %8s%s\n", $1, $2, $3, $4, $5, $6, $1 == 0 ? "   warm-up" : "" }' \
    "$OUT/rounds.tsv"
printf '  median registration   %s\n' "$(median_s 2)"
printf '  median startRollout   %s\n' "$(median_s 3)"
printf '  median first command  %s after startRollout (±%s s)\n' "$(median_s 4)" "$REPORT_EVERY"
printf '  median last command   %s after startRollout (±%s s)\n' "$(median_s 5)" "$REPORT_EVERY"
printf '  median makespan       %s (every round SUCCEEDED)\n' "$(median_s 6)"
printf '  service RSS after     %s\n' "$rss_after"
printf '  anchor                %s small write transactions/s (pgbench); median rollout hosts/s per 1,000 of them: %s\n' \
    "$anchor" "$(awk -v h="$HOSTS" -v ms="$makespan" -v t="$anchor" 'BEGIN { printf "%.2f", h / (ms / 1000) / t * 1000 }')"
# The service logs JSON in prod (DISTRIBUTOR_LOG_JSON), readable text otherwise: count both forms.
printf '  service log           %s WARN, %s ERROR lines (%s)\n' \
    "$(grep -cE ' WARN |"level":"WARN"' "$OUT/service.log" || true)" \
    "$(grep -cE ' ERROR |"level":"ERROR"' "$OUT/service.log" || true)" "$OUT/service.log"
