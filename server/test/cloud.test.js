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
  // Instagram, or a gateway before it, echoing the request in its error text (issue 21).
  echo: (res, form) => {
    const secret = form.get('client_secret');
    const code = form.get('code');
    const echo = `bad request: ${form} | secret ${secret.slice(0, 14)}… | split ${secret.slice(0, 9)}\n${secret.slice(9)} | code ${code}`;
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error_type: 'OAuthException', code: 400, error_message: echo }));
  },
  'graph-echo': (res, form) => {
    const escaped = [...`client_secret=${form.get('client_secret')}&code=${form.get('code')}`]
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(`{"error":{"message":"${escaped}","type":"OAuthException","code":100}}`);
  },
  spent: (res) => json(res, { error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' }, 400),
  throttled: (res) => json(res, {
    error: { message: 'Application request limit reached', type: 'OAuthException', code: 4, error_subcode: '2207051',
      error_user_title: ' ', error_user_msg: 'Try again in a few minutes.', fbtrace_id: 'AbC', extra: 'dropped' },
  }, 400),
  'oauth2-error': (res) => json(res, { error: 'invalid_grant', error_description: 'bad code' }, 400),
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

function json(res, body, status = 200) {
  text(res, JSON.stringify(body), status);
}
function text(res, body, status = 200) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
}

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      received.push(form);
      (replies[form.get('code').split(':')[0]] || replies.ok)(res, form);
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

// Every run of 8 characters of `secret`, as sent and percent-, form- and JSON-encoded.
function runsOf(secret) {
  const spellings = [secret, encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2), JSON.stringify(secret)];
  return spellings.flatMap((spelling) => [...spelling].map((_, i, chars) => chars.slice(i, i + 8).join('')).filter((run) => [...run].length === 8));
}

test("Instagram's error text loses whatever of the request it echoes", async () => {
  for (const code of ['echo:AQBx9fQ-code-7Hk2mZpL', 'graph-echo:AQBx9fQ-code-7Hk2mZpL']) {
    // Instagram's refusal comes back as the function's result (issue 25): its text, and
    // every other text of it, must be as clean as a thrown message.
    const message = JSON.stringify(await exchange(code));
    for (const run of [...runsOf(SECRET), ...runsOf(code)]) {
      assert.ok(!message.includes(run), `${code}: ${run} in ${message}`);
    }
    assert.match(message, /\[redacted\]/);
  }
});

// Issue 25: Instagram's refusal comes back as the function's result, in Graph's shape, so
// the app's library classifies it as it classifies Instagram's own reply; only the fields
// Instagram sent (and none of ours) are passed on.
test("Instagram's refusal is passed on as Instagram's error", async () => {
  assert.deepEqual(await exchange('spent'), {
    error: { message: 'Matching code was not found or was already used', type: 'OAuthException', code: 400 },
  });
  assert.deepEqual(await exchange('throttled'), {
    error: { message: 'Application request limit reached', type: 'OAuthException', code: 4, error_subcode: 2207051,
      error_user_msg: 'Try again in a few minutes.', fbtrace_id: 'AbC' },
  });
  // Not one of Instagram's error bodies: the function's own failure.
  assert.match(await refused(exchange('oauth2-error')), /Instagram answered HTTP 400/);
});

test('the Graph codes map to the same cases as in the Rust core', () => {
  const { refusalKind, instagramRefusal } = require('../cloud/instagram-http.js');
  const expected = {
    reauthentication_required: [190],
    rate_limited: [4, 17, 32, 613, 80002],
    permission_missing: [10, 200, 201, 250, 299],
    provider_error: [1, 2, 100, 189, 191, 199, 300, 400, 612, 80001, undefined],
  };
  for (const [kind, codes] of Object.entries(expected)) {
    for (const code of codes) {
      assert.equal(refusalKind(code), kind, String(code));
    }
  }
  assert.equal(instagramRefusal({ error: { code: '190', message: 'm' } }).kind, 'reauthentication_required');
  assert.equal(instagramRefusal({ code: 141, error: 'Parse' }), undefined, "Parse's errors are not Instagram's");
  assert.equal(instagramRefusal({ error: 'invalid_grant' }), undefined);
  assert.equal(instagramRefusal(null), undefined);
});

test('the versioned Graph URL names the pinned version', () => {
  const { versionedGraphUrl, GRAPH_API_VERSION } = require('../cloud/instagram-http.js');
  assert.equal(GRAPH_API_VERSION, 'v26.0');
  assert.equal(versionedGraphUrl('me', { fields: 'id,user_id', access_token: 't' }),
    'https://graph.instagram.com/v26.0/me?fields=id%2Cuser_id&access_token=t');
});
