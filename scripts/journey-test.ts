// `npm run test:journey`: a learner's first hour, compressed, as real use looks. The server is
// started the way a person starts it (`npm start`, a child process, on a fresh data directory and
// a free port), first on the embedded defaults, then on PostgreSQL + Redis when
// JOURNEY_DATABASE_URL and JOURNEY_REDIS_URL are set (both runs at once). Three learners and a
// tutor, over HTTP, with the real @supabase/supabase-js for auth: sign-up, onboarding, streamed
// chat, an upload and a question about it, a learning path and its lessons, review with hints,
// library, discover, a tutor's course published, enrolled in and counted on the tutor's dashboard.
// Along the way: an idle gap longer than every timeout in the server, a graceful restart (Ctrl-C)
// and a SIGKILL mid-journey, a second device per learner, an access token expiring and refreshed,
// and an account deleted. Every response is checked (no 5xx, no broken connection outside the
// SIGKILL), and after each restart every learner's data equals what they were told was saved.
// Prints one line per check and closes with "journey: N passed, M failed"; exits non-zero on any failure.
//
// Env: JOURNEY_DATABASE_URL (an admin URL: a throwaway database is created and dropped),
// JOURNEY_REDIS_URL (its keys go under a unique REDIS_PREFIX, removed at the end),
// JOURNEY_IDLE_SECONDS (default IDLE_SECONDS; shorter only to develop the script).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './lib/api-process.ts';
import { Checks } from './lib/checks.ts';
import { createDatabase, dropDatabase } from './lib/postgres.ts';
import { runJourney } from './journey/run.ts';

/**
 * The idle gap outlasts every timeout in the server and its clients:
 *   - Fastify's keepAliveTimeout (72 s, its default; apps/api does not change it),
 *   - the PostgreSQL pool's idleTimeoutMillis (30 s, platform/db) and pg's default for PGlite's pool (10 s),
 *   - the live-sessions cache (5 s, features/auth/sessions.ts) and the verified-token cache (until expiry),
 *   - the SSE heartbeat (15 s, http/sse.ts) and BullMQ's job lock (60 s, platform/jobs/bullmq.ts),
 *   - the access token itself: ACCESS_TOKEN_TTL_SECONDS=60 below (the smallest the config allows),
 *     so the phone's token expires during the gap and must be refreshed.
 */
const IDLE_SECONDS = 75;
const ACCESS_TOKEN_TTL_SECONDS = '60';
// The offline engine: the journey is about the server surviving a first hour of real use, and it
// must never reach the internet (the default would start downloading the local model). The local
// model's first start is tested in apps/api/test/process.test.ts and local-model.test.ts.
const AI_PROVIDER = 'offline';

const checks = new Checks();
const idleMs = Number(process.env.JOURNEY_IDLE_SECONDS ?? IDLE_SECONDS) * 1000;

async function embedded() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-journey-'));
  try {
    await runJourney({
      label: 'embedded',
      env: { DATA_DIR: dataDir, ACCESS_TOKEN_TTL_SECONDS, AI_PROVIDER },
      port: await freePort(),
      idleMs,
      checks,
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresAndRedis(adminUrl: string, redisUrl: string) {
  const name = `chitchat_journey_${process.pid}`;
  const prefix = `chitchat-journey-${process.pid}-${crypto.randomBytes(3).toString('hex')}:`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-journey-pg-'));
  const env = {
    DATA_DIR: dataDir,
    ACCESS_TOKEN_TTL_SECONDS,
    AI_PROVIDER,
    DATABASE_URL: await createDatabase(adminUrl, name),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
  };
  try {
    await runJourney({ label: 'postgres', env, port: await freePort(), idleMs, checks });
  } finally {
    await dropDatabase(adminUrl, name);
    await removeKeys(redisUrl, prefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function removeKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }))
      if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

const started = Date.now();
const dbUrl = process.env.JOURNEY_DATABASE_URL;
const redisUrl = process.env.JOURNEY_REDIS_URL;
if (!dbUrl || !redisUrl)
  console.log(
    'JOURNEY_DATABASE_URL and JOURNEY_REDIS_URL are not both set: only the embedded defaults are tested.',
  );
const runs = [embedded(), ...(dbUrl && redisUrl ? [postgresAndRedis(dbUrl, redisUrl)] : [])];
for (const r of await Promise.allSettled(runs))
  if (r.status === 'rejected') checks.couldNotRun('a journey', r.reason);
console.log(`\n(${Math.round((Date.now() - started) / 1000)} s)`);
checks.finish('journey');
