# shellcheck shell=bash
# Helpers shared by bin/run, bin/test and the other bin/lib files. Sourced, never run.

# The repository root: bin/lib/.. /..
DISTRIBUTOR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DISTRIBUTOR_ROOT

log() {
  printf '[distributor] %s\n' "$*" >&2
}

die() {
  printf '[distributor] ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo (never prompts in CI).
as_root() {
  if [[ ${EUID} -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run '$*': run as root or install sudo"
  fi
}

# Installs Debian packages without prompts; refreshes the package lists once if the first try fails
# (a fresh machine or container often has none).
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* yourself"
  log "installing with apt-get: $*"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null >&2; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null >&2
  fi
}

# True when something accepts TCP connections on host:port (bash's /dev/tcp, no extra tools).
tcp_open() {
  local host="$1" port="$2"
  timeout 2 bash -c "exec 3<>/dev/tcp/${host}/${port}" 2>/dev/null
}

# Polls a command until it succeeds, at most $1 seconds, every 0.25 s.
wait_until() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}
