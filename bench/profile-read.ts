// Profiles the API under a benchmark's load: starts it with `node --cpu-prof`, drives it with
// autocannon for a few runs, prints throughput and API CPU per request per run, then the profile's
// self time by package and by function. `npm run bench:profile` (not part of `npm run bench`):
//   default                     GET /api/v1/chat/sessions/:id/messages?limit=50 (the read benchmark)
//   BENCH_PROFILE_PATH=/api/…   another GET
//   BENCH_PROFILE_MODE=write    POST /api/v1/chat with the fake model answering at once (the write benchmark)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBenchDatabase, fmt, httpLoad, postgresCpuMs, processCpuMs, signUp, startApi, startFakeModel } from './lib/common.ts';
import { summariseProfile } from './lib/profile.ts';
import { seedChat } from './read.ts';

const write = process.env.BENCH_PROFILE_MODE === 'write';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-prof-'));
const db = await createBenchDatabase('profile');
const fake = write ? await startFakeModel({ firstMs: 0 }) : null;
const modelEnv: Record<string, string> = fake ? { GEMINI_API_KEY: 'bench-key', GEMINI_BASE_URL: fake.url, AI_PROVIDER: 'gemini' } : {};
const api = await startApi({ env: { DATABASE_URL: db.url, ...modelEnv }, cpuProf: dir });
try {
  const user = await signUp(api.url);
  const session = await seedChat(db.pool, user.id);
  const auth = { authorization: `Bearer ${user.token}` };
  const load = write
    ? {
        url: `${api.url}/api/v1/chat`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'What does chlorophyll do in the light reactions?', sessionId: session }),
      }
    : { url: api.url + (process.env.BENCH_PROFILE_PATH ?? `/api/v1/chat/sessions/${session}/messages?limit=50`), headers: auth };
  for (let i = 0; i < Number(process.env.BENCH_PROFILE_RUNS ?? 5); i++) {
    const [c0, d0] = [processCpuMs(api.pid), postgresCpuMs()];
    const r = await httpLoad({ ...load, connections: 32, seconds: 4 });
    const perRequest = (ms: number) => fmt((ms * 1000) / r.requests, 0);
    console.log(
      `run ${i}: ${fmt(r.rps, 0)} req/s, CPU µs/request: API ${perRequest(processCpuMs(api.pid) - c0)}, PostgreSQL ${perRequest(postgresCpuMs() - d0)}; p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}`,
    );
  }
} finally {
  await api.stop();
  await fake?.stop();
  await db.drop();
}
const main = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
console.log(`\nprofile: ${main}\n`);
console.log(summariseProfile(main, 40));
