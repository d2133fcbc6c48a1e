// Tokens bound to our exchange: Instagram authData signs a user up, or is linked to a
// user, only with a token this server handed out (instagramExchange, instagramRefresh or
// the refresh job) for that same Instagram id and not yet expired. A token minted for
// another app, or obtained outside our exchange, is refused even if Instagram says it is
// valid.
//
// Where it is enforced:
// - Cloud Code (Back4App and self-hosted): beforeSave on _User, for sign-ups and links.
//   Parse Server 9.10 gives a log-in of an existing user to no Cloud Code trigger with the
//   incoming authData (beforeLogin receives the stored user, RestWrite.handleAuthData), so
//   Cloud Code cannot refuse a log-in; parse-server-auth-module.js does, on self-hosted servers.
// - Saves with the master key are trusted (your own server code).
//
// The mode: the Parse Config parameter instagramTokenBinding if set (Back4App: Dashboard →
// App Settings → Config; no redeploy), else the environment variable INSTAGRAM_TOKEN_BINDING:
//   enforce  (default) refuse tokens this server did not issue
//   adopt    migration: accept a token Parse has verified with Instagram even if this server
//            did not issue it, and record it as issued; after at most 60 days (the life of
//            any older token) switch back to enforce
//   off      no check (not recommended)
'use strict';

const { findIssuedToken, recordIssuedToken } = require('./token-store.js');

const NOT_ISSUED = 'this Instagram sign-in did not come through this app\'s server: sign in with Instagram again';

async function bindingMode() {
  const configured = (await Parse.Config.get({ useMasterKey: true })).get('instagramTokenBinding');
  const mode = String(configured ?? process.env.INSTAGRAM_TOKEN_BINDING ?? 'enforce').trim();
  if (!['enforce', 'adopt', 'off'].includes(mode)) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'instagramTokenBinding (Parse Config) or INSTAGRAM_TOKEN_BINDING must be enforce, adopt or off');
  }
  return mode;
}

// Throws Parse error 142 (VALIDATION_ERROR) unless `authData` ({id, access_token}) carries a token this server
// issued for that id and still valid. In adopt mode, records a token Parse has verified.
async function requireIssuedToken(authData, { user } = {}) {
  const mode = await bindingMode();
  if (mode === 'off') {
    return;
  }
  const id = authData && authData.id;
  const token = authData && authData.access_token;
  if (typeof id !== 'string' || typeof token !== 'string' || token === '') {
    throw new Parse.Error(Parse.Error.VALIDATION_ERROR, NOT_ISSUED);
  }
  const row = await findIssuedToken(token);
  if (row && row.get('instagramId') === id && row.get('expiresAt') > new Date()) {
    return;
  }
  if (mode === 'adopt' && !row) {
    // Parse's adapter has just asked Instagram whose token this is (beforeFind runs before
    // any trigger), so the id is right; Instagram does not say when it expires: 60 days at most.
    await recordIssuedToken({ token, instagramId: id, expiresIn: 60 * 24 * 3600, source: 'adopted', user });
    return;
  }
  throw new Parse.Error(Parse.Error.VALIDATION_ERROR, NOT_ISSUED);
}

// The Instagram authData a save adds or changes, or undefined (unchanged, unlinked, absent).
function changedInstagramAuthData(request) {
  const incoming = (request.object.get('authData') || {}).instagram;
  if (!incoming) {
    return undefined;
  }
  const stored = request.original && (request.original.get('authData') || {}).instagram;
  if (stored && stored.id === incoming.id && stored.access_token === incoming.access_token) {
    return undefined;
  }
  return incoming;
}

function installTokenBinding() {
  Parse.Cloud.beforeSave(Parse.User, async (request) => {
    if (request.master) {
      return;
    }
    const authData = changedInstagramAuthData(request);
    if (authData) {
      await requireIssuedToken(authData, { user: request.object.id ? request.object : undefined });
    }
  });
}

module.exports = { installTokenBinding, requireIssuedToken, bindingMode, NOT_ISSUED };
