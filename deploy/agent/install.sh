#!/bin/sh
# Distributor agent installer (POSIX sh). The service serves it at <server>/agent/install.sh:
#
#   curl -fsSL https://distributor.example.com/agent/install.sh | sh -s -- \
#       --activation-id ID --activation-code CODE
#
# It downloads the agent from the same server, checks that it is a shell script, installs it
# (default /usr/local/bin/distributor-agent), registers the host once (the agent's
# --register-only mode stores INSTANCE_ID and TOKEN under the state directory, mode 600; the
# activation code is written nowhere), then installs and starts the systemd unit, or with
# --foreground (or without systemd) runs the agent in the foreground.
#
# Running it again on a registered host does not register again: it replaces the agent, keeps
# the state and restarts the unit (the upgrade path). --uninstall stops and removes the unit
# and the agent; --purge also deletes the state directory (the host's identity and records).
set -eu
umask 022

# The service writes its public URL between these quotes when it serves this file (see
# DISTRIBUTOR_AGENT_PUBLIC_URL). Empty in the repository's copy: then --server is required.
DEFAULT_SERVER=""

SERVER=""
ACTIVATION_ID=""
ACTIVATION_CODE=""
STATE_DIR="/var/lib/distributor-agent"
PREFIX="/usr/local/bin"
UNIT_DIR="/etc/systemd/system"
UNIT_NAME="distributor-agent.service"
FOREGROUND=false
FORCE_SYSTEMD=false
UNINSTALL=false
PURGE=false
# Options handed to the agent as they are (facts and poll wait), kept one per line.
AGENT_ARGS=""

say() {
    printf 'distributor-install: %s\n' "$*" >&2
}

die() {
    say "ERROR: $*"
    exit 1
}

usage() {
    cat >&2 <<'USAGE'
usage: install.sh [--server URL] --activation-id ID --activation-code CODE
                  [--state-dir DIR] [--prefix DIR] [--foreground] [--systemd] [--unit-dir DIR]
                  [--wait N] [--platform P] [--platform-version V] [--arch A] [--hostname H]
                  [--install-root DIR]
       install.sh --uninstall [--purge] [--state-dir DIR] [--prefix DIR] [--unit-dir DIR]

  --server URL        the Distributor service (default: the server this script came from)
  --activation-id ID, --activation-code CODE
                      the activation to register with; not needed once the host is registered
  --state-dir DIR     identity, records and log of the agent (default /var/lib/distributor-agent)
  --prefix DIR        where the agent is installed as distributor-agent (default /usr/local/bin)
  --foreground        run the agent in the foreground instead of installing the systemd unit
  --systemd           install the unit even when systemd does not seem to run (image builds)
  --unit-dir DIR      where the unit goes (default /etc/systemd/system)
  --wait, --platform, --platform-version, --arch, --hostname, --install-root
                      passed to the agent (see distributor-agent --help); --install-root DIR
                      reaches package scripts as DISTRIBUTOR_INSTALL_ROOT
  --uninstall         stop and remove the unit and the agent; the state is kept
  --purge             with --uninstall: delete the state directory too
USAGE
    exit 2
}

need_value() {
    [ "$2" -ge 2 ] || { say "missing value for $1"; usage; }
}

# Values written into the unit file: no spaces, quotes, '%', '$', '\', '|', '&' or '@', so they need
# no escaping for systemd (where '%' and '$' expand) or for the sed that fills the template in.
check_plain() {
    case "$2" in
        '' | *[!A-Za-z0-9._~:/+=,-]*) die "$1 '$2' may contain only letters, digits and ._~:/+=,-" ;;
    esac
}

add_agent_arg() {
    check_plain "$1" "$2"
    AGENT_ARGS="$AGENT_ARGS$1
$2
"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --server) need_value "$1" $#; SERVER=$2; shift 2 ;;
        --activation-id) need_value "$1" $#; ACTIVATION_ID=$2; shift 2 ;;
        --activation-code) need_value "$1" $#; ACTIVATION_CODE=$2; shift 2 ;;
        --state-dir) need_value "$1" $#; STATE_DIR=$2; shift 2 ;;
        --prefix) need_value "$1" $#; PREFIX=$2; shift 2 ;;
        --unit-dir) need_value "$1" $#; UNIT_DIR=$2; shift 2 ;;
        --foreground) FOREGROUND=true; shift ;;
        --systemd) FORCE_SYSTEMD=true; shift ;;
        --uninstall) UNINSTALL=true; shift ;;
        --purge) PURGE=true; shift ;;
        --wait | --platform | --platform-version | --arch | --hostname | --install-root)
            need_value "$1" $#; add_agent_arg "$1" "$2"; shift 2 ;;
        -h | --help) usage ;;
        *) say "unknown option: $1"; usage ;;
    esac
done

AGENT="$PREFIX/distributor-agent"
UNIT="$UNIT_DIR/$UNIT_NAME"

have_systemd() {
    command -v systemctl >/dev/null 2>&1 || return 1
    [ "$FORCE_SYSTEMD" = true ] || [ -d /run/systemd/system ]
}

# ---------------------------------------------------------------- uninstall

if [ "$UNINSTALL" = true ]; then
    if [ -f "$UNIT" ]; then
        if have_systemd; then
            systemctl disable --now "$UNIT_NAME" || say "could not stop $UNIT_NAME; removing it anyway"
        fi
        rm -f "$UNIT"
        if have_systemd; then
            systemctl daemon-reload || true
        fi
        say "removed $UNIT"
    fi
    rm -f "$AGENT"
    say "removed $AGENT"
    if [ "$PURGE" = true ]; then
        rm -rf "${STATE_DIR:?}"
        say "deleted the state directory $STATE_DIR"
    else
        say "kept the state directory $STATE_DIR (the host's identity); --purge deletes it"
    fi
    exit 0
fi

# ---------------------------------------------------------------- install or upgrade

[ -n "$SERVER" ] || SERVER=$DEFAULT_SERVER
[ -n "$SERVER" ] || die "--server is required (this copy of the installer was not served by Distributor)"
SERVER=${SERVER%/}
case "$SERVER" in
    http://* | https://*) ;;
    *) die "--server must be an http:// or https:// URL, not '$SERVER'" ;;
esac
command -v curl >/dev/null 2>&1 || die "curl is required"
for tool in unzip sha256sum base64 setsid; do
    command -v "$tool" >/dev/null 2>&1 || say "warning: $tool is missing; the agent needs it to install packages"
done

REGISTERED=false
if [ -s "$STATE_DIR/instance_id" ] && [ -s "$STATE_DIR/token" ]; then
    REGISTERED=true
elif [ -z "$ACTIVATION_ID" ] || [ -z "$ACTIVATION_CODE" ]; then
    die "--activation-id and --activation-code are required: $STATE_DIR holds no identity yet"
fi

mkdir -p "$PREFIX"
DOWNLOAD="$AGENT.download.$$"
trap 'rm -f "$DOWNLOAD"' EXIT
say "downloading the agent from $SERVER/agent/distributor-agent.sh"
curl -fsS --connect-timeout 20 --retry 3 -o "$DOWNLOAD" "$SERVER/agent/distributor-agent.sh" ||
    die "could not download the agent from $SERVER"
# A proxy's login page or an error page must never be installed as the agent.
IFS= read -r first_line <"$DOWNLOAD" || first_line=""
[ "$first_line" = "#!/bin/sh" ] || die "the download is not the agent (first line: $first_line)"
grep -q '^AGENT_VERSION=' "$DOWNLOAD" || die "the download is not the agent (no AGENT_VERSION)"
sh -n "$DOWNLOAD" || die "the downloaded agent is not a valid sh script"
chmod 755 "$DOWNLOAD"
mv -f "$DOWNLOAD" "$AGENT"
say "installed $AGENT ($(sed -n 's/^AGENT_VERSION="\(.*\)"$/\1/p' "$AGENT"))"

# Fact overrides go to the registration too, so the target is created with them.
set --
if [ -n "$AGENT_ARGS" ]; then
    while IFS= read -r arg; do
        [ -n "$arg" ] || continue
        set -- "$@" "$arg"
    done <<EOF
$AGENT_ARGS
EOF
fi

if [ "$REGISTERED" = true ]; then
    say "already registered as $(cat "$STATE_DIR/instance_id"); keeping the identity in $STATE_DIR"
else
    "$AGENT" --register-only --server "$SERVER" --state-dir "$STATE_DIR" \
        --activation-id "$ACTIVATION_ID" --activation-code "$ACTIVATION_CODE" "$@" ||
        die "registration failed; see $STATE_DIR/logs/agent.log"
    say "registered as $(cat "$STATE_DIR/instance_id")"
fi
# Not needed from here on; the agent runs with the stored token.
ACTIVATION_CODE=""

if [ "$FOREGROUND" = false ] && have_systemd; then
    check_plain --server "$SERVER"
    check_plain --state-dir "$STATE_DIR"
    check_plain --prefix "$PREFIX"
    extra=""
    for arg in "$@"; do
        extra="$extra $arg"
    done
    mkdir -p "$UNIT_DIR"
    curl -fsS --connect-timeout 20 --retry 3 -o "$UNIT.download" "$SERVER/agent/distributor-agent.service" ||
        die "could not download the unit from $SERVER"
    grep -q '^ExecStart=@AGENT@ ' "$UNIT.download" || die "the download is not the agent's unit file"
    sed -e "s|@AGENT@|$AGENT|g" -e "s|@SERVER@|$SERVER|g" -e "s|@STATE_DIR@|$STATE_DIR|g" \
        -e "s|@EXTRA_ARGS@|$extra|g" "$UNIT.download" >"$UNIT.new"
    rm -f "$UNIT.download"
    chmod 644 "$UNIT.new"
    mv -f "$UNIT.new" "$UNIT"
    say "installed $UNIT"
    systemctl daemon-reload
    systemctl enable "$UNIT_NAME"
    # restart, not start: on an upgrade the old agent process must make way for the new script.
    systemctl restart "$UNIT_NAME"
    say "the agent runs as $UNIT_NAME (systemctl status $UNIT_NAME; log in $STATE_DIR/logs/agent.log)"
    exit 0
fi

if [ "$FOREGROUND" = false ]; then
    say "systemd is not running here: running the agent in the foreground (--systemd forces the unit)"
fi
trap - EXIT
exec "$AGENT" --server "$SERVER" --state-dir "$STATE_DIR" --foreground "$@"
