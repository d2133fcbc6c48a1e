// The callbacks' signed-request verifier against the rule it shares with the Rust core:
// every row of testdata/signed-request-table.tsv (core/tests/signed_request_table.rs holds
// the core to the same rows; core/tests/signed_request_differential.rs compares the two on
// generated input).
//   node --test server/test/signed-request.test.js
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { verifySignedRequest } = require('../cloud/instagram-callbacks.js');

const TABLE = path.join(__dirname, '..', '..', 'testdata', 'signed-request-table.tsv');
const SECRET = 'sandbox-app-secret-eb8c7';
const NOW_MS = 1790000000900;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function sign(payload, secret = SECRET) {
  const encoded = payload.toString('base64url');
  return `${crypto.createHmac('sha256', secret).update(encoded).digest('base64url')}.${encoded}`;
}

// The payload column's text with each \xNN turned into the byte NN.
function payloadBytes(text) {
  const parts = text.split(/\\x([0-9a-fA-F]{2})/);
  return Buffer.concat(parts.map((part, i) => (i % 2 ? Buffer.from([parseInt(part, 16)]) : Buffer.from(part, 'utf8'))));
}

// The signed_request column with its placeholders filled in (see the table's header).
function fill(template, payload) {
  const signed = sign(payload);
  const [signature, encoded] = signed.split('.');
  const next = BASE64URL[BASE64URL.indexOf(signature.at(-1)) + 1];
  return template
    .replaceAll('{signed}', signed)
    .replaceAll('{signature_trailing_bits}', signature.slice(0, -1) + next)
    .replaceAll('{signature_short}', signature.slice(0, -3))
    .replaceAll('{signature}', signature)
    .replaceAll('{payload}', encoded)
    .replace(/\{signed:([^}]*)\}/g, (_, secret) => sign(payload, secret));
}

function rows() {
  return fs.readFileSync(TABLE, 'utf8').split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const columns = line.split('\t');
      assert.equal(columns.length, 5, line);
      const [name, template, payload, maxAge, outcome] = columns;
      return { name, signedRequest: fill(template, payloadBytes(payload)), maxAge: maxAge === '-' ? null : Number(maxAge), outcome };
    });
}

test('the JavaScript verifier gives every outcome of the shared table', () => {
  const table = rows();
  assert.ok(table.length >= 80, `${table.length} rows`);
  const wrong = [];
  for (const row of table) {
    const verdict = verifySignedRequest(row.signedRequest, SECRET, row.maxAge, NOW_MS);
    const got = verdict.ok ? `ok ${verdict.payload.userId} ${verdict.payload.issuedAt}` : verdict.kind;
    if (got !== row.outcome) {
      wrong.push(`${row.name}: expected ${row.outcome}, got ${got}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('without a maximum age, an old request verifies; the clock defaults to now', () => {
  const old = sign(Buffer.from('{"algorithm":"HMAC-SHA256","issued_at":1000,"user_id":"1"}'));
  assert.equal(verifySignedRequest(old, SECRET, null).ok, true);
  assert.equal(verifySignedRequest(old, SECRET, 3600).kind, 'expired');
  const fresh = sign(Buffer.from(`{"algorithm":"HMAC-SHA256","issued_at":${Math.floor(Date.now() / 1000)},"user_id":"1"}`));
  assert.equal(verifySignedRequest(fresh, SECRET, 60).ok, true);
});
