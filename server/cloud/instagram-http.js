// Calls to Instagram from Cloud Code: bounded in time and size, never redirected, and
// with error messages that carry nothing of the request (it holds the app secret, a code
// or a token).
'use strict';

const DEFAULT_TIMEOUT_MS = 10000;
const MAX_REPLY_BYTES = 1024 * 1024;

// The Graph API version every versioned Graph call names (`/me`): the newest Meta
// documents, the same as the Rust core's GraphApiVersion::PINNED (a test holds the two
// together). The token endpoints (access_token, refresh_access_token) stay unversioned, as
// Meta documents them.
const GRAPH_API_VERSION = 'v26.0';
const GRAPH_URL = 'https://graph.instagram.com/';
const TOKEN_URL = 'https://api.instagram.com/oauth/access_token';

// `https://graph.instagram.com/v26.0/<node>?<query>`.
function versionedGraphUrl(node, query) {
  return `${GRAPH_URL}${GRAPH_API_VERSION}/${node}?${new URLSearchParams(query)}`;
}

class InstagramCallError extends Error {}

function timeoutMs() {
  const configured = Number(process.env.INSTAGRAM_TIMEOUT_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_MS;
}

// {status, ok, reply}: reply is the parsed JSON object, or null when the body is not JSON.
// Throws InstagramCallError when Instagram cannot be reached, is too slow (the whole call,
// body included, within INSTAGRAM_TIMEOUT_MS) or answers more than 1 MiB.
async function callInstagram(url, init = {}) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs());
  try {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual', // a code or token must not follow a redirect to another host
      headers: { Accept: 'application/json' },
      signal: controller.signal,
    });
    const text = await readCapped(response, controller);
    return { status: response.status, ok: response.ok, reply: parseInstagramJson(text) };
  } catch (error) {
    if (error instanceof InstagramCallError) {
      throw error;
    }
    throw new InstagramCallError(timedOut ? 'Instagram did not answer in time' : 'Instagram could not be reached');
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response, controller) {
  if (!response.body) {
    return '';
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > MAX_REPLY_BYTES) {
      controller.abort();
      throw new InstagramCallError('Instagram answered more than 1 MiB');
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Basic Display sent user_id as a bare 17-digit number, beyond what a JavaScript number
// holds exactly (2^53): quote it before parsing so the id is not silently changed.
function parseInstagramJson(text) {
  try {
    const value = JSON.parse(text.replace(/("(?:user_)?id"\s*:\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch (error) {
    return null;
  }
}

// Instagram's error message from any of its error bodies, if there is one.
function instagramErrorMessage(reply) {
  if (!reply) {
    return undefined;
  }
  const message = reply.error_message || (reply.error && reply.error.message);
  return typeof message === 'string' && message !== '' ? message : undefined;
}

// What an Instagram refusal asks the app to do, by Graph's code: the same rule as the Rust
// core (core/src/refusal.rs). 190, whatever the subcode: the token no longer works, sign in
// again; 4, 17, 32, 613 and 80002 (Business Use Case): throttled, call later; 10 and
// 200-299: a permission is missing.
function refusalKind(code) {
  if (code === 190) {
    return 'reauthentication_required';
  }
  if ([4, 17, 32, 613, 80002].includes(code)) {
    return 'rate_limited';
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return 'permission_missing';
  }
  return 'provider_error';
}

// Instagram's refusal in Graph's shape, {message, type, code, error_subcode,
// error_user_title, error_user_msg, fbtrace_id} (only the fields it sent), with its kind;
// from the token endpoint's {error_type, code, error_message} too. Undefined when the
// reply is not one of Instagram's error bodies.
function instagramRefusal(reply) {
  if (!reply) {
    return undefined;
  }
  let error;
  if (reply.error_type !== undefined || reply.error_message !== undefined) {
    error = { message: reply.error_message, type: reply.error_type, code: reply.code };
  } else if (reply.error !== null && typeof reply.error === 'object' && !Array.isArray(reply.error)) {
    const { message, type, code, error_subcode, error_user_title, error_user_msg, fbtrace_id } = reply.error;
    error = { message, type, code, error_subcode, error_user_title, error_user_msg, fbtrace_id };
  } else {
    return undefined;
  }
  for (const [name, value] of Object.entries(error)) {
    const number = name === 'code' || name === 'error_subcode';
    const kept = number ? Number.isSafeInteger(Number(value)) && value !== '' && value !== null : typeof value === 'string' && value.trim() !== '';
    if (!kept) {
      delete error[name];
    } else if (number) {
      error[name] = Number(value);
    }
  }
  return { kind: refusalKind(error.code), error };
}

// A user id as Parse must store it: a non-empty string, or a whole number turned into one.
// Anything else (an object, a fraction, true) is refused rather than stringified.
function exactUserId(value) {
  if (typeof value === 'string' && value !== '') {
    return value;
  }
  if (Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  return undefined;
}

module.exports = {
  callInstagram,
  instagramErrorMessage,
  instagramRefusal,
  refusalKind,
  exactUserId,
  versionedGraphUrl,
  InstagramCallError,
  MAX_REPLY_BYTES,
  GRAPH_API_VERSION,
  GRAPH_URL,
  TOKEN_URL,
};
