#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suite and
# prints its DATABASE_URL. Uses Debian's PostgreSQL (apt-get install postgresql).
# fsync is off, which makes the tests faster and loses data on a power cut;
# POSTGRES_FSYNC=on starts a server that flushes like a deployment's, for the
# benchmarks. The setting applies when the server starts.
#
#   scripts/postgres-server.sh start [DIR] [PORT]   # default .tmp/postgres, 55432
#   scripts/postgres-server.sh stop [DIR]
set -euo pipefail

action=${1:-start}
dir=$(realpath -m "${2:-.tmp/postgres}")
port=${3:-55432}
fsync=${POSTGRES_FSYNC:-off}
if [ "$fsync" != on ] && [ "$fsync" != off ]; then
  echo "invalid POSTGRES_FSYNC \"$fsync\": use on or off" >&2
  exit 2
fi

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/pg_ctl" ] && bin=$candidate
done
if [ -z "$bin" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql; install them with: apt-get install -y postgresql" >&2
  exit 1
fi

# PostgreSQL refuses to run as root, so root runs it as the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      as_owner "$bin/initdb" -D "$dir" -U rollcall --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$dir.initdb.log"
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status > /dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=$fsync -c max_connections=200" start > /dev/null
    fi
    echo "postgresql://rollcall@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast stop > /dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT]" >&2
    exit 2
    ;;
esac
