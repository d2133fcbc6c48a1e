// Which Instagram tokens this server handed out, in a class only the master key can read:
// InstagramToken, one row per token from instagramExchange, instagramRefresh or the refresh
// job. A row holds a keyed hash of the token (to recognise it), never the token itself; a
// 60-day token also keeps a sealed copy (AES-256-GCM), because Parse never hands a stored
// authData token back, even to the master key, and the refresh job must send it to Instagram.
//
// Environment: INSTAGRAM_TOKEN_KEY, 32 bytes in base64 or hex (`openssl rand -base64 32`).
// Changing it forgets every recorded token: users sign in with Instagram again.
'use strict';

const crypto = require('node:crypto');

const TOKEN_CLASS = 'InstagramToken';
const MASTER_ONLY = Object.freeze({
  find: {}, count: {}, get: {}, create: {}, update: {}, delete: {}, addField: {}, protectedFields: {},
});
// What the refresh job asks for; the state of a row.
const STATE = Object.freeze({
  current: 'current', // the newest 60-day token of the account: the one the job keeps alive
  superseded: 'superseded', // a newer sign-in of the same account replaced it
  refreshed: 'refreshed', // renewed: the new token has its own row
  signInRequired: 'signInRequired', // Instagram refused it: the user must sign in again
  shortLived: 'shortLived', // a one-hour token: recognised, never refreshed
  adopted: 'adopted', // accepted during the migration: recognised, lifetime unknown, not renewed
});

let keys;
function tokenKeys() {
  if (keys) {
    return keys;
  }
  const text = process.env.INSTAGRAM_TOKEN_KEY || '';
  const raw = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (raw.length !== 32) {
    throw new Parse.Error(Parse.Error.SCRIPT_FAILED,
      'the server is not configured for Instagram: set INSTAGRAM_TOKEN_KEY to 32 random bytes in base64 (openssl rand -base64 32)');
  }
  const derive = (purpose) => Buffer.from(crypto.hkdfSync('sha256', raw, Buffer.alloc(0), `instagram-auth ${purpose}`, 32));
  keys = { hash: derive('token hash'), seal: derive('token seal') };
  return keys;
}

// The keyed hash a token is recognised by (HMAC-SHA256, hex).
function tokenHash(token) {
  return crypto.createHmac('sha256', tokenKeys().hash).update(token, 'utf8').digest('hex');
}

function seal(token, aad) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', tokenKeys().seal, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
}

// The token sealed for this row's hash, or undefined if the seal was not made with this key.
function unseal(sealed, aad) {
  try {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
    const decipher = crypto.createDecipheriv('aes-256-gcm', tokenKeys().seal, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (error) {
    return undefined;
  }
}

// Returns a function that creates `className` (fields and permissions set by `define`) the
// first time it is called, and does nothing after.
function classEnsurer(className, define) {
  let ready;
  return () => {
    ready ??= (async () => {
      // Listing the classes, rather than asking for this one, keeps a "does not exist" out of the log.
      if ((await Parse.Schema.all()).some((known) => known.className === className)) {
        return;
      }
      const schema = new Parse.Schema(className);
      define(schema);
      await schema.save().catch((error) => {
        // Another request created it first.
        if (error.code !== Parse.Error.INVALID_CLASS_NAME && error.code !== Parse.Error.DUPLICATE_VALUE) {
          throw error;
        }
      });
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

const ensureSchema = classEnsurer(TOKEN_CLASS, (schema) => schema
  .addString('tokenHash').addString('instagramId').addDate('expiresAt').addString('source')
  .addString('state').addString('sealed').addDate('refreshAt').addNumber('claim').addDate('claimedUntil')
  .addPointer('user', '_User').addIndex('tokenHash', { tokenHash: 1 })
  .addIndex('due', { state: 1, refreshAt: 1 }).addIndex('account', { instagramId: 1 })
  .setCLP(MASTER_ONLY));

const DAY_MS = 24 * 3600 * 1000;

// When the job should renew a 60-day token issued now: somewhere in the first half of its
// safe window, picked from the token's hash so that tokens issued together are spread out
// rather than renewed in a burst. Instagram renews a token once it is a day old.
function refreshTime(issuedAt, expiresAt, hash) {
  const earliest = issuedAt.getTime() + DAY_MS;
  const latest = expiresAt.getTime() - refreshMarginMs();
  if (latest <= earliest) {
    return new Date(earliest);
  }
  const fraction = parseInt(hash.slice(0, 8), 16) / 0x100000000;
  return new Date(earliest + Math.floor(fraction * (latest - earliest) / 2));
}

// How long before expiry a token counts as at risk (default 7 days): the job still renews
// it, and the spread never plans a renewal that late.
function refreshMarginMs() {
  const days = Number(process.env.INSTAGRAM_REFRESH_MARGIN_DAYS);
  return (Number.isFinite(days) && days > 0 ? days : 7) * DAY_MS;
}

// Records a token this server just received from Instagram for `instagramId`.
// expiresIn (seconds) is Instagram's; a 60-day token becomes the account's current one.
// An adopted token (source 'adopted': Instagram verified it but did not say its lifetime)
// is only recognised.
async function recordIssuedToken({ token, instagramId, expiresIn, source, user }) {
  await ensureSchema();
  const hash = tokenHash(token);
  const issuedAt = new Date();
  const longLived = source !== 'adopted' && Number.isSafeInteger(expiresIn) && expiresIn > DAY_MS / 1000;
  const expiresAt = new Date(issuedAt.getTime() + (Number.isSafeInteger(expiresIn) ? expiresIn : 3600) * 1000);
  const row = new Parse.Object(TOKEN_CLASS);
  row.set({ tokenHash: hash, instagramId, expiresAt, source, claim: 0 });
  if (user) {
    row.set('user', user);
  }
  if (longLived) {
    row.set({ state: STATE.current, sealed: seal(token, hash), refreshAt: refreshTime(issuedAt, expiresAt, hash) });
  } else {
    row.set('state', source === 'adopted' ? STATE.adopted : STATE.shortLived);
  }
  row.setACL(new Parse.ACL());
  await row.save(null, { useMasterKey: true });
  if (longLived) {
    await supersedeOthers(instagramId, row.id);
  }
  return row;
}

// One current token per account: an older one stays recognised until it expires, but the
// job stops renewing it.
async function supersedeOthers(instagramId, keepId) {
  const others = await new Parse.Query(TOKEN_CLASS).equalTo('instagramId', instagramId)
    .equalTo('state', STATE.current).notEqualTo('objectId', keepId).limit(100).find({ useMasterKey: true });
  for (const other of others) {
    other.set('state', STATE.superseded);
  }
  await Parse.Object.saveAll(others, { useMasterKey: true });
}

// The row of a token this server issued, or undefined.
async function findIssuedToken(token) {
  await ensureSchema();
  return new Parse.Query(TOKEN_CLASS).equalTo('tokenHash', tokenHash(token)).first({ useMasterKey: true });
}

// The token of a 60-day row (undefined if it cannot be read with today's key).
function tokenOf(row) {
  return row.get('sealed') ? unseal(row.get('sealed'), row.get('tokenHash')) : undefined;
}

module.exports = {
  TOKEN_CLASS, STATE, DAY_MS, MASTER_ONLY, classEnsurer, tokenHash, tokenKeys, recordIssuedToken, findIssuedToken, tokenOf, ensureSchema,
  refreshTime, refreshMarginMs,
};
