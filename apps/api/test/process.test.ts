// The real entry point as a process: config errors, start-up, persistence on disk, graceful stop.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
// A failed test may leave its server running: stop it before removing the data it writes to.
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', SERVE_WEB: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

// A cold start (tsx compiling the server, PGlite creating its cluster and migrating) takes seconds
// on a quiet machine and tens of seconds on a loaded one: wait by deadline, not by a count of tries.
async function waitReady(url: string, child: ChildProcess, deadline = Date.now() + 75_000) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      const r = await fetch(`${url}/ready`);
      if (r.status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become ready');
}

describe('the server process', () => {
  it('exits with code 1 and a clear message on bad configuration', async () => {
    const p = run({ PORT: 'not-a-port', DATABASE_URL: 'mysql://nope' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/Invalid configuration/);
    expect(p.output()).toMatch(/PORT/);
    expect(p.output()).toMatch(/DATABASE_URL/);
  });

  it('starts with no configuration, keeps data on disk, and finishes in-flight requests on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-proc-'));
    dirs.push(dataDir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Info logs let the test see when the server has received the request it is about to interrupt.
    const first = run({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    await waitReady(url, first.child);
    expect(fs.existsSync(path.join(dataDir, 'secrets/jwt-secret'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'secrets/jwt-secret')).mode & 0o077).toBe(0);

    // A sign-up (argon2 hashing takes a while) in flight when SIGTERM arrives still completes.
    const email = `proc-${Date.now()}@example.com`;
    const inFlight = fetch(`${url}/auth/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long passphrase' }),
    });
    // SIGTERM only once the request is in the server's hands (a fixed delay raced on fast machines).
    for (let i = 0; i < 200 && !/"url":"\/auth\/v1\/signup"/.test(first.output()); i++) await new Promise((r) => setTimeout(r, 5));
    expect(first.output()).toContain('"url":"/auth/v1/signup"');
    first.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await first.exited, first.output()).toBe(0);

    // Restarted on the same directory: the account is still there, and the same secret is reused.
    const second = run({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitReady(url, second.child);
      const signIn = await fetch(`${url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'a long passphrase' }),
      });
      expect(signIn.status).toBe(200);
      const token = (await signIn.json()).access_token;
      expect((await fetch(`${url}/api/v1/profile`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 150_000);
});
