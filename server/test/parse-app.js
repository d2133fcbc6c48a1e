// A self-hosted Parse Server as the README describes it: Express, Parse mounted at
// /parse, and Meta's callbacks mounted next to it at /instagram.
//   node parse-app.js <parse-server config.json>
'use strict';

const fs = require('node:fs');
const express = require('express');
const { ParseServer } = require('parse-server');
const { mountInstagramCallbacks } = require('../cloud/instagram-callbacks.js');

async function main() {
  const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const parse = new ParseServer(config);
  await parse.start();
  const app = express();
  app.use(config.mountPath, parse.app);
  mountInstagramCallbacks(app, { mountPath: '/instagram', deleteAppData: deleteNotes });
  // For the test only: the other deletion policy (the whole _User goes), with an app-data
  // hook that fails its first call, so the test sees Meta's retry finish the deletion.
  let outage = true;
  mountInstagramCallbacks(app, {
    mountPath: '/instagram-user-deletion',
    publicUrl: `${process.env.INSTAGRAM_CALLBACKS_URL}-user-deletion`,
    deletion: 'user',
    deleteAppData: async (user) => {
      if (outage) {
        outage = false;
        throw new Error('the app database is down');
      }
      await deleteNotes(user);
    },
  });
  app.listen(config.port, config.host);
}

// What the app keeps about a user (class Note, pointer `owner`), as its deleteAppData
// removes it.
async function deleteNotes(user) {
  const notes = await new Parse.Query('Note').equalTo('owner', user).find({ useMasterKey: true });
  await Promise.all(notes.map((note) => note.destroy({ useMasterKey: true })));
}

main().catch((error) => {
  console.error(`parse-app: ${error.message}`);
  process.exit(1);
});
