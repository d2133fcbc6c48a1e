#!/usr/bin/env node
// Runs the script of ios-demo/redirect-page/index.html (the page served at the https
// redirect URI for iOS before 17.4) against a fake `location` and `document`, and checks that
// it hands Instagram's answer on to the app's scheme with the same host, path and query,
// which InstagramWebSignIn turns back into the https redirect (docs/ios.md).
//   node scripts/check_redirect_page.js [page]
'use strict';
const fs = require('fs');
const vm = require('vm');

const page = process.argv[2] || 'ios-demo/redirect-page/index.html';
const html = fs.readFileSync(page, 'utf8');
const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (scripts.length !== 1 || /<script[^>]*src=/.test(html) || /<(img|link|iframe)\b/.test(html)) {
  console.error(`${page}: expected one inline script and nothing loaded from elsewhere`);
  process.exit(1);
}
const scheme = /var APP_SCHEME = "([a-z][a-z0-9+.-]*)";/.exec(scripts[0]);
if (!scheme) {
  console.error(`${page}: no APP_SCHEME`);
  process.exit(1);
}

const cases = [
  ['https://app.example.com/auth/?code=AQBx-1&state=s3cr3t#_', '/auth/?code=AQBx-1&state=s3cr3t'],
  ['https://app.example.com/auth/?error=access_denied&error_reason=user_denied&state=s', '/auth/?error=access_denied&error_reason=user_denied&state=s'],
  ['https://app.example.com:8443/auth/?code=c&state=s', '/auth/?code=c&state=s'],
];
const problems = [];
for (const [address, rest] of cases) {
  const url = new URL(address);
  const opened = [];
  const link = {};
  const context = {
    location: { host: url.host, pathname: url.pathname, search: url.search, replace: (to) => opened.push(to) },
    document: { getElementById: (id) => (id === 'open' ? link : null) },
  };
  vm.runInNewContext(scripts[0], context);
  const expected = `${scheme[1]}://${url.host}${rest}`;
  if (opened.length !== 1 || opened[0] !== expected || link.href !== expected) {
    problems.push(`${address}: opened ${JSON.stringify(opened)}, link ${link.href}; expected ${expected}`);
  }
}
if (problems.length) {
  console.error(`${page}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${page}: hands the answer on to ${scheme[1]}:// with the same host, path and query`);
