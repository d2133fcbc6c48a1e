// Meta's Deauthorize and Data Deletion Request callbacks for a Parse Server app, as
// Express routes mounted next to /parse.
//
// Meta POSTs the form field `signed_request` (`<signature>.<payload>`, base64url without
// padding; HMAC-SHA256 of the payload text keyed with the app secret; JSON payload with
// algorithm, issued_at and user_id) to the two URLs set in the App Dashboard:
//
//   POST <mount>/deauthorize   the user removed the app: their Instagram link and their
//                              Parse sessions are removed. Answers 200 (also for a user
//                              this app does not know).
//   POST <mount>/data-deletion the user asked for their data to be deleted: the Instagram
//                              link (or, with deletion "user", the whole _User) is deleted
//                              and the request recorded. Answers {"url", "confirmation_code"}.
//   GET  <mount>/data-deletion/status?code=<code>
//                              shows the state of that request and of nothing else.
//
// A missing or bad signature gets 400 and changes nothing. A delivery repeated with the
// same signed_request changes nothing more and answers the same code. Nothing here
// writes the signed request or the secret to a log or into an answer.
'use strict';

const crypto = require('node:crypto');

const DELETION_CLASS = 'InstagramDataDeletion';
const MAX_FORM_BYTES = 16 * 1024;
const DAY_SECONDS = 24 * 60 * 60;

// Mounts the three routes on an Express app (Back4App's `app` in cloud/app.js, or the
// app a self-hosted Parse Server is mounted on).
//   appSecret      the Instagram app secret (default: INSTAGRAM_CLIENT_SECRET)
//   publicUrl      where <mount> is reachable from the internet, for the status URL
//                  (default: INSTAGRAM_CALLBACKS_URL), e.g. https://myapp.b4a.app/instagram
//   mountPath      default "/instagram"
//   deletion       "instagram" (remove the link and sessions; default) or "user" (delete
//                  the _User); default: INSTAGRAM_DATA_DELETION
//   maxAgeSeconds  refuse requests issued longer ago (default one day)
//   deleteAppData  optional async (user, instagramUserId) => {}: delete what your app
//                  keeps about the user (runs before the link or user is removed)
//   Parse          the Parse SDK (default: the global one Cloud Code has)
function mountInstagramCallbacks(app, options = {}) {
  const settings = readSettings(options);
  const base = settings.mountPath;
  app.post(`${base}/deauthorize`, handler(settings, deauthorize));
  app.post(`${base}/data-deletion`, handler(settings, dataDeletion));
  app.get(`${base}/data-deletion/status`, (req, res) => deletionStatus(settings, req, res));
  return app;
}

function readSettings(options) {
  const appSecret = options.appSecret ?? process.env.INSTAGRAM_CLIENT_SECRET;
  const publicUrl = options.publicUrl ?? process.env.INSTAGRAM_CALLBACKS_URL;
  const deletion = options.deletion ?? process.env.INSTAGRAM_DATA_DELETION ?? 'instagram';
  if (typeof appSecret !== 'string' || appSecret === '') {
    throw new Error('Instagram callbacks: set INSTAGRAM_CLIENT_SECRET (or the appSecret option)');
  }
  if (typeof publicUrl !== 'string' || !/^https?:\/\//.test(publicUrl)) {
    throw new Error('Instagram callbacks: set INSTAGRAM_CALLBACKS_URL (or publicUrl) to the public URL of the routes');
  }
  if (deletion !== 'instagram' && deletion !== 'user') {
    throw new Error('Instagram callbacks: INSTAGRAM_DATA_DELETION (deletion) must be "instagram" or "user"');
  }
  return {
    appSecret,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    mountPath: (options.mountPath ?? '/instagram').replace(/\/+$/, ''),
    deletion,
    maxAgeSeconds: options.maxAgeSeconds ?? DAY_SECONDS,
    deleteAppData: options.deleteAppData,
    // Looked up per request: a self-hosted app may mount the routes before Parse starts.
    get Parse() {
      const Parse = options.Parse ?? globalThis.Parse;
      if (!Parse) {
        throw new Error('Instagram callbacks: the Parse SDK is not available');
      }
      return Parse;
    },
  };
}

// Verifies the signed request, then runs `action`; every failure is an answer, never a
// crash, and never mentions the request.
function handler(settings, action) {
  return async (req, res) => {
    let signedRequest;
    try {
      signedRequest = await formField(req, 'signed_request');
    } catch (error) {
      return res.status(400).json({ error: 'the form could not be read' });
    }
    const verified = verifySignedRequest(signedRequest, settings.appSecret, settings.maxAgeSeconds);
    if (!verified.ok) {
      return res.status(400).json({ error: verified.message, kind: verified.kind });
    }
    try {
      const answer = await action(settings, verified.payload, signedRequest);
      return res.status(200).json(answer);
    } catch (error) {
      console.error(`Instagram callback failed: ${error && error.code ? `Parse error ${error.code}` : 'internal error'}`);
      return res.status(500).json({ error: 'the request could not be completed; Meta may send it again' });
    }
  };
}

// ---- signed_request ---------------------------------------------------------------------

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeBase64url(text) {
  // Node's decoder skips what it does not understand; accept only canonical text.
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    return null;
  }
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

// {ok: true, payload: {userId, issuedAt}} or {ok: false, kind, message}; the same rules as
// instagram-auth's SignedRequestVerifier (igauth signed-request verify).
function verifySignedRequest(signedRequest, appSecret, maxAgeSeconds, nowMs = Date.now()) {
  const refuse = (kind, message) => ({ ok: false, kind, message });
  if (typeof signedRequest !== 'string' || !signedRequest.includes('.')) {
    return refuse('invalid_signed_request', 'signed_request is missing or has no dot');
  }
  const dot = signedRequest.indexOf('.');
  const signature = decodeBase64url(signedRequest.slice(0, dot));
  const payloadText = signedRequest.slice(dot + 1);
  const payloadBytes = decodeBase64url(payloadText);
  if (signature === null || payloadBytes === null) {
    return refuse('invalid_signed_request', 'signed_request is not base64url without padding');
  }
  const expected = crypto.createHmac('sha256', appSecret).update(payloadText).digest();
  if (signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
    return refuse('invalid_signature', 'the signature does not match the app secret');
  }
  let payload;
  try {
    // Quote a bare numeric user_id first: it exceeds 2^53.
    payload = JSON.parse(payloadBytes.toString('utf8').replace(/("user_id"\s*:\s*)(\d+)(?=\s*[,}])/, '$1"$2"'));
  } catch (error) {
    payload = null;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return refuse('invalid_signed_request', 'the payload is not a JSON object');
  }
  if (typeof payload.algorithm !== 'string' || payload.algorithm.toUpperCase() !== 'HMAC-SHA256') {
    return refuse('invalid_signed_request', 'the payload does not name the HMAC-SHA256 algorithm');
  }
  if (!Number.isSafeInteger(payload.issued_at) || payload.issued_at < 0) {
    return refuse('invalid_signed_request', 'the payload has no issued_at');
  }
  if (typeof payload.user_id !== 'string' || payload.user_id === '') {
    return refuse('invalid_signed_request', 'the payload has no user_id');
  }
  const ageSeconds = Math.floor(nowMs / 1000) - payload.issued_at;
  if (maxAgeSeconds !== undefined && maxAgeSeconds !== null && ageSeconds > maxAgeSeconds) {
    return refuse('expired', `the request was issued more than ${maxAgeSeconds} s ago`);
  }
  return { ok: true, payload: { userId: payload.user_id, issuedAt: payload.issued_at } };
}

// A field of an application/x-www-form-urlencoded body, whether or not the app already
// parsed bodies (Back4App's app.js may have).
async function formField(req, name) {
  if (req.body && typeof req.body === 'object' && typeof req.body[name] === 'string') {
    return req.body[name];
  }
  // A parser that ran (body-parser marks req._body) took the stream; one that did not
  // match the form (Express 4's json() still sets req.body = {}) left it for us.
  if (req._body || req.readableEnded) {
    return undefined;
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      throw new Error('form too large');
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get(name) ?? undefined;
}

// ---- the two callbacks ------------------------------------------------------------------

async function deauthorize(settings, payload) {
  const user = await findUser(settings.Parse, payload.userId);
  if (user) {
    await unlink(settings.Parse, user);
  }
  return { success: true };
}

async function dataDeletion(settings, payload, signedRequest) {
  const Parse = settings.Parse;
  // The same delivery again: answer the code already given. Only a request that failed
  // half-way (still in progress) is carried out again; every step can run twice.
  const requestKey = crypto.createHash('sha256').update(signedRequest).digest('hex');
  let record = await new Parse.Query(DELETION_CLASS).equalTo('requestKey', requestKey).first({ useMasterKey: true });
  if (record && record.get('status') !== 'in_progress') {
    return deletionAnswer(settings, record.get('confirmationCode'));
  }
  if (!record) {
    record = new Parse.Object(DELETION_CLASS);
    record.setACL(new Parse.ACL()); // master key only
    record.set({
      requestKey,
      confirmationCode: crypto.randomBytes(12).toString('hex'),
      status: 'in_progress',
      issuedAt: new Date(payload.issuedAt * 1000),
    });
    await record.save(null, { useMasterKey: true });
  }

  const user = await findUser(Parse, payload.userId);
  if (user && !record.get('foundData')) {
    // Noted first: a retry after a failure half-way finds no user but must still say
    // that there was data, and that it is deleted.
    record.set('foundData', true);
    await record.save(null, { useMasterKey: true });
  }
  if (user && settings.deleteAppData) {
    await settings.deleteAppData(user, payload.userId);
  }
  if (user && settings.deletion === 'user') {
    await destroySessions(Parse, user);
    await user.destroy({ useMasterKey: true });
  } else if (user) {
    await unlink(Parse, user);
  }
  record.set('status', record.get('foundData') ? 'complete' : 'no_data');
  await record.save(null, { useMasterKey: true });
  return deletionAnswer(settings, record.get('confirmationCode'));
}

function deletionAnswer(settings, code) {
  return {
    url: `${settings.publicUrl}/data-deletion/status?code=${encodeURIComponent(code)}`,
    confirmation_code: code,
  };
}

const STATUS_TEXT = {
  in_progress: 'Your request is being processed.',
  complete: 'Your Instagram data has been deleted from this app.',
  no_data: 'This app held no data for your Instagram account.',
};

async function deletionStatus(settings, req, res) {
  const code = typeof req.query.code === 'string' ? req.query.code : '';
  let record;
  if (/^[0-9a-f]{24}$/.test(code)) {
    try {
      record = await new settings.Parse.Query(DELETION_CLASS).equalTo('confirmationCode', code).first({ useMasterKey: true });
    } catch (error) {
      return res.status(500).json({ error: 'the status could not be read' });
    }
  }
  if (!record) {
    return res.status(404).json({ error: 'unknown confirmation code' });
  }
  const status = record.get('status');
  const answer = { confirmation_code: code, status, message: STATUS_TEXT[status] || status };
  return res.format({
    'application/json': () => res.json(answer),
    default: () => res.type('html').send(
      `<!doctype html><meta charset="utf-8"><title>Data deletion request</title>` +
        `<h1>Data deletion request ${code}</h1><p>${answer.message}</p>`,
    ),
  });
}

// ---- Parse ------------------------------------------------------------------------------

function findUser(Parse, instagramUserId) {
  return new Parse.Query(Parse.User).equalTo('authData.instagram.id', instagramUserId).first({ useMasterKey: true });
}

// Removes the Instagram link and every session, so the user is signed out everywhere.
async function unlink(Parse, user) {
  await destroySessions(Parse, user);
  user.set('authData', { ...(user.get('authData') || {}), instagram: null });
  await user.save(null, { useMasterKey: true });
}

async function destroySessions(Parse, user) {
  const sessions = await new Parse.Query(Parse.Session).equalTo('user', user).limit(1000).find({ useMasterKey: true });
  // One by one: Parse Server 9.10.0's /batch route fails on internal calls (see
  // scripts/test-parse.sh on directAccess).
  await Promise.all(sessions.map((session) => session.destroy({ useMasterKey: true })));
}

module.exports = { mountInstagramCallbacks, verifySignedRequest };
