// The page at the app's https redirect URI, for when the browser shows it instead of handing
// the redirect to the app. Chrome opens a verified App Link from a redirect only after a user
// gesture, so a consent that Instagram redirects without a tap stays in the tab, at this URL.
// The page offers one tap back to the app with the same URL (code and state, or the error):
// an `intent:` link naming the app's package (Android opens that app, verified or not), and
// the https URL itself for other browsers. It never reads or keeps the code: it writes back
// the query it was given, escaped, from a page that loads nothing else and is not cached.
// On the same host it serves the two files that make the redirect URI open the app at all,
// each only when configured: /.well-known/assetlinks.json (Android App Links) and
// /.well-known/apple-app-site-association (iOS Universal Links).
//   mountAppLinkFallback(app, { redirectUri, androidPackage, androidCertSha256, iosAppIds, appName })
//   mountAppLinkFallbackFromEnvironment(app, process.env)   what app.js does
// redirectUri: the registered https redirect URI (its host and path are served here; the
// links are built from it, not from the request's Host header). androidPackage: the app's
// applicationId. androidCertSha256: the SHA-256 fingerprints of the certificates that sign
// the app (keytool -list -v; with Play App Signing, Play Console's). iosAppIds: the iOS app
// ids, `TEAMID.bundleId`. Bad settings throw when mounting, naming the environment variable.
'use strict';

// The environment variables each option comes from (app.js; docs/parse.md lists them).
const SETTINGS = {
  redirectUri: 'INSTAGRAM_APP_LINK_REDIRECT_URI',
  androidPackage: 'INSTAGRAM_ANDROID_PACKAGE',
  androidCertSha256: 'INSTAGRAM_ANDROID_CERT_SHA256',
  iosAppIds: 'INSTAGRAM_IOS_APP_ID',
  appName: 'INSTAGRAM_APP_NAME',
};

function mountAppLinkFallback(app, { redirectUri, androidPackage, androidCertSha256 = [], iosAppIds = [], appName = 'the app' }) {
  let registered;
  try {
    registered = new URL(redirectUri);
  } catch {
    throw new Error(`app-link-fallback: ${SETTINGS.redirectUri} "${redirectUri}" is not a URL`);
  }
  if (registered.protocol !== 'https:') {
    throw new Error(`app-link-fallback: ${SETTINGS.redirectUri} must be https, not ${redirectUri}`);
  }
  if (androidPackage !== undefined && !/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/.test(androidPackage)) {
    throw new Error(`app-link-fallback: ${SETTINGS.androidPackage} "${androidPackage}" is not an Android package name`);
  }
  const fingerprints = androidCertSha256.map(normalizeFingerprint);
  if (fingerprints.length > 0 && !androidPackage) {
    throw new Error(`app-link-fallback: ${SETTINGS.androidCertSha256} is set but ${SETTINGS.androidPackage} is not: assetlinks.json names both`);
  }
  iosAppIds.forEach(checkIosAppId);

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

  // Both files must be answered directly over https (no redirect, which Android's verifier and
  // Apple's CDN do not follow) as application/json: exact routes, built once at mount.
  if (fingerprints.length > 0) {
    // Google's Digital Asset Links statement list, as "Verify Android App Links" gives it:
    // https://developer.android.com/training/app-links/verify-android-applinks
    // https://developers.google.com/digital-asset-links/v1/create-statement
    serveJson(app, '/.well-known/assetlinks.json', [
      {
        relation: ['delegate_permission/common.handle_all_urls'],
        target: { namespace: 'android_app', package_name: androidPackage, sha256_cert_fingerprints: fingerprints },
      },
    ]);
  }
  if (iosAppIds.length > 0) {
    // Apple's associated-domain file: applinks.details[] with appIDs and components (read by
    // iOS 13 and later; the older appID/paths keys only by iOS 12, below the library's iOS 15),
    // and webcredentials.apps:
    // https://developer.apple.com/documentation/xcode/supporting-associated-domains
    // https://developer.apple.com/documentation/bundleresources/applinks/details-swift.dictionary
    // Only the redirect path opens the app; any query (code and state, or the error) matches.
    serveJson(app, '/.well-known/apple-app-site-association', {
      applinks: {
        details: [{ appIDs: iosAppIds, components: [{ '/': registered.pathname, comment: "Instagram's redirect after consent" }] }],
      },
      webcredentials: { apps: iosAppIds },
    });
  }
}

// Reads the settings from the environment (comma-separated lists) and mounts.
function mountAppLinkFallbackFromEnvironment(app, env) {
  const list = (name) => (env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  mountAppLinkFallback(app, {
    redirectUri: env[SETTINGS.redirectUri],
    androidPackage: env[SETTINGS.androidPackage] || undefined,
    androidCertSha256: list(SETTINGS.androidCertSha256),
    iosAppIds: list(SETTINGS.iosAppIds),
    appName: env[SETTINGS.appName] || undefined,
  });
}

function serveJson(app, path, body) {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  app.get(path, (request, response) => {
    response.type('application/json').send(text);
  });
}

// Google wants the fingerprint as keytool prints it: 32 bytes in uppercase hex, colon-separated.
// apksigner and some consoles print it in lowercase or without colons: both are rewritten so.
// A SHA-1 fingerprint (20 bytes, also in keytool's output) is the usual mistake: refused.
function normalizeFingerprint(fingerprint) {
  const hex = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/.test(fingerprint) ? fingerprint.replaceAll(':', '') : fingerprint;
  if (!/^[0-9A-Fa-f]{64}$/.test(hex)) {
    const sha1 = /^[0-9A-Fa-f]{40}$/.test(hex) ? ' (this is a SHA-1 fingerprint; keytool -list -v prints the SHA-256 one too)' : '';
    throw new Error(
      `app-link-fallback: ${SETTINGS.androidCertSha256} "${fingerprint}" is not a SHA-256 certificate fingerprint, 32 bytes in hex separated by colons${sha1}`,
    );
  }
  return hex.toUpperCase().match(/../g).join(':');
}

// An app id is the Team ID (10 characters, A-Z and 0-9) and the bundle id (letters, digits,
// hyphens and periods), joined by a period: Apple's <Application Identifier Prefix>.<Bundle Identifier>.
function checkIosAppId(appId) {
  if (!/^[A-Z0-9]{10}\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(appId)) {
    throw new Error(`app-link-fallback: ${SETTINGS.iosAppIds} "${appId}" is not an iOS app id: TEAMID.bundle.id, the Team ID 10 letters or digits`);
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

module.exports = { mountAppLinkFallback, mountAppLinkFallbackFromEnvironment };
