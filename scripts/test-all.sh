#!/usr/bin/env bash
# Runs every test: the type check, the schema drift check, then the Vitest
# and Playwright suites on SQLite and again on PostgreSQL. PostgreSQL comes
# from TEST_POSTGRES_URL when set, or from a throwaway server on loopback
# started here (Debian's postgresql package). Without PostgreSQL the second
# pass is skipped with a warning, except under CI, where it is required.
set -uo pipefail
cd "$(dirname "$0")/.."

reports=.tmp/test-reports
rm -rf "$reports"
mkdir -p "$reports"
failed_steps=()

step() {
  local name=$1
  shift
  echo
  echo "=== $name"
  if ! "$@"; then
    failed_steps+=("$name")
  fi
}

suite() {
  local engine=$1
  step "vitest ($engine)" npx vitest run --reporter=default --reporter=json --outputFile="$reports/vitest-$engine.json"
  step "playwright ($engine)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright-$engine.json" \
    npx playwright test --reporter=list,json
}

node scripts/ensure-deps.mjs || exit 1
step "typecheck" npx tsc --noEmit
step "schema drift" npx tsx scripts/db-migrations.ts check

TEST_POSTGRES_URL= suite sqlite

postgres_url=${TEST_POSTGRES_URL:-}
started_postgres=""
postgres_installed=""
ls /usr/lib/postgresql/*/bin/pg_ctl > /dev/null 2>&1 && postgres_installed=yes
if [ -z "$postgres_url" ] && [ -n "$postgres_installed" ]; then
  echo
  echo "=== postgresql server"
  # Each run starts from a new data directory, so no state leaks between runs.
  scripts/postgres-server.sh stop .tmp/postgres-test 2> /dev/null
  rm -rf .tmp/postgres-test .tmp/postgres-test.initdb.log
  if postgres_url=$(scripts/postgres-server.sh start .tmp/postgres-test 55432); then
    started_postgres=yes
    echo "started on ${postgres_url#*@}"
  else
    postgres_url=""
  fi
fi
if [ -n "$postgres_url" ]; then
  TEST_POSTGRES_URL=$postgres_url suite postgresql
  [ -n "$started_postgres" ] && scripts/postgres-server.sh stop .tmp/postgres-test
elif [ -n "$postgres_installed" ]; then
  echo "skipped the PostgreSQL pass: the test server failed to start (see its log above)" >&2
  failed_steps+=("postgresql suite")
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is required under CI: install it (apt-get install -y postgresql) or set TEST_POSTGRES_URL" >&2
  failed_steps+=("postgresql suite")
else
  echo
  echo "warning: skipped the PostgreSQL pass; install Debian's postgresql package or set TEST_POSTGRES_URL to run it"
fi

echo
node scripts/test-summary.mjs "$reports" "${#failed_steps[@]}" "${failed_steps[@]}"
