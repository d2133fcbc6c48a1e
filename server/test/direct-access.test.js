// The directAccess repair (cloud/parse-server-direct-access.js, issue 17) on the installed
// parse-server's own PromiseRouter, and on stand-ins for a fixed or an older one.
//   node --test server/test/direct-access.test.js
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

// Parse's logger writes to ./logs when its module loads, unless told otherwise.
process.env.PARSE_SERVER_LOGS_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'direct-access-test-'));
const PromiseRouter = require('parse-server/lib/PromiseRouter').default;
const { repairDirectAccessRouting } = require('../cloud/parse-server-direct-access.js');

const quiet = () => {};

function appRouter(Router = PromiseRouter) {
  const router = new Router();
  for (const [method, route] of [['GET', '/users/me'], ['GET', '/classes/:className/:objectId'], ['PUT', '/users/:objectId']]) {
    router.route(method, route, () => Promise.resolve({ response: { route } }));
  }
  return router;
}

test("parse-server's PromiseRouter routes the in-process requests after the repair", () => {
  const stock = (() => {
    try {
      return appRouter().match('GET', '/classes/_User/abc123');
    } catch (error) {
      return error;
    }
  })();
  // Stock 9.10.0 with router 2.3.0 throws here; with router 2.2.0 or a fixed parse-server it
  // routes, and the repair must leave it alone.
  const broken = stock instanceof TypeError;
  if (broken) {
    assert.equal(stock.message, 'Cannot convert undefined or null to object');
  } else {
    assert.deepEqual({ ...stock.params }, { className: '_User', objectId: 'abc123' });
  }
  const original = PromiseRouter.prototype.match;
  assert.equal(repairDirectAccessRouting({ warn: quiet }), broken ? 'patched' : 'not-needed');
  assert.equal(PromiseRouter.prototype.match !== original, broken);

  const router = appRouter();
  assert.deepEqual({ ...router.match('GET', '/classes/_User/abc123').params }, { className: '_User', objectId: 'abc123' });
  assert.deepEqual({ ...router.match('PUT', '/users/xYz9').params }, { objectId: 'xYz9' });
  assert.deepEqual({ ...router.match('GET', '/users/me').params }, {});
  const { handler } = router.match('GET', '/users/me');
  assert.equal(typeof handler, 'function');
  assert.equal(router.match('DELETE', '/users/me'), undefined, 'another method');
  assert.equal(router.match('GET', '/nothing/here/at/all'), undefined, 'no route');
  // Parameters are the request's own: a later match does not change an earlier result.
  const first = router.match('GET', '/classes/A/one');
  router.match('GET', '/classes/B/two');
  assert.deepEqual({ ...first.params }, { className: 'A', objectId: 'one' });
  // tryRouteRequest, what ParseServerRESTController calls, reaches the handler.
  return router.tryRouteRequest('GET', '/classes/_User/abc123', {}).then((result) => {
    assert.deepEqual(result, { response: { route: '/classes/:className/:objectId' } });
    assert.equal(repairDirectAccessRouting({ warn: quiet }), 'not-needed', 'a second call changes nothing');
  });
});

test('a PromiseRouter that already works is left alone; no parse-server, nothing to do', () => {
  class WorkingRouter {
    constructor() {
      this.routes = [];
    }
    route(method, routePath, handler) {
      this.routes.push({ method, routePath, handler });
    }
    match(method, requestPath) {
      return requestPath === '/classes/_User/probe1' ? { params: { className: '_User', objectId: 'probe1' }, handler() {} } : undefined;
    }
  }
  const match = WorkingRouter.prototype.match;
  const modules = { '/srv/node_modules/parse-server/lib/PromiseRouter.js': { exports: { default: WorkingRouter } } };
  assert.equal(repairDirectAccessRouting({ modules, warn: assert.fail }), 'not-needed');
  assert.equal(WorkingRouter.prototype.match, match);
  assert.equal(repairDirectAccessRouting({ modules: { '/srv/other.js': { exports: {} } }, warn: assert.fail }), 'not-found');
});

test('the repaired match also reads layer.params, as layers of router 2.2.0 and older set it', () => {
  // A broken PromiseRouter whose layers answer match() with true and keep the parameters.
  class OldLayer {
    constructor(routePath) {
      this.pattern = new RegExp(`^${routePath.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
    }
    match(requestPath) {
      const found = this.pattern.exec(requestPath);
      this.params = found ? { ...found.groups } : undefined;
      return Boolean(found);
    }
  }
  class BrokenRouter {
    constructor() {
      this.routes = [];
    }
    route(method, routePath, handler) {
      this.routes.push({ method, path: routePath, handler, layer: new OldLayer(routePath) });
    }
    match() {
      throw new TypeError('Cannot convert undefined or null to object');
    }
  }
  const warnings = [];
  const file = path.join(path.dirname(require.resolve('parse-server/package.json')), 'lib', 'PromiseRouter.js');
  const modules = { [file]: { exports: { default: BrokenRouter } } };
  assert.equal(repairDirectAccessRouting({ modules, warn: (message) => warnings.push(message) }), 'patched');
  assert.equal(warnings.length, 1);
  const router = appRouter(BrokenRouter);
  assert.deepEqual(router.match('GET', '/classes/Post/p1').params, { className: 'Post', objectId: 'p1' });
  assert.equal(router.match('GET', '/elsewhere'), undefined);
});
