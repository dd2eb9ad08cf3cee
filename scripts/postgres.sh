#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: never a system service, never a shared server.
#
#   scripts/postgres.sh start [--dir DIR] [--owner-pid PID]   start it (or reuse the one running in DIR)
#   scripts/postgres.sh url   [--dir DIR]                     print its Npgsql connection string
#   scripts/postgres.sh status [--dir DIR]                    exit 0 when it runs
#   scripts/postgres.sh stop  [--dir DIR]                     stop it and delete its data
#
# DIR holds the state (default $SLUICE_POSTGRES_DIR, else ${TMPDIR:-/tmp}/sluice-test-postgres):
# the connection string in DIR/url, the cluster (data, unix socket, log) in DIR/cluster.
# With --owner-pid a detached watchdog stops the cluster in DIR once that process is gone, even
# if it was SIGKILLed: meant for a DIR of one's own (test.sh and the test fixture pass their pid).
#
# Binaries: the newest /usr/lib/postgresql/*/bin (Debian's postgresql package). initdb refuses to
# run as root, so as root the cluster belongs to the `postgres` user (runuser); otherwise to the
# current user. The superuser is called `postgres` either way.
set -euo pipefail

die() {
  printf 'postgres.sh: %s\n' "$*" >&2
  exit 1
}
say() { printf 'postgres.sh: %s\n' "$*" >&2; }

usage() {
  sed -n '2,16p' "$0" >&2
  exit 2
}

script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
command="${1:-}"
[ -n "$command" ] || usage
shift
dir="${SLUICE_POSTGRES_DIR:-${TMPDIR:-/tmp}/sluice-test-postgres}"
owner_pid=""
while (($#)); do
  case "$1" in
    --dir) dir="${2:?--dir needs a directory}" && shift 2 ;;
    --owner-pid) owner_pid="${2:?--owner-pid needs a pid}" && shift 2 ;;
    *) usage ;;
  esac
done
[[ -z "$owner_pid" || "$owner_pid" =~ ^[0-9]+$ ]] || die "--owner-pid takes a number, not '$owner_pid'"
dir="$(realpath -m "$dir")"
cluster="$dir/cluster"
data="$cluster/data"
socket_dir="$cluster/sock"
log_file="$cluster/postgres.log"
url_file="$dir/url"

find_bin() {
  local found
  found="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)"
  [ -n "$found" ] || die "initdb not found under /usr/lib/postgresql/*/bin: apt-get install postgresql"
  dirname "$found"
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves. From / so
# that the postgres user never needs to read the caller's working directory; without fd 9 (the
# lock) so that a server started here does not hold the lock for its whole life.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@") 9>&-
  else
    (cd / && "$@") 9>&-
  fi
}

is_running() {
  [ -f "$url_file" ] && [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    # Nothing accepts a connection there: free, unless someone binds it first (start retries).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free TCP port found on 127.0.0.1"
}

stop_cluster() {
  if [ -f "$data/postmaster.pid" ]; then
    if ! as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w -t 30 >/dev/null 2>&1; then
      # A server that does not stop in 30 s is killed: a stray postgres is worse than a lost test db.
      local pid
      pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
      [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$url_file"
  rm -rf "$cluster"
}

init_cluster() {
  rm -rf "$cluster"
  mkdir -p "$cluster"
  chmod 700 "$cluster"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the cluster as: apt-get install postgresql"
    chown postgres: "$cluster"
    # The postgres user must reach DIR (a private TMPDIR under /root would hide it).
    chmod 755 "$dir"
    as_owner test -w "$cluster" ||
      die "the postgres user cannot write to $cluster: use --dir (or SLUICE_POSTGRES_DIR) under /tmp"
  fi
  # Trust authentication: a throwaway cluster for tests, listening on 127.0.0.1 and on a socket
  # inside its own directory only. Durability settings (fsync, synchronous_commit) stay at their
  # defaults so the engine is tested against a realistic server.
  if ! as_owner "$bin/initdb" -D "$data" --username=postgres --auth=trust \
    --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed (log above)"
  fi
  rm -f "$dir/initdb.log"
  as_owner mkdir -p "$socket_dir"
  # Several node processes, each with its own connection pool, share one cluster in the e2e tests.
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# scripts/postgres.sh: a private cluster for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$socket_dir'
max_connections = 300
EOF
}

start_cluster() {
  local port started
  started="$(date +%s%N)"
  init_cluster
  # Two clusters started at once can pick the same free port: the loser retries on another one.
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" start -D "$data" -l "$log_file" -o "-p $port" -w -t 60 >/dev/null 2>&1; then
      printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=postgres\n' "$port" >"$url_file"
      say "started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port in $((($(date +%s%N) - started) / 1000000)) ms ($cluster)"
      return
    fi
    if ! grep -q 'could not bind\|Address already in use' "$log_file" 2>/dev/null || ((attempt == 5)); then
      tail -n 20 "$log_file" >&2 2>/dev/null || true
      stop_cluster
      die "pg_ctl start failed (log above)"
    fi
    as_owner rm -f "$log_file"
  done
}

# Stops the cluster in DIR once the owner process is gone (and exits early when DIR is deleted).
# Started before the cluster, so that an owner killed during the start (taking this script down
# with it, e.g. by SIGPIPE on a closed stderr) still gets its cluster stopped: `stop` waits for the
# lock, that is for a start still under way. Its own session and no inherited streams or lock:
# killing the owner's process group does not take it along, and a caller reading this script's
# output to its end is not kept waiting.
start_watchdog() {
  setsid bash -c '
    while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
    [ -d "$2" ] || exit 0
    bash "$0" stop --dir "$2"
    rm -f "$2/lock" && rmdir "$2"
  ' "$script" "$owner_pid" "$dir" </dev/null >/dev/null 2>&1 9>&- &
}

bin="$(find_bin)"
case "$command" in
  start)
    mkdir -p "$dir"
    [ -z "$owner_pid" ] || start_watchdog
    # One starter at a time per DIR: a second `start` waits, then reuses the first one's cluster.
    exec 9>"$dir/lock"
    flock 9
    if is_running; then
      say "reusing the running cluster ($(cat "$url_file"))"
    else
      stop_cluster # leftovers of a cluster that died (reboot, SIGKILL)
      start_cluster
    fi
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    exec 9>"$dir/lock"
    flock 9
    stop_cluster
    ;;
  status)
    is_running
    ;;
  url)
    is_running || die "no cluster running in $dir: scripts/postgres.sh start first"
    cat "$url_file"
    ;;
  *) usage ;;
esac
