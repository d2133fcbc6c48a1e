// Keeps Parse Server's directAccess working under router 2.3.0 (issue 17).
//
// With directAccess (parse-server's default), every Parse JS SDK call made inside the
// server (a Parse.Query or save in Cloud Code, and Parse's own fetch of the current user
// when authData is linked to an existing user) is routed in-process by parse-server's
// PromiseRouter.match. parse-server 9.10.0 reads the route parameters from `layer.params`
// of `router/lib/layer`, which router 2.3.0 (what express 5.2.1's "router": "^2.2.0"
// installs today) no longer sets: every such call then dies with "TypeError: Cannot
// convert undefined or null to object", and a link answers `1 Internal server error.`
//
// repairDirectAccessRouting() finds parse-server's PromiseRouter among the loaded modules,
// checks whether its match() works, and only if it does not, replaces match() with one
// that reads the parameters from what layer.match() returns (router 2.3.0) or from
// layer.params (router 2.2.0 and older). Nothing else changes, and it does nothing on a
// parse-server or router that is not broken. main.js calls it when Cloud Code loads, which
// is before Parse Server serves any request.
//
// On a self-hosted server, pinning "router": "2.2.0" in the app's package.json fixes the
// same thing without this file; directAccess: false avoids it too (see the README).
'use strict';

const path = require('node:path');

const PROMISE_ROUTER = /[\\/]parse-server[\\/]lib[\\/]PromiseRouter\.js$/;

// 'patched', 'not-needed' (match() already works) or 'not-found' (no parse-server loaded).
function repairDirectAccessRouting({ modules = require.cache, warn = (message) => console.warn(message) } = {}) {
  const entries = Object.keys(modules).filter((file) => PROMISE_ROUTER.test(file));
  let outcome = 'not-found';
  for (const file of entries) {
    const PromiseRouter = modules[file].exports && modules[file].exports.default;
    if (typeof PromiseRouter !== 'function' || typeof PromiseRouter.prototype.match !== 'function') {
      continue;
    }
    if (matchWorks(PromiseRouter)) {
      outcome = outcome === 'patched' ? outcome : 'not-needed';
      continue;
    }
    const Layer = layerNextTo(file);
    PromiseRouter.prototype.match = function match(method, requestPath) {
      for (const route of this.routes) {
        if (route.method !== method) {
          continue;
        }
        const layer = route.layer || new Layer(route.path, null, route.handler);
        const found = layer.match(requestPath);
        if (found) {
          const raw = (typeof found === 'object' && found.params) || layer.params || {};
          const params = {};
          for (const key of Object.keys(raw)) {
            params[key] = validateParameter(key, raw[key]);
          }
          return { params, handler: route.handler };
        }
      }
      return undefined;
    };
    if (!matchWorks(PromiseRouter)) {
      throw new Error(`parse-server-direct-access: could not repair ${file}`);
    }
    outcome = 'patched';
    warn('parse-server-direct-access: repaired PromiseRouter.match for directAccess (router 2.3.0 no longer sets layer.params)');
  }
  return outcome;
}

// Routes a probe request the way Parse's in-process REST controller does.
function matchWorks(PromiseRouter) {
  try {
    const router = new PromiseRouter();
    router.route('GET', '/classes/:className/:objectId', () => Promise.resolve({ response: {} }));
    const found = router.match('GET', '/classes/_User/probe1');
    return Boolean(found && found.params && found.params.className === '_User' && found.params.objectId === 'probe1');
  } catch (error) {
    return false;
  }
}

function layerNextTo(promiseRouterFile) {
  return require(require.resolve('router/lib/layer', { paths: [path.dirname(promiseRouterFile)] }));
}

// parse-server 9.10.0's own check of the className and objectId parameters, unchanged.
function validateParameter(key, value) {
  if (key === 'className') {
    if (value.match(/_?[A-Za-z][A-Za-z_0-9]*/)) {
      return value;
    }
  } else if (key === 'objectId') {
    if (value.match(/[A-Za-z0-9]+/)) {
      return value;
    }
  } else {
    return value;
  }
  return undefined;
}

module.exports = { repairDirectAccessRouting };
