#!/usr/bin/env bash
# End to end on a real Parse Server 9.10 (npm) with PostgreSQL (Debian), as a Back4App app
# is configured: Instagram's adapter with enableInsecureAuth for {id, access_token}
# authData, and server/cloud/main.js as Cloud Code holding the Instagram app secret.
# A `node --require` preload sends Parse's calls to graph.instagram.com and
# api.instagram.com to the local sandbox, so Parse's own adapter runs unmodified.
# Two more Parse Servers, with directAccess at parse-server's default (true), run the link
# tests of issue 17: one stock (no Cloud Code), one with main.js (which repairs directAccess).
# Everything listens on 127.0.0.1 and is torn down at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS

cargo build -q -p igauth
# Also when package.json gained a package since the last install (npm ls fails then).
if ! (cd server && npm ls --depth=0 >/dev/null 2>&1); then
  (cd server && npm install --no-audit --no-fund --silent)
fi

work=$(mktemp -d /tmp/igauth-parse.XXXXXX)
chmod 755 "$work"
pg_bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d | sort -V | tail -1)
parse_pids=()
source scripts/sandbox.sh
cleanup() {
  for pid in "${parse_pids[@]}"; do
    # parse-server sometimes ignores SIGTERM.
    kill "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  stop_sandboxes
  if [[ -f $work/pg/postmaster.pid ]]; then
    su postgres -c "$pg_bin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The Cloud function against a hostile Instagram (timeouts, size cap, ids, configuration),
# the callbacks' signed-request verifier against the core's, the callbacks in Meta's orders,
# and the directAccess repair on parse-server's own router.
IGAUTH=$root/target/debug/igauth node --test --test-force-exit \
  server/test/cloud.test.js server/test/signed-request.test.js server/test/callbacks-mount.test.js server/test/callbacks.test.js \
  server/test/direct-access.test.js \
  > "$work/node-test.log" 2>&1 ||
  { cat "$work/node-test.log"; exit 1; }
echo "node --test server/test: $(grep -E '^# (pass|fail)' "$work/node-test.log" | tr '\n' ' ')"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # url seconds
  for _ in $(seq $(($2 * 10))); do
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

pg_port=$(free_port)
mkdir "$work/pg" && chown postgres "$work/pg"
su postgres -c "$pg_bin/initdb -D $work/pg -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -c "$pg_bin/pg_ctl -D $work/pg -l $work/pg/log -w -o '-p $pg_port -k /tmp -c listen_addresses=127.0.0.1' start" >/dev/null
echo "postgres on 127.0.0.1:$pg_port"

sandbox_url=""
start_sandbox sandbox_url
echo "sandbox at $sandbox_url"

# parse_config NAME PORT DATABASE [EXTRA JSON MEMBERS]: the settings of a Back4App-like app.
parse_config() {
  cat > "$work/parse-$1.json" <<JSON
{
  "appId": "e2e-app-id",
  "masterKey": "e2e-master-key",
  "restAPIKey": "e2e-rest-key",
  "javascriptKey": "e2e-js-key",
  "clientKey": "e2e-client-key",
  "databaseURI": "postgres://postgres@127.0.0.1:$pg_port/$3",
  "host": "127.0.0.1",
  "port": $2,
  "mountPath": "/parse",
  "serverURL": "http://127.0.0.1:$2/parse",
  "auth": { "instagram": { "enableInsecureAuth": true } },
  ${4:+$4,}
  "logLevel": "info"
}
JSON
}

parse_port=$(free_port)
parse_url="http://127.0.0.1:$parse_port/parse"
# directAccess is off here; the link tests below also run with it on (issue 17: with
# router 2.3.0, parse-server 9.10.0's in-process routing crashes in PromiseRouter.match).
parse_config main "$parse_port" postgres "\"cloud\": \"$root/server/cloud/main.js\", \"directAccess\": false"
# Parse's file logger starts before the config is read; only the variable moves it out of the repo.
# server/test/parse-app.js is the README's self-hosted setup: Parse at /parse, Meta's
# callbacks at /instagram.
PARSE_SERVER_LOGS_FOLDER=$work/logs \
INSTAGRAM_SANDBOX_URL=$sandbox_url \
INSTAGRAM_CLIENT_ID=990602627938098 \
INSTAGRAM_CLIENT_SECRET=sandbox-app-secret-eb8c7 \
INSTAGRAM_REDIRECT_URIS=https://app.example.com/auth/,http://localhost:8765/auth/ \
INSTAGRAM_CALLBACKS_URL=http://127.0.0.1:$parse_port/instagram \
  node --require "$root/server/reroute.cjs" server/test/parse-app.js "$work/parse-main.json" \
  > "$work/parse.log" 2>&1 &
parse_pids+=($!)

# directAccess left out, so parse-server's default (true) applies, each on its own database:
# "default" has no Cloud Code, as the issue's report; "repaired" loads main.js.
link_servers=()
for name in default repaired; do
  port=$(free_port)
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "create database link_$name" >/dev/null
  cloud=""
  [[ $name == repaired ]] && cloud="\"cloud\": \"$root/server/cloud/main.js\""
  parse_config "$name" "$port" "link_$name" "$cloud"
  PARSE_SERVER_LOGS_FOLDER=$work/logs-$name INSTAGRAM_SANDBOX_URL=$sandbox_url \
    node --require "$root/server/reroute.cjs" server/node_modules/parse-server/bin/parse-server "$work/parse-$name.json" \
    > "$work/parse-$name.log" 2>&1 &
  parse_pids+=($!)
  expect="link"
  [[ $name == default ]] && expect="link-or-known-crash"
  link_servers+=("{\"name\": \"directAccess true ($name)\", \"url\": \"http://127.0.0.1:$port/parse\", \"db\": \"link_$name\", \"log\": \"$work/parse-$name.log\", \"expect\": \"$expect\"}")
done
wait_for "$parse_url/health" 60 || { tail -n 30 "$work/parse.log"; exit 1; }
for name in default repaired; do
  url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["serverURL"])' "$work/parse-$name.json")
  wait_for "$url/health" 60 || { tail -n 30 "$work/parse-$name.log"; exit 1; }
done
echo "parse-server at $parse_url, and two with directAccess true (up after $((SECONDS - started))s)"

# Issue 17 first: its tests leave the sandbox's accounts unlinked, as e2e.py expects.
link_json="[{\"name\": \"directAccess false\", \"url\": \"$parse_url\", \"db\": \"postgres\", \"log\": \"$work/parse.log\", \"expect\": \"link\"}"
link_json+=$(printf ', %s' "${link_servers[@]}")"]"
LINK_SERVERS=$link_json SANDBOX_URL=$sandbox_url PG_PORT=$pg_port IGAUTH=$root/target/debug/igauth \
  node --test --test-force-exit server/test/link.e2e.js > "$work/link-test.log" 2>&1 ||
  { cat "$work/link-test.log"; grep -hv DeprecationWarning "$work"/parse*.log | tail -n 60; exit 1; }
grep -E '^# (known|Subtest)|^# (pass|fail) ' "$work/link-test.log" | sed 's/^# /  /'

export PARSE_URL=$parse_url SANDBOX_URL=$sandbox_url PG_PORT=$pg_port IGAUTH=$root/target/debug/igauth \
  CALLBACKS_URL=http://127.0.0.1:$parse_port/instagram PARSE_LOGS="$work/parse.log:$work/logs"
python3 server/test/e2e.py || { grep -v DeprecationWarning "$work/parse.log" | tail -n 40; exit 1; }
scripts/test-kotlin.sh ParseServerTest
# The Parse Android SDK (1.17.3, Maven Central) in Robolectric: ParseInstagramUtils.
scripts/test-android-framework.sh parse
echo "Parse end to end passed in $((SECONDS - started))s"
