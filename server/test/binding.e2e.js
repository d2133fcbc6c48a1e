// Issue 26 on a real Parse Server 9.10 on PostgreSQL, Instagram's hosts rerouted to the
// sandbox: tokens bound to our exchange (Cloud Code plus, on this server,
// instagram-auth-module.js instead of enableInsecureAuth), the adopt mode that migrates
// older tokens, and the refresh job. Started by scripts/test-parse.sh after e2e.py:
//   PARSE_URL (main server: module + main.js, binding enforced), B4A_URL and B4A_DB (a server
//   configured as Back4App allows: main.js, the stock adapter with enableInsecureAuth),
//   SANDBOX_URL, PG_PORT, IGAUTH, PARSE_LOGS (colon-separated log files and folders)
// The tests run in order and move the sandbox's clock forward.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { test } = require('node:test');

const { igauth, consent: sandboxConsent, readLogs } = require('./e2e-support.js');

const { PARSE_URL, B4A_URL, B4A_DB, SANDBOX_URL, PG_PORT, PARSE_LOGS } = process.env;
const KEYS = { 'X-Parse-Application-Id': 'e2e-app-id', 'X-Parse-REST-API-Key': 'e2e-rest-key' };
const MASTER = { 'X-Parse-Application-Id': 'e2e-app-id', 'X-Parse-Master-Key': 'e2e-master-key' };
const APP = { clientId: '990602627938098', secret: 'sandbox-app-secret-eb8c7', redirect: 'https://app.example.com/auth/' };
const SECOND_APP = { clientId: '1398027451263047', secret: 'sandbox-second-app-secret-3d1f0', redirect: 'https://second.example.com/auth/' };
const CREATOR_ID = '17841405793187219';
const BUSINESS_ID = '17841405822304915';
const NOT_ISSUED = "this Instagram sign-in did not come through this app's server: sign in with Instagram again";
const DAY = 24 * 3600;
const SEEN_SECRETS = new Set(); // every code and token of these tests: none may reach a log

function psql(sql, db = 'postgres') {
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', PG_PORT, '-U', 'postgres', '-d', db, '-At', '-c', sql], { encoding: 'utf8' }).trim();
}

async function rest(base, method, route, body, headers = KEYS) {
  const response = await fetch(base + route, {
    method, headers: { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

// The person allows `app` in the sandbox: the authorization code, checked by the core.
async function consent(user, app = APP) {
  const code = await sandboxConsent(SANDBOX_URL, app, user);
  SEEN_SECRETS.add(code);
  return code;
}

// Our exchange (the Cloud function): a token the server records as issued.
async function ourToken(user, { longLived = false, base = PARSE_URL } = {}) {
  const code = await consent(user);
  const { status, body } = await rest(base, 'POST', '/functions/instagramExchange', { code, redirect_uri: APP.redirect, long_lived: longLived });
  assert.equal(status, 200, JSON.stringify(body));
  SEEN_SECRETS.add(body.result.access_token);
  return body.result;
}

// A valid token of the same Instagram app obtained outside our exchange (with the secret).
async function outsideToken(user, app = APP) {
  const code = await consent(user, app);
  const token = igauth('exchange', '--client-id', app.clientId, '--redirect-uri', app.redirect, '--code', code,
    '--client-secret', app.secret, '--base-url', SANDBOX_URL);
  SEEN_SECRETS.add(token.access_token);
  return token;
}

function logIn(base, id, token) {
  return rest(base, 'POST', '/users', { authData: { instagram: { id, access_token: token } } });
}

async function deleteUsers(base, ids) {
  for (const id of ids) {
    await rest(base, 'DELETE', `/users/${id}`, undefined, MASTER);
  }
}

// The account's token rows created since `since`, oldest first, as "source:state".
function tokenRows(instagramId, since = jobTestStart) {
  return psql(`select source || ':' || state from "InstagramToken" where "instagramId" = '${instagramId}'
               and "createdAt" >= '${since.toISOString()}' order by "createdAt"`).split('\n').filter(Boolean);
}

// Makes the current 60-day token of an account `days` old: its row in our database, and
// the sandbox's clock (which ages every token) moved by the same amount.
async function age(instagramId, seconds, { moveClock = true } = {}) {
  psql(`update "InstagramToken" set "expiresAt" = "expiresAt" - interval '${seconds} seconds',
        "refreshAt" = "refreshAt" - interval '${seconds} seconds' where "instagramId" = '${instagramId}' and state = 'current'`);
  if (moveClock) {
    const { status } = await rest(SANDBOX_URL, 'POST', 'sandbox/clock', { advance_seconds: seconds }, {});
    assert.equal(status, 200);
  }
}

async function runJob() {
  const started = await rest(PARSE_URL, 'POST', '/jobs/instagramRefreshTokens', {}, MASTER);
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const id = started.headers.get('x-parse-job-status-id');
  for (let i = 0; i < 300; i += 1) {
    const { body } = await rest(PARSE_URL, 'GET', `/classes/_JobStatus/${id}`, undefined, MASTER);
    if (body.status === 'succeeded') {
      return JSON.parse(body.message);
    }
    assert.notEqual(body.status, 'failed', JSON.stringify(body));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the job did not finish in 30 s');
}

const created = [];

test('sign-in, second sign-in and a fresh sign-in of the same person, with tokens from our exchange', async () => {
  const first = await ourToken('sandbox.creator');
  // The creator may have a user already (e2e.py ran first): a sign-up or a log-in.
  const signUp = await logIn(PARSE_URL, CREATOR_ID, first.access_token);
  assert.ok([200, 201].includes(signUp.status), JSON.stringify(signUp.body));
  created.push(signUp.body.objectId);
  const again = await logIn(PARSE_URL, CREATOR_ID, first.access_token);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.objectId, signUp.body.objectId);
  const fresh = await ourToken('sandbox.creator');
  const third = await logIn(PARSE_URL, CREATOR_ID, fresh.access_token);
  assert.equal(third.status, 200, JSON.stringify(third.body));
  assert.equal(third.body.objectId, signUp.body.objectId);
  // The record holds keyed hashes, never the token, and clients cannot read it.
  const stored = psql(`select string_agg("tokenHash" || coalesce("sealed", ''), ',') from "InstagramToken"`);
  assert.ok(!stored.includes(first.access_token) && !stored.includes(fresh.access_token));
  assert.match(psql(`select "tokenHash" from "InstagramToken" limit 1`), /^[0-9a-f]{64}$/);
  const read = await rest(PARSE_URL, 'GET', '/classes/InstagramToken', undefined, { ...KEYS, 'X-Parse-Session-Token': third.body.sessionToken });
  assert.ok(read.status >= 400, `a user read the token record: ${JSON.stringify(read.body)}`);
});

test('link and unlink an existing user with a token from our exchange', async () => {
  const alice = await rest(PARSE_URL, 'POST', '/users', { username: `alice-${Date.now()}`, password: 'correct horse' });
  assert.equal(alice.status, 201);
  created.push(alice.body.objectId);
  const session = { ...KEYS, 'X-Parse-Session-Token': alice.body.sessionToken };
  const outside = await outsideToken('sandbox.business');
  const refused = await rest(PARSE_URL, 'PUT', `/users/${alice.body.objectId}`, { authData: { instagram: { id: BUSINESS_ID, access_token: outside.access_token } } }, session);
  assert.deepEqual([refused.status, refused.body], [400, { code: 142, error: NOT_ISSUED }]);
  const token = await ourToken('sandbox.business');
  const linked = await rest(PARSE_URL, 'PUT', `/users/${alice.body.objectId}`, { authData: { instagram: { id: BUSINESS_ID, access_token: token.access_token } } }, session);
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  const login = await logIn(PARSE_URL, BUSINESS_ID, token.access_token);
  assert.equal(login.status, 200);
  assert.equal(login.body.objectId, alice.body.objectId);
  const unlinked = await rest(PARSE_URL, 'PUT', `/users/${alice.body.objectId}`, { authData: { instagram: null } }, session);
  assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
  assert.equal(psql(`select coalesce(("authData"->'instagram')::text, 'none') from "_User" where "objectId" = '${alice.body.objectId}'`), 'none');
});

test("the second app's token for the same person is refused", async () => {
  const foreign = await outsideToken('sandbox.creator', SECOND_APP);
  assert.notEqual(foreign.user_id, CREATOR_ID);
  // Under our id for that person: Instagram's /me names someone else (ids are app-scoped).
  const underOurId = await logIn(PARSE_URL, CREATOR_ID, foreign.access_token);
  assert.deepEqual([underOurId.status, underOurId.body.code], [404, 101], JSON.stringify(underOurId.body));
  // Under the id /me gives it: Instagram agrees, but our server never issued that token.
  const underItsId = await logIn(PARSE_URL, foreign.user_id, foreign.access_token);
  assert.deepEqual([underItsId.status, underItsId.body], [400, { code: 142, error: NOT_ISSUED }]);
});

test('a valid token of our app that our exchange never issued signs no one up or in', async () => {
  const outside = await outsideToken('sandbox.creator');
  // The creator has a user (first test): a log-in, refused by the module's validateLogin.
  const login = await logIn(PARSE_URL, CREATOR_ID, outside.access_token);
  assert.deepEqual([login.status, login.body], [400, { code: 142, error: NOT_ISSUED }]);
  // A sign-up (business is unlinked): refused by Cloud Code's beforeSave and the module.
  const business = await outsideToken('sandbox.business');
  const signUp = await logIn(PARSE_URL, BUSINESS_ID, business.access_token);
  assert.deepEqual([signUp.status, signUp.body], [400, { code: 142, error: NOT_ISSUED }]);
  assert.equal(psql(`select count(*) from "_User" where "authData"->'instagram'->>'id' = '${BUSINESS_ID}'`), '0');
});

async function setBindingMode(mode) {
  const params = { instagramTokenBinding: mode === undefined ? { __op: 'Delete' } : mode };
  const { status, body } = await rest(B4A_URL, 'PUT', '/config', { params }, MASTER);
  assert.equal(status, 200, JSON.stringify(body));
}

test('Back4App configuration (Cloud Code only): sign-up and link take only our tokens; a log-in is not checked', async () => {
  const outside = await outsideToken('sandbox.creator');
  const refused = await logIn(B4A_URL, CREATOR_ID, outside.access_token);
  assert.deepEqual([refused.status, refused.body], [400, { code: 142, error: NOT_ISSUED }]);
  const ours = await ourToken('sandbox.creator', { base: B4A_URL });
  const signUp = await logIn(B4A_URL, CREATOR_ID, ours.access_token);
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  // The limit of Cloud Code on parse-server 9.10: beforeLogin receives the stored user, not
  // the incoming authData, so this log-in with a token our exchange never issued succeeds.
  // (instagram-auth-module.js refuses it on self-hosted servers; the fourth test.)
  const unchecked = await logIn(B4A_URL, CREATOR_ID, outside.access_token);
  assert.deepEqual([unchecked.status, unchecked.body.objectId], [200, signUp.body.objectId]);
  await deleteUsers(B4A_URL, [signUp.body.objectId]);
});

test('the migration: in adopt mode an older valid token is accepted and recorded, and enforce then accepts it', async () => {
  const since = new Date(); // no slack, as in the job's test below
  const older = await outsideToken('sandbox.business');
  await setBindingMode('adopt');
  let userId;
  try {
    const signUp = await logIn(B4A_URL, BUSINESS_ID, older.access_token);
    assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
    userId = signUp.body.objectId;
    assert.deepEqual(psql(`select source || ':' || state from "InstagramToken" where "instagramId" = '${BUSINESS_ID}'
                           and "createdAt" >= '${since.toISOString()}'`, B4A_DB), 'adopted:adopted');
    const foreign = await outsideToken('sandbox.business', SECOND_APP);
    assert.equal((await logIn(B4A_URL, BUSINESS_ID, foreign.access_token)).body.code, 101);
  } finally {
    await setBindingMode('enforce');
  }
  // Enforced again: the adopted token links (here: unlinked, then linked again), a token
  // never seen does not.
  const session = { ...KEYS, 'X-Parse-Session-Token': (await logIn(B4A_URL, BUSINESS_ID, older.access_token)).body.sessionToken };
  const link = (token) => rest(B4A_URL, 'PUT', `/users/${userId}`, { authData: { instagram: token && { id: BUSINESS_ID, access_token: token } } }, session);
  assert.equal((await link(null)).status, 200);
  const relinked = await link(older.access_token);
  assert.equal(relinked.status, 200, JSON.stringify(relinked.body));
  assert.equal((await link(null)).status, 200);
  const never = await link((await outsideToken('sandbox.business')).access_token);
  assert.deepEqual([never.status, never.body], [400, { code: 142, error: NOT_ISSUED }]);
  await setBindingMode(undefined);
  await deleteUsers(B4A_URL, [userId]);
});

let creatorOld;
let business;
let jobTestStart;
test('the job renews a 50-day-old token and leaves a 1-hour-old one alone', async () => {
  // No slack: a row the previous test wrote in its last second would be counted as this one's
  // (seen once, on a clean clone). The server stamps rows after this moment, on the same clock.
  jobTestStart = new Date();
  creatorOld = await ourToken('sandbox.creator', { longLived: true });
  await age(CREATOR_ID, 50 * DAY);
  business = await ourToken('sandbox.business', { longLived: true });
  const signUp = await logIn(PARSE_URL, BUSINESS_ID, business.access_token);
  assert.equal(signUp.status, 201);
  created.push(signUp.body.objectId);
  business.session = signUp.body.sessionToken;
  await age(BUSINESS_ID, 3600);
  const before = tokenRows(BUSINESS_ID);

  const result = await runJob();
  assert.equal(result.refreshed, 1, JSON.stringify(result));
  assert.equal(result.instagramCalls, 1, JSON.stringify(result));
  assert.deepEqual(tokenRows(CREATOR_ID), ['exchange:shortLived', 'exchange:refreshed', 'refresh:current']);
  assert.deepEqual(tokenRows(BUSINESS_ID), before);
  assert.equal(psql(`select claim from "InstagramToken" where "instagramId" = '${BUSINESS_ID}' and state = 'current'`), '0');
  // The app, still holding the old token, asks for a renewal: it gets the job's token,
  // which Instagram accepts, and Instagram is not asked again.
  const login = await logIn(PARSE_URL, CREATOR_ID, creatorOld.access_token);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const renewed = await rest(PARSE_URL, 'POST', '/functions/instagramRefresh', { access_token: creatorOld.access_token }, { ...KEYS, 'X-Parse-Session-Token': login.body.sessionToken });
  assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  SEEN_SECRETS.add(renewed.body.result.access_token);
  assert.notEqual(renewed.body.result.access_token, creatorOld.access_token);
  assert.ok(renewed.body.result.expires_in > 59 * DAY);
  assert.equal(tokenRows(CREATOR_ID).filter((row) => row.startsWith('refresh:')).length, 1);
  const me = await fetch(`${SANDBOX_URL}me?fields=id&access_token=${renewed.body.result.access_token}`);
  assert.equal((await me.json()).id, CREATOR_ID);
  creatorOld.session = login.body.sessionToken;
  creatorOld.current = renewed.body.result.access_token;
});

test('two job runs and the app renewing at once renew the token once', async () => {
  await age(CREATOR_ID, 2 * DAY);
  const session = { ...KEYS, 'X-Parse-Session-Token': creatorOld.session };
  const [first, second, app] = await Promise.all([
    runJob(), runJob(), rest(PARSE_URL, 'POST', '/functions/instagramRefresh', { access_token: creatorOld.current }, session),
  ]);
  assert.equal(app.status, 200, JSON.stringify(app.body));
  SEEN_SECRETS.add(app.body.result.access_token);
  const refreshes = tokenRows(CREATOR_ID).filter((row) => row.startsWith('refresh:'));
  assert.deepEqual(refreshes, ['refresh:refreshed', 'refresh:current'], JSON.stringify({ first, second }));
  assert.ok(first.refreshed + second.refreshed <= 1, JSON.stringify({ first, second }));
  const me = await fetch(`${SANDBOX_URL}me?fields=id&access_token=${app.body.result.access_token}`);
  assert.equal((await me.json()).id, CREATOR_ID);
  // The user's authData holds that one token.
  assert.equal(psql(`select "authData"->'instagram'->>'access_token' from "_User" where "authData"->'instagram'->>'id' = '${CREATOR_ID}'`),
    app.body.result.access_token);
});

test('a user whose token Instagram revoked is marked, readable by that user only', async () => {
  // The person removes the app: Instagram revokes the tokens (the callback goes nowhere).
  const revoked = await rest(SANDBOX_URL, 'POST', 'sandbox/signed_request',
    { callback: 'deauthorize', client_id: APP.clientId, user: 'sandbox.business', url: `${SANDBOX_URL}sandbox/nowhere` }, {});
  assert.equal(revoked.status, 200);
  await age(BUSINESS_ID, 30 * DAY, { moveClock: false });
  const result = await runJob();
  assert.equal(result.signInRequired, 1, JSON.stringify(result));
  assert.equal(tokenRows(BUSINESS_ID).at(-1), 'exchange:signInRequired');
  const mine = await rest(PARSE_URL, 'GET', '/classes/InstagramAccountStatus', undefined, { ...KEYS, 'X-Parse-Session-Token': business.session });
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.equal(mine.body.results.length, 1);
  assert.equal(mine.body.results[0].signInRequired, true);
  assert.equal(mine.body.results[0].instagramId, BUSINESS_ID);
  const others = await rest(PARSE_URL, 'GET', '/classes/InstagramAccountStatus', undefined, { ...KEYS, 'X-Parse-Session-Token': creatorOld.session });
  assert.deepEqual(others.body.results, []);
  const anonymous = await rest(PARSE_URL, 'GET', '/classes/InstagramAccountStatus');
  assert.ok(anonymous.status >= 400);
  // Nobody but the server writes the marks or the job's state (a row there could pause it).
  const userSession = { ...KEYS, 'X-Parse-Session-Token': business.session };
  for (const className of ['InstagramAccountStatus', 'InstagramRefreshJob', 'InstagramToken']) {
    const written = await rest(PARSE_URL, 'POST', `/classes/${className}`, { pausedUntil: { __type: 'Date', iso: '2100-01-01T00:00:00Z' } }, userSession);
    assert.ok(written.status >= 400, `${className}: ${JSON.stringify(written.body)}`);
  }
  // Signing in again through our exchange clears the mark.
  await ourToken('sandbox.business');
  const after = await rest(PARSE_URL, 'GET', '/classes/InstagramAccountStatus', undefined, { ...KEYS, 'X-Parse-Session-Token': business.session });
  assert.deepEqual(after.body.results, []);
});

// The sandbox's fault switch (docs/sandbox.md): a fault on some of Instagram's endpoints only.
async function switchFault(body) {
  const { status, body: answer } = await rest(SANDBOX_URL, 'POST', 'sandbox/fault', body, {});
  assert.equal(status, 200, JSON.stringify(answer));
}

test("instagramRefresh of a token the server issued gives Instagram's refusal the exchange's codes: 155, then 251", async () => {
  // A 60-day token from our exchange, two days old and due for renewal.
  const first = await ourToken('sandbox.creator', { longLived: true });
  const login = await logIn(PARSE_URL, CREATOR_ID, first.access_token);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const session = { ...KEYS, 'X-Parse-Session-Token': login.body.sessionToken };
  await age(CREATOR_ID, 2 * DAY);
  psql(`update "InstagramToken" set "refreshAt" = now() where "instagramId" = '${CREATOR_ID}' and state = 'current'`);
  const refresh = (token) => rest(PARSE_URL, 'POST', '/functions/instagramRefresh', { access_token: token }, session);

  // Instagram throttles the renewal only (/me, which says whose the token is, still answers).
  await switchFault({ fault: 'rate-limit', endpoints: ['/refresh_access_token'] });
  try {
    const limited = await refresh(first.access_token);
    assert.equal(limited.body.code, 155, JSON.stringify(limited.body)); // REQUEST_LIMIT_EXCEEDED, as for a token we did not issue
    assert.match(limited.body.error, /request limit reached/);
    // The job meets the same limit, pauses, and the next run does not call Instagram.
    const paused = await runJob();
    assert.equal(paused.rateLimited, 1, JSON.stringify(paused));
    assert.match(paused.stopped, /rate-limited by Instagram/);
    const waiting = await runJob();
    assert.match(waiting.stopped, /paused until/);
    assert.equal(waiting.instagramCalls, 0, JSON.stringify(waiting));
  } finally {
    await switchFault({ fault: null });
  }
  // The wait Instagram asked for (17 minutes in the sandbox) is over: the next run resumes.
  psql('update "InstagramRefreshJob" set "pausedUntil" = now() - interval \'1 second\'');
  const resumed = await runJob();
  assert.ok(resumed.refreshed >= 1, JSON.stringify(resumed));
  assert.equal(tokenRows(CREATOR_ID, new Date(Date.now() - 60 * 1000)).at(-1), 'refresh:current');

  // Another token from our exchange that our record says has expired (Instagram, whose clock
  // is not moved, still answers /me for it): sign in again, 251 (INVALID_LINKED_SESSION).
  const second = await ourToken('sandbox.creator', { longLived: true });
  await age(CREATOR_ID, 61 * DAY, { moveClock: false });
  const expired = await refresh(second.access_token);
  assert.equal(expired.body.code, 251, JSON.stringify(expired.body));
  assert.match(expired.body.error, /sign in with Instagram again/);
  // Asked again, the token is already marked: 251 again, not 141.
  const again = await refresh(second.access_token);
  assert.equal(again.body.code, 251, JSON.stringify(again.body));
});

test('no token, code or secret in the server logs', async () => {
  await deleteUsers(PARSE_URL, created);
  const everything = readLogs(PARSE_LOGS);
  assert.match(everything, /validateSetUp for instagram/, 'the logs were not found');
  assert.ok(SEEN_SECRETS.size > 10);
  for (const secret of [...SEEN_SECRETS, APP.secret, SECOND_APP.secret, 'e2e-master-key']) {
    assert.ok(!everything.includes(secret), `a secret reached the logs: ${secret.slice(0, 8)}...`);
  }
});
