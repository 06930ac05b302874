#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suite and
# prints its DATABASE_URL. Uses Debian's PostgreSQL (apt-get install postgresql).
# fsync is off, which makes the tests faster and loses data on a power cut;
# POSTGRES_FSYNC=on starts a server that flushes like a deployment's, for the
# benchmarks. The setting applies when the server starts.
#
# When another program listens on PORT, the server takes the first free port
# of the ten after it, and the printed URL names that port. When the server
# fails to start, the end of its log goes to stderr. After a shared memory
# error it tries once more with less shared memory.
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
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1024 ] || [ "$port" -gt 65525 ]; then
  echo "invalid port \"$port\": use a number from 1024 to 65525" >&2
  exit 2
fi
# A leading zero would make bash arithmetic read the port as octal.
port=$((10#$port))
first_port=$port

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

port_in_use() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

url_for() {
  echo "postgresql://rollcall@127.0.0.1:$1/postgres"
}

case "$action" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      if ! as_owner "$bin/initdb" -D "$dir" -U rollcall --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$dir.initdb.log" 2>&1; then
        echo "initdb failed for $dir. Its output:" >&2
        tail -n 40 "$dir.initdb.log" >&2
        exit 1
      fi
    fi
    if as_owner "$bin/pg_ctl" -D "$dir" status > /dev/null 2>&1; then
      # Already running: line 4 of postmaster.pid is the port it listens on.
      url_for "$(sed -n 4p "$dir/postmaster.pid")"
      exit 0
    fi
    last=$((port + 10))
    while [ "$port" -le "$last" ]; do
      if port_in_use "$port"; then
        echo "port $port is in use; trying $((port + 1))" >&2
        port=$((port + 1))
        continue
      fi
      if as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=$fsync -c max_connections=200" start > /dev/null 2>&1; then
        url_for "$port"
        exit 0
      fi
      if tail -n 20 "$dir/server.log" | grep -q "could not bind"; then
        # Another program took the port between the check and the start.
        port=$((port + 1))
        continue
      fi
      echo "PostgreSQL failed to start in $dir. The end of $dir/server.log:" >&2
      tail -n 40 "$dir/server.log" >&2
      # Shared memory limits in some containers (a small /dev/shm, say) may stop
      # the defaults, so the second try uses little shared memory, kept in files.
      tail -n 20 "$dir/server.log" | grep -qi "shared memory" || exit 1
      echo "trying again with small shared memory kept in the data directory" >&2
      if as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server-retry.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=$fsync -c max_connections=200 -c shared_buffers=32MB -c huge_pages=off -c dynamic_shared_memory_type=mmap" start > /dev/null 2>&1; then
        url_for "$port"
        exit 0
      fi
      echo "PostgreSQL failed to start on the second try too. The end of $dir/server-retry.log:" >&2
      tail -n 40 "$dir/server-retry.log" >&2
      exit 1
    done
    echo "no free port from $first_port to $last for PostgreSQL" >&2
    exit 1
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast stop > /dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT]" >&2
    exit 2
    ;;
esac
