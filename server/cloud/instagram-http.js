// Calls to Instagram from Cloud Code: bounded in time and size, never redirected, and
// with error messages that carry nothing of the request (it holds the app secret, a code
// or a token): not our own, and not Instagram's or a gateway's when it echoes the request.
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
    const reply = parseInstagramJson(text);
    // An error reply's text reaches the app as a Parse error: without the request's secrets.
    const failed = !response.ok || (reply !== null && ['error', 'error_type', 'error_message'].some((name) => name in reply));
    const redact = failed && reply !== null ? redactor(requestSecrets(url, init.body)) : null;
    return { status: response.status, ok: response.ok, reply: redact ? redactStrings(reply, redact) : reply, headers: response.headers };
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

// ---- redaction: the core's rule (core/src/redact.rs) -------------------------------------
// No run of RUN or more characters of a secret of the request (a value under a secret's
// name: client_secret, code, access_token) survives, in any spelling: as sent, form- and
// percent-encoded (either case of hex, and as encodeURIComponent leaves it), JSON-escaped.
// A spelling shorter than RUN, of a secret of at least four characters, goes whole.

const RUN = 8;
const SECRET_NAMES = ['secret', 'code', 'token', 'key', 'session', 'authorization', 'password'];
const REDACTED = '[redacted]';
const WITHHELD = '[withheld: it repeated part of the request]';
const LONGEST_TEXT = 4096;

// The secret values of a request: its query, and its body when it is a form.
function requestSecrets(url, body) {
  const pairs = [...new URL(url).searchParams, ...(body instanceof URLSearchParams ? body : [])];
  return pairs
    .filter(([name, value]) => SECRET_NAMES.some((word) => name.toLowerCase().includes(word)) && [...value].length >= 4)
    .map(([, value]) => value);
}

function spellings(secret) {
  const percent = [...Buffer.from(secret, 'utf8')]
    .map((byte) => (/[A-Za-z0-9]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  return [...new Set([
    secret,
    new URLSearchParams({ x: secret }).toString().slice(2),
    encodeURIComponent(secret),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    JSON.stringify(secret).slice(1, -1),
  ])];
}

// A function that redacts a text of the secrets given.
function redactor(secrets) {
  const windows = new Set();
  const whole = [];
  for (const spelling of secrets.flatMap(spellings)) {
    const chars = [...spelling];
    if (chars.length < RUN) {
      whole.push(spelling);
    }
    for (let i = 0; i + RUN <= chars.length; i += 1) {
      windows.add(chars.slice(i, i + RUN).join(''));
    }
  }
  // For each character (code point) of text, whether it belongs to a run or a whole value.
  const hidden = (chars) => {
    const marks = chars.map(() => false);
    for (let i = 0; i + RUN <= chars.length; i += 1) {
      if (windows.has(chars.slice(i, i + RUN).join(''))) {
        marks.fill(true, i, i + RUN);
      }
    }
    for (const value of whole) {
      const length = [...value].length;
      for (let i = 0; i + length <= chars.length; i += 1) {
        if (chars.slice(i, i + length).join('') === value) {
          marks.fill(true, i, i + length);
        }
      }
    }
    return marks;
  };
  return (text) => {
    // Cut first, as the core does: a 1 MiB error message costs no more than a short one.
    const chars = [...text.slice(0, 2 * (LONGEST_TEXT + 1))].slice(0, LONGEST_TEXT + 1);
    if (chars.length > LONGEST_TEXT) {
      chars.splice(LONGEST_TEXT, 1, '…');
    }
    const marks = hidden(chars);
    if (!marks.includes(true)) {
      return chars.join('');
    }
    const redacted = chars.map((c, i) => (!marks[i] ? c : i > 0 && marks[i - 1] ? '' : REDACTED)).join('');
    return hidden([...redacted]).includes(true) ? WITHHELD : redacted;
  };
}

// `value` with every string in it redacted.
function redactStrings(value, redact) {
  if (typeof value === 'string') {
    return redact(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactStrings(item, redact));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  }
  return value;
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

// Parse's error code for each kind, for apps that call a Cloud function themselves
// (instagramRefresh): the code says what to do (docs/parse.md, "The 60-day token").
const PARSE_CODE_OF_KIND = {
  reauthentication_required: 251, // Parse.Error.INVALID_LINKED_SESSION
  rate_limited: 155, // Parse.Error.REQUEST_LIMIT_EXCEEDED
  permission_missing: 119, // Parse.Error.OPERATION_FORBIDDEN
  provider_error: 141, // Parse.Error.SCRIPT_FAILED
};

// {code, message} of the Parse error that reports an Instagram refusal: the kind's code, and
// Instagram's text for the user (error_user_msg) when it sent one.
function parseErrorOfRefusal(refusal) {
  const { error_user_msg: forUser, message } = refusal.error;
  return { code: PARSE_CODE_OF_KIND[refusal.kind], message: forUser || message || 'Instagram refused the request' };
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
  parseErrorOfRefusal,
  PARSE_CODE_OF_KIND,
  exactUserId,
  versionedGraphUrl,
  InstagramCallError,
  MAX_REPLY_BYTES,
  GRAPH_API_VERSION,
  GRAPH_URL,
  TOKEN_URL,
  redactor,
};
