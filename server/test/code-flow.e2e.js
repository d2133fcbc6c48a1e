// The secure code flow fixed for upstream (server/upstream/instagram-code-flow.lib.patch on
// a copy of parse-server 9.10.0): an app signs in with the grant alone, {code, redirect_uri}
// as authData, and Parse does the exchange: no Cloud function, no enableInsecureAuth.
// Started by scripts/test-parse.sh:
//   PATCHED_URL (the patched server: auth.instagram {clientId, clientSecret, redirectUris},
//   no Cloud Code), PATCHED_ADAPTER (its lib/Adapters/Auth/instagram.js), PATCHED_LOGS,
//   SANDBOX_URL, FLAT_SANDBOX_URL (Basic Display's flat reply), LEGACY_SANDBOX_URL (the
//   original API's reply), PG_PORT, PATCHED_DB, IGAUTH
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { test } = require('node:test');

const { consent, readLogs } = require('./e2e-support.js');

const { PATCHED_URL, PATCHED_ADAPTER, PATCHED_LOGS, SANDBOX_URL, FLAT_SANDBOX_URL, LEGACY_SANDBOX_URL, PG_PORT, PATCHED_DB } = process.env;
const KEYS = { 'X-Parse-Application-Id': 'e2e-app-id', 'X-Parse-REST-API-Key': 'e2e-rest-key', 'Content-Type': 'application/json' };
const APP = { clientId: '990602627938098', redirect: 'https://app.example.com/auth/' };
const SECOND_APP = { clientId: '1398027451263047', redirect: 'https://second.example.com/auth/' };
const CREATOR_ID = '17841405793187219';
const SEEN = new Set();

// What the app holds after the redirect: the core's checked CodeGrant, {code, redirect_uri}.
async function grant(sandbox = SANDBOX_URL, app = APP, user = 'sandbox.creator') {
  const code = await consent(sandbox, app, user);
  SEEN.add(code);
  return { code, redirect_uri: app.redirect };
}

async function logIn(authData) {
  const response = await fetch(`${PATCHED_URL}/users`, { method: 'POST', headers: KEYS, body: JSON.stringify({ authData: { instagram: authData } }) });
  return { status: response.status, body: await response.json() };
}

function storedInstagram(objectId) {
  assert.match(objectId, /^[A-Za-z0-9]+$/);
  return JSON.parse(execFileSync('psql', ['-h', '127.0.0.1', '-p', PG_PORT, '-U', 'postgres', '-d', PATCHED_DB, '-At', '-c',
    `select "authData"->'instagram' from "_User" where "objectId" = '${objectId}'`], { encoding: 'utf8' }));
}

let userId;
test('an app signs up with the grant alone; Parse exchanges the code and takes the id from Instagram', async () => {
  const signUp = await logIn(await grant());
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  userId = signUp.body.objectId;
  const stored = storedInstagram(userId);
  assert.equal(stored.id, CREATOR_ID);
  assert.match(stored.access_token, /^IGAA/);
  assert.deepEqual(Object.keys(stored).sort(), ['access_token', 'id']);
  SEEN.add(stored.access_token);
  // What clients see of it: the id only.
  const me = await fetch(`${PATCHED_URL}/users/me`, { headers: { ...KEYS, 'X-Parse-Session-Token': signUp.body.sessionToken } });
  assert.deepEqual((await me.json()).authData.instagram, { id: CREATOR_ID });
});

test('a second sign-in with a new grant finds the same user', async () => {
  const again = await logIn(await grant());
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.objectId, userId);
});

test('refused: a redirect URI the server does not allow, a spent code, another app\'s code, a wrong id', async () => {
  const fresh = await grant();
  const elsewhere = await logIn({ ...fresh, redirect_uri: 'https://attacker.example/auth/' });
  assert.deepEqual([elsewhere.status, elsewhere.body], [404, { code: 101, error: 'Instagram auth is invalid: this redirect_uri is not allowed.' }]);
  const used = await grant();
  assert.equal((await logIn(used)).status, 200);
  const spent = await logIn(used);
  assert.deepEqual([spent.status, spent.body], [404, { code: 101, error: 'Matching code was not found or was already used' }]);
  const foreign = await logIn(await grant(SANDBOX_URL, SECOND_APP));
  assert.deepEqual([foreign.status, foreign.body.code], [404, 101], JSON.stringify(foreign.body));
  const wrongId = await logIn({ ...(await grant()), id: '17841400000000000' });
  assert.deepEqual([wrongId.status, wrongId.body], [404, { code: 101, error: 'Instagram auth is invalid for this user.' }]);
});

test('without enableInsecureAuth, {id, access_token} is refused', async () => {
  const token = storedInstagram(userId).access_token;
  const refused = await logIn({ id: CREATOR_ID, access_token: token });
  assert.deepEqual([refused.status, refused.body], [400, { code: 142, error: 'Instagram code is required.' }]);
});

// The adapter in this process, its calls to Instagram sent to a given sandbox.
async function exchangeIn(sandbox) {
  global.Parse = require('parse/node');
  const adapter = new (require(PATCHED_ADAPTER).default.constructor)();
  adapter.validateOptions({ clientId: APP.clientId, clientSecret: 'sandbox-app-secret-eb8c7', redirectUris: [APP.redirect] });
  const authData = await grant(sandbox);
  const realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) => {
    const parsed = new URL(url);
    assert.ok(['api.instagram.com', 'graph.instagram.com'].includes(parsed.hostname), parsed.hostname);
    return realFetch(new URL(parsed.pathname.slice(1) + parsed.search, sandbox), init);
  };
  try {
    await adapter.beforeFind(authData);
    SEEN.add(authData.access_token);
    return authData;
  } finally {
    globalThis.fetch = realFetch;
  }
}

test("the adapter reads Instagram's flat replies too (Basic Display's and the original API's)", async () => {
  for (const sandbox of [FLAT_SANDBOX_URL, LEGACY_SANDBOX_URL]) {
    const authData = await exchangeIn(sandbox);
    assert.equal(authData.id, CREATOR_ID);
    assert.match(authData.access_token, /^IGAA/);
    assert.deepEqual(Object.keys(authData).sort(), ['access_token', 'id']);
  }
});

test('no code or token in the patched server\'s logs', () => {
  const everything = readLogs(PATCHED_LOGS);
  assert.match(everything, /Matching code was not found/, 'the logs were not found');
  for (const secret of [...SEEN, 'sandbox-app-secret-eb8c7']) {
    assert.ok(!everything.includes(secret), `a code or token reached the logs: ${secret.slice(0, 8)}...`);
  }
});
