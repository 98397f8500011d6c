// `npm run bench`: runs every benchmark, one child process each (so one's memory and handles do
// not colour the next), then writes bench/results/latest.md. A benchmark that fails is reported
// as failed, and the others still run. BENCH_ONLY=read,write runs a subset.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { log, RESULTS_DIR, ROOT } from './lib/common.ts';
import { ORDER, renderReport } from './lib/report.ts';

const only = process.env.BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const ids = only?.length ? ORDER.filter((id) => only.includes(id)) : ORDER;
const t0 = Date.now();
fs.mkdirSync(RESULTS_DIR, { recursive: true });
for (const id of ids) fs.rmSync(path.join(RESULTS_DIR, `${id}.json`), { force: true });

const failures: string[] = [];
for (const id of ids) {
  log(`== ${id}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', `${id}.ts`)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
    timeout: 6 * 60_000,
  });
  if (r.status !== 0)
    failures.push(
      `${id} failed (exit ${r.status ?? r.signal}) after ${Math.round((Date.now() - started) / 1000)} s; see the console output of \`npm run bench:${id}\`.`,
    );
}
const changes = path.join(ROOT, 'bench/PERFORMANCE.md');
const preamble = [
  ...(only?.length
    ? [
        `This invocation re-ran only: ${ids.join(', ')}. The other sections come from an earlier run (each section says when it ran and how long it took).`,
        '',
      ]
    : []),
  ...(failures.length ? ['**Failures in this run:**', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ...(fs.existsSync(changes)
    ? [
        `What was changed for performance, with before/after figures: [bench/PERFORMANCE.md](../PERFORMANCE.md).`,
      ]
    : []),
];
const file = renderReport({ totalSeconds: only?.length ? undefined : (Date.now() - t0) / 1000, preamble });
log(`report: ${path.relative(ROOT, file)} (${Math.round((Date.now() - t0) / 1000)} s)`);
if (failures.length) process.exitCode = 1;
