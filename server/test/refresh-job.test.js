// How the refresh job reads Instagram's refusals (server/cloud/refresh-job.js): which mean
// "sign in again", which mean "slow down" and for how long. The job itself runs against a
// real Parse Server in binding.e2e.js.
//   node --test server/test/refresh-job.test.js
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');

const { classify, backoffMs } = require('../cloud/refresh-job.js');

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
