// Sign in with Instagram: the code exchange, on the server, where the app secret lives.
//
// Deploy to Back4App: Dashboard → Cloud Code → upload this file as cloud/main.js, then set
// the environment variables (Server Settings → Environment Variables):
//   INSTAGRAM_CLIENT_ID       the Instagram app id
//   INSTAGRAM_CLIENT_SECRET   the Instagram app secret (never put it in the app)
//   INSTAGRAM_REDIRECT_URIS   optional: comma-separated redirect URIs this function accepts
//
// The app calls POST <server>/functions/instagramExchange with {"code", "redirect_uri"}
// (instagram-auth's BackendExchange.parseCloudFunction does exactly this) and receives
// {"result": {"access_token", "user_id", "permissions"}}. Failures are Parse error 141
// with Instagram's message.

const TOKEN_URL = 'https://api.instagram.com/oauth/access_token';

Parse.Cloud.define('instagramExchange', async (request) => {
  const { code, redirect_uri: redirectUri } = request.params;
  if (!nonEmptyString(code) || !nonEmptyString(redirectUri)) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'code and redirect_uri are required');
  }
  const clientId = process.env.INSTAGRAM_CLIENT_ID;
  const clientSecret = process.env.INSTAGRAM_CLIENT_SECRET;
  if (!nonEmptyString(clientId) || !nonEmptyString(clientSecret)) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'the server is missing INSTAGRAM_CLIENT_ID or INSTAGRAM_CLIENT_SECRET');
  }
  const allowed = (process.env.INSTAGRAM_REDIRECT_URIS || '').split(',').map((uri) => uri.trim()).filter(Boolean);
  if (allowed.length > 0 && !allowed.includes(redirectUri)) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'this redirect_uri is not accepted by the server');
  }

  let response;
  try {
    response = await fetch(TOKEN_URL, {
      method: 'POST',
      redirect: 'manual', // a one-time code must not follow a redirect to another host
      headers: { Accept: 'application/json' },
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code,
      }),
    });
  } catch (error) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'Instagram could not be reached');
  }
  const reply = parseInstagramJson(await response.text());
  if (!response.ok || reply === null || reply.error_type || reply.error) {
    const message = reply && (reply.error_message || (reply.error && reply.error.message));
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, message || `Instagram answered HTTP ${response.status}`);
  }
  // Today's reply is {"data":[{...}]}; older ones are flat. Return one flat shape.
  const entry = Array.isArray(reply.data) ? reply.data[0] : reply;
  const userId = entry && (entry.user_id ?? (entry.user && entry.user.id));
  if (!entry || !nonEmptyString(entry.access_token) || userId === undefined) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'Instagram answered without a token or user id');
  }
  return {
    access_token: entry.access_token,
    user_id: String(userId),
    permissions: entry.permissions ?? '',
  };
});

function nonEmptyString(value) {
  return typeof value === 'string' && value !== '';
}

// Basic Display sent user_id as a bare 17-digit number, beyond what a JavaScript number
// holds exactly (2^53): quote it before parsing so the id is not silently changed.
function parseInstagramJson(text) {
  try {
    return JSON.parse(text.replace(/("(?:user_)?id"\s*:\s*)(\d{16,})/g, '$1"$2"'));
  } catch (error) {
    return null;
  }
}
