// Builds the web export (apps/mobile/dist) when it is missing or older than its sources.
// Run under a file lock by the e2e suite, so parallel test files never build at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mobile = path.join(root, 'apps/mobile');
const index = path.join(mobile, 'dist/index.html');
const SKIP = new Set(['node_modules', 'dist', '.expo']);

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(mobile), newest(path.join(root, 'packages/contracts/src')));
const stale = !fs.existsSync(index) || sources > fs.statSync(index).mtimeMs;

if (stale) {
  console.log('[e2e] building the web app (apps/mobile/dist)…');
  const r = spawnSync('npm', ['run', 'build:web', '-w', 'apps/mobile'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Stamp the build with its sources' time, not its own: a file edited while it ran is newer, so the
  // next run builds again instead of testing an app without the edit.
  const at = new Date(Math.ceil(sources)); // whole milliseconds, never below the newest source
  fs.utimesSync(index, at, at);
}
