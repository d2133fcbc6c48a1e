// Calls to Instagram from Cloud Code: bounded in time and size, never redirected, and
// with error messages that carry nothing of the request (it holds the app secret, a code
// or a token).
'use strict';

const DEFAULT_TIMEOUT_MS = 10000;
const MAX_REPLY_BYTES = 1024 * 1024;

class InstagramCallError extends Error {}

function timeoutMs() {
  const configured = Number(process.env.INSTAGRAM_TIMEOUT_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_MS;
}

// {status, ok, reply, headers}: reply is the parsed JSON object, or null when the body is
// not JSON; headers are the reply's (a Headers object: rate-limit usage, for instance).
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
    return { status: response.status, ok: response.ok, reply: parseInstagramJson(text), headers: response.headers };
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

module.exports = { callInstagram, instagramErrorMessage, exactUserId, InstagramCallError, MAX_REPLY_BYTES };
