// Issue 17: linking Instagram to an existing Parse user, and unlinking it, with the official
// Parse JS SDK (8.6.2, as the report) against real Parse Servers 9.10.0 on PostgreSQL, with
// directAccess false and at parse-server's default (true). Started by scripts/test-parse.sh:
//   LINK_SERVERS='[{"name", "url", "db", "log", "expect"}, ...]' SANDBOX_URL=... PG_PORT=...
//   IGAUTH=... node --test server/test/link.e2e.js
// "exchange": true when the server takes only tokens from its own Cloud exchange (issue 26);
// "expect" is what the server must do with a link:
//   "link"                 it links (directAccess false; directAccess true with main.js's repair)
//   "link-or-known-crash"  stock parse-server 9.10.0 with directAccess true: see below
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { test } = require('node:test');
const Parse = require('parse/node');

const SERVERS = JSON.parse(process.env.LINK_SERVERS);
const { SANDBOX_URL, PG_PORT, IGAUTH } = process.env;
const APP_ID = 'e2e-app-id';
const KEYS = { 'X-Parse-Application-Id': APP_ID, 'X-Parse-REST-API-Key': 'e2e-rest-key' };
const CLIENT_ID = '990602627938098';
const CLIENT_SECRET = 'sandbox-app-secret-eb8c7';
const REDIRECT = 'https://app.example.com/auth/';
const BUSINESS_ID = '17841405822304915';
// What stock parse-server 9.10.0 with router 2.3.0 answers, and what it logs, when directAccess
// routes its own fetch of the user (Auth.handleAuthDataValidation → user.fetch →
// ParseServerRESTController → PromiseRouter.match, which reads layer.params).
const KNOWN_CRASH = { code: 1, message: 'Internal server error.' };
const KNOWN_CRASH_LOG = /TypeError: Cannot convert undefined or null to object[\s\S]{0,200}at PromiseRouter\.match/;

Parse.initialize(APP_ID, 'e2e-js-key');
// No current user (the servers share this SDK): each save names the user's session.
// The SDK repeats a request that got a 5xx four more times; one is enough here, and keeps
// one request per step in the server's log.
Parse.CoreManager.set('REQUEST_ATTEMPT_LIMIT', 1);

function igauth(...args) {
  return JSON.parse(execFileSync(IGAUTH, args, { encoding: 'utf8', timeout: 60000 }));
}

// Consent in the sandbox and the code exchange: through the server's Cloud function when it
// binds tokens to its exchange, else directly with the secret (as the Cloud function does).
// The authData that `igauth auth-data` gives the app, {"instagram": {"id", "access_token"}}.
async function instagramAuthData(server, user = 'sandbox.business') {
  const start = igauth('authorize-url', '--client-id', CLIENT_ID, '--redirect-uri', REDIRECT,
    '--auth-url', `${SANDBOX_URL}oauth/authorize`);
  const consent = await fetch(`${start.url}&sandbox_decision=allow&sandbox_user=${user}`, { redirect: 'manual' });
  assert.equal(consent.status, 302);
  const { code } = igauth('parse-callback', '--redirect-uri', REDIRECT, '--state', start.state, consent.headers.get('location'));
  const token = server.exchange
    ? igauth('exchange', '--client-id', CLIENT_ID, '--redirect-uri', REDIRECT, '--code', code,
      '--backend-url', `${server.url}/functions/instagramExchange`,
      '--backend-header', `X-Parse-Application-Id: ${APP_ID}`, '--backend-header', `X-Parse-REST-API-Key: ${KEYS['X-Parse-REST-API-Key']}`)
    : igauth('exchange', '--client-id', CLIENT_ID, '--redirect-uri', REDIRECT, '--code', code,
      '--client-secret', CLIENT_SECRET, '--base-url', SANDBOX_URL);
  return igauth('auth-data', '--id', token.user_id, '--access-token', token.access_token);
}

async function rest(server, method, path, body, headers = {}) {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...KEYS, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

// The stored row, not what any server or SDK says about it.
function storedAuthData(server, objectId) {
  assert.match(objectId, /^[A-Za-z0-9]+$/);
  const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', PG_PORT, '-U', 'postgres', '-d', server.db, '-At', '-c',
    `select coalesce("authData"::text, '{}') from "_User" where "objectId" = '${objectId}'`], { encoding: 'utf8' }).trim();
  assert.notEqual(out, '', `no _User row ${objectId}`);
  return JSON.parse(out);
}

function logText(server) {
  return fs.readFileSync(server.log, 'utf8');
}

async function signUp(server) {
  Parse.serverURL = server.url;
  const user = new Parse.User();
  user.set('username', `link-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  user.set('password', 'correct horse');
  await user.signUp();
  return user;
}

function session(user) {
  return { sessionToken: user.getSessionToken() };
}

async function failure(promise) {
  return promise.then(() => null, (error) => error);
}

// Deletes with the master key what a test created, so the Instagram account is unlinked
// for the next test or the next suite on the same database.
async function cleanUp(server, ids) {
  for (const id of ids) {
    const { status, body } = await rest(server, 'DELETE', `/users/${id}`, undefined, { 'X-Parse-Master-Key': 'e2e-master-key' });
    assert.ok(status === 200 || (status === 404 && body.code === 101), `delete ${id}: ${status} ${JSON.stringify(body)}`);
  }
}

// A link that worked: stored in the row, visible to the user, used by an Instagram login;
// the same account cannot be linked to a second user (208); unlinking removes it and the
// password still works; the Instagram login then makes a new user.
async function verifyLinkedThenUnlink(server, alice, authData, created) {
  const instagramId = authData.instagram.id;
  assert.equal(alice._isLinked('instagram'), true);
  assert.equal(storedAuthData(server, alice.id).instagram.id, instagramId);
  const me = await rest(server, 'GET', '/users/me', undefined, { 'X-Parse-Session-Token': alice.getSessionToken() });
  assert.equal(me.status, 200);
  assert.equal(me.body.authData.instagram.id, instagramId);
  const login = await rest(server, 'POST', '/users', { authData });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal(login.body.objectId, alice.id);

  const bob = await signUp(server);
  created.push(bob.id);
  const taken = await failure(bob.linkWith('instagram', { authData: authData.instagram }, session(bob)));
  assert.ok(taken instanceof Parse.Error, `the second link was not refused: ${taken}`);
  assert.equal(taken.code, Parse.Error.ACCOUNT_ALREADY_LINKED); // 208
  assert.equal(taken.message, 'this auth is already used');
  assert.equal(storedAuthData(server, bob.id).instagram, undefined);

  await alice._unlinkFrom('instagram', session(alice));
  assert.equal(alice._isLinked('instagram'), false);
  assert.equal(storedAuthData(server, alice.id).instagram, undefined);
  const after = await rest(server, 'GET', '/users/me', undefined, { 'X-Parse-Session-Token': alice.getSessionToken() });
  assert.equal((after.body.authData || {}).instagram, undefined);
  const password = await Parse.User.logIn(alice.get('username'), 'correct horse');
  assert.equal(password.id, alice.id);

  const again = await rest(server, 'POST', '/users', { authData });
  assert.equal(again.status, 201, `an Instagram login after the unlink: ${again.status} ${JSON.stringify(again.body)}`);
  assert.notEqual(again.body.objectId, alice.id);
  created.push(again.body.objectId);
  assert.equal(storedAuthData(server, again.body.objectId).instagram.id, instagramId);
  assert.equal(storedAuthData(server, alice.id).instagram, undefined);
}

// The one failure a server that may crash is allowed: code 1 "Internal server error." with
// the TypeError from PromiseRouter.match in its log. Anything else is rethrown.
function assertKnownCrash(t, server, error, logBefore) {
  if (server.expect !== 'link-or-known-crash') {
    throw error;
  }
  assert.ok(error instanceof Parse.Error, `not a Parse error: ${error}`);
  assert.deepEqual({ code: error.code, message: error.message }, KNOWN_CRASH);
  assert.match(logText(server).slice(logBefore), KNOWN_CRASH_LOG);
  t.diagnostic(`known parse-server 9.10.0 directAccess crash reproduced: ${error.code} ${error.message}`);
}

for (const server of SERVERS) {
  test(`${server.name}: a signed-up user links Instagram with linkWith, then unlinks it`, async (t) => {
    const created = [];
    try {
      const alice = await signUp(server);
      created.push(alice.id);
      const authData = await instagramAuthData(server);
      assert.equal(authData.instagram.id, BUSINESS_ID);
      assert.equal(storedAuthData(server, alice.id).instagram, undefined, 'the account is already linked to alice');
      const logBefore = logText(server).length;
      const error = await failure(alice.linkWith('instagram', { authData: authData.instagram }, session(alice)));

      if (error === null) {
        await verifyLinkedThenUnlink(server, alice, authData, created);
        return;
      }
      // Stock parse-server 9.10.0 with directAccess true crashes on this link (issue 17,
      // server/UPSTREAM-parse-server-link-directaccess.md). As long as it does, this test
      // accepts that one failure, exactly, and nothing stored. Any other error, or a link
      // that reports success but is not stored and usable, fails the test; once a fixed
      // parse-server (or router) links, the branch above checks the whole link.
      assertKnownCrash(t, server, error, logBefore);
      assert.equal(storedAuthData(server, alice.id).instagram, undefined, 'the failed link was stored');
    } finally {
      await cleanUp(server, created);
    }
  });

  test(`${server.name}: a user who signed in with Instagram unlinks it`, async (t) => {
    const created = [];
    try {
      const authData = await instagramAuthData(server);
      const login = await rest(server, 'POST', '/users', { authData });
      assert.equal(login.status, 201, JSON.stringify(login.body));
      created.push(login.body.objectId);
      Parse.serverURL = server.url;
      const user = await Parse.User.me(login.body.sessionToken);
      assert.equal(user._isLinked('instagram'), true);
      const logBefore = logText(server).length;
      const error = await failure(user._unlinkFrom('instagram', session(user)));

      if (error === null) {
        assert.equal(storedAuthData(server, user.id).instagram, undefined);
        const again = await rest(server, 'POST', '/users', { authData });
        assert.equal(again.status, 201, 'the Instagram login found the unlinked user');
        created.push(again.body.objectId);
        assert.notEqual(again.body.objectId, user.id);
        return;
      }
      // The same crash (handleAuthDataValidation fetches the current user before it looks
      // at the providers, even for {"instagram": null}); same rules as above.
      assertKnownCrash(t, server, error, logBefore);
      assert.equal(storedAuthData(server, user.id).instagram.id, BUSINESS_ID, 'the failed unlink was stored');
    } finally {
      await cleanUp(server, created);
    }
  });
}
