# Sourced by .ci/test.sh: provides a PostgreSQL database for the tests and exports
# TEST_DATABASE_URL. Uses TEST_DATABASE_URL when set; otherwise starts the machine's PostgreSQL
# (installing Debian's `postgresql` when running as root) and creates a role and a database.
# Prints nothing when all of that is already there.
TEST_DB_NAME=${TEST_DB_NAME:-console_test}

ensure_postgres() {
  [ -n "${TEST_DATABASE_URL:-}" ] && return 0
  local log=.reports/postgres-setup.log hint
  hint="set TEST_DATABASE_URL=postgres://user:password@host:port/database, or run the tests as root so they can start the machine's PostgreSQL"
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "No PostgreSQL found: installing Debian's postgresql for the tests (log: $log)"
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >>"$log" 2>&1
    fi
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
      echo "No PostgreSQL for the tests (see $log): $hint." >&2
      return 1
    fi
  fi
  # The first cluster on the machine: "15 main 5432 online postgres ...".
  local version name port status
  read -r version name port status _ < <(pg_lsclusters --no-header 2>/dev/null | head -n 1)
  if [ -z "${version:-}" ]; then
    echo "PostgreSQL is installed but has no cluster (pg_createcluster makes one): $hint." >&2
    return 1
  fi
  local url="postgres://$TEST_DB_NAME:$TEST_DB_NAME@127.0.0.1:$port/$TEST_DB_NAME"
  # Fast path: everything already there.
  if [ "$status" = online ] && psql "$url" -qAtc 'select 1' >/dev/null 2>&1; then
    export TEST_DATABASE_URL=$url
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL $version/$name is $status and database $TEST_DB_NAME is not reachable at $url: $hint." >&2
    return 1
  fi
  if [ "$status" != online ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >>"$log" 2>&1
  fi
  local sql=(runuser -u postgres -- psql -p "$port" -qAt -v ON_ERROR_STOP=1)
  {
    "${sql[@]}" -c "select 1 from pg_roles where rolname = '$TEST_DB_NAME'" | grep -q 1 ||
      "${sql[@]}" -c "create role $TEST_DB_NAME login password '$TEST_DB_NAME'"
    "${sql[@]}" -c "select 1 from pg_database where datname = '$TEST_DB_NAME'" | grep -q 1 ||
      "${sql[@]}" -c "create database $TEST_DB_NAME owner $TEST_DB_NAME"
  } >>"$log" 2>&1
  if psql "$url" -qAtc 'select 1' >/dev/null 2>&1; then
    export TEST_DATABASE_URL=$url
    return 0
  fi
  echo "Could not start PostgreSQL $version/$name or reach $url (see $log): $hint." >&2
  return 1
}
