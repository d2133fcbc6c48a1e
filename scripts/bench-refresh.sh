#!/usr/bin/env bash
# The refresh job with USERS (default 10,000) Instagram users on Parse Server 9.10 and
# PostgreSQL: time, database statements (pg_stat_statements) and Instagram calls per user
# for one run that renews every token, and for a run with nothing due. The sandbox plays
# Instagram (a seed of USERS accounts; its clock ages the tokens). Figures: BENCHMARKS.md.
#   scripts/bench-refresh.sh            (about 10 minutes on 2 cores)
#   USERS=500 scripts/bench-refresh.sh  (a quick look)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
users=${USERS:-10000}

cargo build -q -p igauth
# shellcheck source=scripts/lib/parse-server.sh
source scripts/lib/parse-server.sh
install_server_deps
work=$(mktemp -d /tmp/igauth-refresh-bench.XXXXXX)
chmod 755 "$work"
source scripts/sandbox.sh
cleanup() {
  stop_parse_servers
  stop_sandboxes
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

start_postgres "$work" -c shared_preload_libraries=pg_stat_statements
psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'create extension pg_stat_statements' >/dev/null

# A sandbox seed with one Instagram app and `users` accounts.
python3 - "$users" > "$work/seed.json" <<'PY'
import json, sys
users = int(sys.argv[1])
print(json.dumps({
    "apps": [{"client_id": "990602627938098", "client_secret": "sandbox-app-secret-eb8c7",
              "redirect_uris": ["https://app.example.com/auth/"]}],
    "users": [{"id": f"1784140{i:010d}", "ig_user_id": f"1784100{i:010d}", "username": f"bench.{i}",
               "name": f"Bench {i}", "account_type": "BUSINESS"} for i in range(users)],
}))
PY
sandbox_url=""
start_sandbox sandbox_url --config "$work/seed.json"

port=$(free_port)
cat > "$work/parse.json" <<JSON
{
  "appId": "bench-app-id", "masterKey": "bench-master-key", "restAPIKey": "bench-rest-key",
  "databaseURI": "postgres://postgres@127.0.0.1:$pg_port/postgres",
  "host": "127.0.0.1", "port": $port, "mountPath": "/parse", "serverURL": "http://127.0.0.1:$port/parse",
  "cloud": "$root/server/cloud/main.js",
  "auth": { "instagram": { "enableInsecureAuth": true } },
  "logLevel": "warn"
}
JSON
start_parse_server "$work/parse.log" server/node_modules/parse-server/bin/parse-server "$work/parse.json" \
  PARSE_SERVER_LOGS_FOLDER="$work/logs" INSTAGRAM_SANDBOX_URL="$sandbox_url" INSTAGRAM_CLIENT_ID=990602627938098 \
  INSTAGRAM_CLIENT_SECRET=sandbox-app-secret-eb8c7 INSTAGRAM_REDIRECT_URIS=https://app.example.com/auth/ \
  INSTAGRAM_TOKEN_KEY="$(head -c 32 /dev/urandom | base64)" INSTAGRAM_REFRESH_PAUSE_MS=0 INSTAGRAM_REFRESH_MAX_RUN_MS=3600000
wait_for "http://127.0.0.1:$port/parse/health" 120 || { tail -n 20 "$work/parse.log" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), node $(node --version), $(psql --version)"
USERS=$users PARSE_URL=http://127.0.0.1:$port/parse SANDBOX_URL=$sandbox_url PG_PORT=$pg_port \
  node server/test/refresh-bench.js || { cat "$work"/logs/*err* 2>/dev/null | tail -n 40; exit 1; }
