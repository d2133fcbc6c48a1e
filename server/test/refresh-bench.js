// The refresh job at scale (BENCHMARKS.md, "Keeping tokens alive"): USERS people sign up
// with Instagram through the Cloud exchange (60-day tokens), the tokens are made 50 days
// old (database and sandbox clock), and one run of instagramRefreshTokens renews them all.
// Started by scripts/bench-refresh.sh, which provides PARSE_URL, SANDBOX_URL, PG_PORT, USERS.
// Prints one JSON object with the figures.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');

const { PARSE_URL, SANDBOX_URL, PG_PORT } = process.env;
const USERS = Number(process.env.USERS || 10000);
const CONCURRENCY = 16;
const KEYS = { 'X-Parse-Application-Id': 'bench-app-id', 'X-Parse-REST-API-Key': 'bench-rest-key', 'Content-Type': 'application/json' };
const MASTER = { 'X-Parse-Application-Id': 'bench-app-id', 'X-Parse-Master-Key': 'bench-master-key', 'Content-Type': 'application/json' };
const CLIENT_ID = '990602627938098';
const REDIRECT = 'https://app.example.com/auth/';
const DAY = 24 * 3600;

function psql(sql) {
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', PG_PORT, '-U', 'postgres', '-d', 'postgres', '-At', '-c', sql], { encoding: 'utf8' }).trim();
}

async function call(url, init) {
  const response = await fetch(url, init);
  const body = await response.json();
  assert.ok(response.ok, `${url}: ${response.status} ${JSON.stringify(body)}`);
  return { headers: response.headers, body };
}

async function signUp(index) {
  const query = new URLSearchParams({
    client_id: CLIENT_ID, redirect_uri: REDIRECT, response_type: 'code', scope: 'instagram_business_basic',
    sandbox_decision: 'allow', sandbox_user: `bench.${index}`,
  });
  const consent = await fetch(`${SANDBOX_URL}oauth/authorize?${query}`, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location')).searchParams.get('code');
  const { body } = await call(`${PARSE_URL}/functions/instagramExchange`, {
    method: 'POST', headers: KEYS, body: JSON.stringify({ code, redirect_uri: REDIRECT, long_lived: true }),
  });
  const authData = { instagram: { id: body.result.user_id, access_token: body.result.access_token } };
  await call(`${PARSE_URL}/users`, { method: 'POST', headers: KEYS, body: JSON.stringify({ authData }) });
}

// Runs task(0..count-1), CONCURRENCY at a time. A task that fails is tried once more (a
// loaded machine times out now and then); the failures are counted and reported.
async function inParallel(count, task) {
  let next = 0;
  let retried = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index).catch((error) => {
        retried += 1;
        console.error(`sign-up ${index} failed once: ${error.message}`);
        return task(index);
      });
    }
  }));
  return retried;
}

// Statements PostgreSQL ran (pg_stat_statements), excluding this script's own.
function statements() {
  return Number(psql(`select coalesce(sum(calls), 0) from pg_stat_statements where query not like '%pg_stat_statements%'`));
}

async function runJob() {
  const started = await call(`${PARSE_URL}/jobs/instagramRefreshTokens`, { method: 'POST', headers: MASTER, body: '{}' });
  const id = started.headers.get('x-parse-job-status-id');
  for (;;) {
    const { body } = await call(`${PARSE_URL}/classes/_JobStatus/${id}`, { headers: MASTER });
    if (body.status === 'succeeded') {
      return JSON.parse(body.message);
    }
    assert.notEqual(body.status, 'failed', JSON.stringify(body));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main() {
  const populateStart = Date.now();
  const retried = await inParallel(USERS, signUp);
  const populateSeconds = (Date.now() - populateStart) / 1000;
  // How the renewals are planned: days after issue, by decile.
  const plan = psql(`select string_agg(round(d::numeric, 1)::text, ' ') from (select percentile_disc(p) within group
    (order by extract(epoch from "refreshAt" - "createdAt") / 86400) as d from "InstagramToken", unnest(array[0,0.1,0.5,0.9,1]) as p
    where state = 'current' group by p order by p) t`);

  // Fifty days on: every token is due.
  psql(`update "InstagramToken" set "expiresAt" = "expiresAt" - interval '${50 * DAY} seconds',
        "refreshAt" = "refreshAt" - interval '${50 * DAY} seconds' where state = 'current'`);
  await call(`${SANDBOX_URL}sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance_seconds: 50 * DAY }) });
  psql('select pg_stat_statements_reset()');
  const jobStart = Date.now();
  const result = await runJob();
  const jobSeconds = (Date.now() - jobStart) / 1000;
  const jobStatements = statements();

  psql('select pg_stat_statements_reset()');
  const idleStart = Date.now();
  const idle = await runJob();
  const idleSeconds = (Date.now() - idleStart) / 1000;
  const idleStatements = statements();

  const rows = psql(`select string_agg(source || ':' || state || '=' || n, ' ') from (select source, state, count(*) n
    from "InstagramToken" where source in ('refresh', 'exchange') and state <> 'shortLived' group by 1, 2 order by 1, 2) t`);
  console.log(JSON.stringify({
    users: USERS, populateSeconds, signUpsRetried: retried, renewalPlanDaysByDecile: plan,
    job: { seconds: jobSeconds, perUserMs: (jobSeconds * 1000) / USERS, statements: jobStatements, statementsPerUser: jobStatements / USERS, result },
    idleRun: { seconds: idleSeconds, statements: idleStatements, result: idle },
    rows,
  }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
