// The App Link fallback page on a real Express server: one tap back to the app with the same
// code and state, links built from the registered redirect URI (not the Host header), the
// query escaped, nothing cached or leaked by Referer, and bad settings refused at mount.
//   node --test server/test/app-link-fallback.test.js
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const express = require('express');
const { mountAppLinkFallback } = require('../cloud/app-link-fallback.js');

async function serve(options) {
  const app = express();
  mountAppLinkFallback(app, options);
  const server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const OPTIONS = { redirectUri: 'https://app.example.com/auth/', androidPackage: 'dev.instagramauth.demo', appName: 'Demo' };

test('the page links back to the app with the same query, Android first', async () => {
  const { base, close } = await serve(OPTIONS);
  try {
    const reply = await fetch(`${base}/auth/?code=AQBx-1_2&state=abc123`, { headers: { Host: 'evil.example' } });
    assert.equal(reply.status, 200);
    const page = await reply.text();
    assert.match(page, /href="intent:\/\/app\.example\.com\/auth\/\?code=AQBx-1_2&amp;state=abc123#Intent;scheme=https;package=dev\.instagramauth\.demo;end"/);
    assert.match(page, /href="https:\/\/app\.example\.com\/auth\/\?code=AQBx-1_2&amp;state=abc123"/);
    assert.doesNotMatch(page, /evil\.example/);
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.equal(reply.headers.get('referrer-policy'), 'no-referrer');
    assert.match(reply.headers.get('content-security-policy'), /default-src 'none'/);
  } finally {
    close();
  }
});

test('an error redirect goes back too, and markup in the query stays text', async () => {
  const { base, close } = await serve(OPTIONS);
  try {
    const page = await (await fetch(`${base}/auth/?error=access_denied&state=s&x="><script>alert(1)</script>`)).text();
    assert.match(page, /error=access_denied/);
    assert.doesNotMatch(page, /<script>/);
    assert.match(page, /&quot;&gt;&lt;script&gt;|%22%3E%3Cscript%3E/);
  } finally {
    close();
  }
});

test('without an Android package, only the https link', async () => {
  const { base, close } = await serve({ redirectUri: 'https://app.example.com/auth/' });
  try {
    const page = await (await fetch(`${base}/auth/?code=c&state=s`)).text();
    assert.doesNotMatch(page, /intent:/);
    assert.match(page, /Return to the app/);
  } finally {
    close();
  }
});

test('bad settings are refused when mounting', () => {
  assert.throws(() => mountAppLinkFallback(express(), { redirectUri: 'http://app.example.com/auth/' }), /must be https/);
  assert.throws(() => mountAppLinkFallback(express(), { ...OPTIONS, androidPackage: 'demo;end' }), /not an Android package/);
});
