// The App Link fallback page on a real Express server: one tap back to the app with the same
// code and state, links built from the registered redirect URI (not the Host header), the
// query escaped, nothing cached or leaked by Referer, and bad settings refused at mount.
// On the same host, /.well-known/assetlinks.json and apple-app-site-association from the
// settings, each only when configured, as JSON with no redirect; bad fingerprints and app ids
// refused at mount, naming the setting.
//   node --test server/test/app-link-fallback.test.js
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const express = require('express');
const { mountAppLinkFallback, mountAppLinkFallbackFromEnvironment } = require('../cloud/app-link-fallback.js');

async function serve(options, mount = mountAppLinkFallback) {
  const app = express();
  mount(app, options);
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
  assert.throws(() => mountAppLinkFallback(express(), { redirectUri: 'http://app.example.com/auth/' }), /INSTAGRAM_APP_LINK_REDIRECT_URI must be https/);
  assert.throws(() => mountAppLinkFallback(express(), { redirectUri: 'app.example.com/auth/' }), /INSTAGRAM_APP_LINK_REDIRECT_URI "app.example.com\/auth\/" is not a URL/);
  assert.throws(() => mountAppLinkFallback(express(), { ...OPTIONS, androidPackage: 'demo;end' }), /INSTAGRAM_ANDROID_PACKAGE "demo;end" is not an Android package/);
});

// keytool -list -v prints it so; the same bytes in lowercase without colons (apksigner's way).
const FINGERPRINT = '14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5';
const FINGERPRINT_APKSIGNER = '146de983c5730650d8eeb9952f34fc6416a08342e61dbea88a0496b23fcf44e5';
const IOS_APP_ID = 'A1B2C3D4E5.dev.instagramauth.InstagramSignInDemo';
const ENV = {
  INSTAGRAM_APP_LINK_REDIRECT_URI: 'https://app.example.com/auth/',
  INSTAGRAM_ANDROID_PACKAGE: 'dev.instagramauth.demo',
  INSTAGRAM_ANDROID_CERT_SHA256: `${FINGERPRINT}, ${FINGERPRINT_APKSIGNER.replace('14', 'ff')}`,
  INSTAGRAM_IOS_APP_ID: IOS_APP_ID,
  INSTAGRAM_APP_NAME: 'Demo',
};

async function getJson(base, path) {
  const reply = await fetch(`${base}${path}`, { redirect: 'manual' });
  assert.equal(reply.status, 200, path);
  assert.match(reply.headers.get('content-type'), /^application\/json\b/, path);
  return reply.json();
}

test('assetlinks.json: Google\'s statement for the package and every fingerprint, as JSON at once', async () => {
  const { base, close } = await serve(ENV, mountAppLinkFallbackFromEnvironment);
  try {
    assert.deepEqual(await getJson(base, '/.well-known/assetlinks.json'), [
      {
        relation: ['delegate_permission/common.handle_all_urls'],
        target: {
          namespace: 'android_app',
          package_name: 'dev.instagramauth.demo',
          sha256_cert_fingerprints: [FINGERPRINT, `FF${FINGERPRINT.slice(2)}`],
        },
      },
    ]);
    // The page is still there, from the same settings.
    assert.match(await (await fetch(`${base}/auth/?code=c&state=s`)).text(), /package=dev\.instagramauth\.demo/);
  } finally {
    close();
  }
});

test('apple-app-site-association: applinks for the redirect path and webcredentials, as JSON at once', async () => {
  const { base, close } = await serve({ ...ENV, INSTAGRAM_IOS_APP_ID: `${IOS_APP_ID},Z9Y8X7W6V5.com.example.other-app` }, mountAppLinkFallbackFromEnvironment);
  try {
    const apps = [IOS_APP_ID, 'Z9Y8X7W6V5.com.example.other-app'];
    assert.deepEqual(await getJson(base, '/.well-known/apple-app-site-association'), {
      applinks: { details: [{ appIDs: apps, components: [{ '/': '/auth/', comment: "Instagram's redirect after consent" }] }] },
      webcredentials: { apps },
    });
  } finally {
    close();
  }
});

test('each file only when configured: no fingerprints, no assetlinks.json; no app id, no AASA', async () => {
  const { base, close } = await serve({ ...ENV, INSTAGRAM_ANDROID_CERT_SHA256: '', INSTAGRAM_IOS_APP_ID: ' ' }, mountAppLinkFallbackFromEnvironment);
  try {
    for (const path of ['/.well-known/assetlinks.json', '/.well-known/apple-app-site-association']) {
      assert.equal((await fetch(`${base}${path}`, { redirect: 'manual' })).status, 404, path);
    }
    assert.equal((await fetch(`${base}/auth/`)).status, 200);
  } finally {
    close();
  }
});

test('malformed fingerprints and app ids are refused at mount, naming the setting', () => {
  const mount = (env) => () => mountAppLinkFallbackFromEnvironment(express(), { ...ENV, ...env });
  const badFingerprints = [
    'REPLACE:WITH:THE:SHA256:FINGERPRINT:OF:YOUR:SIGNING:CERTIFICATE:(keytool -list -v)',
    FINGERPRINT.slice(3), // 31 bytes
    `${FINGERPRINT}:00`, // 33 bytes
    FINGERPRINT.replace('14', '1G'),
    FINGERPRINT.replaceAll(':', '-'),
    `SHA256: ${FINGERPRINT}`,
  ];
  for (const fingerprint of badFingerprints) {
    assert.throws(mount({ INSTAGRAM_ANDROID_CERT_SHA256: fingerprint }), /INSTAGRAM_ANDROID_CERT_SHA256 ".*" is not a SHA-256 certificate fingerprint/, fingerprint);
  }
  // The SHA-1 line of keytool's output, the usual mistake, is named as such.
  assert.throws(mount({ INSTAGRAM_ANDROID_CERT_SHA256: 'DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09' }), /SHA-1/);
  // One bad fingerprint among good ones is enough.
  assert.throws(mount({ INSTAGRAM_ANDROID_CERT_SHA256: `${FINGERPRINT},${FINGERPRINT.slice(3)}` }), /INSTAGRAM_ANDROID_CERT_SHA256/);
  assert.throws(mount({ INSTAGRAM_ANDROID_PACKAGE: '' }), /INSTAGRAM_ANDROID_CERT_SHA256 is set but INSTAGRAM_ANDROID_PACKAGE is not/);
  const badAppIds = [
    'TEAMID.dev.instagramauth.InstagramSignInDemo', // the template's placeholder
    'dev.instagramauth.InstagramSignInDemo', // the bundle id alone
    'a1b2c3d4e5.dev.instagramauth.demo', // Team IDs are uppercase
    'A1B2C3D4E5', // no bundle id
    'A1B2C3D4E5.', // empty bundle id
    'A1B2C3D4E5.dev..demo',
    'A1B2C3D4E5.dev.demo/x',
    'A1B2C3D4E5.dev_demo',
  ];
  for (const appId of badAppIds) {
    assert.throws(mount({ INSTAGRAM_IOS_APP_ID: appId }), /INSTAGRAM_IOS_APP_ID ".*" is not an iOS app id/, appId);
  }
});
