// Back4App: the routes Meta calls after sign-in (Deauthorize and Data Deletion Request).
// Back4App runs this file with `app`, its Express app, when Web Hosting is enabled; the
// routes then answer at https://<subdomain>.b4a.app/instagram/... (see the README).
// Environment: INSTAGRAM_CLIENT_SECRET, INSTAGRAM_CALLBACKS_URL (that public URL, ending
// in /instagram) and optionally INSTAGRAM_DATA_DELETION=user to delete the whole _User.
'use strict';

require('./instagram-callbacks.js').mountInstagramCallbacks(app);
