// Meta's callbacks in the orders and at the moments Meta (or a replay) delivers them,
// against an in-memory stand-in for the Parse SDK in which every call yields, so
// concurrent deliveries interleave. The end-to-end test (e2e.py) runs the same cases
// that need a database against a real Parse Server.
//   node --test server/test/callbacks.test.js
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, beforeEach } = require('node:test');
const { mountInstagramCallbacks } = require('../cloud/instagram-callbacks.js');

const SECRET = 'callbacks-test-secret-41c2';
const tick = () => new Promise((resolve) => setImmediate(resolve));
const db = {};
let nextId = 1;

class PObject {
  constructor(className) {
    this.className = className;
    this.attrs = {};
  }
  get id() {
    return this.attrs.objectId;
  }
  get(key) {
    return this.attrs[key];
  }
  set(key, value) {
    if (typeof key === 'object') {
      Object.assign(this.attrs, key);
    } else {
      this.attrs[key] = value;
    }
  }
  unset(key) {
    delete this.attrs[key];
  }
  setACL() {}
  async save() {
    await tick();
    const table = (db[this.className] ??= []);
    if (!table.includes(this)) {
      this.attrs.objectId = String(nextId++);
      this.attrs.createdAt = new Date(Date.now() + nextId); // strictly increasing
      table.push(this);
    }
  }
  async destroy() {
    await tick();
    db[this.className] = (db[this.className] ?? []).filter((object) => object !== this);
  }
}

class Query {
  constructor(cls) {
    this.className = typeof cls === 'string' ? cls : cls.className;
    this.conditions = [];
    this.order = null;
  }
  equalTo(key, value) {
    const linked = key.match(/^authData\.instagram\.(\w+)$/);
    this.conditions.push((object) => (linked
      ? object.get('authData')?.instagram?.[linked[1]] === value
      : key === 'objectId' ? object.id === value : object.get(key) === value));
    return this;
  }
  exists(key) {
    this.conditions.push((object) => object.get(key) !== undefined);
    return this;
  }
  descending(key) {
    this.order = key;
    return this;
  }
  limit() {
    return this;
  }
  async find() {
    await tick();
    const found = (db[this.className] ?? []).filter((object) => this.conditions.every((condition) => condition(object)));
    return this.order ? found.sort((a, b) => b.get(this.order) - a.get(this.order)) : found;
  }
  async first() {
    return (await this.find())[0];
  }
}

const Parse = { Object: PObject, Query, ACL: class {}, User: { className: '_User' }, Session: { className: '_Session' } };

function signed(userId, issuedAt = Math.floor(Date.now() / 1000)) {
  const payload = Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: userId })).toString('base64url');
  return `${crypto.createHmac('sha256', SECRET).update(payload).digest('base64url')}.${payload}`;
}

const appDataDeleted = [];
const appDataDeletedFor = []; // the Parse users whose app data was deleted
let appDataOutageFor = null; // a user whose app-data deletion fails once
function mount(deletion) {
  const routes = {};
  const app = { post: (path, handler) => { routes[path] = handler; }, get: (path, handler) => { routes[path] = handler; } };
  mountInstagramCallbacks(app, {
    appSecret: SECRET,
    publicUrl: 'https://app.example.com/instagram',
    Parse,
    deletion,
    deleteAppData: async (user, instagramUserId) => {
      if (appDataOutageFor === user) {
        appDataOutageFor = null;
        throw new Error('the app database is down');
      }
      appDataDeleted.push(instagramUserId);
      appDataDeletedFor.push(user);
    },
  });
  const call = (path, request) => new Promise((resolve) => {
    const res = {
      code: 200,
      status(code) { this.code = code; return this; },
      json(body) { resolve({ status: this.code, body }); },
      format(handlers) { handlers['application/json'](); },
    };
    const req = request.query ? { query: request.query } : { body: { signed_request: request } };
    routes[path](req, res);
  });
  return {
    deauthorize: (request) => call('/instagram/deauthorize', request),
    dataDeletion: (request) => call('/instagram/data-deletion', request),
    status: (code) => call('/instagram/data-deletion/status', { query: { code } }),
  };
}

async function linkedUser(instagramUserId, professionalId) {
  const user = new PObject('_User');
  const ids = professionalId ? { id: instagramUserId, user_id: professionalId } : { id: instagramUserId };
  user.set('authData', { instagram: { ...ids, access_token: 'IGAA' } });
  await user.save();
  return { user, session: await newSession(user) };
}

async function newSession(user) {
  const session = new PObject('_Session');
  session.set('user', user);
  await session.save();
  return session;
}

const alive = (object) => (db[object.className] ?? []).includes(object);
const deauthorizationsNaming = (id) => (db.InstagramDeauthorization ?? []).filter((record) => record.get('instagramUserId') === id || record.get('user'));

beforeEach(() => {
  for (const name of Object.keys(db)) {
    delete db[name];
  }
  appDataDeleted.length = 0;
  appDataDeletedFor.length = 0;
  appDataOutageFor = null;
});

for (const deletion of ['instagram', 'user']) {
  test(`deletion "${deletion}": a data deletion request after the deauthorization still deletes`, async () => {
    const callbacks = mount(deletion);
    const { user } = await linkedUser('1784');
    const { user: bystander } = await linkedUser('2000');
    assert.equal((await callbacks.deauthorize(signed('1784'))).status, 200);
    assert.equal(user.get('authData').instagram, null);

    const answer = await callbacks.dataDeletion(signed('1784'));
    assert.equal(answer.status, 200);
    assert.deepEqual(appDataDeleted, ['1784'], 'deleteAppData ran for the user');
    assert.equal(alive(user), deletion === 'instagram', 'the _User follows the deletion policy');
    assert.equal(alive(bystander), true);
    assert.equal(bystander.get('authData').instagram.id, '2000');
    const shown = await callbacks.status(answer.body.confirmation_code);
    assert.equal(shown.body.status, 'complete');
    assert.deepEqual(deauthorizationsNaming('1784'), [], 'a deauthorization record still names the id or the user');
  });
}

// Issue 21: Instagram account 1784 linked to P1; Meta's deauthorization unlinks P1; the
// person signs in again, creating P2; then the deletion request arrives. It used to reach
// P2 only, erase the record that led to P1, and say "complete".
async function signedInAgainAfterDeauthorization(callbacks) {
  const { user: first } = await linkedUser('1784');
  assert.equal((await callbacks.deauthorize(signed('1784', Math.floor(Date.now() / 1000) - 60))).status, 200);
  const { user: second, session } = await linkedUser('1784');
  return { first, second, session };
}

for (const deletion of ['instagram', 'user']) {
  test(`deletion "${deletion}": after a deauthorization and a new sign-in, the deletion reaches both users`, async () => {
    const callbacks = mount(deletion);
    const { first, second, session } = await signedInAgainAfterDeauthorization(callbacks);
    const { user: bystander } = await linkedUser('2000');
    const answer = await callbacks.dataDeletion(signed('1784'));
    assert.equal(answer.status, 200);
    assert.deepEqual(new Set(appDataDeletedFor), new Set([first, second]), 'deleteAppData ran for each user');
    assert.equal(alive(first), deletion === 'instagram');
    assert.equal(alive(second), deletion === 'instagram');
    if (deletion === 'instagram') {
      assert.equal(second.get('authData').instagram, null, 'the new link stays');
    }
    assert.equal(alive(session), false, 'the new session survived');
    assert.equal(bystander.get('authData').instagram.id, '2000');
    assert.equal((await callbacks.status(answer.body.confirmation_code)).body.status, 'complete');
    assert.deepEqual(deauthorizationsNaming('1784'), []);
  });
}

test('a deletion that fails for one of the users is not complete until the retry reaches it', async () => {
  const callbacks = mount('instagram');
  const { first, second } = await signedInAgainAfterDeauthorization(callbacks);
  appDataOutageFor = first;
  const request = signed('1784');
  assert.equal((await callbacks.dataDeletion(request)).status, 500);
  assert.deepEqual(db.InstagramDataDeletion.map((record) => record.get('status')), ['in_progress']);
  assert.equal(deauthorizationsNaming('1784').length, 1, 'the record that leads to the first user is kept');

  const retried = await callbacks.dataDeletion(request); // Meta's retry
  assert.equal(retried.status, 200);
  assert.deepEqual(new Set(appDataDeletedFor), new Set([first, second]));
  assert.equal((await callbacks.status(retried.body.confirmation_code)).body.status, 'complete');
});

test('after the deauthorization, the user linked another Instagram account: the new link stays', async () => {
  const callbacks = mount('instagram');
  const { user } = await linkedUser('1784');
  await callbacks.deauthorize(signed('1784'));
  user.set('authData', { instagram: { id: '3000', access_token: 'IGAAother' } });
  await user.save();
  const session = await newSession(user);
  const answer = await callbacks.dataDeletion(signed('1784'));
  assert.equal((await callbacks.status(answer.body.confirmation_code)).body.status, 'complete');
  assert.equal(user.get('authData').instagram.id, '3000');
  assert.equal(alive(session), true);
});

test('a replayed deauthorization leaves a user who linked again signed in', async () => {
  const callbacks = mount('instagram');
  const { user, session } = await linkedUser('1784');
  const request = signed('1784', Math.floor(Date.now() / 1000) - 3600);
  assert.equal((await callbacks.deauthorize(request)).status, 200);
  assert.equal(user.get('authData').instagram, null);
  assert.equal(alive(session), false);

  user.set('authData', { instagram: { id: '1784', access_token: 'IGAAnew' } });
  await user.save();
  const fresh = await newSession(user);
  assert.equal((await callbacks.deauthorize(request)).status, 200);
  assert.equal(user.get('authData').instagram?.id, '1784', 'the replay unlinked the user');
  assert.equal(alive(fresh), true, 'the replay ended the new session');
  // A new deauthorization (another request) still unlinks.
  assert.equal((await callbacks.deauthorize(signed('1784', Math.floor(Date.now() / 1000) - 60))).status, 200);
  assert.equal(user.get('authData').instagram, null);
});

test('two deliveries of one data deletion request at the same moment get one code', async () => {
  const callbacks = mount('instagram');
  await linkedUser('1784');
  const request = signed('1784');
  const [a, b] = await Promise.all([callbacks.dataDeletion(request), callbacks.dataDeletion(request)]);
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.match(a.body.confirmation_code, /^[0-9a-f]{24}$/);
  assert.equal(a.body.confirmation_code, b.body.confirmation_code);
  assert.equal((await callbacks.status(a.body.confirmation_code)).body.status, 'complete');
  // Another request gets another code.
  const other = await callbacks.dataDeletion(signed('1784', Math.floor(Date.now() / 1000) - 1));
  assert.notEqual(other.body.confirmation_code, a.body.confirmation_code);
});

// Issue 25: Meta may name the user by the professional account's id (authData's user_id)
// instead of the app-scoped id; the verified id wins when both name someone.
test('the callbacks find the user by either of its ids', async () => {
  const callbacks = mount('instagram');
  const { user, session } = await linkedUser('1784', '9178');
  const { user: bystander } = await linkedUser('2000', '9200');
  assert.equal((await callbacks.deauthorize(signed('9178'))).status, 200);
  assert.equal(user.get('authData').instagram, null, 'found by user_id');
  assert.equal(alive(session), false);
  assert.equal(bystander.get('authData').instagram.id, '2000');

  const { user: again } = await linkedUser('1784', '9178');
  const answer = await callbacks.dataDeletion(signed('1784'));
  assert.equal((await callbacks.status(answer.body.confirmation_code)).body.status, 'complete');
  assert.equal(again.get('authData').instagram, null, 'found by id');

  // A user who claims someone's app-scoped id as its user_id does not shadow that someone.
  const { user: real } = await linkedUser('3000', '9300');
  const { user: claimant } = await linkedUser('4000', '3000');
  await callbacks.deauthorize(signed('3000'));
  assert.equal(real.get('authData').instagram, null);
  assert.equal(claimant.get('authData').instagram.id, '4000');
});
