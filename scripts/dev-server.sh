#!/usr/bin/env bash
# The backend of the demos' sandbox mode, on this machine: the Instagram sandbox and a
# Parse Server 9.10 (PostgreSQL) whose Cloud Code (server/cloud/main.js) and Instagram
# adapter talk to the sandbox instead of Instagram (server/reroute.cjs, as in
# scripts/test-parse.sh), so a demo on a simulator or emulator finishes a whole sign-in:
# consent on the sandbox, the code exchanged by the Cloud function, the Parse login.
#   scripts/dev-server.sh            serve until Ctrl-C
#   scripts/dev-server.sh --check    start (on free ports), run the demo's sign-in once over HTTP, stop
# Both listen on 127.0.0.1, which the iOS simulator shares, and which an Android emulator or
# a phone on USB reaches as 127.0.0.1 after `adb reverse tcp:8910 tcp:8910` and
# `adb reverse tcp:1337 tcp:1337` (not as the emulator's 10.0.2.2: the library takes plain
# http only to loopback). Ports: IGAUTH_SANDBOX_PORT (8910),
# PARSE_PORT (1337). The printed settings are what the demos' sandbox configs take.
# Development only: the Parse keys are fixed, well-known values.
# Needs Rust, Node 20 and PostgreSQL's server programs: on Debian/Ubuntu as root
# (scripts/install-deps.sh); on a Mac as yourself, with `brew install node@20 postgresql@15`
# and postgresql@15's bin on PATH (its initdb and pg_ctl; no database server need be running:
# this starts a throwaway one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=scripts/lib/parse-server.sh
source scripts/lib/parse-server.sh
# --check (CI) takes free ports unless told otherwise: other servers may hold the usual ones.
default_sandbox_port=8910 default_parse_port=1337
[[ ${1:-} == --check ]] && default_sandbox_port=$(free_port) default_parse_port=$(free_port)
sandbox_port=${IGAUTH_SANDBOX_PORT:-$default_sandbox_port}
parse_port=${PARSE_PORT:-$default_parse_port}
# The keys the demos' sandbox configs hold (android-demo's DemoConfig; scripts/test-parse.sh's).
app_id=e2e-app-id client_key=e2e-client-key
# The sandbox's test app (igauth sandbox prints it) and the redirect URIs the demos use there.
client_id=990602627938098 client_secret=sandbox-app-secret-eb8c7
redirect_uris=igauthdemo://auth/callback,https://app.example.com/auth/

cargo build -q -p igauth
install_server_deps

work=$(mktemp -d /tmp/igauth-dev.XXXXXX)
chmod 755 "$work"
sandbox_pid=""
cleanup() {
  [[ -n $sandbox_pid ]] && kill "$sandbox_pid" 2>/dev/null
  stop_parse_servers
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

# On the fixed port the demos' configs name (scripts/sandbox.sh's start_sandbox takes a free one).
target/debug/igauth sandbox --port "$sandbox_port" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
sandbox_url=http://127.0.0.1:$sandbox_port/
wait_for "$sandbox_url" 20 || { cat "$work/sandbox.log" >&2; exit 1; }

start_postgres "$work"

# As a Back4App app: the Instagram adapter takes {id, access_token} authData and checks the
# token against graph.instagram.com (here the sandbox); the client key is what the demos send.
cat > "$work/parse.json" <<JSON
{
  "appId": "$app_id",
  "clientKey": "$client_key",
  "masterKey": "igauth-dev-master-key-$RANDOM$RANDOM",
  "databaseURI": "postgres://postgres@127.0.0.1:$pg_port/postgres",
  "host": "127.0.0.1",
  "port": $parse_port,
  "mountPath": "/parse",
  "serverURL": "http://127.0.0.1:$parse_port/parse",
  "cloud": "$root/server/cloud/main.js",
  "directAccess": false,
  "auth": { "instagram": { "enableInsecureAuth": true } },
  "logLevel": "warn"
}
JSON
# The key of the record of issued tokens (server/cloud/token-store.js), new for each run.
start_parse_server "$work/parse.log" server/node_modules/parse-server/bin/parse-server "$work/parse.json" \
  PARSE_SERVER_LOGS_FOLDER="$work/logs" INSTAGRAM_SANDBOX_URL="$sandbox_url" INSTAGRAM_TOKEN_KEY="$(head -c 32 /dev/urandom | base64)" \
  INSTAGRAM_CLIENT_ID="$client_id" INSTAGRAM_CLIENT_SECRET="$client_secret" INSTAGRAM_REDIRECT_URIS="$redirect_uris"
parse_url=http://127.0.0.1:$parse_port/parse
wait_for "$parse_url/health" 60 || { tail -n 30 "$work/parse.log" >&2; exit 1; }

if [[ ${1:-} == --check ]]; then
  # What a demo does in sandbox mode, over HTTP: the consent page ("Allow" as its first test
  # user), the redirect to the app's scheme, the Cloud function's exchange with
  # the client key, then the Parse login with the authData, and the same login again.
  python3 - "$sandbox_url" "$parse_url" "$app_id" "$client_key" "$client_id" <<'PY'
import json, re, secrets, sys, urllib.error, urllib.parse, urllib.request
sandbox, parse, app_id, client_key, client_id = sys.argv[1:]
redirect = "igauthdemo://auth/callback"
state = secrets.token_urlsafe(32)

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None

opener = urllib.request.build_opener(NoRedirect)
authorize = urllib.parse.urlencode({"client_id": client_id, "redirect_uri": redirect, "response_type": "code",
                                    "scope": "instagram_business_basic", "state": state})
page = opener.open(sandbox + "oauth/authorize?" + authorize).read().decode()
consent_id = re.search(r'name="consent" value="([^"]+)"', page).group(1)
user = re.search(r'<option value="([^"]+)"', page).group(1)
consent = urllib.parse.urlencode({"consent": consent_id, "user": user, "decision": "allow"})
try:
    opener.open(urllib.request.Request(sandbox + "oauth/authorize/consent", data=consent.encode(), method="POST"))
    sys.exit("the sandbox's consent did not redirect to the app")
except urllib.error.HTTPError as redirect_reply:
    location = redirect_reply.headers["Location"]
assert location.startswith(redirect), location
query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
assert query["state"] == [state], location
code = query["code"][0].removesuffix("#_")

def call(path, body):
    request = urllib.request.Request(parse + path, data=json.dumps(body).encode(), method="POST", headers={
        "X-Parse-Application-Id": app_id, "X-Parse-Client-Key": client_key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as reply:
        return reply.status, json.load(reply)

_, exchanged = call("/functions/instagramExchange", {"code": code, "redirect_uri": redirect})
token = exchanged["result"]
auth_data = {"instagram": {"id": str(token["user_id"]), "access_token": token["access_token"]}}
status, user = call("/users", {"authData": auth_data})
assert status == 201 and user.get("sessionToken"), (status, user)
status, again = call("/users", {"authData": auth_data})
assert status == 200 and again["objectId"] == user["objectId"], (status, again)
print(f"dev server: sign-in completed: Parse user {user['objectId']} for Instagram user {token['user_id']}")
PY
  exit 0
fi

cat <<EOF
Development backend for the demos' sandbox mode (Ctrl-C stops it; nothing is kept):
  Instagram sandbox    http://127.0.0.1:$sandbox_port/
  Parse Server         http://127.0.0.1:$parse_port/parse
  iOS simulator: these addresses. Android: these after
    adb reverse tcp:$sandbox_port tcp:$sandbox_port && adb reverse tcp:$parse_port tcp:$parse_port
  Parse app id         $app_id
  Parse client key     $client_key
  Instagram app id     $client_id (the sandbox's test app); redirect URI igauthdemo://auth/callback
  Cloud function       instagramExchange (server/cloud/main.js), talking to the sandbox
Logs: $work/sandbox.log, $work/parse.log
EOF
wait "$sandbox_pid"
