#!/bin/sh
# Distributor agent: a POSIX sh agent that installs Distributor packages on this host.
# Needs only curl, unzip, sha256sum and coreutils. Speaks /agent/v1 as described in
# docs/AGENT-PROTOCOL.md. Server answers are parsed as KEY=value lines, never evaluated.
#
# Usage: distributor-agent.sh --server URL [--activation-id ID --activation-code CODE]
#          [--register-only] [--state-dir DIR] [--foreground] [--wait N] [--keep-commands N]
#          [--platform P] [--platform-version V] [--arch A] [--hostname H] [--install-root DIR]
#          [--reboot-command CMD] [--call-timeout N] [--download-speed-limit BYTES] [--download-speed-time N]
#
# Nothing waits forever (docs/AGENT-PROTOCOL.md, "Limits on every call"): each call but the poll ends after
# --call-timeout seconds (default 30; DISTRIBUTOR_AGENT_CALL_TIMEOUT), the poll after its wait plus 30 s, and a
# download after the command's TIMEOUT_SECONDS or once it moved fewer than --download-speed-limit bytes per
# second (default 1024; DISTRIBUTOR_AGENT_DOWNLOAD_SPEED_LIMIT) for --download-speed-time seconds (default 60;
# DISTRIBUTOR_AGENT_DOWNLOAD_SPEED_TIME). A call that ends so is a network failure, retried with backoff.
#
# --install-root DIR (an absolute path) is passed to every package script as DISTRIBUTOR_INSTALL_ROOT;
# the scripts Simple creation generates install into DIR instead of / (and scripts get HOME=DIR/root).
# It is a convention packages follow, not a sandbox: a script that ignores it can write anywhere.
#
# --reboot-command CMD (run with sh -c; default "reboot || shutdown -r now") reboots the host when a script asked for
# it (exit 194) and the command allows it. It sees DISTRIBUTOR_AGENT_PID, the agent's process id: a test simulates
# the host going down with 'kill -KILL "$DISTRIBUTOR_AGENT_PID"'. Not used in --foreground mode (a container).
#
# DISTRIBUTOR_AGENT_BOOT_ID_FILE (for tests and containers) replaces /proc/sys/kernel/random/boot_id, the file whose
# content tells one boot of the host from the next: a restarted agent that finds the boot id it recorded before its
# reboot knows the host did not reboot (docs/AGENT-PROTOCOL.md, "Reboots (agent side)").
#
# --register-only registers (unless an identity is stored already), stores INSTANCE_ID and TOKEN
# under the state directory and exits: the installer uses it so the activation code is never
# written into the systemd unit or any other file.
#
# One-shot mode: distributor-agent.sh --run-command FILE [--state-dir DIR] [--install-root DIR]
# runs the one command FILE holds (KEY=value lines, the keys of a poll answer) with the same install steps, without
# a server: nothing is registered, reported or inventoried. AWS Systems Manager's AWS-RunShellScript runs it
# (docs/AGENT-PROTOCOL.md, "One-shot mode"). --state-dir defaults to DISTRIBUTOR_AGENT_STATE_DIR, else
# /var/lib/distributor-agent/ssm; --install-root to DISTRIBUTOR_AGENT_INSTALL_ROOT. The result goes to stdout, a
# block first and then the tail of the output, 24,000 characters at most; a COMMAND_ID that ran here before is not
# run again, its recorded result is printed again. Exit 0 on SUCCESS, 194 when a script asked for a reboot the
# command allows (SSM reboots the host and runs the same commands again, which finishes the command), 1 otherwise.
set -u
umask 077

AGENT_VERSION="sh-0.1.0"
SERVER=""
ACTIVATION_ID=""
ACTIVATION_CODE=""
STATE_DIR="/var/lib/distributor-agent"
STATE_DIR_GIVEN=false
INSTALL_ROOT_GIVEN=false
# The command file of --run-command (one-shot mode); empty when the agent polls a server.
RUN_COMMAND=""
FOREGROUND=false
POLL_WAIT=20
REGISTER_ONLY=false
# Records of finished commands kept under commands/ (for re-reporting redelivered commands).
KEEP_COMMANDS=100
PLATFORM=""
PLATFORM_VERSION=""
ARCH=""
HOST_NAME=""
INSTALL_ROOT=""
SAFE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
OUTPUT_LIMIT=24000
REBOOT_COMMAND="reboot || shutdown -r now"
# Seconds the agent waits for the host to go down after the reboot command succeeded; then the command fails.
REBOOT_WAIT=600
CALL_TIMEOUT=${DISTRIBUTOR_AGENT_CALL_TIMEOUT:-30}
DOWNLOAD_SPEED_LIMIT=${DISTRIBUTOR_AGENT_DOWNLOAD_SPEED_LIMIT:-1024}
DOWNLOAD_SPEED_TIME=${DISTRIBUTOR_AGENT_DOWNLOAD_SPEED_TIME:-60}
BOOT_ID_FILE=${DISTRIBUTOR_AGENT_BOOT_ID_FILE:-/proc/sys/kernel/random/boot_id}
# The exit code of a generated install, update or uninstall script that gave up waiting for the dpkg or rpm lock
# (ScriptGenerator.LOCK_WAIT_EXIT_CODE): the package manager was busy and the script changed nothing.
LOCK_BUSY_EXIT=75
# The poll's answer may take its wait; this much more is allowed before the poll counts as failed.
POLL_MARGIN=30

usage() {
    echo "usage: $0 --server URL [--activation-id ID --activation-code CODE] [--register-only]" \
        "[--state-dir DIR] [--foreground] [--wait N] [--keep-commands N]" \
        "[--platform P] [--platform-version V] [--arch A] [--hostname H] [--install-root DIR]" \
        "[--reboot-command CMD] [--call-timeout N] [--download-speed-limit BYTES] [--download-speed-time N]" >&2
    echo "   or: $0 --run-command FILE [--state-dir DIR] [--install-root DIR] [--keep-commands N]" \
        "[--platform P] [--platform-version V] [--arch A] [--hostname H]" \
        "[--download-speed-limit BYTES] [--download-speed-time N]" >&2
    exit 2
}

need_value() {
    if [ "$2" -lt 2 ]; then
        echo "missing value for $1" >&2
        usage
    fi
}

while [ $# -gt 0 ]; do
    case "$1" in
        --server) need_value "$1" $#; SERVER=$2; shift 2 ;;
        --activation-id) need_value "$1" $#; ACTIVATION_ID=$2; shift 2 ;;
        --activation-code) need_value "$1" $#; ACTIVATION_CODE=$2; shift 2 ;;
        --state-dir) need_value "$1" $#; STATE_DIR=$2; STATE_DIR_GIVEN=true; shift 2 ;;
        --run-command) need_value "$1" $#; RUN_COMMAND=$2; shift 2 ;;
        --foreground) FOREGROUND=true; shift ;;
        --register-only) REGISTER_ONLY=true; shift ;;
        --keep-commands) need_value "$1" $#; KEEP_COMMANDS=$2; shift 2 ;;
        --wait) need_value "$1" $#; POLL_WAIT=$2; shift 2 ;;
        --platform) need_value "$1" $#; PLATFORM=$2; shift 2 ;;
        --platform-version) need_value "$1" $#; PLATFORM_VERSION=$2; shift 2 ;;
        --arch) need_value "$1" $#; ARCH=$2; shift 2 ;;
        --hostname) need_value "$1" $#; HOST_NAME=$2; shift 2 ;;
        --install-root) need_value "$1" $#; INSTALL_ROOT=$2; INSTALL_ROOT_GIVEN=true; shift 2 ;;
        --reboot-command) need_value "$1" $#; REBOOT_COMMAND=$2; shift 2 ;;
        --call-timeout) need_value "$1" $#; CALL_TIMEOUT=$2; shift 2 ;;
        --download-speed-limit) need_value "$1" $#; DOWNLOAD_SPEED_LIMIT=$2; shift 2 ;;
        --download-speed-time) need_value "$1" $#; DOWNLOAD_SPEED_TIME=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
done

if [ -n "$RUN_COMMAND" ]; then
    if [ -n "$SERVER" ] || [ "$REGISTER_ONLY" = true ] || [ -n "$ACTIVATION_ID" ] || [ "$FOREGROUND" = true ]; then
        echo "--run-command takes no --server, --register-only, --activation-id or --foreground" >&2
        usage
    fi
    # Its own state directory by default: the records of SSM's commands are not a polling agent's.
    [ "$STATE_DIR_GIVEN" = true ] || STATE_DIR=${DISTRIBUTOR_AGENT_STATE_DIR:-/var/lib/distributor-agent/ssm}
    [ "$INSTALL_ROOT_GIVEN" = true ] || INSTALL_ROOT=${DISTRIBUTOR_AGENT_INSTALL_ROOT:-}
else
    [ -n "$SERVER" ] || usage
fi
[ -n "$REBOOT_COMMAND" ] || { echo "--reboot-command must not be empty" >&2; exit 2; }
SERVER=${SERVER%/}
case "$POLL_WAIT" in
    ''|*[!0-9]*) echo "--wait must be a number" >&2; exit 2 ;;
esac
for limit in "$CALL_TIMEOUT" "$DOWNLOAD_SPEED_LIMIT" "$DOWNLOAD_SPEED_TIME"; do
    # "00" is zero too, and zero means "no limit" to curl. Leading zeros are stripped rather than compared with
    # $((...)), which would read "08" as a malformed octal number.
    case "$limit" in
        ''|*[!0-9]*) limit="" ;;
        *) limit=${limit#"${limit%%[!0]*}"} ;;
    esac
    if [ -z "$limit" ]; then
        echo "--call-timeout, --download-speed-limit and --download-speed-time must be positive numbers" >&2
        exit 2
    fi
done
case "$KEEP_COMMANDS" in
    ''|*[!0-9]*|0) echo "--keep-commands must be a positive number" >&2; exit 2 ;;
esac
INSTALL_ROOT=${INSTALL_ROOT%/}
case "$INSTALL_ROOT" in
    '') SCRIPT_HOME=/root ;;
    /*) SCRIPT_HOME="$INSTALL_ROOT/root" ;;
    *) echo "--install-root must be an absolute path" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- state and logging

# POSIX sh has no local variables: a function's own variables carry its prefix (rp_ in report, ...) so a
# function it calls cannot overwrite them, and the values a command needs travel as arguments. Functions
# that may end the agent (a 401 answer exits) or start long-lived processes run in the agent's own shell;
# only short pure lookups run as $(...) subshells.

mkdir -p "$STATE_DIR" "$STATE_DIR/logs" "$STATE_DIR/packages" "$STATE_DIR/commands" "$STATE_DIR/runs" \
    "$STATE_DIR/tmp" || exit 1
if [ -n "$INSTALL_ROOT" ]; then
    mkdir -p "$SCRIPT_HOME" || exit 1
fi
chmod 700 "$STATE_DIR"
LOG_FILE="$STATE_DIR/logs/agent.log"
TMP_DIR="$STATE_DIR/tmp"
AGENT_PID=$$

log() {
    lg_line="$(date -u '+%Y-%m-%dT%H:%M:%SZ') $*"
    printf '%s\n' "$lg_line" >>"$LOG_FILE"
    printf '%s\n' "$lg_line" >&2
}

# kv_value FILE KEY: the value of FILE's first KEY=value line, nothing when there is none. A line is split
# at its first '=' and never evaluated. (IFS='=' read -r key value would drop a single trailing '=', which
# is base64 padding in ARGUMENTS and OUTPUT.) The body is a subshell, so its variables stay its own.
kv_value() (
    [ -f "$1" ] || exit 0
    while IFS= read -r kv_line || [ -n "$kv_line" ]; do
        case "$kv_line" in
            "$2="*) printf '%s\n' "${kv_line#*=}"; exit 0 ;;
        esac
    done <"$1"
)

# ---------------------------------------------------------------- facts

map_platform() {
    case "$1" in
        rhel) echo redhat ;;
        ol) echo oracle ;;
        amzn) echo amazon ;;
        sles) echo suse ;;
        opensuse-leap) echo opensuseleap ;;
        *) echo "$1" ;;
    esac
}

map_arch() {
    case "$1" in
        amd64|x86_64) echo x86_64 ;;
        aarch64|arm64) echo arm64 ;;
        i386|i686) echo 386 ;;
        *) echo "$1" ;;
    esac
}

# Reads one key of /etc/os-release without sourcing it.
os_release() (
    [ -r /etc/os-release ] || exit 0
    os_value=$(kv_value /etc/os-release "$1")
    os_value=${os_value#\"}; os_value=${os_value%\"}
    os_value=${os_value#\'}; os_value=${os_value%\'}
    printf '%s\n' "$os_value"
)

[ -n "$PLATFORM" ] || PLATFORM=$(map_platform "$(os_release ID)")
[ -n "$PLATFORM_VERSION" ] || PLATFORM_VERSION=$(os_release VERSION_ID)
[ -n "$ARCH" ] || ARCH=$(map_arch "$(uname -m)")
[ -n "$HOST_NAME" ] || HOST_NAME=$(uname -n)

# ---------------------------------------------------------------- HTTP

# The last response: its body and headers on disk, its status in HTTP_STATUS. Each request replaces them,
# so a caller reads what it needs right after its own request.
RESP_BODY="$TMP_DIR/response.body"
RESP_HEADERS="$TMP_DIR/response.headers"
AUTH_HEADER_FILE="$STATE_DIR/auth.header"
HTTP_STATUS=000

# Reads KEY from the last response body; never evaluates it.
resp_value() {
    kv_value "$RESP_BODY" "$1"
}

# Prints the value of header NAME (lower case) of the last response; nothing when it has none.
header_value() {
    [ -f "$RESP_HEADERS" ] || return 0
    tr -d '\r' <"$RESP_HEADERS" | while IFS=':' read -r name value; do
        if [ "$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')" = "$1" ]; then
            printf '%s\n' "${value# }"
            break
        fi
    done
}

# http METHOD PATH [curl args...]: sets HTTP_STATUS (000 on network failure, also when the whole call took more
# than CALL_TIMEOUT seconds: an answer that never comes). A --max-time among the args replaces that limit (curl
# takes the last one). Adopts a new token the answer hands out (token rotation), whatever its status.
http() {
    http_method=$1
    http_path=$2
    shift 2
    rm -f "$RESP_BODY" "$RESP_HEADERS"
    if [ -f "$AUTH_HEADER_FILE" ]; then
        set -- -H "@$AUTH_HEADER_FILE" "$@"
    fi
    HTTP_STATUS=$(curl -sS -X "$http_method" -o "$RESP_BODY" -D "$RESP_HEADERS" -w '%{http_code}' \
        --connect-timeout 10 --max-time "$CALL_TIMEOUT" "$@" "$SERVER$http_path" 2>>"$LOG_FILE") || HTTP_STATUS=000
    [ -n "$HTTP_STATUS" ] || HTTP_STATUS=000
    adopt_token "$(header_value x-distributor-agent-token)"
}

# The next retry's base delay in seconds; agent-wide, so the poll loop and every request share one backoff.
BACKOFF=1

random16() {
    od -An -N2 -tu2 /dev/urandom | tr -d ' \n'
}

# Sleeps BACKOFF seconds +-50% and doubles it, up to 300 s.
backoff_sleep() {
    jitter=$(random16)
    [ -n "$jitter" ] || jitter=0
    delay=$((BACKOFF / 2 + jitter % (BACKOFF + 1)))
    [ "$delay" -ge 1 ] || delay=1
    log "backing off ${delay}s"
    sleep "$delay"
    BACKOFF=$((BACKOFF * 2))
    [ "$BACKOFF" -le 300 ] || BACKOFF=300
}

is_retryable() {
    case "$HTTP_STATUS" in
        000|5*) return 0 ;;
        *) return 1 ;;
    esac
}

# Tries per request before http_retry gives up; 0 means never give up (a running agent). The
# installer's --register-only run gives up, so a wrong --server fails the install in about a minute.
MAX_TRIES=0

# http_retry METHOD PATH args...: retries network failures and 5xx with backoff.
http_retry() {
    h_tries=0
    while :; do
        http "$@"
        if is_retryable; then
            h_tries=$((h_tries + 1))
            log "$1 $2 failed (status $HTTP_STATUS)"
            if [ "$MAX_TRIES" -gt 0 ] && [ "$h_tries" -ge "$MAX_TRIES" ]; then
                log "giving up after $h_tries tries"
                return 0
            fi
            backoff_sleep
            continue
        fi
        BACKOFF=1
        return 0
    done
}

# ---------------------------------------------------------------- identity

# This host's identity, set at start (stored, or from the registration); TOKEN changes only when the service
# hands out a new one (adopt_token).
INSTANCE_ID=""
TOKEN=""

load_identity() {
    [ -f "$STATE_DIR/instance_id" ] && [ -f "$STATE_DIR/token" ] || return 1
    INSTANCE_ID=$(cat "$STATE_DIR/instance_id")
    TOKEN=$(cat "$STATE_DIR/token")
    [ -n "$INSTANCE_ID" ] && [ -n "$TOKEN" ] || return 1
    write_auth_header
}

write_auth_header() {
    (umask 077 && printf 'Authorization: Bearer %s\n' "$TOKEN" >"$AUTH_HEADER_FILE.new" \
        && mv "$AUTH_HEADER_FILE.new" "$AUTH_HEADER_FILE")
}

# store_token TOKEN: replaces the stored token atomically (a crash leaves the old file or the new one, never
# half of one), readable by the agent's user only.
store_token() {
    (umask 077 && printf '%s\n' "$1" >"$STATE_DIR/token.new" && mv "$STATE_DIR/token.new" "$STATE_DIR/token")
}

# adopt_token VALUE: switches to the new token a service answer handed out (X-Distributor-Agent-Token), stored
# before it is used, so a crash in between costs nothing: the old token works until the new one is first used,
# and the next call with it gets another. Anything but a well-formed token is ignored. Never logs the token.
adopt_token() {
    case "$1" in
        ''|*[!A-Za-z0-9_-]*) return 0 ;;
        dagt_?*) ;;
        *) return 0 ;;
    esac
    [ "$1" != "$TOKEN" ] || return 0
    if ! store_token "$1"; then
        log "could not store the new agent token; keeping the old one"
        return 0
    fi
    TOKEN=$1
    write_auth_header
    log "switched to the new agent token the service handed out"
}

# One INSTALLED=<package>=<version> line per recorded package, followed by BROKEN=<package> when a failed rollback
# left it broken (packages/<package>/broken). A service that does not know BROKEN ignores the field.
installed_args() {
    for dir in "$STATE_DIR"/packages/*; do
        [ -f "$dir/version" ] || continue
        printf '%s\n' "INSTALLED=$(basename "$dir")=$(cat "$dir/version")"
        if [ -f "$dir/broken" ]; then
            printf '%s\n' "BROKEN=$(basename "$dir")"
        fi
    done
}

# Writes installed_args' lines (INSTALLED=<package>=<version>, BROKEN=<package>) to installed.list.
installed_form_file() {
    installed_args >"$TMP_DIR/installed.list"
}

register() {
    if [ -z "$ACTIVATION_ID" ] || [ -z "$ACTIVATION_CODE" ]; then
        log "no identity stored in $STATE_DIR and no --activation-id/--activation-code given"
        exit 1
    fi
    installed_form_file
    set -- --data-urlencode "ACTIVATION_ID=$ACTIVATION_ID" --data-urlencode "ACTIVATION_CODE=$ACTIVATION_CODE" \
        --data-urlencode "HOSTNAME=$HOST_NAME" --data-urlencode "PLATFORM=$PLATFORM" \
        --data-urlencode "PLATFORM_VERSION=$PLATFORM_VERSION" --data-urlencode "ARCH=$ARCH" \
        --data-urlencode "AGENT_VERSION=$AGENT_VERSION"
    while IFS= read -r field; do
        set -- "$@" --data-urlencode "$field"
    done <"$TMP_DIR/installed.list"
    rm -f "$AUTH_HEADER_FILE"
    http_retry POST /agent/v1/register "$@"
    if [ "$HTTP_STATUS" != 201 ]; then
        log "registration refused (status $HTTP_STATUS): $(resp_value ERROR) $(resp_value MESSAGE)"
        exit 1
    fi
    INSTANCE_ID=$(resp_value INSTANCE_ID)
    TOKEN=$(resp_value TOKEN)
    if [ -z "$INSTANCE_ID" ] || [ -z "$TOKEN" ]; then
        log "registration answer lacks INSTANCE_ID or TOKEN"
        exit 1
    fi
    store_token "$TOKEN"
    chmod 600 "$STATE_DIR/token"
    printf '%s\n' "$INSTANCE_ID" >"$STATE_DIR/instance_id"
    rm -f "$RESP_BODY"
    write_auth_header
    log "registered as $INSTANCE_ID"
}

send_inventory() {
    [ -z "$RUN_COMMAND" ] || return 0
    installed_form_file
    set -- --data-urlencode "PLATFORM_VERSION=$PLATFORM_VERSION" --data-urlencode "AGENT_VERSION=$AGENT_VERSION" \
        --data-urlencode "HOSTNAME=$HOST_NAME"
    while IFS= read -r field; do
        set -- "$@" --data-urlencode "$field"
    done <"$TMP_DIR/installed.list"
    http_retry POST /agent/v1/inventory "$@"
    if [ "$HTTP_STATUS" != 200 ]; then
        log "inventory refused (status $HTTP_STATUS): $(resp_value ERROR) $(resp_value MESSAGE)"
        check_unauthorized
    fi
}

check_unauthorized() {
    if [ "$HTTP_STATUS" = 401 ]; then
        log "the service no longer accepts this agent's token (deregistered, or replaced by a newer one?); stopping"
        exit 3
    fi
}

# ---------------------------------------------------------------- status reports

# report ID STATUS [EXIT_CODE STEP [OUTPUT_FILE [REBOOT_REQUIRED]]]: returns 0 when the service accepted the
# report; its REASON stays readable with resp_value until the next request.
report() {
    # One-shot mode has no server: the record under commands/ is the report (print_one_shot_result shows it).
    [ -z "$RUN_COMMAND" ] || return 0
    rp_id=$1
    rp_status=$2
    rp_exit=${3-}
    rp_step=${4-}
    rp_output=${5-}
    rp_reboot=${6:-false}
    set -- --data-urlencode "STATUS=$rp_status"
    [ -n "$rp_exit" ] && set -- "$@" --data-urlencode "EXIT_CODE=$rp_exit"
    [ -n "$rp_step" ] && set -- "$@" --data-urlencode "STEP=$rp_step"
    if [ -n "$rp_output" ] && [ -f "$rp_output" ]; then
        tail -c "$OUTPUT_LIMIT" "$rp_output" | base64 -w0 >"$TMP_DIR/output.b64"
        set -- "$@" --data-urlencode "OUTPUT@$TMP_DIR/output.b64"
    fi
    if [ "$rp_reboot" = true ]; then
        set -- "$@" --data-urlencode "REBOOT_REQUIRED=true"
    fi
    http_retry POST "/agent/v1/commands/$rp_id/status" "$@"
    rp_accepted=$(resp_value ACCEPTED)
    log "reported $rp_status for $rp_id: status $HTTP_STATUS accepted=$rp_accepted $(resp_value REASON)"
    check_unauthorized
    [ "$rp_accepted" = true ]
}

# finish ID STATUS EXIT_CODE STEP REBOOT_REQUIRED REBOOT_ALLOWED: records a command's final status under
# commands/ID (so a redelivery is only re-reported, never run again), reports it and removes its run folder.
# A success whose script asked for a reboot the command allows is not final yet: outside --foreground mode the
# command awaits its reboot (await_reboot). REBOOT_ALLOWED "rebooted" is the final report after that reboot.
finish() {
    if [ "$2" = SUCCESS ] && [ "$5" = true ] && [ "$6" = true ]; then
        if [ -n "$RUN_COMMAND" ]; then
            one_shot_await_reboot "$1" "$3" "$4"
            return
        fi
        if [ "$FOREGROUND" != true ]; then
            await_reboot "$1" "$3" "$4"
            return
        fi
        printf '\n[agent] a script asked for a reboot and the command allows it; foreground mode: not rebooting\n' \
            >>"$STATE_DIR/runs/$1/output.log"
    fi
    write_status "$1" "$2" "$3" "$4" "$5"
    # Logged before the report, so whoever sees the result can already read why nothing rebooted.
    reboot_if_asked "$2" "$5" "$6"
    if [ -f "$STATE_DIR/runs/$1/output.log" ]; then
        tail -c "$OUTPUT_LIMIT" "$STATE_DIR/runs/$1/output.log" >"$STATE_DIR/commands/$1/output"
    fi
    rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"
    report "$1" "$2" "$3" "$4" "$STATE_DIR/commands/$1/output" "$5"
    rm -rf "${STATE_DIR:?}/runs/$1"
    prune_commands "$1"
    send_inventory
}

# write_status ID STATUS EXIT_CODE STEP REBOOT_REQUIRED [BOOT_ID]: replaces commands/ID/status atomically (a crash
# leaves the old record or the new one) and flushes it to disk. BOOT_ID, recorded with REBOOTING, is the boot the
# reboot must end.
write_status() {
    {
        printf 'STATUS=%s\n' "$2"
        printf 'EXIT_CODE=%s\n' "$3"
        printf 'STEP=%s\n' "$4"
        printf 'REBOOT_REQUIRED=%s\n' "$5"
        if [ -n "${6-}" ]; then
            printf 'BOOT_ID=%s\n' "$6"
        fi
    } >"$STATE_DIR/commands/$1/status.new" && mv "$STATE_DIR/commands/$1/status.new" "$STATE_DIR/commands/$1/status"
    sync 2>/dev/null
}

# reboot_if_asked STATUS REBOOT_REQUIRED REBOOT_ALLOWED: says why a script's reboot request (exit 194) did not
# reboot the host: the command does not allow it, or foreground mode (a container). await_reboot reboots.
reboot_if_asked() {
    [ "$2" = true ] && [ "$1" = SUCCESS ] || return 0
    if [ "$3" = rebooted ]; then
        log "the command's reboot is done"
    elif [ "$3" != true ]; then
        log "a script asked for a reboot; the command does not allow it"
    else
        log "a script asked for a reboot and the command allows it; foreground mode: not rebooting"
    fi
}

# await_reboot ID EXIT_CODE STEP: the command succeeded and its script asked for a reboot it allows. Records
# durably that it awaits its reboot (commands/ID/status says REBOOTING, with the current boot id; commands/ID/command
# keeps the command for the run after boot), reports REBOOTING and reboots the host. After boot, resume_rebooted
# reports its final state.
await_reboot() {
    ar_record="$STATE_DIR/commands/$1"
    printf '\n[agent] a script asked for a reboot and the command allows it; rebooting\n' \
        >>"$STATE_DIR/runs/$1/output.log"
    cp "$STATE_DIR/runs/$1/command" "$ar_record/command.new" && mv "$ar_record/command.new" "$ar_record/command"
    tail -c "$OUTPUT_LIMIT" "$STATE_DIR/runs/$1/output.log" >"$ar_record/output"
    write_status "$1" REBOOTING "$2" "$3" true "$(boot_id)"
    rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"
    if ! report "$1" REBOOTING "$2" "$3" "$ar_record/output" true && [ "$HTTP_STATUS" = 400 ]; then
        # A service older than REBOOTING refuses the status: it gets today's final SUCCESS instead.
        log "the service does not know REBOOTING; reporting SUCCESS before the reboot"
        write_status "$1" SUCCESS "$2" "$3" true
        report "$1" SUCCESS "$2" "$3" "$ar_record/output" true
    fi
    rm -rf "${STATE_DIR:?}/runs/$1"
    prune_commands "$1"
    send_inventory
    reboot_host "$1"
}

# reboot_host ID: runs the reboot command and waits for the host to go down. When the command fails, or the host
# is still up REBOOT_WAIT seconds later, the command awaiting its reboot fails at step reboot.
reboot_host() {
    log "a script asked for a reboot and the command allows it; rebooting ($REBOOT_COMMAND)"
    # From here on, a restart on the same boot means the reboot command ran and the host did not reboot.
    : >"$STATE_DIR/commands/$1/reboot-started"
    sync 2>/dev/null
    DISTRIBUTOR_AGENT_PID=$AGENT_PID sh -c "$REBOOT_COMMAND" </dev/null >>"$LOG_FILE" 2>&1
    rh_exit=$?
    if [ "$rh_exit" -eq 0 ]; then
        # Waiting here, rather than exiting, keeps a supervisor from restarting the agent before the host is down.
        rh_waited=0
        while [ "$rh_waited" -lt "$REBOOT_WAIT" ]; do
            sleep 5
            rh_waited=$((rh_waited + 5))
        done
        rh_reason="the host was still up $REBOOT_WAIT s after the reboot command"
        rh_exit=-1
    else
        rh_reason="the reboot command failed (exit $rh_exit)"
    fi
    log "$rh_reason"
    [ "$(kv_value "$STATE_DIR/commands/$1/status" STATUS)" = REBOOTING ] || return 0
    printf '\n[agent] %s\n' "$rh_reason" >>"$STATE_DIR/commands/$1/output"
    mkdir -p "$STATE_DIR/runs/$1"
    cp "$STATE_DIR/commands/$1/output" "$STATE_DIR/runs/$1/output.log"
    finish "$1" FAILED "$rh_exit" reboot true false
}

# boot_id: this boot's id (BOOT_ID_FILE's first line), nothing when it cannot be read (no /proc).
boot_id() (
    [ -r "$BOOT_ID_FILE" ] || exit 0
    IFS= read -r bi_line <"$BOOT_ID_FILE" || [ -n "${bi_line-}" ] || exit 0
    case "$bi_line" in
        *[!A-Za-z0-9-]*) exit 0 ;;
    esac
    printf '%s\n' "$bi_line"
)

# resume_rebooted: at start, each command recorded as awaiting its reboot gets its final state reported, as SSM
# does by running the plugin again after the boot (finish_rebooted), unless the host has not rebooted since
# (still_before_reboot).
resume_rebooted() {
    for rb_record in "$STATE_DIR"/commands/*; do
        [ -f "$rb_record/status" ] || continue
        [ "$(kv_value "$rb_record/status" STATUS)" = REBOOTING ] || continue
        rb_id=${rb_record##*/}
        case "$rb_id" in
            ''|*[!0-9a-fA-F-]*) continue ;;
        esac
        still_before_reboot "$rb_id" && continue
        finish_rebooted "$rb_id"
    done
}

# still_before_reboot ID: returns 1 when the host rebooted since the command recorded REBOOTING (its boot id
# changed), or when that cannot be told: no boot id recorded or readable (no /proc), where the restart is taken for
# the boot, as agents before boot ids did. Otherwise only the agent restarted (a supervisor restart while the
# REBOOTING report was retried, an OOM kill or upgrade, a reboot command that killed the agent but did not reboot)
# and it returns 0 after handling the command: when the reboot command had not run yet it runs now; when it had run
# and the host is still on the same boot, the command ends FAILED at step reboot. It is not run a second time: a
# reboot command that does not reboot would otherwise loop.
still_before_reboot() {
    sb_record="$STATE_DIR/commands/$1"
    sb_recorded=$(kv_value "$sb_record/status" BOOT_ID)
    sb_now=$(boot_id)
    [ -n "$sb_recorded" ] && [ -n "$sb_now" ] && [ "$sb_recorded" = "$sb_now" ] || return 1
    if [ ! -f "$sb_record/reboot-started" ]; then
        log "command $1 awaits its reboot, which had not started when the agent stopped; rebooting now"
        printf '\n[agent] the agent restarted before the reboot; rebooting now\n' >>"$sb_record/output"
        # Its REBOOTING report may be what was being retried; a repeat answers duplicate.
        report "$1" REBOOTING "$(kv_value "$sb_record/status" EXIT_CODE)" "$(kv_value "$sb_record/status" STEP)" \
            "$sb_record/output" true
        reboot_host "$1"
        return 0
    fi
    log "command $1 awaited its reboot, but the host did not reboot (same boot id $sb_now)"
    printf '\n[agent] the agent restarted after the reboot command, but the host did not reboot (same boot id);' \
        >>"$sb_record/output"
    printf ' not rebooting again\n' >>"$sb_record/output"
    mkdir -p "$STATE_DIR/runs/$1"
    cp "$sb_record/output" "$STATE_DIR/runs/$1/output.log"
    finish "$1" FAILED -1 reboot true false
    return 0
}

# finish_rebooted ID: the host is back after the command's reboot. When the installed package has a validate.sh,
# its result decides (SUCCESS or FAILED, step validate); otherwise the command succeeded (step reboot). The
# command itself never runs again.
finish_rebooted() {
    fr_record="$STATE_DIR/commands/$1"
    fr_work="$STATE_DIR/runs/$1"
    log "command $1 awaited its reboot; the host is back"
    printf 'COMMAND_ID=%s\n' "$1" >"$STATE_DIR/current.new" && mv "$STATE_DIR/current.new" "$STATE_DIR/current"
    fr_exit=$(kv_value "$fr_record/status" EXIT_CODE)
    fr_step=$(kv_value "$fr_record/status" STEP)
    if [ -f "$fr_record/command" ]; then
        cp "$fr_record/command" "$TMP_DIR/rebooted.command"
        prepare_work "$TMP_DIR/rebooted.command" "$fr_work"
    else
        rm -rf "$fr_work"
        mkdir -p "$fr_work"
    fi
    cat "$fr_record/output" >"$fr_work/output.log" 2>/dev/null
    agent_note "$fr_work" "the host is back after the reboot ($fr_step exited $fr_exit)"
    fr_package=$(command_field "$fr_work/command" PACKAGE)
    fr_cache="$STATE_DIR/packages/$fr_package/cache"
    if [ -z "$fr_package" ] || [ "$(command_field "$fr_work/command" ACTION)" != INSTALL ] \
        || [ ! -f "$fr_cache/validate.sh" ]; then
        finish "$1" SUCCESS "$fr_exit" reboot true rebooted
    elif run_script "$fr_work" "$fr_cache" validate.sh validate "$(installed_version "$fr_package")" \
        "$(command_field "$fr_work/command" PREVIOUS_VERSION)"; then
        finish "$1" SUCCESS "$(script_outcome "$fr_work")" validate true rebooted
    else
        finish_script_failure "$fr_work" "$(script_outcome "$fr_work")" validate true
    fi
}

# Keeps the records of the newest KEEP_COMMANDS commands (by modification time) and deletes the
# rest, with their run folders, except KEEP_ID's (the command just finished). A record only matters
# while the service may deliver its command again, which ends once its final status was accepted;
# the agent runs one command at a time, so old records are never needed again.
prune_commands() {
    # Command folder names are validated UUIDs (hex digits and '-'), so listing them with ls is safe.
    # shellcheck disable=SC2012
    ls -1t "$STATE_DIR/commands" 2>/dev/null | tail -n "+$((KEEP_COMMANDS + 1))" >"$TMP_DIR/prune.list"
    while IFS= read -r pr_id; do
        case "$pr_id" in
            ''|*[!0-9a-fA-F-]*) continue ;;
        esac
        [ "$pr_id" = "$1" ] && continue
        rm -rf "${STATE_DIR:?}/commands/$pr_id" "${STATE_DIR:?}/runs/$pr_id"
    done <"$TMP_DIR/prune.list"
    rm -f "$TMP_DIR/prune.list"
}

# ---------------------------------------------------------------- the command and its run folder
#
# A running command lives in its run folder runs/<COMMAND_ID>/ (WORK below): "command" (the service's
# KEY=value lines), "arguments" (decoded ARGUMENTS), "output.log", "package" (the extracted zip) and
# "outcome" (the last script's result). Functions of the install path take WORK and read the command
# from it; finish removes the folder.

# command_field FILE KEY: KEY's value in a command file; a repeated key's last value counts.
command_field() (
    [ -f "$1" ] || exit 0
    cf_value=""
    while IFS= read -r cf_line || [ -n "$cf_line" ]; do
        case "$cf_line" in
            "$2="*) cf_value=${cf_line#*=} ;;
        esac
    done <"$1"
    printf '%s\n' "$cf_value"
)

# The command's TIMEOUT_SECONDS for each script, 3600 when missing or not a number.
command_timeout() (
    ct_timeout=$(command_field "$1/command" TIMEOUT_SECONDS)
    case "$ct_timeout" in ''|*[!0-9]*) ct_timeout=3600 ;; esac
    printf '%s\n' "$ct_timeout"
)

# finish_run WORK STATUS EXIT_CODE STEP [REBOOT_REQUIRED]: finish for the command in WORK.
finish_run() {
    finish "$(command_field "$1/command" COMMAND_ID)" "$2" "$3" "$4" "${5:-false}" \
        "$(command_field "$1/command" REBOOT_ALLOWED)"
}

# agent_note WORK MESSAGE...: a line in the command's output (which the service shows) and in the log.
agent_note() {
    an_work=$1
    shift
    printf '[agent] %s\n' "$*" >>"$an_work/output.log"
    log "$*"
}

# The id becomes a folder name and the package one too, so both are checked before anything is written.
valid_command() {
    case "$1" in
        ''|*[!0-9a-fA-F-]*) return 1 ;;
    esac
    case "$2" in
        ''|.*|*[!A-Za-z0-9_.-]*) return 1 ;;
    esac
    return 0
}

# ---------------------------------------------------------------- scripts

# run_script WORK DIR NAME STEP VERSION PREVIOUS_VERSION: runs NAME (e.g. install.sh) from DIR for the
# command in WORK and records its outcome (see spawn_script); returns 0 when it exited 0 or 194 in time.
# The script's environment is exactly what docs/AGENT-PROTOCOL.md ("The scripts' environment") lists:
# env -i, then PATH, HOME, LANG, the DISTRIBUTOR_* and BWS_* variables and the SSM_* arguments. Nothing
# of the agent's own environment reaches it.
run_script() {
    rs_work=$1
    rs_dir=$2
    rs_name=$3
    rs_step=$4
    printf '=== %s (%s) ===\n' "$3" "$4" >>"$1/output.log"
    if [ "$4" != validate ]; then
        # From here until the host's state is known again (record_installed, a rollback that worked), a crash
        # leaves the package in an unknown state: recover marks it broken.
        : >"$1/changing"
        sync 2>/dev/null
    fi
    set -- env -i "PATH=$SAFE_PATH" "HOME=$SCRIPT_HOME" "LANG=C" \
        "DISTRIBUTOR_PACKAGE=$(command_field "$1/command" PACKAGE)" "DISTRIBUTOR_VERSION=$5" \
        "DISTRIBUTOR_PREVIOUS_VERSION=$6" "DISTRIBUTOR_ACTION=$(command_field "$1/command" ACTION)" \
        "DISTRIBUTOR_INSTANCE_ID=$INSTANCE_ID" "DISTRIBUTOR_INSTALL_ROOT=$INSTALL_ROOT" \
        "BWS_PLATFORM_NAME=$PLATFORM" "BWS_PLATFORM_VERSION=$PLATFORM_VERSION" \
        "BWS_ARCHITECTURE=$ARCH" "BWS_INSTANCE_ID=$INSTANCE_ID"
    if [ -f "$rs_work/arguments" ]; then
        while IFS= read -r rs_line || [ -n "$rs_line" ]; do
            # script_argument ends its answer with an x, which keeps the value's trailing newlines.
            rs_argument=$(script_argument "$rs_work" "$rs_line") && set -- "$@" "${rs_argument%x}"
        done <"$rs_work/arguments"
    fi
    spawn_script "$rs_work" "$rs_dir" "$rs_name" "$rs_step" "$(command_timeout "$rs_work")" "$@"
    outcome_ok "$(script_outcome "$rs_work")"
}

# script_argument WORK LINE: prints NAME=value and an x for one NAME=<base64 of value> line of the
# arguments; fails, with a note for a name it drops, when the line must not reach a script.
script_argument() {
    case "$2" in
        *=*) : ;;
        *) return 1 ;;
    esac
    sa_name=${2%%=*}
    # Only SSM_ names, as the service allows since issue 11: an older service may send others
    # (PATH, LD_PRELOAD, BASH_ENV, ...), and none of them may reach a script run as root.
    case "$sa_name" in
        SSM_|*[!A-Za-z0-9_]*)
            agent_note "$1" "ignoring an additional argument with a malformed name"
            return 1 ;;
        SSM_*) : ;;
        *)
            agent_note "$1" "ignoring additional argument $sa_name: only SSM_* arguments reach scripts"
            return 1 ;;
    esac
    # The trailing x keeps trailing newlines of the value, which $(...) would strip.
    sa_value=$(printf '%s' "${2#*=}" | base64 -d 2>/dev/null && printf x) || sa_value="x"
    printf '%s=%sx' "$sa_name" "${sa_value%x}"
}

# spawn_script WORK DIR NAME STEP TIMEOUT ENV_COMMAND...: runs ./NAME in DIR under ENV_COMMAND in a
# process group of its own (its id in current.pgid, for recover), waits for it and writes its outcome to
# WORK/outcome: the exit code, or timed-out when the watchdog killed it.
spawn_script() {
    ss_work=$1
    ss_dir=$2
    ss_name=$3
    ss_step=$4
    ss_timeout=$5
    shift 5
    rm -f "$ss_work/done"
    # The agent's own files are private (umask 077); what a package installs gets the usual 022.
    # 9>&-: the one-shot lock (one_shot_lock) is the agent's; a daemon a script starts must not hold it.
    (cd "$ss_dir" && umask 022 && exec setsid "$@" sh "./$ss_name" </dev/null >>"$ss_work/output.log" 2>&1 9>&-) &
    ss_pid=$!
    printf '%s\n' "$ss_pid" >"$STATE_DIR/current.pgid"
    watchdog "$ss_work" "$ss_pid" "$ss_timeout" </dev/null >/dev/null 2>&1 &
    ss_watchdog=$!
    wait "$ss_pid"
    ss_exit=$?
    ss_outcome=$ss_exit
    : >"$ss_work/done"
    if [ -f "$ss_work/timed-out" ]; then
        ss_outcome=timed-out
        rm -f "$ss_work/timed-out"
        printf '\n[agent] %s killed after %s seconds\n' "$ss_name" "$ss_timeout" >>"$ss_work/output.log"
    fi
    wait "$ss_watchdog" 2>/dev/null
    rm -f "$STATE_DIR/current.pgid"
    printf '\n[agent] %s exited with %s\n' "$ss_name" "$ss_exit" >>"$ss_work/output.log"
    log "$ss_name ($ss_step) exited with $ss_exit"
    printf '%s\n' "$ss_outcome" >"$ss_work/outcome"
}

# watchdog WORK PID TIMEOUT (run in the background): kills the script's whole process group at TIMEOUT
# seconds, leaving WORK/timed-out; exits once the script finished (WORK/done) or the agent is gone.
watchdog() {
    wd_elapsed=0
    while [ "$wd_elapsed" -lt "$3" ]; do
        sleep 1
        [ -f "$1/done" ] && exit 0
        kill -0 "$AGENT_PID" 2>/dev/null || exit 0
        wd_elapsed=$((wd_elapsed + 1))
    done
    [ -f "$1/done" ] && exit 0
    : >"$1/timed-out"
    kill -s KILL -- "-$2" 2>/dev/null
}

# The outcome of the last script run for WORK: its exit code, or timed-out.
script_outcome() {
    cat "$1/outcome"
}

# A script succeeded when it exited 0, or 194 (success, reboot required), in time.
outcome_ok() {
    case "$1" in
        0|194) return 0 ;;
        *) return 1 ;;
    esac
}

# REBOOT_REQUIRED for a script's outcome: exit 194 asks for a reboot.
reboot_flag() {
    if [ "$1" = 194 ]; then echo true; else echo false; fi
}

# finish_script_failure WORK OUTCOME STEP [REBOOT_REQUIRED]: TIMED_OUT, or FAILED with the exit code.
finish_script_failure() {
    if [ "$2" = timed-out ]; then
        finish_run "$1" TIMED_OUT -1 "$3" "${4:-false}"
    else
        finish_run "$1" FAILED "$2" "$3" "${4:-false}"
    fi
}

# ---------------------------------------------------------------- files

# fetch WORK URL SHA256 DEST_DIR: downloads the zip, verifies its hash and its entries, and extracts it into
# DEST_DIR. Returns 0, else the step that failed as a number (so fetch needs no global and no subshell):
# 1 download, 2 verify, 3 unzip; fetch_step names it.
fetch() {
    ft_zip="$1/download.zip"
    download "$1" "$2" "$ft_zip" || return 1
    ft_actual=$(sha256sum "$ft_zip" | cut -d' ' -f1)
    if [ "$ft_actual" != "$3" ]; then
        agent_note "$1" "sha256 mismatch: expected $3, got $ft_actual"
        return 2
    fi
    check_zip "$1" "$ft_zip" || return 2
    extract "$1" "$ft_zip" "$4"
}

# The STEP a failed fetch reports, from fetch's return value.
fetch_step() {
    case "$1" in
        1) echo download ;;
        2) echo verify ;;
        *) echo unzip ;;
    esac
}

# download WORK URL ZIP: fails, with a note, when curl cannot get URL, also when the transfer ran longer than the
# command's TIMEOUT_SECONDS or moved fewer than DOWNLOAD_SPEED_LIMIT bytes/s for DOWNLOAD_SPEED_TIME seconds
# (a stalled transfer), so no download holds the agent forever.
download() {
    dl_work=$1
    dl_url=$2
    dl_zip=$3
    rm -f "$dl_zip"
    # Without the query: a presigned URL's signature stays out of the log.
    log "downloading ${dl_url%%\?*}"
    # The relay (/agent/v1/files/) wants the agent's token; a presigned URL must never get it.
    set --
    case "$dl_url" in
        "$SERVER/agent/v1/files/"*) set -- -H "@$AUTH_HEADER_FILE" ;;
    esac
    dl_limit=$(command_timeout "$dl_work")
    curl -fsS --connect-timeout 20 --max-time "$dl_limit" --speed-limit "$DOWNLOAD_SPEED_LIMIT" \
        --speed-time "$DOWNLOAD_SPEED_TIME" "$@" -o "$dl_zip" "$dl_url" >>"$dl_work/output.log" 2>&1
    dl_exit=$?
    [ "$dl_exit" -eq 0 ] && return 0
    rm -f "$dl_zip"
    if [ "$dl_exit" -eq 28 ]; then
        agent_note "$dl_work" "download of the package file stalled (below $DOWNLOAD_SPEED_LIMIT bytes/s for" \
            "$DOWNLOAD_SPEED_TIME s) or ran past its limit of $dl_limit s; giving up"
    else
        agent_note "$dl_work" "download of the package file failed (curl exit $dl_exit)"
    fi
    return 1
}

# extract WORK ZIP DEST_DIR: unzips a checked zip into a fresh DEST_DIR; returns fetch's 3 when unzip
# fails and 2 when the result holds a symbolic link.
extract() {
    rm -rf "$3"
    mkdir -p "$3"
    if ! unzip -q -o "$2" -d "$3" </dev/null >>"$1/output.log" 2>&1; then
        agent_note "$1" "unzip failed"
        return 3
    fi
    rm -f "$2"
    # Belt and braces: whatever unzip made of the entries, no link may be left to run or follow.
    ex_link=$(find "$3" -type l | head -n 1)
    if [ -n "$ex_link" ]; then
        agent_note "$1" "refusing the package file: extracting it made a symbolic link (${ex_link#"$3"/})"
        rm -rf "$3"
        return 2
    fi
}

# check_zip WORK ZIP: refuses (returns 1, with the reason in the output) a zip whose listing holds an entry
# that could write outside the folder it is extracted to, or that two readers could take for different
# files: symbolic links and other special files, absolute paths, "..", "." and empty segments,
# backslashes, control characters, duplicate names (also after ASCII case folding and without a
# directory's trailing "/"), and encrypted entries. The service refuses all of these on upload; this check
# stands for a tampered bucket or an older service. Nothing is extracted before it passes.
check_zip() {
    cz_names="$1/zip.names"
    cz_entries="$1/zip.entries"
    if ! unzip -Z1 "$2" >"$cz_names" 2>>"$1/output.log" \
        || ! unzip -Z -s "$2" >"$1/zip.listing" 2>>"$1/output.log"; then
        agent_note "$1" "refusing the package file: it is not a zip that unzip can list"
        return 1
    fi
    # The long listing's entry lines (mode, version, system, size, flags, ...), in the order of the names.
    grep -E '^[^ ]+ +[0-9]+\.[0-9]+ +[^ ]+ +[0-9]+ ' "$1/zip.listing" >"$cz_entries"
    if [ "$(wc -l <"$cz_names")" -ne "$(wc -l <"$cz_entries")" ]; then
        agent_note "$1" "refusing the package file: its name listing and its long listing disagree"
        return 1
    fi
    check_zip_names "$1" "$cz_names" && check_zip_entries "$1" "$cz_entries" "$cz_names" \
        && check_zip_duplicates "$1" "$cz_names"
}

# check_zip_names WORK NAMES: every name of the listing passes zip_name_ok.
check_zip_names() {
    while IFS= read -r zn_name; do
        zip_name_ok "$1" "$zn_name" || return 1
    done <"$2"
}

# zip_name_ok WORK NAME: fails, with a note, for a name that is empty or absolute, holds a backslash, a
# control character or a '..', '.' or empty segment. unzip prints a control character in a name as ^ and
# a letter (^J for a newline, ^[ for ESC).
zip_name_ok() {
    zo_problem=""
    case "$2" in
        '') zo_problem="an empty name" ;;
        /*) zo_problem="an absolute path" ;;
        *\\*) zo_problem="a backslash" ;;
        *[[:cntrl:]]*|*^[]@A-Z[\\^_?]*) zo_problem="a control character" ;;
        *)
            case "/${2%/}/" in
                */../*) zo_problem="a '..' segment" ;;
                */./*) zo_problem="a '.' segment" ;;
                *//*) zo_problem="an empty segment" ;;
            esac
            ;;
    esac
    [ -z "$zo_problem" ] && return 0
    agent_note "$1" "refusing zip entry '$2': $zo_problem"
    return 1
}

# check_zip_entries WORK ENTRIES NAMES: only files and directories, nothing encrypted.
check_zip_entries() {
    # Entry types: '-' (file), 'd' (directory) and '?' (no Unix type recorded) only; 'l' is a link.
    cut -c1 "$2" | paste -d ' ' - "$3" >"$1/zip.types"
    ze_special=$(grep -v '^[-d?] ' "$1/zip.types" | head -n 1)
    if [ -n "$ze_special" ]; then
        case "$ze_special" in
            l*) agent_note "$1" "refusing zip entry '${ze_special#? }': a symbolic link" ;;
            *) agent_note "$1" "refusing zip entry '${ze_special#? }': a special file (type ${ze_special%% *})" ;;
        esac
        return 1
    fi
    # Upper-case flags (B, T) in the fifth column mark an encrypted entry.
    if grep -Eq '^[^ ]+ +[0-9]+\.[0-9]+ +[^ ]+ +[0-9]+ +[BT]' "$2"; then
        agent_note "$1" "refusing the package file: it holds encrypted entries"
        return 1
    fi
}

# check_zip_duplicates WORK NAMES: no name twice, also without a directory's trailing "/" and after ASCII
# case folding (a case-insensitive file system would merge them).
check_zip_duplicates() {
    zd_dup=$(sed 's:/$::' "$2" | LC_ALL=C sort | uniq -d | head -n 1)
    if [ -n "$zd_dup" ]; then
        agent_note "$1" "refusing zip entry '$zd_dup': the name appears twice"
        return 1
    fi
    zd_dup=$(sed 's:/$::' "$2" | LC_ALL=C tr '[:upper:]' '[:lower:]' | LC_ALL=C sort | uniq -d | head -n 1)
    if [ -n "$zd_dup" ]; then
        agent_note "$1" "refusing zip entry '$zd_dup': two names differ only in case"
        return 1
    fi
}

# fetch_or_finish WORK URL SHA256 DEST_DIR: fetch, and when it fails, finish the command FAILED at the step
# that failed and return 1.
fetch_or_finish() {
    fetch "$@"
    ff_failed=$?
    [ "$ff_failed" -eq 0 ] && return 0
    finish_run "$1" FAILED -1 "$(fetch_step "$ff_failed")"
    return 1
}

# ---------------------------------------------------------------- commands

# handle_command FILE: runs the command the poll answered with (FILE, its KEY=value lines), unless it is
# malformed or was started here before (then only its recorded status is reported again).
handle_command() {
    hc_id=$(command_field "$1" COMMAND_ID)
    if ! valid_command "$hc_id" "$(command_field "$1" PACKAGE)"; then
        log "ignoring a malformed command"
        return
    fi
    if [ -d "$STATE_DIR/commands/$hc_id" ]; then
        log "command $hc_id was already started here; re-reporting its status"
        rereport "$hc_id"
        return
    fi
    begin_command "$1" "$hc_id" || return
    hc_work="$STATE_DIR/runs/$hc_id"
    prepare_work "$1" "$hc_work"
    hc_action=$(command_field "$hc_work/command" ACTION)
    case "$hc_action" in
        INSTALL) do_install "$hc_work" ;;
        UNINSTALL) do_uninstall "$hc_work" ;;
        *) agent_note "$hc_work" "unknown action $hc_action"; finish_run "$hc_work" FAILED -1 action ;;
    esac
}

# begin_command FILE ID: records the command durably before running anything and reports IN_PROGRESS;
# returns 1 (and remembers the refusal) when the service does not accept that report.
begin_command() {
    mkdir -p "$STATE_DIR/commands/$2"
    printf 'COMMAND_ID=%s\n' "$2" >"$STATE_DIR/current.new" && mv "$STATE_DIR/current.new" "$STATE_DIR/current"
    sync 2>/dev/null
    log "command $2: $(command_field "$1" ACTION) $(command_field "$1" INSTALL_TYPE)" \
        "$(command_field "$1" PACKAGE) $(command_field "$1" VERSION)"
    # A duplicate answer means our own earlier (retried) IN_PROGRESS report was accepted.
    if ! report "$2" IN_PROGRESS "" download && [ "$(resp_value REASON)" != duplicate ]; then
        log "IN_PROGRESS not accepted ($(resp_value REASON)); not running $2"
        printf 'STATUS=REFUSED\n' >"$STATE_DIR/commands/$2/refused"
        rm -f "$STATE_DIR/current"
        return 1
    fi
}

# prepare_work FILE WORK: a fresh run folder WORK holding the command (moved from FILE) and its decoded
# arguments.
prepare_work() {
    rm -rf "$2"
    mkdir -p "$2"
    : >"$2/output.log"
    mv "$1" "$2/command"
    pw_arguments=$(command_field "$2/command" ARGUMENTS)
    if [ -n "$pw_arguments" ]; then
        printf '%s' "$pw_arguments" | base64 -d >"$2/arguments" 2>/dev/null || : >"$2/arguments"
    fi
}

# Re-reports a command this agent already started, from its record.
rereport() {
    rr_record="$STATE_DIR/commands/$1"
    if [ -f "$rr_record/refused" ]; then
        log "command $1 was refused by the service before it ran; not running it"
    elif [ -f "$rr_record/status" ]; then
        report "$1" "$(kv_value "$rr_record/status" STATUS)" "$(kv_value "$rr_record/status" EXIT_CODE)" \
            "$(kv_value "$rr_record/status" STEP)" "$rr_record/output" \
            "$(kv_value "$rr_record/status" REBOOT_REQUIRED)"
    else
        report "$1" IN_PROGRESS
    fi
}

# ---------------------------------------------------------------- install and uninstall

# The version of PACKAGE installed here, nothing when none is.
installed_version() {
    if [ -f "$STATE_DIR/packages/$1/version" ]; then
        cat "$STATE_DIR/packages/$1/version"
    fi
}

# The hash of the command's ARGUMENTS, recorded with an install to tell a changed argument from a repeat.
arguments_hash() {
    printf '%s' "$(command_field "$1/command" ARGUMENTS)" | sha256sum | cut -d' ' -f1
}

# do_install WORK: skips a version installed already with the same arguments, else fetches the new one and
# updates in place or reinstalls. Scripts see as previous version the installed one, else the command's.
do_install() {
    di_installed=$(installed_version "$(command_field "$1/command" PACKAGE)")
    di_previous=${di_installed:-$(command_field "$1/command" PREVIOUS_VERSION)}
    skip_installed "$1" "$di_installed" "$di_previous" && return
    if [ -z "$(command_field "$1/command" FILE_URL)" ]; then
        agent_note "$1" "the command carries no file URL"
        finish_run "$1" FAILED -1 download
        return
    fi
    fetch_or_finish "$1" "$(command_field "$1/command" FILE_URL)" "$(command_field "$1/command" FILE_SHA256)" \
        "$1/package" || return
    if [ "$(command_field "$1/command" INSTALL_TYPE)" = IN_PLACE ]; then
        update_in_place "$1" "$di_previous"
    else
        reinstall "$1" "$di_installed" "$di_previous"
    fi
}

# skip_installed WORK INSTALLED PREVIOUS: when the command's version is installed already with the same
# arguments (and its cached validate.sh, if any, passes), finishes the command and returns 0. A package recorded
# as broken is never skipped: what is on disk is unknown, so it is installed again.
skip_installed() {
    sk_package=$(command_field "$1/command" PACKAGE)
    sk_version=$(command_field "$1/command" VERSION)
    sk_pdir="$STATE_DIR/packages/$sk_package"
    if [ -f "$sk_pdir/broken" ]; then
        agent_note "$1" "$sk_package is recorded as broken (a rollback failed); installing it again"
        return 1
    fi
    if [ "$2" != "$sk_version" ] || [ ! -f "$sk_pdir/args.sha256" ] \
        || [ "$(cat "$sk_pdir/args.sha256")" != "$(arguments_hash "$1")" ] || [ ! -d "$sk_pdir/cache" ]; then
        return 1
    fi
    if [ ! -f "$sk_pdir/cache/validate.sh" ]; then
        agent_note "$1" "$sk_package $sk_version is already installed with the same arguments; skipping"
        finish_run "$1" SUCCESS 0 already-installed
        return 0
    fi
    if run_script "$1" "$sk_pdir/cache" validate.sh validate "$sk_version" "$3"; then
        agent_note "$1" "$sk_package $sk_version is already installed and validates; skipping"
        finish_run "$1" SUCCESS 0 validate
        return 0
    fi
    agent_note "$1" "validate.sh failed; installing again"
    return 1
}

# update_in_place WORK PREVIOUS: IN_PLACE runs the new version's update.sh over the installed one.
update_in_place() {
    up_version=$(command_field "$1/command" VERSION)
    if [ ! -f "$1/package/update.sh" ]; then
        agent_note "$1" "$(command_field "$1/command" PACKAGE) $up_version has no update.sh," \
            "so it cannot be updated in place"
        finish_run "$1" FAILED -1 update
        return
    fi
    if ! run_script "$1" "$1/package" update.sh update "$up_version" "$2"; then
        if [ "$(script_outcome "$1")" = "$LOCK_BUSY_EXIT" ]; then
            note_lock_busy "$1" update.sh
        fi
        finish_script_failure "$1" "$(script_outcome "$1")" update
        return
    fi
    up_exit=$(script_outcome "$1")
    record_installed "$1"
    finish_run "$1" SUCCESS "$up_exit" update "$(reboot_flag "$up_exit")"
}

# reinstall WORK INSTALLED PREVIOUS: REINSTALL uninstalls the installed version from its cached copy (or,
# when that is gone, from its file downloaded again), then installs the new one. When the package is recorded as
# broken, a failing uninstall does not stop the install: a broken copy is often too broken to uninstall, and the
# install is what repairs it.
reinstall() {
    re_old=""
    re_uninstalled=false
    if [ -n "$2" ]; then
        re_cache="$STATE_DIR/packages/$(command_field "$1/command" PACKAGE)/cache"
        if [ -d "$re_cache" ]; then
            re_old=$re_cache
        elif fetch_previous "$1"; then
            re_old="$1/previous"
        fi
    fi
    if [ -n "$re_old" ] && [ -f "$re_old/uninstall.sh" ]; then
        re_uninstalled=true
        if ! run_script "$1" "$re_old" uninstall.sh uninstall-previous "$2" "$2"; then
            if [ ! -f "$STATE_DIR/packages/$(command_field "$1/command" PACKAGE)/broken" ]; then
                finish_script_failure "$1" "$(script_outcome "$1")" uninstall-previous
                return
            fi
            agent_note "$1" "the broken copy's uninstall.sh failed; installing anyway"
        fi
    fi
    install_new "$1" "$re_old" "$2" "$3" "$re_uninstalled"
}

# fetch_previous WORK: fetches the previous version's file into WORK/previous; fails (without finishing:
# the install goes on without that uninstall) when the command names none or it cannot be fetched.
fetch_previous() {
    fv_url=$(command_field "$1/command" PREVIOUS_FILE_URL)
    fv_sha=$(command_field "$1/command" PREVIOUS_FILE_SHA256)
    [ -n "$fv_url" ] && [ -n "$fv_sha" ] || return 1
    fetch "$1" "$fv_url" "$fv_sha" "$1/previous" && return 0
    agent_note "$1" "could not fetch the previous version's file; skipping its uninstall"
    return 1
}

# install_new WORK OLD_DIR INSTALLED PREVIOUS UNINSTALLED: runs the new version's install.sh and validate.sh; a failure
# rolls back to the old version (OLD_DIR, empty when there is none) before the command finishes: at the step
# that failed when the rollback succeeded, else at step rollback (see rollback). When install.sh asks for a reboot
# that will happen (will_reboot), validate.sh runs after the boot instead (finish_rebooted). An install.sh that
# gave up waiting for the package manager's lock (LOCK_BUSY_EXIT) changed nothing: when no old version was
# uninstalled (UNINSTALLED is not true) there is nothing to roll back, else only the old version is installed again.
install_new() {
    in_version=$(command_field "$1/command" VERSION)
    if [ ! -f "$1/package/install.sh" ]; then
        agent_note "$1" "$(command_field "$1/command" PACKAGE) $in_version has no install.sh"
        rollback "$1" "$2" "$3" "$4" || return
        finish_run "$1" FAILED -1 install
        return
    fi
    if ! run_script "$1" "$1/package" install.sh install "$in_version" "$4"; then
        in_failed=$(script_outcome "$1")
        if [ "$in_failed" = "$LOCK_BUSY_EXIT" ]; then
            note_lock_busy "$1" install.sh
            if [ "${5:-false}" != true ]; then
                rm -f "$1/changing"
                finish_run "$1" FAILED "$in_failed" install
                return
            fi
        fi
        rollback "$1" "$2" "$3" "$4" false "$in_failed" || return
        finish_script_failure "$1" "$in_failed" install
        return
    fi
    in_exit=$(script_outcome "$1")
    if [ -f "$1/package/validate.sh" ] && will_reboot "$1" "$in_exit"; then
        # What validate.sh checks may need the boot; finish_rebooted runs it after the boot, where a failure does
        # not roll back (the command fails at step validate).
        agent_note "$1" "install.sh asked for a reboot: validate.sh runs after the boot"
    elif [ -f "$1/package/validate.sh" ] \
        && ! run_script "$1" "$1/package" validate.sh validate "$in_version" "$4"; then
        in_failed=$(script_outcome "$1")
        rollback "$1" "$2" "$3" "$4" "$(reboot_flag "$in_exit")" || return
        finish_script_failure "$1" "$in_failed" validate "$(reboot_flag "$in_exit")"
        return
    fi
    record_installed "$1"
    finish_run "$1" SUCCESS "$in_exit" install "$(reboot_flag "$in_exit")"
}

# will_reboot WORK OUTCOME: a script's OUTCOME reboots the host before the command is final: it exited 194, the
# command allows a reboot and the agent is not in --foreground mode (see finish).
will_reboot() {
    [ "$2" = 194 ] && [ "$(command_field "$1/command" REBOOT_ALLOWED)" = true ] && [ "$FOREGROUND" != true ]
}

# note_lock_busy WORK SCRIPT: the output says what exit LOCK_BUSY_EXIT means.
note_lock_busy() {
    agent_note "$1" "$2 exited $LOCK_BUSY_EXIT: the package manager was busy (another process held its lock)" \
        "and nothing was changed; try again later"
}

# rollback WORK OLD_DIR INSTALLED PREVIOUS [REBOOT_REQUIRED [FAILED_OUTCOME]]: undoes a failed reinstall: uninstalls
# the new version (unless its install.sh exited LOCK_BUSY_EXIT, FAILED_OUTCOME: it changed nothing) and installs the
# old one again (both are tried). Returns 0 when every script it ran succeeded: the
# caller then finishes at the step that failed. Otherwise the host is in an unknown state: the command output
# says which script failed, the package is recorded as broken (mark_broken), the command finishes FAILED (or
# TIMED_OUT) at step rollback with the exit code of the rollback script that failed, and rollback returns 1.
rollback() {
    agent_note "$1" "rolling back"
    rb_failed=""
    rb_outcome=0
    rb_version=$(command_field "$1/command" VERSION)
    if [ "${6-}" = "$LOCK_BUSY_EXIT" ]; then
        agent_note "$1" "not running uninstall.sh of $rb_version: its install.sh changed nothing"
    elif [ -f "$1/package/uninstall.sh" ] \
        && ! run_script "$1" "$1/package" uninstall.sh rollback "$rb_version" "$4"; then
        rb_outcome=$(script_outcome "$1")
        rb_failed="uninstall.sh of $rb_version exited with $rb_outcome"
    fi
    if [ -n "$2" ] && [ -f "$2/install.sh" ] && ! run_script "$1" "$2" install.sh rollback "$3" "$4"; then
        rb_outcome=$(script_outcome "$1")
        rb_failed="${rb_failed:+$rb_failed and }install.sh of $3 exited with $rb_outcome"
    fi
    if [ -z "$rb_failed" ]; then
        agent_note "$1" "rollback succeeded"
        rm -f "$1/changing"
        return 0
    fi
    rb_package=$(command_field "$1/command" PACKAGE)
    if [ -n "$3" ]; then
        agent_note "$1" "rollback failed: $rb_failed; $rb_package is recorded as broken"
    else
        # No version was installed before: the record names the version whose install was attempted, since
        # whatever of it its scripts left on the host is what is broken.
        agent_note "$1" "rollback failed: $rb_failed; $rb_package is recorded as broken at the attempted" \
            "version $rb_version (no earlier version was installed)"
    fi
    mark_broken "$1" "${3:-$rb_version}"
    finish_script_failure "$1" "$rb_outcome" rollback "${5:-false}"
    return 1
}

# mark_broken WORK VERSION: records the command's package as broken (packages/<package>/broken, written
# atomically) at VERSION, the version the host had, else the one that failed to install. The arguments hash
# goes, so nothing takes the package for installed; a later successful install or uninstall clears the mark.
mark_broken() {
    mb_pdir="$STATE_DIR/packages/$(command_field "$1/command" PACKAGE)"
    mkdir -p "$mb_pdir"
    rm -f "$mb_pdir/args.sha256"
    printf '%s\n' "$2" >"$mb_pdir/version.new" && mv "$mb_pdir/version.new" "$mb_pdir/version"
    printf 'COMMAND_ID=%s\n' "$(command_field "$1/command" COMMAND_ID)" >"$mb_pdir/broken.new" \
        && mv "$mb_pdir/broken.new" "$mb_pdir/broken"
}

# record_installed WORK: records a successful install: version, arguments hash and a cached copy of the
# package (for its uninstall later); a broken mark goes once the new version is recorded.
record_installed() {
    rc_pdir="$STATE_DIR/packages/$(command_field "$1/command" PACKAGE)"
    mkdir -p "$rc_pdir"
    rm -rf "$rc_pdir/cache.new"
    cp -R "$1/package" "$rc_pdir/cache.new"
    rm -rf "$rc_pdir/cache"
    mv "$rc_pdir/cache.new" "$rc_pdir/cache"
    arguments_hash "$1" >"$rc_pdir/args.sha256"
    command_field "$1/command" VERSION >"$rc_pdir/version.new" && mv "$rc_pdir/version.new" "$rc_pdir/version"
    rm -f "$rc_pdir/broken" "$1/changing"
}

# do_uninstall WORK: runs the installed version's uninstall.sh from its cached copy, else from the file the
# command names.
do_uninstall() {
    un_package=$(command_field "$1/command" PACKAGE)
    un_installed=$(installed_version "$un_package")
    if [ -z "$un_installed" ]; then
        agent_note "$1" "$un_package is not installed; nothing to do"
        finish_run "$1" SUCCESS 0 uninstall
        return
    fi
    un_dir="$STATE_DIR/packages/$un_package/cache"
    if [ ! -d "$un_dir" ]; then
        un_dir=""
        if [ -n "$(command_field "$1/command" FILE_URL)" ]; then
            fetch_or_finish "$1" "$(command_field "$1/command" FILE_URL)" \
                "$(command_field "$1/command" FILE_SHA256)" "$1/package" || return
            un_dir="$1/package"
        fi
    fi
    if [ -z "$un_dir" ] || [ ! -f "$un_dir/uninstall.sh" ]; then
        agent_note "$1" "no uninstall.sh is available for $un_package $un_installed"
        finish_run "$1" FAILED -1 uninstall
        return
    fi
    if ! run_script "$1" "$un_dir" uninstall.sh uninstall "$un_installed" "$un_installed"; then
        finish_script_failure "$1" "$(script_outcome "$1")" uninstall
        return
    fi
    un_exit=$(script_outcome "$1")
    # The whole record goes, a broken mark with it.
    rm -rf "${STATE_DIR:?}/packages/$un_package"
    finish_run "$1" SUCCESS "$un_exit" uninstall "$(reboot_flag "$un_exit")"
}

# ---------------------------------------------------------------- restart recovery

# A command recorded in "current" was running when the agent stopped: kill what is left of its script and
# report it FAILED at step agent-restarted (no script exit code exists for it). When it was an install that had
# started changing the package (runs/ID/changing: a script other than validate.sh had started, and neither a
# recorded install nor a rollback that worked followed), what is on the host is unknown: the package is recorded
# as broken (mark_broken), at the installed version, else the one the command installed.
recover() {
    [ -f "$STATE_DIR/current" ] || return 0
    rv_id=$(kv_value "$STATE_DIR/current" COMMAND_ID)
    if [ -f "$STATE_DIR/current.pgid" ]; then
        rv_pgid=$(cat "$STATE_DIR/current.pgid")
        case "$rv_pgid" in
            ''|*[!0-9]*) : ;;
            *)
                log "killing the leftover process group $rv_pgid"
                kill -s KILL -- "-$rv_pgid" 2>/dev/null
                ;;
        esac
    fi
    case "$rv_id" in
        ''|*[!0-9a-fA-F-]*) rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"; return 0 ;;
    esac
    if [ "$(kv_value "$STATE_DIR/commands/$rv_id/status" STATUS)" = REBOOTING ]; then
        # It ran already and awaits its reboot (or its validation after boot): resume_rebooted finishes it.
        rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"
        return 0
    fi
    mkdir -p "$STATE_DIR/commands/$rv_id" "$STATE_DIR/runs/$rv_id"
    printf '\n[agent] the agent restarted while this command ran\n' >>"$STATE_DIR/runs/$rv_id/output.log"
    rv_work="$STATE_DIR/runs/$rv_id"
    rv_package=$(command_field "$rv_work/command" PACKAGE)
    if [ -f "$rv_work/changing" ] && [ "$(command_field "$rv_work/command" ACTION)" = INSTALL ] \
        && valid_command "$rv_id" "$rv_package"; then
        rv_version=$(installed_version "$rv_package")
        mark_broken "$rv_work" "${rv_version:-$(command_field "$rv_work/command" VERSION)}"
        agent_note "$rv_work" "it was changing $rv_package, so $rv_package is recorded as broken"
    fi
    log "command $rv_id was unfinished when the agent stopped"
    finish "$rv_id" FAILED -1 agent-restarted false false
}

# ---------------------------------------------------------------- one-shot mode (--run-command)
#
# SSM's AWS-RunShellScript runs the agent once per command (docs/AGENT-PROTOCOL.md, "One-shot mode"). The command
# runs through handle_command and the install functions above exactly as a polled one; report and send_inventory do
# nothing, and finish's record under commands/ID is printed instead. The result block comes first on stdout, since
# SSM keeps only the first 24,000 characters of it.

ONE_SHOT_BEGIN="--- distributor-agent result ---"
ONE_SHOT_OUTPUT="--- output ---"

# one_shot_await_reboot ID EXIT_CODE STEP: the command succeeded and a script asked for a reboot the command allows.
# Records it as REBOOTING with the command (as await_reboot does) and leaves the reboot to SSM: the agent exits 194,
# SSM reboots the host and runs the same commands again, and that run finishes the command (finish_rebooted). The
# reboot command is never run in this mode.
one_shot_await_reboot() {
    oa_record="$STATE_DIR/commands/$1"
    printf '\n[agent] a script asked for a reboot and the command allows it; exiting 194: SSM reboots the host\n' \
        >>"$STATE_DIR/runs/$1/output.log"
    cp "$STATE_DIR/runs/$1/command" "$oa_record/command.new" && mv "$oa_record/command.new" "$oa_record/command"
    tail -c "$OUTPUT_LIMIT" "$STATE_DIR/runs/$1/output.log" >"$oa_record/output"
    write_status "$1" REBOOTING "$2" "$3" true
    rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"
    rm -rf "${STATE_DIR:?}/runs/$1"
    prune_commands "$1"
}

# print_result ID STATUS EXIT_CODE STEP REBOOT_REQUIRED [OUTPUT_FILE]: the result block, then as much of the end of
# OUTPUT_FILE as keeps the whole within OUTPUT_LIMIT bytes (so within SSM's 24,000 characters). A REBOOTING block gets
# 2,000 bytes at most: should SSM keep the output of the run before its reboot ahead of the run after it, the final
# block must still fit in the first 24,000 characters.
print_result() {
    {
        printf '%s\n' "$ONE_SHOT_BEGIN"
        printf 'COMMAND_ID=%s\n' "$1"
        printf 'STATUS=%s\n' "$2"
        printf 'EXIT_CODE=%s\n' "$3"
        printf 'STEP=%s\n' "$4"
        printf 'REBOOT_REQUIRED=%s\n' "$5"
        printf 'AGENT_VERSION=%s\n' "$AGENT_VERSION"
        printf '%s\n' "$ONE_SHOT_OUTPUT"
    } >"$TMP_DIR/result.head"
    pr_room=$((OUTPUT_LIMIT - $(wc -c <"$TMP_DIR/result.head")))
    if [ "$2" = REBOOTING ] && [ "$pr_room" -gt 2000 ]; then
        pr_room=2000
    fi
    cat "$TMP_DIR/result.head"
    rm -f "$TMP_DIR/result.head"
    if [ -n "${6-}" ] && [ -f "$6" ] && [ "$pr_room" -gt 0 ]; then
        tail -c "$pr_room" "$6"
    fi
}

# print_recorded ID: prints the command's record (commands/ID) as print_result does.
print_recorded() {
    po_record="$STATE_DIR/commands/$1"
    print_result "$1" "$(kv_value "$po_record/status" STATUS)" "$(kv_value "$po_record/status" EXIT_CODE)" \
        "$(kv_value "$po_record/status" STEP)" "$(kv_value "$po_record/status" REBOOT_REQUIRED)" "$po_record/output"
}

# one_shot_refuse STEP MESSAGE: prints a FAILED result for a command that cannot run at all and exits 1.
one_shot_refuse() {
    printf '[agent] %s\n' "$2" >"$TMP_DIR/refused.output"
    log "$2"
    print_result "$(command_field "$RUN_COMMAND" COMMAND_ID | tr -cd '0-9a-fA-F-')" FAILED -1 "$1" false \
        "$TMP_DIR/refused.output"
    rm -f "$TMP_DIR/refused.output"
    exit 1
}

# one_shot_lock SECONDS: one command at a time per state directory (SSM may run several commands on an instance at
# once, and recover would kill the other's script): waits up to SECONDS for the lock on fd 9, held until exit.
# Without flock (util-linux) nothing is locked.
one_shot_lock() {
    if ! command -v flock >/dev/null 2>&1; then
        log "flock is not installed: one-shot commands sharing $STATE_DIR are not kept from running at once"
        return 0
    fi
    exec 9>>"$STATE_DIR/one-shot.lock" || return 1
    flock -w "$1" 9
}

# run_one_shot: runs RUN_COMMAND's command unless it ran here before, prints its result and exits: 0 SUCCESS, 194
# when SSM must reboot the host and run the commands again, 1 otherwise.
run_one_shot() {
    # SSM gives the Run Command's shell the managed instance's id; scripts see it as DISTRIBUTOR_INSTANCE_ID.
    INSTANCE_ID=${AWS_SSM_INSTANCE_ID:-}
    if [ ! -f "$RUN_COMMAND" ] || [ ! -r "$RUN_COMMAND" ]; then
        one_shot_refuse command "cannot read the command file"
    fi
    os_id=$(command_field "$RUN_COMMAND" COMMAND_ID)
    valid_command "$os_id" "$(command_field "$RUN_COMMAND" PACKAGE)" \
        || one_shot_refuse command "malformed command: COMMAND_ID must be a UUID and PACKAGE a package name"
    os_wait=$(command_field "$RUN_COMMAND" TIMEOUT_SECONDS)
    case "$os_wait" in ''|*[!0-9]*) os_wait=3600 ;; esac
    one_shot_lock "$os_wait" \
        || one_shot_refuse busy "another command held $STATE_DIR for $os_wait s; not running $os_id"
    # A one-shot run killed mid-way (past SSM's executionTimeout, or with the host) left "current": it ends FAILED
    # at step agent-restarted, its package recorded as broken when a script was changing it.
    recover
    os_record="$STATE_DIR/commands/$os_id"
    case "$(kv_value "$os_record/status" STATUS)" in
        REBOOTING)
            log "command $os_id: SSM ran it again after the reboot it asked for"
            finish_rebooted "$os_id"
            ;;
        '')
            # A record without a status: begin_command made it and stopped before "current" named it, so nothing
            # of the command ran.
            rm -rf "${STATE_DIR:?}/commands/$os_id"
            cp "$RUN_COMMAND" "$TMP_DIR/command" || one_shot_refuse command "cannot copy the command file"
            handle_command "$TMP_DIR/command"
            rm -f "$TMP_DIR/command"
            ;;
        *)
            log "command $os_id ran here before; printing its recorded result without running it again"
            ;;
    esac
    print_recorded "$os_id"
    case "$(kv_value "$os_record/status" STATUS)" in
        SUCCESS) exit 0 ;;
        REBOOTING) exit 194 ;;
        *) exit 1 ;;
    esac
}

if [ -n "$RUN_COMMAND" ]; then
    run_one_shot
fi

# ---------------------------------------------------------------- main loop

# Waits the pause the service asked for (NEXT_POLL_SECONDS or X-Next-Poll-Seconds); anything but a number
# means no pause.
poll_pause() {
    case "$1" in
        ''|*[!0-9]*) return 0 ;;
    esac
    if [ "$1" -gt 0 ]; then
        sleep "$1"
    fi
}

[ "$REGISTER_ONLY" = true ] && MAX_TRIES=6
if ! load_identity; then
    register
elif [ "$REGISTER_ONLY" = true ]; then
    log "already registered as $INSTANCE_ID; not registering again"
fi
if [ "$REGISTER_ONLY" = true ]; then
    exit 0
fi
log "agent $AGENT_VERSION running as $INSTANCE_ID ($PLATFORM $PLATFORM_VERSION $ARCH) against $SERVER"
recover
resume_rebooted
send_inventory

while :; do
    http GET "/agent/v1/commands/next?wait=$POLL_WAIT" --max-time "$((POLL_WAIT + POLL_MARGIN))"
    case "$HTTP_STATUS" in
        200)
            BACKOFF=1
            # The command is read from its own file: the reports it makes replace the response body.
            pause=$(command_field "$RESP_BODY" NEXT_POLL_SECONDS)
            mv "$RESP_BODY" "$TMP_DIR/command"
            handle_command "$TMP_DIR/command"
            rm -f "$TMP_DIR/command"
            poll_pause "$pause"
            ;;
        204)
            BACKOFF=1
            poll_pause "$(header_value x-next-poll-seconds)"
            ;;
        401)
            check_unauthorized
            ;;
        *)
            log "poll failed (status $HTTP_STATUS)"
            backoff_sleep
            ;;
    esac
done
