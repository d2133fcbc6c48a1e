// How the refresh job reads Instagram's refusals (server/cloud/refresh-job.js): which mean
// "sign in again", which mean "slow down" and for how long, and the Parse error the app's own
// renewal (instagramRefresh) then gets. The job itself runs against a real Parse Server in
// binding.e2e.js.
//   node --test server/test/refresh-job.test.js
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');

const { classify, backoffMs, parseErrorOfRenewal } = require('../cloud/refresh-job.js');
const { instagramRefusal } = require('../cloud/instagram-http.js');

const graphError = (code, subcode) => ({ error: { message: 'x', type: 'OAuthException', code, error_subcode: subcode } });

test('an invalid or expired token means the user must sign in again', () => {
  assert.equal(classify(400, graphError(190)), 'signInRequired');
  assert.equal(classify(400, graphError(190, 463)), 'signInRequired');
});

test("Instagram's throttling codes, and HTTP 429, mean back off", () => {
  for (const code of [4, 17, 32, 613, 80002]) {
    assert.equal(classify(400, graphError(code)), 'rateLimited', code);
  }
  assert.equal(classify(429, null), 'rateLimited');
});

test("the token endpoint's error shape is read too", () => {
  assert.equal(classify(400, { error_type: 'OAuthException', code: 190, error_message: 'x' }), 'signInRequired');
  assert.equal(classify(400, { error_type: 'OAuthException', code: 4, error_message: 'x' }), 'rateLimited');
});

test('anything else is a failure to retry later', () => {
  for (const [status, reply] of [[500, graphError(2)], [400, graphError(100)], [200, null], [502, { error: 'gateway' }]]) {
    assert.equal(classify(status, reply), 'failed', JSON.stringify([status, reply]));
  }
});

test("the wait is the longest estimated_time_to_regain_access (minutes), else an hour", () => {
  const usage = (entries) => new Headers({ 'X-Business-Use-Case-Usage': JSON.stringify({ 17841400008460057: entries }) });
  assert.equal(backoffMs(usage([{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 12 },
    { type: 'instagram', call_count: 90, estimated_time_to_regain_access: 3 }])), 12 * 60 * 1000);
  assert.equal(backoffMs(usage([{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 0 }])), 3600 * 1000);
  assert.equal(backoffMs(new Headers()), 3600 * 1000);
  assert.equal(backoffMs(new Headers({ 'X-Business-Use-Case-Usage': 'not json' })), 3600 * 1000);
});

// What renewClaimed returns for Instagram's answer (status, reply), as renewForApp reads it.
function renewal(status, reply) {
  return { outcome: classify(status, reply), message: 'x', refusal: instagramRefusal(reply) };
}

test("a failed renewal is the Parse error of the exchange's kind: 251, 155, 119, else 141", () => {
  const cases = [
    [renewal(400, graphError(190, 460)), 251],
    [renewal(400, graphError(4)), 155],
    [renewal(400, graphError(80002)), 155],
    [renewal(429, null), 155],
    [renewal(403, graphError(10)), 119],
    [renewal(400, graphError(200)), 119],
    [renewal(400, graphError(100)), 141],
    [renewal(500, graphError(2)), 141],
    // Not Instagram's refusal: the network failed, or our record says the token has expired.
    [{ outcome: 'failed', message: 'Instagram did not answer in 10000 ms' }, 141],
    [{ outcome: 'signInRequired', message: 'the Instagram token has expired: sign in with Instagram again' }, 251],
  ];
  for (const [result, code] of cases) {
    assert.equal(parseErrorOfRenewal(result).code, code, JSON.stringify(result));
  }
});

test("the message is Instagram's text for the user when it sent one, else its message, else ours", () => {
  const forUser = { error: { message: '(#4) Application request limit reached', code: 4, error_user_msg: 'Try again in a few minutes.' } };
  assert.deepEqual(parseErrorOfRenewal(renewal(400, forUser)), { code: 155, message: 'Try again in a few minutes.' });
  assert.deepEqual(parseErrorOfRenewal(renewal(400, graphError(190))), { code: 251, message: 'x' });
  assert.deepEqual(parseErrorOfRenewal({ outcome: 'failed', message: 'Instagram answered HTTP 502' }), { code: 141, message: 'Instagram answered HTTP 502' });
});
