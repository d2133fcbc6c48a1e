// The Cloud function against a hostile "Instagram" (a real HTTP server on 127.0.0.1 that
// drips, floods or answers odd ids), without a Parse Server: Parse's Cloud API is the
// only stand-in. Instagram's hosts reach the server through the same preload as the
// end-to-end test (reroute.cjs). Regression tests of issue 13, item 5.
//   node --test server/test/cloud.test.js
'use strict';

const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { test, before, after, beforeEach } = require('node:test');

const SECRET = 'hostile-test-secret-5b1e';
const REDIRECT = 'https://app.example.com/auth/';
const functions = {};

class ParseError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
ParseError.SCRIPT_FAILED = 141;
ParseError.INVALID_SESSION_TOKEN = 209;
globalThis.Parse = { Cloud: { define: (name, fn) => { functions[name] = fn; }, beforeSave() {}, job() {} }, Error: ParseError };
// The record of issued tokens needs a database (binding.e2e.js covers it): here, a list.
const recorded = [];
Object.assign(require('../cloud/token-store.js'), { recordIssuedToken: async (entry) => { recorded.push(entry); } });
Object.assign(require('../cloud/refresh-job.js'), { clearSignInRequired: async () => {} });

// What "Instagram" answers, chosen by the code the test sends.
const replies = {
  ok: (res) => json(res, { data: [{ access_token: 'IGAAok', user_id: '17841405793187219', permissions: 'instagram_business_basic' }] }),
  'big-number-id': (res) => text(res, '{"access_token":"IGAAbig","user_id":17841405793187219}'),
  'small-number-id': (res) => json(res, { access_token: 'IGAAsmall', user_id: 42 }),
  'object-id': (res) => json(res, { data: [{ access_token: 'IGAAobj', user_id: { id: '1' } }] }),
  'float-id': (res) => json(res, { access_token: 'IGAAfloat', user_id: 1.5 }),
  'bool-id': (res) => json(res, { access_token: 'IGAAbool', user_id: true }),
  // Headers at once, then a byte every 200 ms, for ever: only a deadline on the whole call stops it.
  drip: (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(timer));
  },
  // 4 MiB without Content-Length.
  flood: (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let sent = 0;
    const more = () => {
      while (sent < 64) {
        sent += 1;
        if (!res.write(chunk)) {
          return res.once('drain', more);
        }
      }
      res.end();
    };
    res.on('error', () => {});
    more();
  },
};
let server;
const received = [];

function json(res, body) {
  text(res, JSON.stringify(body));
}
function text(res, body) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(body);
}

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      received.push(form);
      (replies[form.get('code')] || replies.ok)(res);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.INSTAGRAM_SANDBOX_URL = `http://127.0.0.1:${server.address().port}/`;
  require('../reroute.cjs');
  require(process.env.CLOUD_MAIN || path.join(__dirname, '../cloud/main.js'));
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  process.env.INSTAGRAM_CLIENT_ID = '990602627938098';
  process.env.INSTAGRAM_CLIENT_SECRET = SECRET;
  process.env.INSTAGRAM_REDIRECT_URIS = REDIRECT;
  process.env.INSTAGRAM_TIMEOUT_MS = '1500';
  received.length = 0;
});

function exchange(code, redirectUri = REDIRECT) {
  return functions.instagramExchange({ params: { code, redirect_uri: redirectUri } });
}

async function refused(promise) {
  const error = await promise.then(
    (result) => assert.fail(`expected a refusal, got ${JSON.stringify(result)}`),
    (error) => error,
  );
  assert.ok(error instanceof ParseError, `not a Parse error: ${error}`);
  assert.equal(error.code, 141);
  assert.ok(!error.message.includes(SECRET), error.message);
  return error.message;
}

test('a normal exchange works', async () => {
  const result = await exchange('ok');
  assert.deepEqual(result, { access_token: 'IGAAok', user_id: '17841405793187219', permissions: 'instagram_business_basic' });
  assert.equal(received[0].get('client_secret'), SECRET);
  // The token handed out is recorded for the binding (token-binding.js).
  assert.deepEqual(recorded.at(-1), { token: 'IGAAok', instagramId: '17841405793187219', expiresIn: 3600, source: 'exchange' });
});

test('unset or empty INSTAGRAM_REDIRECT_URIS refuses to run, naming the variable', async () => {
  for (const value of [undefined, '', ' , ,, ']) {
    if (value === undefined) {
      delete process.env.INSTAGRAM_REDIRECT_URIS;
    } else {
      process.env.INSTAGRAM_REDIRECT_URIS = value;
    }
    const message = await refused(exchange('ok', 'https://evil.example/steal'));
    assert.match(message, /INSTAGRAM_REDIRECT_URIS/);
  }
  assert.equal(received.length, 0, 'nothing was sent to Instagram');
});

test('a redirect URI that is not listed is refused', async () => {
  process.env.INSTAGRAM_REDIRECT_URIS = `${REDIRECT}, http://localhost:8765/auth/`;
  assert.match(await refused(exchange('ok', 'https://evil.example/steal')), /redirect_uri is not accepted/);
  assert.equal(received.length, 0);
});

test('a dripping server is cut off at the deadline', { timeout: 8000 }, async () => {
  const started = Date.now();
  assert.match(await refused(exchange('drip')), /did not answer in time/);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1400 && elapsed < 5000, `took ${elapsed} ms`);
});

test('a reply over 1 MiB is refused', { timeout: 8000 }, async () => {
  assert.match(await refused(exchange('flood')), /more than 1 MiB/);
});

test('user ids must be a string or a whole number, kept exact', async () => {
  assert.equal((await exchange('big-number-id')).user_id, '17841405793187219');
  assert.equal((await exchange('small-number-id')).user_id, '42');
  for (const code of ['object-id', 'float-id', 'bool-id']) {
    assert.match(await refused(exchange(code)), /user id that is not a string or whole number/, code);
  }
});
