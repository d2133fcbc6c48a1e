// For self-hosted Parse Server 9.10: the `instagram` provider without the deprecated
// enableInsecureAuth, and with tokens bound to our exchange on every sign-up, link and
// log-in (Cloud Code alone cannot refuse a log-in: see cloud/token-binding.js).
//
//   "auth": { "instagram": { "module": "/path/to/server/instagram-auth-module.js" } }
//
// with server/cloud/main.js as Cloud Code (it records the tokens it hands out) and its
// environment (INSTAGRAM_TOKEN_KEY, INSTAGRAM_TOKEN_BINDING).
//
// How it works, and what it leans on: parse-server copies a module's validateAuthData,
// validateAppId, validateSetUp, validateLogin, validateUpdate, challenge, validateOptions,
// policy and afterFind onto a fresh instance of its own InstagramAdapter and then calls
// `adapter.validateOptions(options)` (lib/Adapters/Auth/index.js, loadAuthAdapter).
// beforeFind, which checks the authData before anything else, is not in that list, so
// validateOptions, running on that instance, puts ours there. That `this` is not documented
// behaviour: if an upgrade changes it, the first sign-in fails with "Instagram beforeFind
// was not installed" instead of signing anyone in unchecked (see verifyInstalled).
'use strict';

const { callInstagram, exactUserId, InstagramCallError } = require('./cloud/instagram-http.js');
const { requireIssuedToken } = require('./cloud/token-binding.js');

const INVALID = 'Instagram auth is invalid for this user.';

// {id, access_token}: Instagram's /me must name that id for that token.
async function verifyWithInstagram(authData) {
  const id = authData && authData.id;
  const token = authData && authData.access_token;
  if (typeof id !== 'string' || id === '' || typeof token !== 'string' || token === '') {
    throw new Parse.Error(Parse.Error.OBJECT_NOT_FOUND, INVALID);
  }
  let answer;
  try {
    answer = await callInstagram(`https://graph.instagram.com/me?${new URLSearchParams({ fields: 'id', access_token: token })}`, { method: 'GET' });
  } catch (error) {
    if (error instanceof InstagramCallError) {
      throw new Parse.Error(Parse.Error.OBJECT_NOT_FOUND, `${INVALID} ${error.message}`);
    }
    throw error;
  }
  if (!answer.ok || !answer.reply || exactUserId(answer.reply.id) !== id) {
    throw new Parse.Error(Parse.Error.OBJECT_NOT_FOUND, INVALID);
  }
}

// The validators run after beforeFind on every sign-up, link and log-in with changed
// authData: each checks that this server issued the token (and that beforeFind was ours).
async function validateIssued(authData) {
  verifyInstalled(this);
  await requireIssuedToken(authData);
  return {};
}

function verifyInstalled(adapter) {
  if (adapter.beforeFind !== ourBeforeFind) {
    throw new Parse.Error(Parse.Error.OTHER_CAUSE, 'Instagram beforeFind was not installed: see server/instagram-auth-module.js');
  }
}

async function ourBeforeFind(authData) {
  await verifyWithInstagram(authData);
}

module.exports = {
  validateOptions() {
    this.beforeFind = ourBeforeFind;
  },
  validateSetUp: validateIssued,
  validateLogin: validateIssued,
  validateUpdate: validateIssued,
  // What clients see of the stored authData: the id, never the token.
  afterFind(authData) {
    return { id: authData.id };
  },
};
