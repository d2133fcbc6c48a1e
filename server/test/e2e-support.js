// What the issue 26 end-to-end tests share: the CLI, the consent in the sandbox, the logs.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function igauth(...args) {
  return JSON.parse(execFileSync(process.env.IGAUTH, args, { encoding: 'utf8', timeout: 60000 }));
}

// `user` allows `app` in the sandbox at `sandbox`; the authorization code, as the core
// checks it on the redirect (state included).
async function consent(sandbox, app, user) {
  const start = igauth('authorize-url', '--client-id', app.clientId, '--redirect-uri', app.redirect, '--auth-url', `${sandbox}oauth/authorize`);
  const answer = await fetch(`${start.url}&sandbox_decision=allow&sandbox_user=${user}`, { redirect: 'manual' });
  assert.equal(answer.status, 302);
  return igauth('parse-callback', '--redirect-uri', app.redirect, '--state', start.state, answer.headers.get('location')).code;
}

// Everything in a colon-separated list of log files and log folders.
function readLogs(list) {
  const texts = [];
  for (const entry of list.split(':')) {
    if (fs.existsSync(entry) && fs.statSync(entry).isDirectory()) {
      texts.push(...fs.readdirSync(entry).map((name) => fs.readFileSync(path.join(entry, name), 'utf8')));
    } else if (fs.existsSync(entry)) {
      texts.push(fs.readFileSync(entry, 'utf8'));
    }
  }
  return texts.join('\n');
}

module.exports = { igauth, consent, readLogs };
