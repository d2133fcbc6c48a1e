// Back4App: the routes Meta calls after sign-in (Deauthorize and Data Deletion Request).
// Back4App runs this file with `app`, its Express app, when Web Hosting is enabled; the
// routes then answer at https://<subdomain>.b4a.app/instagram/... (see the README).
// Environment: INSTAGRAM_CLIENT_SECRET, INSTAGRAM_CALLBACKS_URL (that public URL, ending
// in /instagram) and optionally INSTAGRAM_DATA_DELETION=user to delete the whole _User.
'use strict';

require('./instagram-callbacks.js').mountInstagramCallbacks(app);

// The page at the app's https redirect URI, when the redirect URI's host is this Back4App
// app (Web Hosting) and Chrome leaves the redirect in the tab, and that host's
// /.well-known/assetlinks.json and apple-app-site-association (docs/parse.md lists the
// settings): INSTAGRAM_APP_LINK_REDIRECT_URI, INSTAGRAM_ANDROID_PACKAGE,
// INSTAGRAM_ANDROID_CERT_SHA256, INSTAGRAM_IOS_APP_ID, INSTAGRAM_APP_NAME.
if (process.env.INSTAGRAM_APP_LINK_REDIRECT_URI) {
  require('./app-link-fallback.js').mountAppLinkFallbackFromEnvironment(app, process.env);
}
