// Sign in with Instagram: the code exchange and the 60-day token, on the server, where the
// app secret lives.
//
// Deploy to Back4App: Dashboard → Cloud Code → upload this file, instagram-http.js,
// parse-server-direct-access.js, token-store.js, token-binding.js and refresh-job.js to
// cloud/, then set the environment variables (Server Settings → Environment Variables):
//   INSTAGRAM_CLIENT_ID          the Instagram app id
//   INSTAGRAM_CLIENT_SECRET      the Instagram app secret (never put it in the app)
//   INSTAGRAM_REDIRECT_URIS      comma-separated redirect URIs this function accepts (required)
//   INSTAGRAM_TOKEN_KEY          32 random bytes in base64 (openssl rand -base64 32): the key
//                                of the record of issued tokens (token-store.js)
//   INSTAGRAM_TOKEN_BINDING      optional: enforce (default), adopt (migration) or off
//                                (token-binding.js)
//   INSTAGRAM_LONG_LIVED_TOKENS  optional: "true" makes every exchange return the 60-day token
//   INSTAGRAM_TIMEOUT_MS         optional: how long one call to Instagram may take (10000)
//
// instagramExchange: the app calls POST <server>/functions/instagramExchange with
// {"code", "redirect_uri"[, "long_lived": true]} (instagram-auth's
// BackendExchange.parseCloudFunction sends the first two) and receives {"result":
// {"access_token", "user_id", "permissions"}}, plus "token_type" and "expires_in"
// (seconds) when the token is the 60-day one.
//
// instagramRefresh: a signed-in user sends {"access_token"}, their 60-day token, at least
// 24 hours old; it must be the token of the Instagram account linked to that user. It is
// renewed for 60 days: the result is {"access_token", "token_type", "expires_in"}, and the
// user's authData holds the new token and the professional account's id ("user_id").
//
// When Instagram refuses the exchange, instagramExchange answers with Instagram's error as
// its result, {"error": {"message", "type", "code", "error_subcode", "error_user_title",
// "error_user_msg", "fbtrace_id"}} (Graph's shape, the fields Instagram sent), so the app's
// library tells Instagram's refusal (sign in again, rate limited, permission missing, a
// used code) from the backend's own. instagramRefresh, which apps call themselves, throws
// Instagram's refusal as a Parse error whose code says what to do: 251
// (INVALID_LINKED_SESSION) when Instagram no longer accepts the token (Graph code 190),
// 155 (REQUEST_LIMIT_EXCEEDED) when throttled (4, 17, 32, 613, 80002), 119
// (OPERATION_FORBIDDEN) when a permission is missing (10, 200-299), else 141; the message
// is Instagram's text for the user (error_user_msg) when it sent one.
// The functions' own failures are Parse error 141; none repeats a secret.
//
// Every token handed out is recorded (token-store.js); sign-ups and links take only those
// (token-binding.js); the job instagramRefreshTokens keeps 60-day tokens alive (refresh-job.js).
'use strict';

// Before anything else: with directAccess (parse-server's default) and router 2.3.0, every
// Parse SDK call of Cloud Code, and Parse's own linking of authData to a signed-in user,
// crash in parse-server 9.10.0's PromiseRouter.match; this repairs it (issue 17).
if (require('./parse-server-direct-access.js').repairDirectAccessRouting() === 'not-found') {
  // Cloud Code running where parse-server's modules are not loaded (another process): the
  // repair cannot reach them; README, "Linking Instagram to a signed-in user", has the fixes.
  console.warn('parse-server-direct-access: parse-server is not loaded here; directAccess routing was not checked');
}

const {
  callInstagram, instagramErrorMessage, instagramRefusal, parseErrorOfRefusal, exactUserId, versionedGraphUrl, InstagramCallError, GRAPH_URL,
  TOKEN_URL,
} = require('./instagram-http.js');
const { recordIssuedToken, findIssuedToken } = require('./token-store.js');
const { installTokenBinding } = require('./token-binding.js');
const { installRefreshJob, renewForApp, clearSignInRequired } = require('./refresh-job.js');

installTokenBinding();
installRefreshJob();

Parse.Cloud.define('instagramExchange', async (request) => {
  const { code, redirect_uri: redirectUri, long_lived: longLived } = request.params;
  if (!nonEmptyString(code) || !nonEmptyString(redirectUri)) {
    fail('code and redirect_uri are required');
  }
  const { clientId, clientSecret, redirectUris } = configuration();
  if (!redirectUris.includes(redirectUri)) {
    fail('this redirect_uri is not accepted by the server');
  }
  const { status, ok, reply } = await call(TOKEN_URL, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: clientId,
      client_secret: clientSecret,
      grant_type: 'authorization_code',
      redirect_uri: redirectUri,
      code,
    }),
  });
  const refusal = instagramRefusal(reply);
  if (refusal) {
    return { error: refusal.error };
  }
  if (!ok || reply === null || reply.error) {
    fail(instagramErrorMessage(reply) || `Instagram answered HTTP ${status}`);
  }
  // Today's reply is {"data":[{...}]}; older ones are flat. Return one flat shape.
  const entry = Array.isArray(reply.data) ? reply.data[0] : reply;
  const rawId = entry && (entry.user_id ?? (entry.user && entry.user.id));
  const userId = exactUserId(rawId);
  if (!entry || !nonEmptyString(entry.access_token) || rawId === undefined) {
    fail('Instagram answered without a token or user id');
  }
  if (userId === undefined) {
    fail('Instagram answered with a user id that is not a string or whole number');
  }
  const result = { access_token: entry.access_token, user_id: userId, permissions: entry.permissions ?? '' };
  const wantLongLived = longLived === undefined ? process.env.INSTAGRAM_LONG_LIVED_TOKENS === 'true' : longLived === true;
  // Bound to this exchange (token-binding.js): only tokens recorded here sign anyone in.
  await recordIssuedToken({ token: entry.access_token, instagramId: userId, expiresIn: 3600, source: 'exchange' });
  if (!wantLongLived) {
    await clearSignInRequired(userId);
    return result;
  }
  const query = new URLSearchParams({ grant_type: 'ig_exchange_token', client_secret: clientSecret, access_token: entry.access_token });
  const sixtyDay = await longLivedToken(`${GRAPH_URL}access_token?${query}`);
  if (sixtyDay.refusal) {
    return { error: sixtyDay.refusal.error };
  }
  await recordIssuedToken({ token: sixtyDay.access_token, instagramId: userId, expiresIn: sixtyDay.expires_in, source: 'exchange' });
  await clearSignInRequired(userId);
  return { ...result, ...sixtyDay };
});

Parse.Cloud.define('instagramRefresh', async (request) => {
  if (!request.user) {
    throw new Parse.Error(Parse.Error.INVALID_SESSION_TOKEN, 'sign in first: only a user can refresh their Instagram token');
  }
  const { access_token: token } = request.params;
  if (!nonEmptyString(token)) {
    fail('access_token is required');
  }
  configuration();
  // Parse never hands a stored token back (its Instagram adapter's afterFind keeps only the
  // id), so the app sends it, and Instagram says whose it is.
  const user = await new Parse.Query(Parse.User).get(request.user.id, { useMasterKey: true });
  const linked = (user.get('authData') || {}).instagram;
  if (!linked || !nonEmptyString(linked.id)) {
    fail('this user has no Instagram account linked');
  }
  // Instagram says whose the token is (a refused token is Parse's 251), and gives the
  // professional account's id (`/me`'s user_id, the id webhooks use), kept with the authData
  // so that Meta's callbacks find the user by either id.
  const owner = await call(versionedGraphUrl('me', { fields: 'id,user_id', access_token: token }), { method: 'GET' });
  throwRefusal(instagramRefusal(owner.reply));
  if (!owner.ok || owner.reply === null || exactUserId(owner.reply.id) !== linked.id) {
    fail(instagramErrorMessage(owner.reply) || "this token is not the signed-in user's Instagram token");
  }
  const professionalId = exactUserId(owner.reply.user_id) ?? (nonEmptyString(linked.user_id) ? linked.user_id : undefined);
  const professional = professionalId ? { user_id: professionalId } : {};
  // A 60-day token this server issued: renewed once, even when the refresh job or another call of
  // the app is renewing it too (refresh-job.js). Its refusals carry the same codes as below.
  const issued = await findIssuedToken(token);
  if (issued && issued.get('instagramId') === linked.id && issued.get('sealed')) {
    if (!issued.get('user')) {
      issued.set('user', user);
      await issued.save(null, { useMasterKey: true });
    }
    const renewed = await renewForApp(issued);
    user.set('authData', { instagram: { id: linked.id, access_token: renewed.access_token, ...professional } });
    await user.save(null, { useMasterKey: true });
    return renewed;
  }
  const query = new URLSearchParams({ grant_type: 'ig_refresh_token', access_token: token });
  const refreshed = await longLivedToken(`${GRAPH_URL}refresh_access_token?${query}`);
  throwRefusal(refreshed.refusal);
  await recordIssuedToken({ token: refreshed.access_token, instagramId: linked.id, expiresIn: refreshed.expires_in, source: 'refresh', user });
  user.set('authData', { instagram: { id: linked.id, access_token: refreshed.access_token, ...professional } });
  await user.save(null, { useMasterKey: true });
  return refreshed;
});

// {access_token, token_type, expires_in} from ig_exchange_token or ig_refresh_token, or
// {refusal} when Instagram refused.
async function longLivedToken(url) {
  const { status, ok, reply } = await call(url, { method: 'GET' });
  const refusal = instagramRefusal(reply);
  if (refusal) {
    return { refusal };
  }
  if (!ok || reply === null || reply.error) {
    fail(instagramErrorMessage(reply) || `Instagram answered HTTP ${status}`);
  }
  if (!nonEmptyString(reply.access_token) || !Number.isSafeInteger(reply.expires_in) || reply.expires_in <= 0) {
    fail('Instagram answered without a long-lived token or its lifetime');
  }
  return { access_token: reply.access_token, token_type: reply.token_type || 'bearer', expires_in: reply.expires_in };
}

// The server's settings; refuses to run without them rather than exchange for anyone.
function configuration() {
  const clientId = process.env.INSTAGRAM_CLIENT_ID;
  const clientSecret = process.env.INSTAGRAM_CLIENT_SECRET;
  const redirectUris = (process.env.INSTAGRAM_REDIRECT_URIS || '').split(',').map((uri) => uri.trim()).filter(Boolean);
  const missing = [
    ['INSTAGRAM_CLIENT_ID', nonEmptyString(clientId)],
    ['INSTAGRAM_CLIENT_SECRET', nonEmptyString(clientSecret)],
    ['INSTAGRAM_REDIRECT_URIS', redirectUris.length > 0],
  ].filter(([, present]) => !present).map(([name]) => name);
  if (missing.length > 0) {
    fail(`the server is not configured for Instagram: set ${missing.join(', ')} in its environment`);
  }
  return { clientId, clientSecret, redirectUris };
}

async function call(url, init) {
  try {
    return await callInstagram(url, init);
  } catch (error) {
    if (error instanceof InstagramCallError) {
      fail(error.message);
    }
    throw error;
  }
}

// Instagram's refusal as the Parse error whose code says what to do (instagram-http.js).
function throwRefusal(refusal) {
  if (refusal) {
    const { code, message } = parseErrorOfRefusal(refusal);
    throw new Parse.Error(code, message);
  }
}

function fail(message) {
  throw new Parse.Error(Parse.Error.SCRIPT_FAILED, message);
}

function nonEmptyString(value) {
  return typeof value === 'string' && value !== '';
}
