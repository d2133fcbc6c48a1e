// Meta's Deauthorize and Data Deletion Request callbacks for a Parse Server app, as
// Express routes mounted next to /parse.
//
// Meta POSTs the form field `signed_request` (`<signature>.<payload>`, base64url without
// padding; HMAC-SHA256 of the payload text keyed with the app secret; JSON payload with
// algorithm, issued_at and user_id) to the two URLs set in the App Dashboard:
//
//   POST <mount>/deauthorize   the user removed the app: their Instagram link and their
//                              Parse sessions are removed, and the request recorded (class
//                              InstagramDeauthorization, with the Instagram id and the user,
//                              for a data deletion request that follows). Answers 200 (also
//                              for a user this app does not know).
//   POST <mount>/data-deletion the user asked for their data to be deleted: every user the
//                              Instagram id leads to is found, by authData and by the
//                              deauthorization records (a person who removed the app and
//                              signed in again has two); for each, the app's data goes
//                              (deleteAppData) and the Instagram link (or, with deletion
//                              "user", the whole _User); then the deauthorization records
//                              forget the id, and the request is recorded complete. Answers
//                              {"url", "confirmation_code"}; the code is derived from the
//                              request.
//   GET  <mount>/data-deletion/status?code=<code>
//                              shows the state of that request and of nothing else.
//
// A missing or bad signature gets 400 and changes nothing. A delivery repeated with the
// same signed_request changes nothing more and answers the same code. Nothing here
// writes the signed request or the secret to a log or into an answer.
'use strict';

const crypto = require('node:crypto');

const DELETION_CLASS = 'InstagramDataDeletion';
const DEAUTHORIZATION_CLASS = 'InstagramDeauthorization';
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

// {ok: true, payload: {userId, issuedAt}} or {ok: false, kind, message}. One rule with
// instagram-auth's SignedRequestVerifier (core/src/signed_request.rs says it in full), held
// by both to testdata/signed-request-table.tsv and compared on generated input
// (core/tests/signed_request_differential.rs).
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
  const payload = parseJsonKeepingNumbers(payloadBytes);
  if (payload === null || typeof payload.value !== 'object' || payload.value === null || Array.isArray(payload.value)) {
    return refuse('invalid_signed_request', 'the payload is not a well-formed JSON object');
  }
  const fields = payload.value;
  // ASCII case only: toUpperCase would also turn "ſ" into "S".
  if (typeof fields.algorithm !== 'string' || fields.algorithm.replace(/[a-z]/g, (c) => c.toUpperCase()) !== 'HMAC-SHA256') {
    return refuse('invalid_signed_request', 'the payload does not name the HMAC-SHA256 algorithm');
  }
  // A whole number of seconds written as one (1796004230.0 and 1.7e9 are refused), up to
  // the last second of 9999: a Date Parse stores, and a number held exactly.
  const issuedAtText = payload.numberText('issued_at');
  if (issuedAtText === undefined || !/^[0-9]+$/.test(issuedAtText) || fields.issued_at > MAX_ISSUED_AT) {
    return refuse('invalid_signed_request', 'the payload has no issued_at up to the year 9999');
  }
  // Ids exceed 2^53: a string of digits, or a whole number taken from its exact text.
  let userId;
  if (typeof fields.user_id === 'string' && /^[0-9]+$/.test(fields.user_id)) {
    userId = fields.user_id;
  } else {
    const text = payload.numberText('user_id');
    if (text !== undefined && /^[0-9]+$/.test(text) && BigInt(text) <= U64_MAX) {
      userId = text;
    }
  }
  if (userId === undefined) {
    return refuse('invalid_signed_request', 'the payload has no user_id');
  }
  // Whole seconds: the current Unix second minus issued_at.
  const ageSeconds = Math.floor(nowMs / 1000) - fields.issued_at;
  if (maxAgeSeconds !== undefined && maxAgeSeconds !== null && ageSeconds > maxAgeSeconds) {
    return refuse('expired', `the request was issued more than ${maxAgeSeconds} s ago`);
  }
  return { ok: true, payload: { userId, issuedAt: fields.issued_at } };
}

// 9999-12-31T23:59:59Z, as the core's SIGNED_REQUEST_MAX_ISSUED_AT.
const MAX_ISSUED_AT = 253402300799;
// The core's SIGNED_REQUEST_MAX_DEPTH: the payload object is depth 1.
const MAX_DEPTH = 64;

const U64_MAX = 2n ** 64n - 1n;

// JSON.parse, plus the exact source text of each number among the top-level fields (Node
// 20 has no JSON.parse source access); null for what the core's serde_json refuses: bytes
// that are not UTF-8, a lone surrogate (JSON.parse keeps it), a number beyond a double's
// range (JSON.parse makes it Infinity), or nesting deeper than MAX_DEPTH (the shared
// rule). serde_json refuses them wherever they are, even in a value a later duplicate key
// replaces, so they are looked for in the text, not in what JSON.parse kept.
function parseJsonKeepingNumbers(bytes) {
  let text;
  let value;
  let numbersAsText;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    value = JSON.parse(text);
    // The same text with every number (outside strings) turned into a string of its
    // digits: valid JSON already, so strings and numbers are told apart by a simple scan.
    numbersAsText = JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|(-?[0-9][0-9eE.+-]*)/g, (match, number) => (number === undefined ? match : `"${number}"`)));
  } catch (error) {
    return null;
  }
  let depth = 0;
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|[[\]{}]|-?[0-9][0-9eE.+-]*/g)) {
    if (token.startsWith('"')) {
      if (!JSON.parse(token).isWellFormed()) {
        return null;
      }
    } else if (token === '[' || token === '{') {
      depth += 1;
      if (depth > MAX_DEPTH) {
        return null;
      }
    } else if (token === ']' || token === '}') {
      depth -= 1;
    } else if (!Number.isFinite(Number(token))) {
      return null;
    }
  }
  return {
    value,
    numberText(name) {
      if (value === null || typeof value !== 'object' || typeof value[name] !== 'number') {
        return undefined;
      }
      return numbersAsText[name];
    },
  };
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

async function deauthorize(settings, payload, signedRequest) {
  const Parse = settings.Parse;
  // The same delivery again (Meta's retry, or anyone replaying the form field) changes
  // nothing: it would otherwise sign out a user who has since linked Instagram again.
  const requestKey = keyOf(signedRequest);
  const done = await new Parse.Query(DEAUTHORIZATION_CLASS).equalTo('requestKey', requestKey).first({ useMasterKey: true });
  if (done) {
    return { success: true };
  }
  // Every user linked by either of the account's ids (usually one).
  const users = await findLinkedUsers(Parse, payload.userId);
  for (const user of users) {
    await unlink(Parse, user);
  }
  // Recorded last, so a failure half-way is carried out again on Meta's retry. The record
  // also keeps who had this Instagram id: Meta's data deletion request usually comes after
  // the deauthorization, when authData no longer names the user. One record per user; the
  // request key stops a replay once any is saved, so each is saved after every unlink.
  for (const user of users.length > 0 ? users : [undefined]) {
    const record = new Parse.Object(DEAUTHORIZATION_CLASS);
    record.setACL(new Parse.ACL()); // master key only
    record.set({ requestKey, instagramUserId: payload.userId, issuedAt: new Date(payload.issuedAt * 1000) });
    if (user) {
      record.set('user', user);
    }
    await record.save(null, { useMasterKey: true });
  }
  return { success: true };
}

async function dataDeletion(settings, payload, signedRequest) {
  const Parse = settings.Parse;
  // The same delivery again: answer the code already given. Only a request that failed
  // half-way (still in progress) is carried out again; every step can run twice. The code
  // is derived from the request, so two deliveries at the same moment agree on it.
  const requestKey = keyOf(signedRequest);
  const confirmationCode = crypto.createHmac('sha256', settings.appSecret)
    .update(`data-deletion:${requestKey}`).digest('hex').slice(0, 24);
  let record = await new Parse.Query(DELETION_CLASS).equalTo('requestKey', requestKey).first({ useMasterKey: true });
  if (record && record.get('status') !== 'in_progress') {
    return deletionAnswer(settings, record.get('confirmationCode'));
  }
  if (!record) {
    record = new Parse.Object(DELETION_CLASS);
    record.setACL(new Parse.ACL()); // master key only
    record.set({
      requestKey,
      confirmationCode,
      status: 'in_progress',
      issuedAt: new Date(payload.issuedAt * 1000),
    });
    await record.save(null, { useMasterKey: true });
  }

  // Every user this Instagram id has led to: the one linked now, and each one a
  // deauthorization unlinked (the person may have signed in again since, as a new user).
  const linked = await findLinkedUsers(Parse, payload.userId);
  const users = [...linked, ...(await findDeauthorizedUsers(Parse, payload.userId))]
    .filter((user, i, all) => all.findIndex((other) => other.id === user.id) === i);
  if (users.length > 0 && !record.get('foundData')) {
    // Noted first: a retry after a failure half-way finds fewer users but must still say
    // that there was data, and that it is deleted.
    record.set('foundData', true);
    await record.save(null, { useMasterKey: true });
  }
  // One user at a time, each one done before the next: a failure leaves the request in
  // progress, and Meta's retry finds the users not yet done.
  for (const user of users) {
    if (settings.deleteAppData) {
      await settings.deleteAppData(user, payload.userId);
    }
    if (settings.deletion === 'user') {
      await destroySessions(Parse, user);
      await user.destroy({ useMasterKey: true });
    } else if (linked.includes(user)) {
      await unlink(Parse, user);
    }
  }
  // A user found through a deauthorization has no link to this id left; a link made
  // since, to another Instagram account, is theirs to keep.
  await forgetDeauthorizations(Parse, payload.userId);
  record.set('status', record.get('foundData') ? 'complete' : 'no_data');
  await record.save(null, { useMasterKey: true });
  return deletionAnswer(settings, record.get('confirmationCode'));
}

function keyOf(signedRequest) {
  return crypto.createHash('sha256').update(signedRequest).digest('hex');
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
      // Deliveries at the same moment may each have written a record with this code:
      // show a finished one if there is one.
      const records = await new settings.Parse.Query(DELETION_CLASS).equalTo('confirmationCode', code).limit(10).find({ useMasterKey: true });
      record = records.find((found) => found.get('status') !== 'in_progress') || records[0];
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

// The users linked to this Instagram id: by the app-scoped id Parse verified, or, when no
// user has it, by the professional account's id (`user_id`, which the app wrote and Parse
// does not verify: a user who claims someone's id there must not shadow that someone).
async function findLinkedUsers(Parse, instagramUserId) {
  const linkedBy = (field) => new Parse.Query(Parse.User)
    .equalTo(`authData.instagram.${field}`, instagramUserId).limit(1000).find({ useMasterKey: true });
  const verified = await linkedBy('id');
  return verified.length > 0 ? verified : linkedBy('user_id');
}

// Every user a deauthorization unlinked from this Instagram id that is still there.
async function findDeauthorizedUsers(Parse, instagramUserId) {
  // No query on `user`: a class whose records all lack it has no such column.
  const records = await new Parse.Query(DEAUTHORIZATION_CLASS).equalTo('instagramUserId', instagramUserId)
    .limit(1000).find({ useMasterKey: true });
  const ids = [...new Set(records.filter((found) => found.get('user')).map((found) => found.get('user').id))];
  const users = await Promise.all(ids.map((id) => new Parse.Query(Parse.User).equalTo('objectId', id).first({ useMasterKey: true })));
  return users.filter(Boolean);
}

// Once the data is deleted, the deauthorization records keep neither the Instagram id
// nor the user, only the request key that stops a replay.
async function forgetDeauthorizations(Parse, instagramUserId) {
  const records = await new Parse.Query(DEAUTHORIZATION_CLASS).equalTo('instagramUserId', instagramUserId)
    .limit(1000).find({ useMasterKey: true });
  await Promise.all(records.map((record) => {
    record.unset('instagramUserId');
    if (record.get('user')) {
      record.unset('user');
    }
    return record.save(null, { useMasterKey: true });
  }));
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
