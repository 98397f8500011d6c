// Builds bench/results/latest.md from the result files of the benchmarks (bench/results/*.json).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PG_BASE, RESULTS_DIR, ROOT, type BenchResult } from './common.ts';

export const ORDER = [
  'read',
  'write',
  'stream',
  'turn',
  'scale',
  'embedded',
  'retrieval',
  'web',
  'local',
  'learning',
  'profile',
];

const sh = (cmd: string) => {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
};
const pkgVersion = (name: string) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
      .version as string;
  } catch {
    return 'not installed';
  }
};

export function machineInfo(): Record<string, string> {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const pgbench = sh('ls /usr/lib/postgresql/*/bin/pgbench | tail -1');
  return {
    CPU: `${os.cpus().length} × ${cpu} (nproc ${sh('nproc')})`,
    Memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free at report time`,
    'Load average at report time': os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', '),
    OS: `${os.type()} ${os.release()} (${sh('. /etc/os-release && echo $PRETTY_NAME')})`,
    Node: process.version,
    PostgreSQL: sh(`psql "${PG_BASE}" -Atc "select version()"`) || 'unreachable',
    pgbench: pgbench ? sh(`${pgbench} --version`) : 'missing',
    PGlite: `@electric-sql/pglite ${pkgVersion('@electric-sql/pglite')}`,
    autocannon: pkgVersion('autocannon'),
    Fastify: pkgVersion('fastify'),
    Chromium: sh('/usr/bin/chromium --version 2>/dev/null') || 'missing',
    // The results themselves (this report, the previous run's) do not make the tree "changed".
    Commit:
      sh(`git -C "${ROOT}" rev-parse --short HEAD`) +
      (sh(`git -C "${ROOT}" status --porcelain --untracked-files=no -- . ':!bench/results'`)
        ? ' (with uncommitted changes in the tree)'
        : ''),
  };
}

const esc = (s: unknown) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
function table(columns: string[], rows: (string | number)[][]) {
  return [
    `| ${columns.map(esc).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function loadResults(): BenchResult[] {
  if (!fs.existsSync(RESULTS_DIR)) return [];
  const all = fs
    .readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as BenchResult);
  return all.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

export function renderReport(extra: { totalSeconds?: number; preamble?: string[] } = {}) {
  const results = loadResults();
  const lines: string[] = [];
  lines.push('# ChitChat benchmarks — latest run', '');
  lines.push(
    `Generated ${new Date().toISOString()} by \`npm run bench\` (bench/run.ts).${extra.totalSeconds ? ` The whole run took ${Math.round(extra.totalSeconds)} s.` : ''}`,
  );
  lines.push('');
  lines.push(
    'Every target is a **ratio against a baseline measured in the same run on the same machine** (these machines are shared and noisy). Absolute figures are reported for context and never asserted.',
    '',
  );
  if (extra.preamble) lines.push(...extra.preamble, '');
  lines.push('## Machine and versions', '', table(['', ''], Object.entries(machineInfo())), '');

  const targets = results.flatMap((r) =>
    r.targets.map((t) => [
      r.title,
      t.name,
      t.target,
      t.measured,
      t.met === null ? 'not measured' : t.met ? 'met' : '**not met**',
    ]),
  );
  lines.push(
    '## Targets',
    '',
    targets.length
      ? table(['benchmark', 'comparison', 'target', 'measured', ''], targets)
      : '_No benchmark has run yet._',
    '',
  );

  for (const r of results) {
    lines.push(`## ${r.title}`, '');
    lines.push(`Run at ${r.startedAt}, took ${r.seconds} s.`, '');
    if (Object.keys(r.settings).length)
      lines.push(
        'Settings:',
        '',
        table(
          ['setting', 'value'],
          Object.entries(r.settings).map(([k, v]) => [k, String(v)]),
        ),
        '',
      );
    for (const t of r.tables) lines.push(`**${t.title}**`, '', table(t.columns, t.rows), '');
    if (r.targets.length)
      lines.push(
        table(
          ['comparison', 'target', 'measured', ''],
          r.targets.map((t) => [
            t.name,
            t.target,
            t.measured,
            t.met === null ? 'not measured' : t.met ? 'met' : '**not met**',
          ]),
        ),
        '',
      );
    for (const n of r.notes) lines.push(`- ${n}`);
    if (r.notes.length) lines.push('');
    for (const b of r.blocks)
      lines.push(`<details><summary>${b.title}</summary>`, '', '```', b.text, '```', '', '</details>', '');
  }
  const missing = ORDER.filter((id) => !results.some((r) => r.id === id));
  if (missing.length)
    lines.push(
      '## Not in this report',
      '',
      `No result file for: ${missing.join(', ')} (run \`npm run bench\`, or \`npm run bench:<name>\`).`,
      '',
    );
  const file = path.join(RESULTS_DIR, 'latest.md');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}
