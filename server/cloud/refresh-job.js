// Keeps 60-day Instagram tokens alive: the Cloud job instagramRefreshTokens renews every
// current token once its planned time has come (token-store.js spreads it over the first
// half of the window between day 1 and a margin before expiry), one renewal per account
// at a time, and marks the user when Instagram says they must sign in again.
//
// Schedule it (Back4App: Server Settings → Background Jobs; self-hosted: cron POSTing to
// /parse/jobs/instagramRefreshTokens with the master key), every hour for instance. Runs
// may overlap each other and the app's own instagramRefresh: a renewal first claims the
// token's row atomically (see claim()), and only the claimant calls Instagram.
//
// Environment (all optional):
//   INSTAGRAM_REFRESH_MARGIN_DAYS   a token this close to expiry is at risk (7)
//   INSTAGRAM_REFRESH_PAUSE_MS      pause between two calls to Instagram (200)
//   INSTAGRAM_REFRESH_MAX_RUN_MS    a run stops after this long and the next resumes (600000)
'use strict';

const {
  callInstagram, instagramErrorMessage, instagramRefusal, parseErrorOfRefusal, PARSE_CODE_OF_KIND, InstagramCallError,
} = require('./instagram-http.js');
const { TOKEN_CLASS, STATE, MASTER_ONLY, classEnsurer, recordIssuedToken, tokenOf, ensureSchema } = require('./token-store.js');

const GRAPH_URL = 'https://graph.instagram.com/';
const STATUS_CLASS = 'InstagramAccountStatus';
const JOB_CLASS = 'InstagramRefreshJob';
const CLAIM_LEASE_MS = 5 * 60 * 1000;
const RETRY_AFTER_FAILURE_MS = 3600 * 1000;
const DEFAULT_BACKOFF_MS = 3600 * 1000;
const PAGE_SIZE = 100;
const MASTER = { useMasterKey: true };

function numberFromEnv(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

// Takes the row for this caller alone, or says someone else has it. Parse has no
// conditional update, but an increment is atomic and its save answers the new value: the
// caller whose increment lands right after the value it read is the only claimant; anyone
// who read the same value lands later and sees a bigger number. The lease lets a run that
// died be taken over once it has passed.
async function claim(row, now = Date.now()) {
  const until = row.get('claimedUntil');
  if (row.get('state') !== STATE.current || (until && until.getTime() > now)) {
    return false;
  }
  const seen = row.get('claim') || 0;
  row.increment('claim');
  row.set('claimedUntil', new Date(now + CLAIM_LEASE_MS));
  await row.save(null, MASTER);
  return row.get('claim') === seen + 1;
}

// What Instagram's error means for a renewal: by the kind of its refusal, the exchange's rule
// (instagram-http.js's refusalKind: Graph's 190 is "sign in again", 4, 17, 32, 613 and 80002
// are throttling), and HTTP 429 is throttling too.
function classify(status, reply) {
  const refusal = instagramRefusal(reply);
  const kind = refusal && refusal.kind;
  if (kind === 'reauthentication_required') {
    return 'signInRequired';
  }
  if (kind === 'rate_limited' || status === 429) {
    return 'rateLimited';
  }
  return 'failed';
}

// The Parse error {code, message} that tells the app what a failed renewal means, with the
// codes instagramRefresh gives the same refusals of a token it did not issue (main.js): 251
// sign in again (also for a token our record says has expired), 155 rate-limited, 119 a
// permission missing, else 141; Instagram's text for the user when it sent one.
function parseErrorOfRenewal({ outcome, refusal, message }) {
  const fromInstagram = refusal ? parseErrorOfRefusal(refusal) : { code: PARSE_CODE_OF_KIND.provider_error, message };
  if (outcome === 'signInRequired') {
    return { ...fromInstagram, code: PARSE_CODE_OF_KIND.reauthentication_required };
  }
  if (outcome === 'rateLimited') {
    return { ...fromInstagram, code: PARSE_CODE_OF_KIND.rate_limited };
  }
  return fromInstagram;
}

// How long Instagram asks us to wait, from its usage header, or an hour.
function backoffMs(headers) {
  try {
    const usage = JSON.parse(headers.get('x-business-use-case-usage') || '{}');
    const minutes = Math.max(0, ...Object.values(usage).flat().map((entry) => Number(entry.estimated_time_to_regain_access) || 0));
    return minutes > 0 ? minutes * 60 * 1000 : DEFAULT_BACKOFF_MS;
  } catch (error) {
    return DEFAULT_BACKOFF_MS;
  }
}

// Renews a claimed row. Returns {outcome, row?, message?, refusal?, backoffMs?}; outcome is
// refreshed, signInRequired, rateLimited or failed; refusal is Instagram's (instagramRefusal). The claim is always released.
async function renewClaimed(row, counters) {
  const token = tokenOf(row);
  if (!token || row.get('expiresAt').getTime() <= Date.now()) {
    await markSignInRequired(row, token ? 'expired' : 'unreadable');
    return { outcome: 'signInRequired', message: 'the Instagram token has expired: sign in with Instagram again' };
  }
  let answer;
  try {
    counters.instagramCalls += 1;
    const query = new URLSearchParams({ grant_type: 'ig_refresh_token', access_token: token });
    answer = await callInstagram(`${GRAPH_URL}refresh_access_token?${query}`, { method: 'GET' });
  } catch (error) {
    if (!(error instanceof InstagramCallError)) {
      throw error;
    }
    await release(row, { refreshAt: retryTime(row) });
    return { outcome: 'failed', message: error.message };
  }
  const { status, ok, reply, headers } = answer;
  if (ok && reply && typeof reply.access_token === 'string' && reply.access_token !== '' &&
      Number.isSafeInteger(reply.expires_in) && reply.expires_in > 0) {
    // The new token is recorded before the old row lets go, so it is never lost.
    const renewed = await recordIssuedToken({
      token: reply.access_token, instagramId: row.get('instagramId'), expiresIn: reply.expires_in, source: 'refresh', user: row.get('user'),
    });
    await release(row, { state: STATE.refreshed });
    return { outcome: 'refreshed', row: renewed, token: reply.access_token, expiresIn: reply.expires_in, tokenType: reply.token_type || 'bearer' };
  }
  const outcome = classify(status, reply);
  const message = instagramErrorMessage(reply) || `Instagram answered HTTP ${status}`;
  const refusal = instagramRefusal(reply);
  if (outcome === 'signInRequired') {
    await markSignInRequired(row, message);
    return { outcome, message, refusal };
  }
  if (outcome === 'rateLimited') {
    await release(row, {});
    return { outcome, message, refusal, backoffMs: backoffMs(headers) };
  }
  await release(row, { refreshAt: retryTime(row) });
  return { outcome, message, refusal };
}

// After a failure: an hour on, never earlier than planned (the app may have asked early).
function retryTime(row) {
  return new Date(Math.max(row.get('refreshAt').getTime(), Date.now() + RETRY_AFTER_FAILURE_MS));
}

async function release(row, changes) {
  row.unset('claimedUntil');
  row.set(changes);
  await row.save(null, MASTER);
}

// The Parse user linked to the row's Instagram account: the row says, or authData does.
async function linkedUser(row) {
  if (row.get('user')) {
    return row.get('user');
  }
  return new Parse.Query(Parse.User).equalTo('authData.instagram.id', row.get('instagramId')).first(MASTER);
}

// Instagram refused the token: the row stops being renewed and the user's status says
// "sign in again", readable by that user only (class InstagramAccountStatus).
async function markSignInRequired(row, reason) {
  row.unset('claimedUntil');
  row.set('state', STATE.signInRequired);
  await row.save(null, MASTER);
  const user = await linkedUser(row);
  if (!user) {
    return;
  }
  const status = (await new Parse.Query(STATUS_CLASS).equalTo('user', user).first(MASTER)) || new Parse.Object(STATUS_CLASS);
  const acl = new Parse.ACL();
  acl.setReadAccess(user.id, true);
  status.setACL(acl);
  status.set({ user, instagramId: row.get('instagramId'), signInRequired: true, reason: String(reason).slice(0, 200), since: new Date() });
  await status.save(null, MASTER);
}

// A new token for the account: whatever status said, the user is signed in again.
async function clearSignInRequired(instagramId) {
  const marks = await new Parse.Query(STATUS_CLASS).equalTo('instagramId', instagramId).limit(10).find(MASTER);
  await Parse.Object.destroyAll(marks, MASTER);
}

// The status class: each user reads their own row (ACL); nobody but the master key writes.
const ensureStatusSchema = classEnsurer(STATUS_CLASS, (schema) => schema
  .addPointer('user', '_User').addString('instagramId').addBoolean('signInRequired').addString('reason').addDate('since')
  .setCLP({ ...MASTER_ONLY, find: { requiresAuthentication: true }, get: { requiresAuthentication: true } }));
// The job's own class: master key only (a row there could pause the job).
const ensureJobSchema = classEnsurer(JOB_CLASS, (schema) => schema.addDate('pausedUntil').setCLP(MASTER_ONLY));

// The job's own row: where a rate-limited run said to wait until.
async function jobState() {
  const found = await new Parse.Query(JOB_CLASS).first(MASTER);
  if (found) {
    return found;
  }
  const created = new Parse.Object(JOB_CLASS);
  created.setACL(new Parse.ACL());
  return created;
}

// Due rows, oldest plan first, one page after the (refreshAt, objectId) cursor.
function duePage(now, cursor) {
  const due = () => new Parse.Query(TOKEN_CLASS).equalTo('state', STATE.current).lessThanOrEqualTo('refreshAt', new Date(now));
  let query = due();
  if (cursor) {
    const later = due().greaterThan('refreshAt', cursor.refreshAt);
    const tie = due().equalTo('refreshAt', cursor.refreshAt).greaterThan('objectId', cursor.id);
    query = Parse.Query.or(later, tie);
  }
  return query.ascending('refreshAt').addAscending('objectId').limit(PAGE_SIZE).find(MASTER);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One run of the job. Returns what it did; `progress` (the job's message) is told per page.
async function runRefreshJob({ progress = () => {} } = {}) {
  await Promise.all([ensureSchema(), ensureStatusSchema(), ensureJobSchema()]);
  const started = Date.now();
  const pauseMs = numberFromEnv('INSTAGRAM_REFRESH_PAUSE_MS', 200);
  const maxRunMs = numberFromEnv('INSTAGRAM_REFRESH_MAX_RUN_MS', 600000);
  const counters = { due: 0, refreshed: 0, busy: 0, signInRequired: 0, failed: 0, rateLimited: 0, instagramCalls: 0, pages: 0 };
  const state = await jobState();
  const pausedUntil = state.get('pausedUntil');
  if (pausedUntil && pausedUntil.getTime() > started) {
    return { ...counters, stopped: `Instagram asked to wait: paused until ${pausedUntil.toISOString()}` };
  }
  let cursor;
  for (;;) {
    const page = await duePage(started, cursor);
    counters.pages += 1;
    if (page.length === 0) {
      return { ...counters, stopped: 'done' };
    }
    for (const row of page) {
      counters.due += 1;
      if (Date.now() - started > maxRunMs) {
        return { ...counters, stopped: 'time is up: the next run resumes' };
      }
      if (!(await claim(row))) {
        counters.busy += 1;
        continue;
      }
      const result = await renewClaimed(row, counters);
      counters[result.outcome] += 1;
      if (result.outcome === 'refreshed') {
        await clearSignInRequired(row.get('instagramId'));
      }
      if (result.outcome === 'rateLimited') {
        state.set('pausedUntil', new Date(Date.now() + result.backoffMs));
        await state.save(null, MASTER);
        return { ...counters, stopped: `rate-limited by Instagram: the next run after ${state.get('pausedUntil').toISOString()} resumes` };
      }
      if (pauseMs > 0) {
        await sleep(pauseMs);
      }
    }
    const last = page[page.length - 1];
    cursor = { refreshAt: last.get('refreshAt'), id: last.id };
    progress(`${counters.due} due so far, ${counters.refreshed} renewed`);
  }
}

// The app's own renewal (instagramRefresh) of a token this server issued. If a renewal is
// under way elsewhere, waits for it; if the token was renewed already, answers the newer
// token rather than renewing twice. Returns {access_token, token_type, expires_in} or throws
// the Parse error parseErrorOfRenewal gives (251 sign in again, 155 rate-limited, ...).
async function renewForApp(row) {
  await ensureStatusSchema();
  const instagramId = row.get('instagramId');
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (row.get('state') === STATE.current && (await claim(row))) {
      const result = await renewClaimed(row, { instagramCalls: 0 });
      if (result.outcome === 'refreshed') {
        await clearSignInRequired(instagramId);
        return { access_token: result.token, token_type: result.tokenType, expires_in: result.expiresIn };
      }
      const { code, message } = parseErrorOfRenewal(result);
      throw new Parse.Error(code, message);
    }
    // Never a token our record says has expired: the app would hold one that no longer works.
    const current = await new Parse.Query(TOKEN_CLASS).equalTo('instagramId', instagramId).equalTo('state', STATE.current)
      .greaterThan('expiresAt', new Date()).descending('expiresAt').first(MASTER);
    if (current && current.id !== row.id && !current.get('claimedUntil')) {
      const token = tokenOf(current);
      if (token) {
        const expiresIn = Math.floor((current.get('expiresAt').getTime() - Date.now()) / 1000);
        return { access_token: token, token_type: 'bearer', expires_in: expiresIn };
      }
    }
    if (row.get('state') === STATE.signInRequired || (!current && row.get('state') !== STATE.current)) {
      throw new Parse.Error(PARSE_CODE_OF_KIND.reauthentication_required, 'this Instagram token can no longer be renewed: sign in with Instagram again');
    }
    await sleep(100);
    await row.fetch(MASTER);
  }
  throw new Parse.Error(Parse.Error.SCRIPT_FAILED, 'another renewal of this token is taking too long: try again in a minute');
}

function installRefreshJob() {
  Parse.Cloud.job('instagramRefreshTokens', async (request) => {
    const result = await runRefreshJob({ progress: (text) => request.message(text) });
    request.message(JSON.stringify(result));
    return result;
  });
}

module.exports = {
  installRefreshJob, runRefreshJob, renewForApp, claim, clearSignInRequired, classify, parseErrorOfRenewal, backoffMs, STATUS_CLASS,
};
