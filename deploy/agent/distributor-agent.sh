#!/bin/sh
# Distributor agent: a POSIX sh agent that installs Distributor packages on this host.
# Needs only curl, unzip, sha256sum and coreutils. Speaks /agent/v1 as described in
# docs/AGENT-PROTOCOL.md. Server answers are parsed as KEY=value lines, never evaluated.
#
# Usage: distributor-agent.sh --server URL [--activation-id ID --activation-code CODE]
#          [--register-only] [--state-dir DIR] [--foreground] [--wait N] [--keep-commands N]
#          [--platform P] [--platform-version V] [--arch A] [--hostname H] [--install-root DIR]
#
# --install-root DIR (an absolute path) is passed to every package script as DISTRIBUTOR_INSTALL_ROOT;
# the scripts Simple creation generates install into DIR instead of / (and scripts get HOME=DIR/root).
# It is a convention packages follow, not a sandbox: a script that ignores it can write anywhere.
#
# --register-only registers (unless an identity is stored already), stores INSTANCE_ID and TOKEN
# under the state directory and exits: the installer uses it so the activation code is never
# written into the systemd unit or any other file.
set -u
umask 077

AGENT_VERSION="sh-0.1.0"
SERVER=""
ACTIVATION_ID=""
ACTIVATION_CODE=""
STATE_DIR="/var/lib/distributor-agent"
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
line=""
SAFE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
OUTPUT_LIMIT=24000

usage() {
    echo "usage: $0 --server URL [--activation-id ID --activation-code CODE] [--register-only]" \
        "[--state-dir DIR] [--foreground] [--wait N] [--keep-commands N]" \
        "[--platform P] [--platform-version V] [--arch A] [--hostname H] [--install-root DIR]" >&2
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
        --state-dir) need_value "$1" $#; STATE_DIR=$2; shift 2 ;;
        --foreground) FOREGROUND=true; shift ;;
        --register-only) REGISTER_ONLY=true; shift ;;
        --keep-commands) need_value "$1" $#; KEEP_COMMANDS=$2; shift 2 ;;
        --wait) need_value "$1" $#; POLL_WAIT=$2; shift 2 ;;
        --platform) need_value "$1" $#; PLATFORM=$2; shift 2 ;;
        --platform-version) need_value "$1" $#; PLATFORM_VERSION=$2; shift 2 ;;
        --arch) need_value "$1" $#; ARCH=$2; shift 2 ;;
        --hostname) need_value "$1" $#; HOST_NAME=$2; shift 2 ;;
        --install-root) need_value "$1" $#; INSTALL_ROOT=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
done

[ -n "$SERVER" ] || usage
SERVER=${SERVER%/}
case "$POLL_WAIT" in
    ''|*[!0-9]*) echo "--wait must be a number" >&2; exit 2 ;;
esac
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
    line="$(date -u '+%Y-%m-%dT%H:%M:%SZ') $*"
    printf '%s\n' "$line" >>"$LOG_FILE"
    printf '%s\n' "$line" >&2
}

# Splits $line at its first '=' into key and value. (IFS='=' read -r key value would drop a
# single trailing '=', which is base64 padding in ARGUMENTS and OUTPUT.)
split_line() {
    case "$line" in
        *=*) key=${line%%=*}; value=${line#*=}; return 0 ;;
        *) key=""; value=""; return 1 ;;
    esac
}

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
os_release() {
    [ -r /etc/os-release ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        split_line || continue
        if [ "$key" = "$1" ]; then
            value=${value#\"}; value=${value%\"}
            value=${value#\'}; value=${value%\'}
            printf '%s\n' "$value"
            return 0
        fi
    done </etc/os-release
}

[ -n "$PLATFORM" ] || PLATFORM=$(map_platform "$(os_release ID)")
[ -n "$PLATFORM_VERSION" ] || PLATFORM_VERSION=$(os_release VERSION_ID)
[ -n "$ARCH" ] || ARCH=$(map_arch "$(uname -m)")
[ -n "$HOST_NAME" ] || HOST_NAME=$(uname -n)

# ---------------------------------------------------------------- HTTP

RESP_BODY="$TMP_DIR/response.body"
RESP_HEADERS="$TMP_DIR/response.headers"
AUTH_HEADER_FILE="$STATE_DIR/auth.header"
HTTP_STATUS=000

# Reads KEY from the last response body; never evaluates it.
resp_value() {
    [ -f "$RESP_BODY" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        split_line || continue
        if [ "$key" = "$1" ]; then
            printf '%s\n' "$value"
            return 0
        fi
    done <"$RESP_BODY"
}

# http METHOD PATH [curl args...]: sets HTTP_STATUS (000 on network failure).
http() {
    http_method=$1
    http_path=$2
    shift 2
    rm -f "$RESP_BODY" "$RESP_HEADERS"
    if [ -f "$AUTH_HEADER_FILE" ]; then
        set -- -H "@$AUTH_HEADER_FILE" "$@"
    fi
    HTTP_STATUS=$(curl -sS -X "$http_method" -o "$RESP_BODY" -D "$RESP_HEADERS" -w '%{http_code}' \
        --connect-timeout 10 "$@" "$SERVER$http_path" 2>>"$LOG_FILE") || HTTP_STATUS=000
    [ -n "$HTTP_STATUS" ] || HTTP_STATUS=000
}

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
    (umask 077 && printf 'Authorization: Bearer %s\n' "$TOKEN" >"$AUTH_HEADER_FILE")
}

installed_args() {
    for dir in "$STATE_DIR"/packages/*; do
        [ -f "$dir/version" ] || continue
        printf '%s\n' "INSTALLED=$(basename "$dir")=$(cat "$dir/version")"
    done
}

# Writes one INSTALLED=<package>=<version> line per installed package.
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
    (umask 077 && printf '%s\n' "$TOKEN" >"$STATE_DIR/token.new" && mv "$STATE_DIR/token.new" "$STATE_DIR/token")
    chmod 600 "$STATE_DIR/token"
    printf '%s\n' "$INSTANCE_ID" >"$STATE_DIR/instance_id"
    rm -f "$RESP_BODY"
    write_auth_header
    log "registered as $INSTANCE_ID"
}

send_inventory() {
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
        log "the service no longer accepts this agent's token (deregistered?); stopping"
        exit 3
    fi
}

# ---------------------------------------------------------------- status reports

# report ID STATUS [EXIT_CODE STEP OUTPUT_FILE [REBOOT_REQUIRED]]; sets REPORT_ACCEPTED and REPORT_REASON.
report() {
    r_id=$1
    r_status=$2
    r_exit=${3-}
    r_step=${4-}
    set -- --data-urlencode "STATUS=$r_status"
    [ -n "$r_exit" ] && set -- "$@" --data-urlencode "EXIT_CODE=$r_exit"
    [ -n "$r_step" ] && set -- "$@" --data-urlencode "STEP=$r_step"
    if [ -n "${R_OUTPUT_FILE-}" ] && [ -f "$R_OUTPUT_FILE" ]; then
        tail -c "$OUTPUT_LIMIT" "$R_OUTPUT_FILE" | base64 -w0 >"$TMP_DIR/output.b64"
        set -- "$@" --data-urlencode "OUTPUT@$TMP_DIR/output.b64"
    fi
    if [ "${R_REBOOT:-false}" = true ]; then
        set -- "$@" --data-urlencode "REBOOT_REQUIRED=true"
    fi
    http_retry POST "/agent/v1/commands/$r_id/status" "$@"
    REPORT_ACCEPTED=$(resp_value ACCEPTED)
    REPORT_REASON=$(resp_value REASON)
    log "reported $r_status for $r_id: status $HTTP_STATUS accepted=$REPORT_ACCEPTED ${REPORT_REASON}"
    check_unauthorized
}

# Records and reports a command's final status.
finish() {
    f_status=$1
    f_exit=$2
    f_step=$3
    cdir="$STATE_DIR/commands/$C_COMMAND_ID"
    {
        printf 'STATUS=%s\n' "$f_status"
        printf 'EXIT_CODE=%s\n' "$f_exit"
        printf 'STEP=%s\n' "$f_step"
        printf 'REBOOT_REQUIRED=%s\n' "$REBOOT_REQUIRED"
    } >"$cdir/status.new" && mv "$cdir/status.new" "$cdir/status"
    if [ -f "$WORK/output.log" ]; then
        tail -c "$OUTPUT_LIMIT" "$WORK/output.log" >"$cdir/output"
    fi
    rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"
    R_OUTPUT_FILE="$cdir/output" R_REBOOT=$REBOOT_REQUIRED report "$C_COMMAND_ID" "$f_status" "$f_exit" "$f_step"
    R_OUTPUT_FILE=""
    R_REBOOT=false
    rm -rf "$WORK"
    prune_commands
    send_inventory
    if [ "$REBOOT_REQUIRED" = true ] && [ "$f_status" = SUCCESS ]; then
        if [ "$C_REBOOT_ALLOWED" = true ]; then
            if [ "$FOREGROUND" = true ]; then
                log "a script asked for a reboot and the command allows it; foreground mode: not rebooting"
            else
                log "a script asked for a reboot and the command allows it; rebooting"
                reboot || shutdown -r now
            fi
        else
            log "a script asked for a reboot; the command does not allow it"
        fi
    fi
}

# Reads a recorded key from a command's status file.
recorded() {
    while IFS= read -r line || [ -n "$line" ]; do
        split_line || continue
        if [ "$key" = "$2" ]; then
            printf '%s\n' "$value"
            return 0
        fi
    done <"$1"
}

# Keeps the records of the newest KEEP_COMMANDS commands (by modification time) and deletes the
# rest, with their run folders. A record only matters while the service may deliver its command
# again, which ends once its final status was accepted; the agent runs one command at a time, so
# old records are never needed again.
prune_commands() {
    # Command folder names are validated UUIDs (hex digits and '-'), so listing them with ls is safe.
    # shellcheck disable=SC2012
    ls -1t "$STATE_DIR/commands" 2>/dev/null | tail -n "+$((KEEP_COMMANDS + 1))" >"$TMP_DIR/prune.list"
    while IFS= read -r p_id; do
        case "$p_id" in
            ''|*[!0-9a-fA-F-]*) continue ;;
        esac
        [ "$p_id" = "$C_COMMAND_ID" ] && continue
        rm -rf "${STATE_DIR:?}/commands/$p_id" "${STATE_DIR:?}/runs/$p_id"
    done <"$TMP_DIR/prune.list"
    rm -f "$TMP_DIR/prune.list"
}

# ---------------------------------------------------------------- scripts

# run_script NAME STEP: runs NAME (e.g. install.sh) from PKG_DIR; sets SCRIPT_EXIT and SCRIPT_TIMED_OUT.
# The script's environment is exactly what docs/AGENT-PROTOCOL.md ("The scripts' environment") lists:
# env -i, then PATH, HOME, LANG, the DISTRIBUTOR_* and BWS_* variables and the SSM_* arguments. Nothing
# of the agent's own environment reaches it.
run_script() {
    s_name=$1
    s_step=$2
    SCRIPT_TIMED_OUT=false
    printf '=== %s (%s) ===\n' "$s_name" "$s_step" >>"$WORK/output.log"
    set -- env -i "PATH=$SAFE_PATH" "HOME=$SCRIPT_HOME" "LANG=C" \
        "DISTRIBUTOR_PACKAGE=$C_PACKAGE" "DISTRIBUTOR_VERSION=$S_VERSION" \
        "DISTRIBUTOR_PREVIOUS_VERSION=$S_PREVIOUS_VERSION" "DISTRIBUTOR_ACTION=$C_ACTION" \
        "DISTRIBUTOR_INSTANCE_ID=$INSTANCE_ID" "DISTRIBUTOR_INSTALL_ROOT=$INSTALL_ROOT" \
        "BWS_PLATFORM_NAME=$PLATFORM" "BWS_PLATFORM_VERSION=$PLATFORM_VERSION" \
        "BWS_ARCHITECTURE=$ARCH" "BWS_INSTANCE_ID=$INSTANCE_ID"
    if [ -f "$WORK/arguments" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            split_line || continue
            a_name=$key
            a_value=$value
            # Only SSM_ names, as the service allows since issue 11: an older service may send others
            # (PATH, LD_PRELOAD, BASH_ENV, ...), and none of them may reach a script run as root.
            case "$a_name" in
                SSM_|*[!A-Za-z0-9_]*)
                    agent_note "ignoring an additional argument with a malformed name"
                    continue ;;
                SSM_*) : ;;
                *)
                    agent_note "ignoring additional argument $a_name: only SSM_* arguments reach scripts"
                    continue ;;
            esac
            # The trailing x keeps trailing newlines of the value, which $(...) would strip.
            a_decoded=$(printf '%s' "$a_value" | base64 -d 2>/dev/null && printf x) || a_decoded="x"
            set -- "$@" "$a_name=${a_decoded%x}"
        done <"$WORK/arguments"
    fi
    rm -f "$WORK/done"
    # The agent's own files are private (umask 077); what a package installs gets the usual 022.
    (cd "$PKG_DIR" && umask 022 && exec setsid "$@" sh "./$s_name" </dev/null >>"$WORK/output.log" 2>&1) &
    s_pid=$!
    printf '%s\n' "$s_pid" >"$STATE_DIR/current.pgid"
    # Watchdog: kills the script's whole process group at the timeout; exits once the script
    # finished or the agent is gone.
    (
        s_elapsed=0
        while [ "$s_elapsed" -lt "$C_TIMEOUT" ]; do
            sleep 1
            [ -f "$WORK/done" ] && exit 0
            kill -0 "$AGENT_PID" 2>/dev/null || exit 0
            s_elapsed=$((s_elapsed + 1))
        done
        [ -f "$WORK/done" ] && exit 0
        : >"$WORK/timed-out"
        kill -s KILL -- "-$s_pid" 2>/dev/null
    ) </dev/null >/dev/null 2>&1 &
    w_pid=$!
    wait "$s_pid"
    SCRIPT_EXIT=$?
    : >"$WORK/done"
    if [ -f "$WORK/timed-out" ]; then
        SCRIPT_TIMED_OUT=true
        rm -f "$WORK/timed-out"
        printf '\n[agent] %s killed after %s seconds\n' "$s_name" "$C_TIMEOUT" >>"$WORK/output.log"
    fi
    wait "$w_pid" 2>/dev/null
    rm -f "$STATE_DIR/current.pgid"
    printf '\n[agent] %s exited with %s\n' "$s_name" "$SCRIPT_EXIT" >>"$WORK/output.log"
    log "$s_name ($s_step) exited with $SCRIPT_EXIT"
}

script_ok() {
    [ "$SCRIPT_TIMED_OUT" = false ] && { [ "$SCRIPT_EXIT" -eq 0 ] || [ "$SCRIPT_EXIT" -eq 194 ]; }
}

note_reboot() {
    if [ "$SCRIPT_EXIT" -eq 194 ]; then
        REBOOT_REQUIRED=true
    fi
}

# Finishes after a failed script: TIMED_OUT or FAILED.
finish_script_failure() {
    if [ "$SCRIPT_TIMED_OUT" = true ]; then
        finish TIMED_OUT -1 "$1"
    else
        finish FAILED "$SCRIPT_EXIT" "$1"
    fi
}

agent_note() {
    printf '[agent] %s\n' "$*" >>"$WORK/output.log"
    log "$*"
}

# ---------------------------------------------------------------- files

# fetch URL SHA DEST_DIR STEP_PREFIX: downloads, verifies and unzips; sets FETCH_FAILED_STEP on failure.
fetch() {
    f_url=$1
    f_sha=$2
    f_dest=$3
    FETCH_FAILED_STEP=""
    f_zip="$WORK/download.zip"
    rm -f "$f_zip"
    # Without the query: a presigned URL's signature stays out of the log.
    log "downloading ${f_url%%\?*}"
    # The relay (/agent/v1/files/) wants the agent's token; a presigned URL must never get it.
    set --
    case "$f_url" in
        "$SERVER/agent/v1/files/"*) set -- -H "@$AUTH_HEADER_FILE" ;;
    esac
    if ! curl -fsS --connect-timeout 20 "$@" -o "$f_zip" "$f_url" >>"$WORK/output.log" 2>&1; then
        agent_note "download of the package file failed"
        FETCH_FAILED_STEP=download
        return 1
    fi
    f_actual=$(sha256sum "$f_zip" | cut -d' ' -f1)
    if [ "$f_actual" != "$f_sha" ]; then
        agent_note "sha256 mismatch: expected $f_sha, got $f_actual"
        FETCH_FAILED_STEP=verify
        return 1
    fi
    if ! check_zip "$f_zip"; then
        FETCH_FAILED_STEP=verify
        return 1
    fi
    rm -rf "$f_dest"
    mkdir -p "$f_dest"
    if ! unzip -q -o "$f_zip" -d "$f_dest" </dev/null >>"$WORK/output.log" 2>&1; then
        agent_note "unzip failed"
        FETCH_FAILED_STEP=unzip
        return 1
    fi
    rm -f "$f_zip"
    # Belt and braces: whatever unzip made of the entries, no link may be left to run or follow.
    f_link=$(find "$f_dest" -type l | head -n 1)
    if [ -n "$f_link" ]; then
        agent_note "refusing the package file: extracting it made a symbolic link (${f_link#"$f_dest"/})"
        rm -rf "$f_dest"
        FETCH_FAILED_STEP=verify
        return 1
    fi
}

# check_zip ZIP: refuses (returns 1, with the reason in the output) a zip whose listing holds an entry that
# could write outside the folder it is extracted to, or that two readers could take for different files:
# symbolic links and other special files, absolute paths, "..", "." and empty segments, backslashes,
# control characters, duplicate names (also after ASCII case folding and without a directory's trailing
# "/"), and encrypted entries. The service refuses all of these on upload; this check stands for a
# tampered bucket or an older service. Nothing is extracted before it passes.
check_zip() {
    z_zip=$1
    z_names="$WORK/zip.names"
    z_entries="$WORK/zip.entries"
    if ! unzip -Z1 "$z_zip" >"$z_names" 2>>"$WORK/output.log" \
        || ! unzip -Z -s "$z_zip" >"$WORK/zip.listing" 2>>"$WORK/output.log"; then
        agent_note "refusing the package file: it is not a zip that unzip can list"
        return 1
    fi
    # The long listing's entry lines (mode, version, system, size, flags, ...), in the order of the names.
    grep -E '^[^ ]+ +[0-9]+\.[0-9]+ +[^ ]+ +[0-9]+ ' "$WORK/zip.listing" >"$z_entries"
    if [ "$(wc -l <"$z_names")" -ne "$(wc -l <"$z_entries")" ]; then
        agent_note "refusing the package file: its name listing and its long listing disagree"
        return 1
    fi
    # unzip prints a control character in a name as ^ and a letter (^J for a newline, ^[ for ESC).
    while IFS= read -r z_name; do
        z_path=${z_name%/}
        z_problem=""
        case "$z_name" in
            '') z_problem="an empty name" ;;
            /*) z_problem="an absolute path" ;;
            *\\*) z_problem="a backslash" ;;
            *[[:cntrl:]]*|*^[]@A-Z[\\^_?]*) z_problem="a control character" ;;
        esac
        if [ -z "$z_problem" ]; then
            case "/$z_path/" in
                */../*) z_problem="a '..' segment" ;;
                */./*) z_problem="a '.' segment" ;;
                *//*) z_problem="an empty segment" ;;
            esac
        fi
        if [ -n "$z_problem" ]; then
            agent_note "refusing zip entry '$z_name': $z_problem"
            return 1
        fi
    done <"$z_names"
    # Entry types: '-' (file), 'd' (directory) and '?' (no Unix type recorded) only; 'l' is a link.
    cut -c1 "$z_entries" | paste -d ' ' - "$z_names" >"$WORK/zip.types"
    z_special=$(grep -v '^[-d?] ' "$WORK/zip.types" | head -n 1)
    if [ -n "$z_special" ]; then
        case "$z_special" in
            l*) agent_note "refusing zip entry '${z_special#? }': a symbolic link" ;;
            *) agent_note "refusing zip entry '${z_special#? }': a special file (type ${z_special%% *})" ;;
        esac
        return 1
    fi
    # Upper-case flags (B, T) in the fifth column mark an encrypted entry.
    if grep -Eq '^[^ ]+ +[0-9]+\.[0-9]+ +[^ ]+ +[0-9]+ +[BT]' "$z_entries"; then
        agent_note "refusing the package file: it holds encrypted entries"
        return 1
    fi
    z_dup=$(sed 's:/$::' "$z_names" | LC_ALL=C sort | uniq -d | head -n 1)
    if [ -n "$z_dup" ]; then
        agent_note "refusing zip entry '$z_dup': the name appears twice"
        return 1
    fi
    z_dup=$(sed 's:/$::' "$z_names" | LC_ALL=C tr '[:upper:]' '[:lower:]' | LC_ALL=C sort | uniq -d | head -n 1)
    if [ -n "$z_dup" ]; then
        agent_note "refusing zip entry '$z_dup': two names differ only in case"
        return 1
    fi
}

# ---------------------------------------------------------------- commands

C_COMMAND_ID="" C_ACTION="" C_INSTALL_TYPE="" C_PACKAGE="" C_VERSION="" C_FILE_URL="" C_FILE_SHA256=""
C_PREVIOUS_VERSION="" C_PREVIOUS_FILE_URL="" C_PREVIOUS_FILE_SHA256="" C_TIMEOUT=3600 C_ARGUMENTS=""
C_REBOOT_ALLOWED=false NEXT_POLL=0
REBOOT_REQUIRED=false R_OUTPUT_FILE="" R_REBOOT=false WORK="" PKG_DIR="" S_VERSION="" S_PREVIOUS_VERSION=""

parse_command() {
    C_COMMAND_ID="" C_ACTION="" C_INSTALL_TYPE="" C_PACKAGE="" C_VERSION="" C_FILE_URL="" C_FILE_SHA256=""
    C_PREVIOUS_VERSION="" C_PREVIOUS_FILE_URL="" C_PREVIOUS_FILE_SHA256="" C_TIMEOUT=3600 C_ARGUMENTS=""
    C_REBOOT_ALLOWED=false NEXT_POLL=0
    while IFS= read -r line || [ -n "$line" ]; do
        split_line || continue
        case "$key" in
            COMMAND_ID) C_COMMAND_ID=$value ;;
            ACTION) C_ACTION=$value ;;
            INSTALL_TYPE) C_INSTALL_TYPE=$value ;;
            PACKAGE) C_PACKAGE=$value ;;
            VERSION) C_VERSION=$value ;;
            FILE_URL) C_FILE_URL=$value ;;
            FILE_SHA256) C_FILE_SHA256=$value ;;
            PREVIOUS_VERSION) C_PREVIOUS_VERSION=$value ;;
            PREVIOUS_FILE_URL) C_PREVIOUS_FILE_URL=$value ;;
            PREVIOUS_FILE_SHA256) C_PREVIOUS_FILE_SHA256=$value ;;
            TIMEOUT_SECONDS) C_TIMEOUT=$value ;;
            ARGUMENTS) C_ARGUMENTS=$value ;;
            REBOOT_ALLOWED) C_REBOOT_ALLOWED=$value ;;
            NEXT_POLL_SECONDS) NEXT_POLL=$value ;;
            *) : ;;
        esac
    done <"$RESP_BODY"
    case "$C_TIMEOUT" in ''|*[!0-9]*) C_TIMEOUT=3600 ;; esac
    case "$NEXT_POLL" in ''|*[!0-9]*) NEXT_POLL=0 ;; esac
}

valid_command() {
    case "$C_COMMAND_ID" in
        ''|*[!0-9a-fA-F-]*) return 1 ;;
    esac
    case "$C_PACKAGE" in
        ''|.*|*[!A-Za-z0-9_.-]*) return 1 ;;
    esac
    return 0
}

# Re-reports a command this agent already started, from its record.
rereport() {
    cdir="$STATE_DIR/commands/$C_COMMAND_ID"
    if [ -f "$cdir/refused" ]; then
        log "command $C_COMMAND_ID was refused by the service before it ran; not running it"
    elif [ -f "$cdir/status" ]; then
        R_OUTPUT_FILE="$cdir/output" R_REBOOT=$(recorded "$cdir/status" REBOOT_REQUIRED) \
            report "$C_COMMAND_ID" "$(recorded "$cdir/status" STATUS)" \
            "$(recorded "$cdir/status" EXIT_CODE)" "$(recorded "$cdir/status" STEP)"
        R_OUTPUT_FILE="" R_REBOOT=false
    else
        report "$C_COMMAND_ID" IN_PROGRESS
    fi
}

handle_command() {
    parse_command
    if ! valid_command; then
        log "ignoring a malformed command"
        return
    fi
    cdir="$STATE_DIR/commands/$C_COMMAND_ID"
    if [ -d "$cdir" ]; then
        log "command $C_COMMAND_ID was already started here; re-reporting its status"
        rereport
        return
    fi
    # Record the command durably before running anything.
    mkdir -p "$cdir"
    printf 'COMMAND_ID=%s\n' "$C_COMMAND_ID" >"$STATE_DIR/current.new" && mv "$STATE_DIR/current.new" "$STATE_DIR/current"
    sync 2>/dev/null
    log "command $C_COMMAND_ID: $C_ACTION $C_INSTALL_TYPE $C_PACKAGE $C_VERSION"
    report "$C_COMMAND_ID" IN_PROGRESS "" download
    # A duplicate answer means our own earlier (retried) IN_PROGRESS report was accepted.
    if [ "$REPORT_ACCEPTED" != true ] && [ "$REPORT_REASON" != duplicate ]; then
        log "IN_PROGRESS not accepted ($REPORT_REASON); not running $C_COMMAND_ID"
        printf 'STATUS=REFUSED\n' >"$cdir/refused"
        rm -f "$STATE_DIR/current"
        return
    fi
    WORK="$STATE_DIR/runs/$C_COMMAND_ID"
    rm -rf "$WORK"
    mkdir -p "$WORK"
    : >"$WORK/output.log"
    REBOOT_REQUIRED=false
    if [ -n "$C_ARGUMENTS" ]; then
        printf '%s' "$C_ARGUMENTS" | base64 -d >"$WORK/arguments" 2>/dev/null || : >"$WORK/arguments"
    fi
    case "$C_ACTION" in
        INSTALL) do_install ;;
        UNINSTALL) do_uninstall ;;
        *) agent_note "unknown action $C_ACTION"; finish FAILED -1 action ;;
    esac
}

do_install() {
    pdir="$STATE_DIR/packages/$C_PACKAGE"
    installed_version=""
    [ -f "$pdir/version" ] && installed_version=$(cat "$pdir/version")
    args_hash=$(printf '%s' "$C_ARGUMENTS" | sha256sum | cut -d' ' -f1)
    S_VERSION=$C_VERSION
    S_PREVIOUS_VERSION=${installed_version:-$C_PREVIOUS_VERSION}

    # Already installed with the same arguments and (optionally) validated: skip.
    if [ "$installed_version" = "$C_VERSION" ] && [ -f "$pdir/args.sha256" ] \
        && [ "$(cat "$pdir/args.sha256")" = "$args_hash" ] && [ -d "$pdir/cache" ]; then
        if [ -f "$pdir/cache/validate.sh" ]; then
            PKG_DIR="$pdir/cache"
            run_script validate.sh validate
            if script_ok; then
                agent_note "$C_PACKAGE $C_VERSION is already installed and validates; skipping"
                finish SUCCESS 0 validate
                return
            fi
            agent_note "validate.sh failed; installing again"
        else
            agent_note "$C_PACKAGE $C_VERSION is already installed with the same arguments; skipping"
            finish SUCCESS 0 already-installed
            return
        fi
    fi

    NEW_DIR="$WORK/package"
    if [ -z "$C_FILE_URL" ]; then
        agent_note "the command carries no file URL"
        finish FAILED -1 download
        return
    fi
    if ! fetch "$C_FILE_URL" "$C_FILE_SHA256" "$NEW_DIR"; then
        finish FAILED -1 "$FETCH_FAILED_STEP"
        return
    fi

    if [ "$C_INSTALL_TYPE" = IN_PLACE ]; then
        if [ ! -f "$NEW_DIR/update.sh" ]; then
            agent_note "$C_PACKAGE $C_VERSION has no update.sh, so it cannot be updated in place"
            finish FAILED -1 update
            return
        fi
        PKG_DIR=$NEW_DIR
        run_script update.sh update
        if ! script_ok; then
            finish_script_failure update
            return
        fi
        note_reboot
        record_installed "$pdir" "$args_hash"
        finish SUCCESS "$SCRIPT_EXIT" update
        return
    fi

    # REINSTALL: uninstall the installed version from its cached copy, then install the new one.
    OLD_DIR=""
    if [ -n "$installed_version" ]; then
        if [ -d "$pdir/cache" ]; then
            OLD_DIR="$pdir/cache"
        elif [ -n "$C_PREVIOUS_FILE_URL" ] && [ -n "$C_PREVIOUS_FILE_SHA256" ]; then
            if fetch "$C_PREVIOUS_FILE_URL" "$C_PREVIOUS_FILE_SHA256" "$WORK/previous"; then
                OLD_DIR="$WORK/previous"
            else
                agent_note "could not fetch the previous version's file; skipping its uninstall"
            fi
        fi
    fi
    if [ -n "$OLD_DIR" ] && [ -f "$OLD_DIR/uninstall.sh" ]; then
        PKG_DIR=$OLD_DIR
        S_VERSION=$installed_version
        S_PREVIOUS_VERSION=$installed_version
        run_script uninstall.sh uninstall-previous
        S_VERSION=$C_VERSION
        if ! script_ok; then
            finish_script_failure uninstall-previous
            return
        fi
    fi
    if [ ! -f "$NEW_DIR/install.sh" ]; then
        agent_note "$C_PACKAGE $C_VERSION has no install.sh"
        rollback
        finish FAILED -1 install
        return
    fi
    PKG_DIR=$NEW_DIR
    run_script install.sh install
    if ! script_ok; then
        f_timed=$SCRIPT_TIMED_OUT
        f_exit=$SCRIPT_EXIT
        rollback
        SCRIPT_TIMED_OUT=$f_timed
        SCRIPT_EXIT=$f_exit
        finish_script_failure install
        return
    fi
    note_reboot
    install_exit=$SCRIPT_EXIT
    if [ -f "$NEW_DIR/validate.sh" ]; then
        run_script validate.sh validate
        if ! script_ok; then
            f_timed=$SCRIPT_TIMED_OUT
            f_exit=$SCRIPT_EXIT
            rollback
            SCRIPT_TIMED_OUT=$f_timed
            SCRIPT_EXIT=$f_exit
            finish_script_failure validate
            return
        fi
    fi
    record_installed "$pdir" "$args_hash"
    finish SUCCESS "$install_exit" install
}

# Undoes a failed reinstall: uninstall the new version, install the old one again.
rollback() {
    agent_note "rolling back"
    if [ -f "$NEW_DIR/uninstall.sh" ]; then
        PKG_DIR=$NEW_DIR
        run_script uninstall.sh rollback
    fi
    if [ -n "$OLD_DIR" ] && [ -f "$OLD_DIR/install.sh" ]; then
        PKG_DIR=$OLD_DIR
        S_VERSION=$installed_version
        run_script install.sh rollback
        S_VERSION=$C_VERSION
    fi
}

# Records a successful install: version, arguments hash and the cached package directory.
record_installed() {
    r_pdir=$1
    mkdir -p "$r_pdir"
    rm -rf "$r_pdir/cache.new"
    cp -R "$NEW_DIR" "$r_pdir/cache.new"
    rm -rf "$r_pdir/cache"
    mv "$r_pdir/cache.new" "$r_pdir/cache"
    printf '%s\n' "$2" >"$r_pdir/args.sha256"
    printf '%s\n' "$C_VERSION" >"$r_pdir/version.new" && mv "$r_pdir/version.new" "$r_pdir/version"
}

do_uninstall() {
    pdir="$STATE_DIR/packages/$C_PACKAGE"
    installed_version=""
    [ -f "$pdir/version" ] && installed_version=$(cat "$pdir/version")
    S_VERSION=${installed_version:-$C_VERSION}
    S_PREVIOUS_VERSION=$installed_version
    if [ -z "$installed_version" ]; then
        agent_note "$C_PACKAGE is not installed; nothing to do"
        finish SUCCESS 0 uninstall
        return
    fi
    PKG_DIR=""
    if [ -d "$pdir/cache" ]; then
        PKG_DIR="$pdir/cache"
    elif [ -n "$C_FILE_URL" ]; then
        if ! fetch "$C_FILE_URL" "$C_FILE_SHA256" "$WORK/package"; then
            finish FAILED -1 "$FETCH_FAILED_STEP"
            return
        fi
        PKG_DIR="$WORK/package"
    fi
    if [ -z "$PKG_DIR" ] || [ ! -f "$PKG_DIR/uninstall.sh" ]; then
        agent_note "no uninstall.sh is available for $C_PACKAGE $installed_version"
        finish FAILED -1 uninstall
        return
    fi
    run_script uninstall.sh uninstall
    if ! script_ok; then
        finish_script_failure uninstall
        return
    fi
    note_reboot
    rm -rf "$pdir"
    finish SUCCESS "$SCRIPT_EXIT" uninstall
}

# ---------------------------------------------------------------- restart recovery

recover() {
    [ -f "$STATE_DIR/current" ] || return 0
    C_COMMAND_ID=$(recorded "$STATE_DIR/current" COMMAND_ID)
    if [ -f "$STATE_DIR/current.pgid" ]; then
        pgid=$(cat "$STATE_DIR/current.pgid")
        case "$pgid" in
            ''|*[!0-9]*) : ;;
            *)
                log "killing the leftover process group $pgid"
                kill -s KILL -- "-$pgid" 2>/dev/null
                ;;
        esac
    fi
    case "$C_COMMAND_ID" in
        ''|*[!0-9a-fA-F-]*) rm -f "$STATE_DIR/current" "$STATE_DIR/current.pgid"; return 0 ;;
    esac
    mkdir -p "$STATE_DIR/commands/$C_COMMAND_ID"
    WORK="$STATE_DIR/runs/$C_COMMAND_ID"
    mkdir -p "$WORK"
    printf '\n[agent] the agent restarted while this command ran\n' >>"$WORK/output.log"
    REBOOT_REQUIRED=false
    C_REBOOT_ALLOWED=false
    log "command $C_COMMAND_ID was unfinished when the agent stopped"
    finish FAILED -1 agent-restarted
}

# ---------------------------------------------------------------- main loop

header_value() {
    [ -f "$RESP_HEADERS" ] || return 0
    tr -d '\r' <"$RESP_HEADERS" | while IFS=':' read -r name value; do
        if [ "$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')" = "$1" ]; then
            printf '%s\n' "${value# }"
            break
        fi
    done
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
send_inventory

while :; do
    http GET "/agent/v1/commands/next?wait=$POLL_WAIT" --max-time "$((POLL_WAIT + 30))"
    case "$HTTP_STATUS" in
        200)
            BACKOFF=1
            handle_command
            [ "$NEXT_POLL" -gt 0 ] && sleep "$NEXT_POLL"
            ;;
        204)
            BACKOFF=1
            pause=$(header_value x-next-poll-seconds)
            case "$pause" in ''|*[!0-9]*) pause=0 ;; esac
            [ "$pause" -gt 0 ] && sleep "$pause"
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
