#!/bin/sh
# Creates an activation on the compose stack's Distributor, as the realm's admin user, and prints
# it (or writes it to ACTIVATION_FILE) as ACTIVATION_ID=... and ACTIVATION_CODE=... lines. The
# compose file's `activate` step runs it for the three agents; from this machine, with the stack up:
#
#   sh deploy/compose/activate.sh
#
# Steps: wait until the service answers ready through the proxy, get an access token from Keycloak
# with the password grant (client distributor-cli, which allows it), then the GraphQL mutation
# createActivation with that token. Needs curl and sed; no JSON tool, so it reads the two fields
# it needs from the answer with sed and fails when they are not there.
#
# Settings (environment; defaults are the addresses published on this machine):
#   DISTRIBUTOR_URL     http://localhost:8080     the proxy in front of the replicas
#   KEYCLOAK_URL        http://localhost:8180     Keycloak
#   REALM               compose
#   ADMIN_USER          admin
#   ADMIN_PASSWORD      admin-local-only          the realm's local-only password (README)
#   REGISTRATION_LIMIT  3                         hosts that may register with it
#   EXPIRES_IN_HOURS    1
#   ACTIVATION_FILE     (none: print to stdout)   written with mode 600
#   WAIT_SECONDS        300                       how long to wait for the service
set -eu

DISTRIBUTOR_URL=${DISTRIBUTOR_URL:-http://localhost:8080}
KEYCLOAK_URL=${KEYCLOAK_URL:-http://localhost:8180}
REALM=${REALM:-compose}
ADMIN_USER=${ADMIN_USER:-admin}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin-local-only}
REGISTRATION_LIMIT=${REGISTRATION_LIMIT:-3}
EXPIRES_IN_HOURS=${EXPIRES_IN_HOURS:-1}
ACTIVATION_FILE=${ACTIVATION_FILE:-}
WAIT_SECONDS=${WAIT_SECONDS:-300}

say() {
    printf 'activate: %s\n' "$*" >&2
}

die() {
    say "ERROR: $*"
    exit 1
}

# json_string NAME FILE: the first "NAME":"value" string in FILE (values here never hold quotes).
json_string() {
    sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" "$2" | head -n 1
}

case "$REGISTRATION_LIMIT$EXPIRES_IN_HOURS" in
    *[!0-9]*) die "REGISTRATION_LIMIT and EXPIRES_IN_HOURS must be whole numbers" ;;
esac

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

say "waiting for $DISTRIBUTOR_URL/q/health/ready (at most ${WAIT_SECONDS}s)"
waited=0
until curl -fsS -o /dev/null --max-time 5 "$DISTRIBUTOR_URL/q/health/ready" 2>/dev/null; do
    [ "$waited" -lt "$WAIT_SECONDS" ] || die "the service at $DISTRIBUTOR_URL was not ready in ${WAIT_SECONDS}s"
    sleep 2
    waited=$((waited + 2))
done

say "signing in to $KEYCLOAK_URL/realms/$REALM as $ADMIN_USER"
status=$(curl -sS -o "$WORK/token.json" -w '%{http_code}' --max-time 30 \
    --data-urlencode grant_type=password --data-urlencode client_id=distributor-cli \
    --data-urlencode "username=$ADMIN_USER" --data-urlencode "password=$ADMIN_PASSWORD" \
    "$KEYCLOAK_URL/realms/$REALM/protocol/openid-connect/token") || die "Keycloak did not answer"
[ "$status" = 200 ] || die "Keycloak refused the sign-in ($status): $(cat "$WORK/token.json")"
TOKEN=$(json_string access_token "$WORK/token.json")
[ -n "$TOKEN" ] || die "Keycloak's answer has no access_token"

cat >"$WORK/request.json" <<EOF
{"query":"mutation(\$i: CreateActivationInput!) { createActivation(input: \$i) { id code expiresAt } }",
 "variables":{"i":{"account":"local","region":"compose","description":"deploy/compose agents",
  "registrationLimit":$REGISTRATION_LIMIT,"expiresInHours":$EXPIRES_IN_HOURS,
  "defaultTags":[{"key":"stack","value":"compose"}]}}}
EOF
status=$(curl -sS -o "$WORK/answer.json" -w '%{http_code}' --max-time 30 \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary "@$WORK/request.json" "$DISTRIBUTOR_URL/graphql") || die "the service did not answer"
ID=$(json_string id "$WORK/answer.json")
CODE=$(json_string code "$WORK/answer.json")
if [ "$status" != 200 ] || [ -z "$ID" ] || [ -z "$CODE" ]; then
    die "createActivation failed ($status): $(cat "$WORK/answer.json")"
fi

if [ -n "$ACTIVATION_FILE" ]; then
    umask 077
    printf 'ACTIVATION_ID=%s\nACTIVATION_CODE=%s\n' "$ID" "$CODE" >"$ACTIVATION_FILE.new"
    # Agents run as root and only read it; mode 600 keeps the code from other users.
    mv -f "$ACTIVATION_FILE.new" "$ACTIVATION_FILE"
    say "activation $ID written to $ACTIVATION_FILE (${REGISTRATION_LIMIT} hosts, ${EXPIRES_IN_HOURS} h)"
else
    printf 'ACTIVATION_ID=%s\nACTIVATION_CODE=%s\n' "$ID" "$CODE"
fi
