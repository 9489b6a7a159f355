#!/bin/sh
# The compose agents' entrypoint: installs and runs the agent the way a host does, with the
# installer the service serves (install.sh --foreground: no systemd in a container). The first
# start registers with the activation deploy/compose/activate.sh left in ACTIVATION_FILE; the
# identity then stays in the state volume, so later starts (and later activations) reuse it.
set -eu

SERVER=${DISTRIBUTOR_SERVER:-http://proxy:8080}
STATE_DIR=${DISTRIBUTOR_STATE_DIR:-/var/lib/distributor-agent}
ACTIVATION_FILE=${ACTIVATION_FILE:-/activation/activation.env}
# Where the installer puts the agent (its --prefix).
PREFIX=${DISTRIBUTOR_PREFIX:-/usr/local/bin}
WAIT_SECONDS=${WAIT_SECONDS:-300}

say() {
    printf 'compose-agent: %s\n' "$*" >&2
}

# activation_value KEY: KEY's value in ACTIVATION_FILE, read as text, never sourced.
activation_value() {
    sed -n "s/^$1=//p" "$ACTIVATION_FILE" | head -n 1
}

INSTALLER=$(mktemp)
say "waiting for $SERVER/agent/install.sh (at most ${WAIT_SECONDS}s)"
waited=0
until curl -fsS --max-time 10 -o "$INSTALLER" "$SERVER/agent/install.sh" 2>/dev/null; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        say "ERROR: $SERVER served no installer in ${WAIT_SECONDS}s"
        exit 1
    fi
    sleep 2
    waited=$((waited + 2))
done

if [ -s "$STATE_DIR/instance_id" ] && [ -s "$STATE_DIR/token" ]; then
    say "registered before as $(cat "$STATE_DIR/instance_id")"
    exec sh "$INSTALLER" --server "$SERVER" --state-dir "$STATE_DIR" --prefix "$PREFIX" --foreground
fi
if [ ! -s "$ACTIVATION_FILE" ]; then
    say "ERROR: no activation in $ACTIVATION_FILE (the compose file's activate step writes it)"
    exit 1
fi
exec sh "$INSTALLER" --server "$SERVER" --state-dir "$STATE_DIR" --prefix "$PREFIX" --foreground \
    --activation-id "$(activation_value ACTIVATION_ID)" --activation-code "$(activation_value ACTIVATION_CODE)"
