// Test preload (node --require): sends every fetch to Instagram's two hosts to the local
// sandbox at INSTAGRAM_SANDBOX_URL, so Parse Server's own Instagram adapter and the Cloud
// function run unmodified against it. Never use this in production.
'use strict';

const target = process.env.INSTAGRAM_SANDBOX_URL;
if (!target) {
  throw new Error('reroute.cjs: INSTAGRAM_SANDBOX_URL is not set');
}
const INSTAGRAM_HOSTS = new Set(['graph.instagram.com', 'api.instagram.com']);
const realFetch = globalThis.fetch;

globalThis.fetch = function reroutedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== 'https:' || !INSTAGRAM_HOSTS.has(url.hostname)) {
    return realFetch(input, init);
  }
  const rerouted = new URL(url.pathname.replace(/^\//, '') + url.search, target);
  return input instanceof Request ? realFetch(new Request(rerouted, input), init) : realFetch(rerouted, init);
};
