# Sourced by scripts/test-parse.sh and scripts/dev-server.sh: what both need to run Parse
# Server against the Instagram sandbox on this machine. A throwaway PostgreSQL cluster, and
# Parse Servers whose calls to Instagram go to the sandbox (server/reroute.cjs); everything
# listens on 127.0.0.1. The caller runs from the repository's root and stops both at exit.
#   install_server_deps                  npm install in server/ when a package is missing
#   free_port                            prints a free TCP port on 127.0.0.1
#   wait_for URL SECONDS                 waits until URL answers (any HTTP status below 400)
#   start_postgres DIR [-c NAME=VALUE...] a cluster in DIR/pg on a free port, with those server
#                                        settings: sets pg_port
#   stop_postgres                        stops it, if it was started
#   start_parse_server LOG SCRIPT CONFIG [NAME=VALUE...]
#                                        node SCRIPT CONFIG with the reroute preload and
#                                        those variables, in the background (parse_pids)
#   stop_parse_servers                   stops every one started
# shellcheck shell=bash
parse_pids=()
pg_dir="" pg_port=""
# PostgreSQL's server programs: Debian keeps them off PATH under /usr/lib/postgresql/<n>/bin;
# elsewhere (Homebrew's postgresql@15 on a Mac) pg_config or PATH finds them.
# (Each lookup may fail: the callers run under set -e and pipefail.)
pg_bin=""
if [[ -d /usr/lib/postgresql ]]; then
  pg_bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d | sort -V | tail -1)
fi
[[ -n $pg_bin ]] || pg_bin=$(pg_config --bindir 2>/dev/null) || true
[[ -n $pg_bin ]] || { initdb_path=$(command -v initdb) && pg_bin=$(dirname "$initdb_path"); } || true

# as_postgres COMMAND: PostgreSQL refuses to run as root, so root runs it as the postgres
# user (Debian's); anyone else (a developer on a Mac) runs it as themselves.
as_postgres() {
  if [[ $(id -u) == 0 ]]; then su postgres -c "$1"; else bash -c "$1"; fi
}

install_server_deps() {
  # Also when package.json gained a package since the last install (npm ls fails then).
  if ! (cd server && npm ls --depth=0 >/dev/null 2>&1); then
    (cd server && npm install --no-audit --no-fund --silent)
  fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() { # url seconds
  for _ in $(seq $(($2 * 10))); do
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

start_postgres() { # dir [-c name=value...]
  [[ -x $pg_bin/initdb ]] ||
    { echo "PostgreSQL's initdb and pg_ctl were not found: apt install postgresql, or brew install postgresql@15 and put its bin on PATH" >&2; return 1; }
  pg_dir=$1/pg
  local settings="${*:2}"
  pg_port=$(free_port)
  mkdir "$pg_dir"
  [[ $(id -u) != 0 ]] || chown postgres "$pg_dir"
  # The C locale with UTF-8 text exists everywhere (C.UTF-8 has no macOS counterpart).
  as_postgres "'$pg_bin/initdb' -D '$pg_dir' -U postgres --auth=trust -E UTF8 --locale=C" >/dev/null
  as_postgres "'$pg_bin/pg_ctl' -D '$pg_dir' -l '$pg_dir/log' -w -o '-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 $settings' start" >/dev/null
}

stop_postgres() {
  if [[ -n $pg_dir && -f $pg_dir/postmaster.pid ]]; then
    as_postgres "'$pg_bin/pg_ctl' -D '$pg_dir' -m immediate stop" >/dev/null 2>&1 || true
  fi
}

start_parse_server() { # log script config [NAME=VALUE...]
  local log=$1 script=$2 config=$3
  shift 3
  # env execs node, so $! is node's pid.
  env "$@" node --require "$PWD/server/reroute.cjs" "$script" "$config" > "$log" 2>&1 &
  parse_pids+=($!)
}

stop_parse_servers() {
  local pid
  # ${a[@]+"${a[@]}"}: macOS's bash 3.2 calls an empty array unbound under set -u.
  for pid in ${parse_pids[@]+"${parse_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${parse_pids[@]+"${parse_pids[@]}"}; do
    # parse-server sometimes ignores SIGTERM.
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  parse_pids=()
}
