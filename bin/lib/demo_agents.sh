# shellcheck shell=bash
# Demo agents for ./bin/run: real shell agents (deploy/agent/distributor-agent.sh) on this machine,
# each with its own state under ./data/demo-agents and reported facts of a different platform, so
# a fresh service has a small fleet to plan and roll out to. They run package scripts as the user
# who started ./bin/run; pass --demo-agents 0 to go without.
#
# Each agent runs with a clean environment (env -i: a fixed PATH, HOME and LANG, never the service's
# environment, which holds the S3 keys) and with --install-root inside its own folder, so scripts
# that honour DISTRIBUTOR_INSTALL_ROOT (all that Simple creation generates) install under
# ./data/demo-agents/<name>/root and a deployment to env=demo changes nothing outside ./data/.

DEMO_AGENT_DIR="${DISTRIBUTOR_ROOT}/data/demo-agents"
DEMO_AGENT_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# name platform platform-version arch: an arm64 host shows how a plan skips a host with no file.
DEMO_AGENT_FACTS=(
  "demo-ubuntu ubuntu 22.04 x86_64"
  "demo-amazon amazon 2023 arm64"
  "demo-redhat redhat 9 x86_64"
  "demo-debian debian 12 x86_64"
  "demo-suse suse 15.5 x86_64"
)

# demo_activation BASE_URL COUNT: prints "id code" of a new activation for COUNT hosts tagged env=demo.
demo_activation() {
  # shellcheck disable=SC2016 # $i is a GraphQL variable, expanded by the server
  local query='mutation($i: CreateActivationInput!) { createActivation(input: $i) { id code } }'
  local body answer
  body=$(printf '{"query": "%s", "variables": {"i": {"account": "000000000000", "region": "local", "description": "demo agents of ./bin/run", "registrationLimit": %d, "expiresInHours": 1, "defaultTags": [{"key": "env", "value": "demo"}]}}}' \
    "${query//\"/\\\"}" "$2")
  answer=$(curl -fsS -H 'Content-Type: application/json' --data-binary "$body" "$1/graphql") || return 1
  # The answer is small, flat JSON: take the two string fields without needing jq.
  sed -n 's/.*"id":"\([^"]*\)".*"code":"\([^"]*\)".*/\1 \2/p' <<<"$answer"
}

# start_demo_agents BASE_URL COUNT: waits for the service, registers what is not registered yet
# (state survives restarts), and starts the agents in the background; their pids go to a file
# that stop_demo_agents reads.
start_demo_agents() {
  local base_url=$1 count=$2 i name facts clean platform version arch state activation="" fresh=0
  local agent="${DISTRIBUTOR_ROOT}/deploy/agent/distributor-agent.sh"
  ((count > 0)) || return 0
  ((count <= ${#DEMO_AGENT_FACTS[@]})) || count=${#DEMO_AGENT_FACTS[@]}
  mkdir -p "$DEMO_AGENT_DIR"
  wait_until 300 curl -sf -o /dev/null --max-time 2 "${base_url}/q/health/live" || {
    log "demo agents: the service did not come up; not starting them"
    return 0
  }
  for ((i = 0; i < count; i++)); do
    read -r name _ <<<"${DEMO_AGENT_FACTS[$i]}"
    [[ -s "$DEMO_AGENT_DIR/$name/instance_id" ]] || fresh=$((fresh + 1))
  done
  if ((fresh > 0)); then
    activation=$(demo_activation "$base_url" "$fresh") || true
    [[ -n "$activation" ]] || {
      log "demo agents: could not create an activation; not starting them"
      return 0
    }
  fi
  for ((i = 0; i < count; i++)); do
    read -r name platform version arch <<<"${DEMO_AGENT_FACTS[$i]}"
    state="$DEMO_AGENT_DIR/$name"
    facts=(--platform "$platform" --platform-version "$version" --arch "$arch" --hostname "$name"
      --install-root "$state/root")
    mkdir -p "$state/home" "$state/root"
    # Nothing of this shell's environment (S3 keys, database password) reaches the agent.
    clean=(env -i "PATH=$DEMO_AGENT_PATH" "HOME=$state/home" "LANG=C")
    # Registered once, as the installer does, so the running agent's command line holds no code.
    if [[ ! -s "$state/instance_id" ]] && ! "${clean[@]}" sh "$agent" --register-only --server "$base_url" \
      --state-dir "$state" "${facts[@]}" --activation-id "${activation%% *}" \
      --activation-code "${activation#* }" >>"$DEMO_AGENT_DIR/$name.log" 2>&1 </dev/null; then
      log "demo agents: ${name} could not register (see ./data/demo-agents/${name}.log)"
      continue
    fi
    "${clean[@]}" sh "$agent" --foreground --server "$base_url" --state-dir "$state" "${facts[@]}" \
      >>"$DEMO_AGENT_DIR/$name.log" 2>&1 </dev/null &
    echo $! >>"$DEMO_AGENT_DIR/pids"
  done
  log "demo agents: ${count} running (tag env=demo), state and logs in ./data/demo-agents"
}

stop_demo_agents() {
  [[ -f "$DEMO_AGENT_DIR/pids" ]] || return 0
  local pid
  while read -r pid; do
    # Only our agents: a pid left in the file by a crashed run may belong to another process now.
    if grep -q distributor-agent.sh "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done <"$DEMO_AGENT_DIR/pids"
  rm -f "$DEMO_AGENT_DIR/pids"
}
