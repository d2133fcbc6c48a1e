// The callbacks' JavaScript verifier against the Rust core's (igauth signed-request
// verify): the same verdict for every input, valid or not. Needs IGAUTH (the igauth binary);
// scripts/test-parse.sh provides it.
//   IGAUTH=target/debug/igauth node --test server/test/signed-request.test.js
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { test } = require('node:test');
const { verifySignedRequest } = require('../cloud/instagram-callbacks.js');

const SECRET = 'sandbox-app-secret-eb8c7';
const NOW = Math.floor(Date.now() / 1000);

function sign(payloadText, secret = SECRET) {
  const payload = Buffer.from(payloadText).toString('base64url'); // text or bytes
  const signature = crypto.createHmac('sha256', secret).update(payload).digest('base64url');
  return `${signature}.${payload}`;
}

function rust(signedRequest, maxAge) {
  const args = ['signed-request', 'verify', '--secret', SECRET, ...(maxAge ? ['--max-age', String(maxAge)] : []), signedRequest];
  try {
    const ok = JSON.parse(execFileSync(process.env.IGAUTH, args, { encoding: 'utf8' }));
    return { ok: true, userId: ok.user_id, issuedAt: ok.issued_at };
  } catch (error) {
    if (error.status !== 1) {
      throw error;
    }
    return { ok: false, kind: JSON.parse(error.stdout).error.kind };
  }
}

const valid = sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":"17841405793187219"}`);
const [signature, payload] = valid.split('.');
const cases = {
  valid,
  'numeric id': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":17841405793187219}`),
  'lowercase algorithm': sign(`{"algorithm":"hmac-sha256","issued_at":${NOW},"user_id":"1"}`),
  'extra fields': sign(`{"algorithm":"HMAC-SHA256","expires":${NOW + 60},"issued_at":${NOW},"user_id":"1","oauth_token":"x"}`),
  'other algorithm': sign(`{"algorithm":"none","issued_at":${NOW},"user_id":"1"}`),
  'no algorithm': sign(`{"issued_at":${NOW},"user_id":"1"}`),
  'fraction id': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":1.5}`),
  'negative id': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":-1}`),
  'object id': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":{"id":"1"}}`),
  'empty id': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":""}`),
  'escaped user_id key': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_\\u0069d":17841405793187219}`),
  'escaped key, duplicated': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":"1","user_\\u0069d":"2"}`),
  'id over 2^64': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":18446744073709551616}`),
  'id with exponent': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":1e5}`),
  'no issued_at': sign('{"algorithm":"HMAC-SHA256","user_id":"1"}'),
  'issued_at with a fraction': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW}.0,"user_id":"1"}`),
  'issued_at with an exponent': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW}e0,"user_id":"1"}`),
  'negative zero issued_at': sign('{"algorithm":"HMAC-SHA256","issued_at":-0,"user_id":"1"}'),
  'a number in a string value': sign(`{"algorithm":"HMAC-SHA256","note":"a \\" 12.5 \\\\","issued_at":${NOW},"user_id":7}`),
  'not UTF-8': sign(Buffer.from(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":"1","x":"\xff"}`, 'latin1')),
  'byte order mark': sign(`\ufeff{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":"1"}`),
  'text issued_at': sign('{"algorithm":"HMAC-SHA256","issued_at":"1","user_id":"1"}'),
  'not JSON': sign('user_id=1'),
  'a JSON list': sign('["HMAC-SHA256"]'),
  'another secret': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":"1"}`, 'another-secret'),
  'padded signature': `${signature}=.${payload}`,
  'padded payload': `${valid}==`,
  'standard base64 character': `${signature}.${payload.replace(/[A-Za-z]$/, '+')}`,
  'trailing bits set': `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}.${payload}`,
  'second dot': `${valid}.x`,
  'no dot': `${signature}${payload}`,
  'only a dot': '.',
  'empty signature': `.${payload}`,
  'too old for an hour': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW - 7200},"user_id":"1"}`),
  'dated in the future': sign(`{"algorithm":"HMAC-SHA256","issued_at":${NOW + 7200},"user_id":"1"}`),
};

test('the JavaScript and Rust verifiers agree', { skip: !process.env.IGAUTH && 'IGAUTH is not set' }, () => {
  for (const [name, signedRequest] of Object.entries(cases)) {
    const js = verifySignedRequest(signedRequest, SECRET, 3600);
    const expected = rust(signedRequest, 3600);
    const got = js.ok ? { ok: true, userId: js.payload.userId, issuedAt: js.payload.issuedAt } : { ok: false, kind: js.kind };
    assert.deepEqual(got, expected, name);
  }
  assert.equal(verifySignedRequest(valid, SECRET, 3600).ok, true, 'the cases include a valid one');
});

test('without a maximum age, an old request verifies', () => {
  const old = sign('{"algorithm":"HMAC-SHA256","issued_at":1000,"user_id":"1"}');
  assert.equal(verifySignedRequest(old, SECRET, null).ok, true);
  assert.equal(verifySignedRequest(old, SECRET, 3600).kind, 'expired');
});
