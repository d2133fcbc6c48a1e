// The page at the app's https redirect URI, for when the browser shows it instead of handing
// the redirect to the app. Chrome opens a verified App Link from a redirect only after a user
// gesture, so a consent that Instagram redirects without a tap stays in the tab, at this URL.
// The page offers one tap back to the app with the same URL (code and state, or the error):
// an `intent:` link naming the app's package (Android opens that app, verified or not), and
// the https URL itself for other browsers. It never reads or keeps the code: it writes back
// the query it was given, escaped, from a page that loads nothing else and is not cached.
//   mountAppLinkFallback(app, { redirectUri, androidPackage, appName })
// redirectUri: the registered https redirect URI (its host and path are served here; the
// links are built from it, not from the request's Host header). androidPackage: the app's
// applicationId. app.js mounts it when INSTAGRAM_APP_LINK_REDIRECT_URI is set.
'use strict';

function mountAppLinkFallback(app, { redirectUri, androidPackage, appName = 'the app' }) {
  const registered = new URL(redirectUri);
  if (registered.protocol !== 'https:') {
    throw new Error(`app-link-fallback: the redirect URI must be https, not ${redirectUri}`);
  }
  if (androidPackage !== undefined && !/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/.test(androidPackage)) {
    throw new Error(`app-link-fallback: "${androidPackage}" is not an Android package name`);
  }
  app.get(registered.pathname, (request, response) => {
    const query = new URL(request.originalUrl, registered).search;
    const httpsUrl = `${registered.origin}${registered.pathname}${query}`;
    const links = [];
    if (androidPackage) {
      const intent = `intent://${registered.host}${registered.pathname}${query}#Intent;scheme=https;package=${androidPackage};end`;
      links.push(`<p><a class="button" href="${escapeHtml(intent)}">Return to ${escapeHtml(appName)}</a></p>`);
    }
    links.push(`<p><a href="${escapeHtml(httpsUrl)}">${androidPackage ? 'Not on Android? Open' : 'Return to'} ${escapeHtml(appName)}</a></p>`);
    response.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    });
    response.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Return to ${escapeHtml(appName)}</title>
<style>body{font-family:sans-serif;max-width:28em;margin:3em auto;padding:0 1em}.button{display:inline-block;padding:.8em 1.4em;background:#222;color:#fff;border-radius:.4em;text-decoration:none}</style>
</head><body>
<h1>Almost done</h1>
<p>Instagram has answered. Tap below to finish signing in to ${escapeHtml(appName)}.</p>
${links.join('\n')}
</body></html>
`);
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

module.exports = { mountAppLinkFallback };
