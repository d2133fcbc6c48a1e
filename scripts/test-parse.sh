#!/usr/bin/env bash
# End to end on a real Parse Server 9.10 (npm) with PostgreSQL (Debian). The main server is
# the strongest self-hosted setup on stock 9.10: server/cloud/main.js as Cloud Code holding
# the Instagram app secret, and server/instagram-auth-module.js as the `instagram` provider
# (no enableInsecureAuth; tokens bound to our exchange on every sign-in).
# A `node --require` preload sends Parse's calls to graph.instagram.com and
# api.instagram.com to the local sandbox, so Parse's own adapter runs unmodified.
# Two more Parse Servers, with directAccess at parse-server's default (true), run the link
# tests of issue 17: one stock (no Cloud Code), one configured as Back4App allows (main.js,
# enableInsecureAuth), where the binding and its migration are also tested.
# A fourth runs a copy of parse-server patched with server/upstream/instagram-code-flow.lib.patch:
# sign-in with {code, redirect_uri} alone (issue 26).
# A fifth, with main.js, talks to a sandbox in `--reply-shape flat` (e2e_flat.py): the token
# reply Parse's adapter is written for, its user_id a JSON number above 2^53.
# Everything listens on 127.0.0.1 and is torn down at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS

source scripts/sandbox.sh
# shellcheck source=scripts/lib/parse-server.sh
source scripts/lib/parse-server.sh

cargo build -q -p igauth
install_server_deps

work=$(mktemp -d /tmp/igauth-parse.XXXXXX)
chmod 755 "$work"
cleanup() {
  stop_parse_servers
  stop_sandboxes
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

# The Cloud function against a hostile Instagram (timeouts, size cap, ids, configuration),
# the callbacks' signed-request verifier against the core's, the callbacks in Meta's orders,
# and the directAccess repair on parse-server's own router.
IGAUTH=$root/target/debug/igauth node --test --test-force-exit \
  server/test/cloud.test.js server/test/signed-request.test.js server/test/callbacks-mount.test.js server/test/callbacks.test.js \
  server/test/direct-access.test.js server/test/refresh-job.test.js \
  > "$work/node-test.log" 2>&1 ||
  { cat "$work/node-test.log"; exit 1; }
echo "node --test server/test: $(grep -E '^# (pass|fail)' "$work/node-test.log" | tr '\n' ' ')"

start_postgres "$work"
echo "postgres on 127.0.0.1:$pg_port"

sandbox_url=""
start_sandbox sandbox_url
# The flat token reply ({"access_token", "user_id": <number>, "permissions": [...]}) gets a
# sandbox and a Parse Server of its own (e2e_flat.py).
flat_reply_sandbox_url=""
start_sandbox flat_reply_sandbox_url --reply-shape flat
echo "sandbox at $sandbox_url, and one with the flat reply at $flat_reply_sandbox_url"

# parse_config NAME PORT DATABASE [EXTRA JSON MEMBERS]: the settings of a Back4App-like app.
# AUTH (environment) replaces the `instagram` provider's settings. Parse logs Cloud functions'
# and triggers' parameters and results at info, codes and tokens among them: logLevels keeps
# them out of the logs (issue 26).
parse_config() {
  local auth=${AUTH:-'{ "enableInsecureAuth": true }'}
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
  "auth": { "instagram": $auth },
  ${4:+$4,}
  "logLevel": "info",
  "logLevels": { "cloudFunctionSuccess": "silent", "cloudFunctionError": "silent", "triggerBeforeSuccess": "silent",
                 "triggerBeforeError": "silent", "triggerAfter": "silent" }
}
JSON
}

parse_port=$(free_port)
parse_url="http://127.0.0.1:$parse_port/parse"
# directAccess is off here; the link tests below also run with it on (issue 17: with
# router 2.3.0, parse-server 9.10.0's in-process routing crashes in PromiseRouter.match).
AUTH="{ \"module\": \"$root/server/instagram-auth-module.js\" }" \
  parse_config main "$parse_port" postgres "\"cloud\": \"$root/server/cloud/main.js\", \"directAccess\": false"
# The key of the record of issued tokens (server/cloud/token-store.js): new for each run.
token_key=$(head -c 32 /dev/urandom | base64)
instagram_env=(INSTAGRAM_SANDBOX_URL="$sandbox_url" INSTAGRAM_CLIENT_ID=990602627938098
  INSTAGRAM_CLIENT_SECRET=sandbox-app-secret-eb8c7 "INSTAGRAM_REDIRECT_URIS=https://app.example.com/auth/,http://localhost:8765/auth/"
  INSTAGRAM_TOKEN_KEY="$token_key" INSTAGRAM_REFRESH_PAUSE_MS=0)
# Parse's file logger starts before the config is read; only the variable moves it out of the repo.
# server/test/parse-app.js is the README's self-hosted setup: Parse at /parse, Meta's
# callbacks at /instagram.
start_parse_server "$work/parse.log" server/test/parse-app.js "$work/parse-main.json" \
  PARSE_SERVER_LOGS_FOLDER="$work/logs" "${instagram_env[@]}" INSTAGRAM_CALLBACKS_URL="http://127.0.0.1:$parse_port/instagram"

# directAccess left out, so parse-server's default (true) applies, each on its own database:
# "default" has no Cloud Code, as the issue's report; "repaired" loads main.js.
link_servers=()
for name in default repaired; do
  port=$(free_port)
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "create database link_$name" >/dev/null
  cloud=""
  [[ $name == repaired ]] && cloud="\"cloud\": \"$root/server/cloud/main.js\""
  parse_config "$name" "$port" "link_$name" "$cloud"
  [[ $name == repaired ]] && b4a_url="http://127.0.0.1:$port/parse"
  start_parse_server "$work/parse-$name.log" server/node_modules/parse-server/bin/parse-server "$work/parse-$name.json" \
    PARSE_SERVER_LOGS_FOLDER="$work/logs-$name" "${instagram_env[@]}"
  expect="link" exchange=true
  [[ $name == default ]] && expect="link-or-known-crash" exchange=false
  link_servers+=("{\"name\": \"directAccess true ($name)\", \"url\": \"http://127.0.0.1:$port/parse\", \"db\": \"link_$name\", \"log\": \"$work/parse-$name.log\", \"expect\": \"$expect\", \"exchange\": $exchange}")
done
# The flat reply's server: main.js as Cloud Code, rerouted to the flat sandbox.
flat_port=$(free_port)
flat_url="http://127.0.0.1:$flat_port/parse"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "create database flat" >/dev/null
parse_config flat "$flat_port" flat "\"cloud\": \"$root/server/cloud/main.js\", \"directAccess\": false"
start_parse_server "$work/parse-flat.log" server/node_modules/parse-server/bin/parse-server "$work/parse-flat.json" \
  PARSE_SERVER_LOGS_FOLDER="$work/logs-flat" "${instagram_env[@]}" INSTAGRAM_SANDBOX_URL="$flat_reply_sandbox_url"

# The upstream fix of the code flow, on a copy of the installed parse-server (node_modules is
# left as npm installed it): clientId, clientSecret and the allowed redirect URIs, nothing else.
# Its dependencies are the installed ones, linked next to it (NODE_PATH does not reach import()).
patched=$work/patched/node_modules
mkdir -p "$patched" && cp -a server/node_modules/parse-server "$patched/"
patch -s -p1 -d "$patched/parse-server" < server/upstream/instagram-code-flow.lib.patch
for installed in "$root"/server/node_modules/*; do
  [[ ${installed##*/} == parse-server ]] || ln -s "$installed" "$patched/"
done
patched_port=$(free_port)
psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "create database patched" >/dev/null
AUTH='{ "clientId": "990602627938098", "clientSecret": "sandbox-app-secret-eb8c7", "redirectUris": ["https://app.example.com/auth/"] }' \
  parse_config patched "$patched_port" patched
start_parse_server "$work/parse-patched.log" "$patched/parse-server/bin/parse-server" "$work/parse-patched.json" \
  PARSE_SERVER_LOGS_FOLDER="$work/logs-patched" INSTAGRAM_SANDBOX_URL="$sandbox_url"
flat_sandbox_url="" legacy_sandbox_url=""
start_sandbox flat_sandbox_url --reply-shape basic-display
start_sandbox legacy_sandbox_url --reply-shape legacy

wait_for "$parse_url/health" 60 || { tail -n 30 "$work/parse.log"; exit 1; }
wait_for "http://127.0.0.1:$patched_port/parse/health" 60 || { tail -n 30 "$work/parse-patched.log"; exit 1; }
wait_for "$flat_url/health" 60 || { tail -n 30 "$work/parse-flat.log"; exit 1; }
for name in default repaired; do
  url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["serverURL"])' "$work/parse-$name.json")
  wait_for "$url/health" 60 || { tail -n 30 "$work/parse-$name.log"; exit 1; }
done
echo "parse-server at $parse_url, two with directAccess true, a patched one and one on the flat reply (up after $((SECONDS - started))s)"

# Issue 17 first: its tests leave the sandbox's accounts unlinked, as e2e.py expects.
# Servers with main.js take only tokens from their own exchange (Cloud function instagramExchange).
link_json="[{\"name\": \"directAccess false\", \"url\": \"$parse_url\", \"db\": \"postgres\", \"log\": \"$work/parse.log\", \"expect\": \"link\", \"exchange\": true}"
link_json+=$(printf ', %s' "${link_servers[@]}")"]"
LINK_SERVERS=$link_json SANDBOX_URL=$sandbox_url PG_PORT=$pg_port IGAUTH=$root/target/debug/igauth \
  node --test --test-force-exit server/test/link.e2e.js > "$work/link-test.log" 2>&1 ||
  { cat "$work/link-test.log"; grep -hv DeprecationWarning "$work"/parse*.log | tail -n 60; exit 1; }
grep -E '^# (known|Subtest)|^# (pass|fail) ' "$work/link-test.log" | sed 's/^# /  /'

export PARSE_URL=$parse_url SANDBOX_URL=$sandbox_url PG_PORT=$pg_port IGAUTH=$root/target/debug/igauth \
  CALLBACKS_URL=http://127.0.0.1:$parse_port/instagram PARSE_LOGS="$work/parse.log:$work/logs"
python3 server/test/e2e.py || { grep -v DeprecationWarning "$work/parse.log" | tail -n 40; exit 1; }
PARSE_URL=$flat_url SANDBOX_URL=$flat_reply_sandbox_url FLAT_DB=flat PARSE_LOGS="$work/parse-flat.log:$work/logs-flat" \
  python3 server/test/e2e_flat.py || { grep -v DeprecationWarning "$work/parse-flat.log" | tail -n 40; exit 1; }
scripts/test-kotlin.sh ParseServerTest

# Issue 26, after e2e.py (these move the sandbox's clock by weeks): binding, migration, the
# refresh job; then the patched server's code flow.
PARSE_URL=$parse_url B4A_URL=$b4a_url B4A_DB=link_repaired SANDBOX_URL=$sandbox_url PG_PORT=$pg_port IGAUTH=$root/target/debug/igauth \
  PARSE_LOGS="$work/parse.log:$work/logs:$work/parse-repaired.log:$work/logs-repaired" \
  node --test --test-force-exit server/test/binding.e2e.js > "$work/binding-test.log" 2>&1 ||
  { cat "$work/binding-test.log"; grep -hv DeprecationWarning "$work/parse.log" | tail -n 60; exit 1; }
echo "binding and refresh job: $(grep -E '^# (pass|fail)' "$work/binding-test.log" | tr '\n' ' ')"
PATCHED_URL=http://127.0.0.1:$patched_port/parse PATCHED_ADAPTER=$patched/parse-server/lib/Adapters/Auth/instagram.js \
  PATCHED_LOGS="$work/parse-patched.log:$work/logs-patched" PATCHED_DB=patched SANDBOX_URL=$sandbox_url \
  FLAT_SANDBOX_URL=$flat_sandbox_url LEGACY_SANDBOX_URL=$legacy_sandbox_url PG_PORT=$pg_port IGAUTH=$root/target/debug/igauth \
  node --test --test-force-exit server/test/code-flow.e2e.js > "$work/code-flow-test.log" 2>&1 ||
  { cat "$work/code-flow-test.log"; grep -hv DeprecationWarning "$work/parse-patched.log" | tail -n 60; exit 1; }
echo "code flow on patched parse-server: $(grep -E '^# (pass|fail)' "$work/code-flow-test.log" | tr '\n' ' ')"
# The same through the Kotlin bindings: CodeGrant.parseAuthData() logs in to the patched server.
PATCHED_URL=http://127.0.0.1:$patched_port/parse scripts/test-kotlin.sh ParseCodeFlowTest
# Last: it leaves sandbox.business linked to a password user, which binding.e2e.js expects unlinked.
# The Parse Android SDK (1.17.3, Maven Central) in Robolectric: ParseInstagramUtils.
scripts/test-android-framework.sh parse
echo "Parse end to end passed in $((SECONDS - started))s"
