# shellcheck shell=bash
# graphql URL QUERY [VARIABLES_JSON]: one GraphQL request to URL/graphql (sourced by the bench/ scripts); fails on
# transport or GraphQL errors, printing the errors' codes and messages; prints .data as one line of JSON.
graphql() {
  local answer
  answer=$(jq -n --arg q "$2" --argjson v "${3:-{\}}" '{query: $q, variables: $v}' |
    curl -fsS -H 'Content-Type: application/json' --data-binary @- "$1/graphql")
  if [[ $(jq '.errors | length' <<<"$answer") != 0 ]]; then
    jq -c '.errors[] | {code: .extensions.code, message}' <<<"$answer" >&2
    return 1
  fi
  jq -c .data <<<"$answer"
}
