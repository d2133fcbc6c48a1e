// The callbacks' signed-request verifier as a filter, for the Rust differential test
// (core/tests/signed_request_differential.rs): reads one JSON object a line,
// {"signed_request", "secret", "max_age" (seconds or null), "now_ms"}, and writes one a
// line: {"ok": true, "user_id", "issued_at"} or {"ok": false, "kind"}.
//   node server/test/verify-signed-requests.js < inputs.jsonl
'use strict';

const readline = require('node:readline');
const { verifySignedRequest } = require('../cloud/instagram-callbacks.js');

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
lines.on('line', (line) => {
  const input = JSON.parse(line);
  const verdict = verifySignedRequest(input.signed_request, input.secret, input.max_age, input.now_ms);
  out.push(JSON.stringify(verdict.ok
    ? { ok: true, user_id: verdict.payload.userId, issued_at: verdict.payload.issuedAt }
    : { ok: false, kind: verdict.kind }));
});
lines.on('close', () => {
  process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
});
