// The callback routes behind the body parsers an app may already use (Back4App's app.js
// may have any): Meta's form still reaches them. Parse is not needed for a user the app
// does not know, so a query that finds no one (and a record that is not kept) stands in
// for it; the end-to-end test (e2e.py) runs the routes against a real Parse Server.
//   node --test server/test/callbacks-mount.test.js
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');
const express = require('express');
const { mountInstagramCallbacks } = require('../cloud/instagram-callbacks.js');

const SECRET = 'mount-test-secret';
const NoOne = {
  User: {},
  ACL: class {},
  Object: class {
    setACL() {}
    set() {}
    async save() {}
  },
  Query: class {
    equalTo() {
      return this;
    }
    limit() {
      return this;
    }
    async first() {
      return undefined;
    }
    async find() {
      return [];
    }
  },
};

function signed(secret = SECRET) {
  const payload = Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), user_id: '1' })).toString('base64url');
  return `${crypto.createHmac('sha256', secret).update(payload).digest('base64url')}.${payload}`;
}

async function deauthorize(middleware, signedRequest) {
  const app = express();
  if (middleware) {
    app.use(middleware);
  }
  mountInstagramCallbacks(app, { appSecret: SECRET, publicUrl: 'https://app.example.com/instagram', Parse: NoOne });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const reply = await fetch(`http://127.0.0.1:${server.address().port}/instagram/deauthorize`, {
      method: 'POST',
      body: new URLSearchParams({ signed_request: signedRequest }),
    });
    return reply.status;
  } finally {
    server.close();
  }
}

for (const [name, middleware] of [['no parser', null], ['express.json()', express.json()], ['express.urlencoded()', express.urlencoded({ extended: false })]]) {
  test(`the form arrives behind ${name}`, async () => {
    assert.equal(await deauthorize(middleware, signed()), 200);
    assert.equal(await deauthorize(middleware, signed('another-secret')), 400);
  });
}

test('mounting without the secret or the public URL fails at once, naming the variable', () => {
  const saved = { ...process.env };
  delete process.env.INSTAGRAM_CLIENT_SECRET;
  delete process.env.INSTAGRAM_CALLBACKS_URL;
  try {
    assert.throws(() => mountInstagramCallbacks(express()), /INSTAGRAM_CLIENT_SECRET/);
    assert.throws(() => mountInstagramCallbacks(express(), { appSecret: SECRET }), /INSTAGRAM_CALLBACKS_URL/);
    assert.throws(() => mountInstagramCallbacks(express(), { appSecret: SECRET, publicUrl: 'https://a.example', deletion: 'all' }), /INSTAGRAM_DATA_DELETION/);
  } finally {
    Object.assign(process.env, saved);
  }
});
