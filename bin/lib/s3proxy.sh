# shellcheck shell=bash
# ensure_s3: makes sure an S3 endpoint is there for the service. Sourced, never run.
#
# With DISTRIBUTOR_S3_ENDPOINT set, that endpoint is used as it is (only checked to answer HTTP).
# Otherwise S3Proxy runs as a separate process on 127.0.0.1:${DISTRIBUTOR_S3PROXY_PORT:-9000},
# storing objects under data/s3, logging to data/s3proxy.log, and the DISTRIBUTOR_S3_* variables
# the service reads are exported to point at it. One already answering on that port with the same
# credentials (left by an earlier run) is reused, and then left running.
# stop_s3proxy stops the S3Proxy that ensure_s3 started, if it started one.

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

S3PROXY_VERSION=4.1.0
# Local development credentials: S3Proxy accepts exactly these; they protect nothing else.
S3PROXY_DEFAULT_ACCESS_KEY=local-dev-access-key
S3PROXY_DEFAULT_SECRET_KEY=local-dev-secret-key
S3PROXY_STARTED_PID=""

# True when a SigV4-signed ListBuckets with these credentials succeeds: an S3 server that accepts
# them answers, not just any HTTP server. S3Proxy wants the payload hash header, which curl's
# --aws-sigv4 does not add by itself: this is the hash of an empty body.
s3proxy_answers() {
  local endpoint="$1" access_key="$2" secret_key="$3"
  curl -sf --max-time 5 \
    --aws-sigv4 "aws:amz:${DISTRIBUTOR_S3_REGION:-us-east-1}:s3" --user "${access_key}:${secret_key}" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
    "${endpoint}/" 2>/dev/null | grep -q ListAllMyBucketsResult
}

s3proxy_jar() {
  local tools="${DISTRIBUTOR_ROOT}/data/tools"
  local jar="${tools}/s3proxy-${S3PROXY_VERSION}-jar-with-dependencies.jar"
  if [[ ! -s "$jar" ]]; then
    log "fetching S3Proxy ${S3PROXY_VERSION} from Maven Central into data/tools"
    mkdir -p "$tools"
    local output
    # Maven's output is shown only on failure (-q still prints colour codes).
    output="$(cd "$DISTRIBUTOR_ROOT" && mvn -B -q dependency:copy \
      "-Dartifact=org.gaul:s3proxy:${S3PROXY_VERSION}:jar:jar-with-dependencies" \
      "-DoutputDirectory=${tools}" 2>&1)" || {
      printf '%s\n' "$output" >&2
      die "could not fetch org.gaul:s3proxy:${S3PROXY_VERSION} with Maven"
    }
  fi
  printf '%s\n' "$jar"
}

ensure_s3() {
  if [[ -n "${DISTRIBUTOR_S3_ENDPOINT:-}" ]]; then
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${DISTRIBUTOR_S3_ENDPOINT}" || true)"
    [[ "$code" != 000 ]] ||
      die "S3 endpoint ${DISTRIBUTOR_S3_ENDPOINT} (DISTRIBUTOR_S3_ENDPOINT) does not answer. Start it, or unset DISTRIBUTOR_S3_ENDPOINT to run a local S3Proxy."
    log "using S3 endpoint ${DISTRIBUTOR_S3_ENDPOINT} (HTTP ${code})"
    return 0
  fi

  local port="${DISTRIBUTOR_S3PROXY_PORT:-9000}"
  local endpoint="http://127.0.0.1:${port}"
  local access_key="${DISTRIBUTOR_S3_ACCESS_KEY:-$S3PROXY_DEFAULT_ACCESS_KEY}"
  local secret_key="${DISTRIBUTOR_S3_SECRET_KEY:-$S3PROXY_DEFAULT_SECRET_KEY}"
  local data="${DISTRIBUTOR_ROOT}/data"

  if s3proxy_answers "$endpoint" "$access_key" "$secret_key"; then
    log "reusing the S3Proxy already running on ${endpoint} (left running on exit)"
  else
    if tcp_open 127.0.0.1 "$port"; then
      die "port ${port} is taken by something that is not an S3Proxy accepting our credentials; stop it or set DISTRIBUTOR_S3PROXY_PORT"
    fi
    local jar
    jar="$(s3proxy_jar)"
    mkdir -p "${data}/s3"
    local properties="${data}/s3proxy.properties"
    (
      umask 077
      cat >"$properties" <<PROPERTIES
# Written by bin/lib/s3proxy.sh on every start; local development only.
s3proxy.endpoint=${endpoint}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${access_key}
s3proxy.credential=${secret_key}
jclouds.provider=filesystem
jclouds.filesystem.basedir=${data}/s3
# The web console uploads straight to S3 through presigned URLs, from the service's origin.
s3proxy.cors-allow-all=true
PROPERTIES
    )
    log "starting S3Proxy ${S3PROXY_VERSION} on ${endpoint} (objects in data/s3, log in data/s3proxy.log)"
    "${JAVA_HOME:+${JAVA_HOME}/bin/}java" -jar "$jar" --properties "$properties" >>"${data}/s3proxy.log" 2>&1 </dev/null &
    S3PROXY_STARTED_PID=$!
    printf '%s\n' "$S3PROXY_STARTED_PID" >"${data}/s3proxy.pid"
    local deadline=$((SECONDS + 60))
    until s3proxy_answers "$endpoint" "$access_key" "$secret_key"; do
      if ! kill -0 "$S3PROXY_STARTED_PID" 2>/dev/null; then
        S3PROXY_STARTED_PID=""
        tail -n 20 "${data}/s3proxy.log" >&2 || true
        die "S3Proxy exited during start; the lines above are the end of data/s3proxy.log"
      fi
      if ((SECONDS >= deadline)); then
        stop_s3proxy
        die "S3Proxy did not answer on ${endpoint} within 60 s; see data/s3proxy.log"
      fi
      sleep 0.25
    done
    log "S3Proxy ready on ${endpoint} (pid ${S3PROXY_STARTED_PID})"
  fi

  export DISTRIBUTOR_S3_ENDPOINT="$endpoint"
  export DISTRIBUTOR_S3_PATH_STYLE=true
  export DISTRIBUTOR_S3_CREDENTIALS=static
  export DISTRIBUTOR_S3_ACCESS_KEY="$access_key"
  export DISTRIBUTOR_S3_SECRET_KEY="$secret_key"
  # The service creates its bucket at start.
  export DISTRIBUTOR_S3_CREATE_BUCKET=true
}

# Stops the S3Proxy that ensure_s3 started in this shell (never one it reused).
stop_s3proxy() {
  local pid="$S3PROXY_STARTED_PID"
  [[ -n "$pid" ]] || return 0
  S3PROXY_STARTED_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping S3Proxy (pid ${pid})"
    kill -TERM "$pid" 2>/dev/null || true
    wait_until 10 pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "${DISTRIBUTOR_ROOT}/data/s3proxy.pid"
}

pid_gone() {
  ! kill -0 "$1" 2>/dev/null
}
