# shellcheck shell=bash
# ensure_postgres: makes sure the PostgreSQL that the service and the tests use answers, and that
# the login role and the two databases exist. Sourced, never run. Idempotent; when everything is
# in place it costs a few psql round trips.
#
# Reads (defaults match src/main/resources/application.properties):
#   DISTRIBUTOR_DB_HOST (127.0.0.1), DISTRIBUTOR_DB_PORT (5432), DISTRIBUTOR_DB_USER (distributor),
#   DISTRIBUTOR_DB_PASSWORD (distributor), DISTRIBUTOR_DB_NAME (distributor),
#   DISTRIBUTOR_TEST_DB_NAME (distributor_test), DISTRIBUTOR_IT_DB_NAME (distributor_it, the database the
#   multi-process *IT tests share between their service processes).
# A host other than 127.0.0.1/localhost is someone else's server: it is only checked, never changed.

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# 0 when the server accepts connections. pg_isready when installed, else a plain TCP connect.
pg_answers() {
  local host="$1" port="$2"
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port" -t 2
  else
    tcp_open "$host" "$port"
  fi
}

# Newest Debian cluster named "main", as "<version>", or nothing.
pg_debian_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters --no-header 2>/dev/null | awk '$2 == "main" { print $1 }' | sort -V | tail -n 1
}

pg_start_debian_cluster() {
  local version="$1"
  log "starting PostgreSQL cluster ${version}/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start </dev/null >&2 ||
    die "could not start PostgreSQL ${version}/main; see /var/log/postgresql/postgresql-${version}-main.log"
}

pg_install() {
  log "no PostgreSQL found on 127.0.0.1; installing Debian's postgresql package"
  apt_install postgresql
  local version
  version="$(pg_debian_cluster)"
  if [[ -z "$version" ]]; then
    # The package normally creates the cluster; create it when a policy or an earlier drop did not.
    version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$version" ]] || die "apt-get installed postgresql but no server is under /usr/lib/postgresql"
    as_root pg_createcluster "$version" main </dev/null >&2
  fi
  printf '%s\n' "$version"
}

# Runs psql as the postgres superuser, SQL on stdin. Over TCP when the server trusts it (this
# machine's setup), else through the unix socket with peer auth as the postgres OS user (a fresh
# apt install). The choice is made once.
PG_SUPER_MODE=""
pg_super() {
  local port="$1"
  shift
  if [[ -z "$PG_SUPER_MODE" ]]; then
    if psql -w -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      PG_SUPER_MODE=tcp
    elif [[ ${EUID} -eq 0 ]] && command -v runuser >/dev/null 2>&1; then
      PG_SUPER_MODE=runuser
    elif [[ ${EUID} -eq 0 ]]; then
      PG_SUPER_MODE=su
    else
      PG_SUPER_MODE=sudo
    fi
  fi
  case "$PG_SUPER_MODE" in
    tcp) psql -w -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@" ;;
    # cd / so psql does not warn that it cannot read the caller's working directory.
    runuser) (cd / && runuser -u postgres -- psql -p "$port" -d postgres "$@") ;;
    su) (cd / && su -s /bin/sh -c 'exec psql "$@"' postgres -- psql -p "$port" -d postgres "$@") ;;
    sudo) (cd / && sudo -u postgres psql -p "$port" -d postgres "$@") ;;
  esac
}

pg_ensure_role_and_databases() {
  local port="$1" user="$2" password="$3"
  shift 3
  local sql
  # psql substitutes :'var' (a literal) and :"var" (an identifier) in what it reads, so no value is
  # ever spliced into SQL by the shell. \gexec runs each generated statement on its own, outside a
  # transaction, as CREATE DATABASE requires.
  sql=$(
    cat <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'app_user', :'app_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
-- Keeps the role usable with the configured password (scram on a fresh install) on every run.
ALTER ROLE :"app_user" WITH LOGIN CREATEDB PASSWORD :'app_password';
SQL
  )
  local db
  for db in "$@"; do
    sql+=$'\n'"\\set db '${db//\'/\'\'}'"
    sql+=$'\n'"SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec"
    sql+=$'\n'"SELECT format('ALTER DATABASE %I OWNER TO %I', d.datname, :'app_user') FROM pg_database d WHERE d.datname = :'db' AND pg_get_userbyid(d.datdba) <> :'app_user' \\gexec"
  done
  printf '%s\n' "$sql" |
    pg_super "$port" -X -q -v ON_ERROR_STOP=1 -v app_user="$user" -v app_password="$password" >/dev/null ||
    die "could not create role ${user} or its databases as the postgres superuser"
}

ensure_postgres() {
  local host="${DISTRIBUTOR_DB_HOST:-127.0.0.1}"
  local port="${DISTRIBUTOR_DB_PORT:-5432}"
  local user="${DISTRIBUTOR_DB_USER:-distributor}"
  local password="${DISTRIBUTOR_DB_PASSWORD:-distributor}"
  local db="${DISTRIBUTOR_DB_NAME:-distributor}"
  local test_db="${DISTRIBUTOR_TEST_DB_NAME:-distributor_test}"

  case "$host" in
    127.0.0.1 | localhost) ;;
    *)
      pg_answers "$host" "$port" ||
        die "PostgreSQL at ${host}:${port} (DISTRIBUTOR_DB_HOST/DISTRIBUTOR_DB_PORT) does not answer. Start it, or unset DISTRIBUTOR_DB_HOST to use a local one."
      log "using PostgreSQL at ${host}:${port} (not managed here: role ${user} and databases ${db}, ${test_db} must exist)"
      return 0
      ;;
  esac

  if ! pg_answers 127.0.0.1 "$port"; then
    local version
    version="$(pg_debian_cluster)"
    if [[ -z "$version" ]]; then
      version="$(pg_install)"
    fi
    pg_start_debian_cluster "$version"
    wait_until 30 pg_answers 127.0.0.1 "$port" ||
      die "PostgreSQL ${version}/main started but 127.0.0.1:${port} does not answer; check its port with pg_lsclusters and set DISTRIBUTOR_DB_PORT"
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client

  pg_ensure_role_and_databases "$port" "$user" "$password" "$db" "$test_db"

  # The proof that counts: the service's own login reaches both databases over TCP.
  local name
  for name in "$db" "$test_db"; do
    PGPASSWORD="$password" psql -w -X -h 127.0.0.1 -p "$port" -U "$user" -d "$name" -Atqc 'select 1' >/dev/null ||
      die "role ${user} cannot log in to database ${name} on 127.0.0.1:${port}; check DISTRIBUTOR_DB_PASSWORD and pg_hba.conf"
  done
  log "PostgreSQL ready on 127.0.0.1:${port}: databases ${db} and ${test_db}, owner ${user}"
}

# Drops and recreates the test databases (the @QuarkusTest one and the one the multi-process *IT
# tests share) so every test run starts from an empty schema that Flyway builds from scratch; a
# database left by an older checkout can then never fail validation.
# Only for a local server: a remote one is not ours to drop.
reset_test_database() {
  local host="${DISTRIBUTOR_DB_HOST:-127.0.0.1}"
  local test_db="${DISTRIBUTOR_TEST_DB_NAME:-distributor_test}"
  local it_db="${DISTRIBUTOR_IT_DB_NAME:-distributor_it}"
  case "$host" in
    127.0.0.1 | localhost) ;;
    *) return 0 ;;
  esac
  local db
  # ${it_db}_packaged: PackagedServiceIT's own (its jar outlives the test class; see PackagedServiceResources).
  for db in "$test_db" "$it_db" "${it_db}_packaged"; do
    pg_recreate_database "$db"
    log "test database ${db} recreated empty"
  done
}

# Drops a database of the local server (closing its connections) and creates it again, empty, owned by
# DISTRIBUTOR_DB_USER. Used for the test databases and the benchmarks' (bench/lib/bench.sh).
pg_recreate_database() {
  local db=$1
  printf '%s\n' \
    "DROP DATABASE IF EXISTS :\"db\" WITH (FORCE);" \
    "CREATE DATABASE :\"db\" OWNER :\"app_user\";" |
    pg_super "${DISTRIBUTOR_DB_PORT:-5432}" -X -q -v ON_ERROR_STOP=1 -v db="$db" \
      -v app_user="${DISTRIBUTOR_DB_USER:-distributor}" >/dev/null ||
    die "could not recreate the database ${db}"
}
