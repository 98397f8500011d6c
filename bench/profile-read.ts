// Profiles the API under the read benchmark's load: starts it with `node --cpu-prof`, drives
// GET /api/v1/chat/sessions/:id/messages?limit=50 (or BENCH_PROFILE_PATH) with autocannon for a few
// runs, prints throughput and API CPU per request per run, then the profile's self time by package
// and by function. `npm run bench:profile`. Not part of `npm run bench`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBenchDatabase, fmt, httpLoad, processCpuMs, signUp, startApi } from './lib/common.ts';
import { summariseProfile } from './lib/profile.ts';
import { seedChat } from './read.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-prof-'));
const db = await createBenchDatabase('profile');
const api = await startApi({ env: { DATABASE_URL: db.url }, cpuProf: dir });
try {
  const user = await signUp(api.url);
  const session = await seedChat(db.pool, user.id);
  const target = process.env.BENCH_PROFILE_PATH ?? `/api/v1/chat/sessions/${session}/messages?limit=50`;
  for (let i = 0; i < Number(process.env.BENCH_PROFILE_RUNS ?? 5); i++) {
    const c0 = processCpuMs(api.pid);
    const r = await httpLoad({ url: api.url + target, connections: 32, seconds: 4, headers: { authorization: `Bearer ${user.token}` } });
    console.log(`run ${i}: ${fmt(r.rps, 0)} req/s, API CPU ${fmt(((processCpuMs(api.pid) - c0) * 1000) / r.requests, 0)} µs/request, p50 ${r.p50} ms, p99 ${r.p99} ms`);
  }
} finally {
  await api.stop();
  await db.drop();
}
const main = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
console.log(`\nprofile: ${main}\n`);
console.log(summariseProfile(main, 30));
