// `npm start`: builds the web app when it is missing or older than its sources, then serves the
// API and the web app together on http://localhost:${PORT:-3000}. No keys, no services needed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mobile = path.join(root, 'apps/mobile');
const dist = path.join(mobile, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.expo'].includes(entry.name)) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function webBuildIsStale() {
  if (!fs.existsSync(path.join(mobile, 'package.json'))) return false;
  if (!fs.existsSync(dist)) return true;
  const built = fs.statSync(dist).mtimeMs;
  return [mobile, path.join(root, 'packages/contracts/src')].some((d) => newestMtime(d) > built);
}

if (process.env.SERVE_WEB !== 'false' && webBuildIsStale()) {
  console.log('Building the web app (apps/mobile → apps/mobile/dist)…');
  const r = spawnSync('npm', ['run', 'build:web', '-w', 'apps/mobile'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0)
    console.warn(
      'The web build failed; serving the API only. Run `npm run build:web -w apps/mobile` to see why.',
    );
}

const api = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/api/src/main.ts')], {
  stdio: 'inherit',
  cwd: root,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => api.kill(sig));
api.on('exit', (code) => process.exit(code ?? 0));
