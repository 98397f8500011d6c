// The real entry point as a process: config errors, start-up, persistence on disk, graceful stop,
// and the first start with no AI configuration (the local model, fetched once, or offline with why).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyModelFiles } from './harness.ts';

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

  it('starts with no configuration (no network for the model), keeps data on disk, and finishes in-flight requests on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-proc-'));
    dirs.push(dataDir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Info logs let the test see when the server has received the request it is about to interrupt.
    // No AI variable: the local model is the default. Its download goes to a port nothing listens
    // on (CI never reaches the internet), so it says why and answers offline.
    const noNetwork = { AI_MODEL_URL: `http://127.0.0.1:${await freePort()}/model.gguf` };
    const first = run({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...noNetwork,
    });
    await waitReady(url, first.child);
    const ai = await aiWhenSettled(url);
    expect(ai).toMatchObject({ provider: 'local', offline: true, status: { state: 'failed' } });
    expect(ai.status.message).toMatch(
      /^Could not download the local model: .* refused the connection\. Set AI_MODEL_PATH or AI_PROVIDER=offline\.$/,
    );
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
    for (let i = 0; i < 200 && !/"url":"\/auth\/v1\/signup"/.test(first.output()); i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(first.output()).toContain('"url":"/auth/v1/signup"');
    first.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await first.exited, first.output()).toBe(0);

    // Restarted on the same directory: the account is still there, and the same secret is reused.
    const second = run({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...noNetwork });
    try {
      await waitReady(url, second.child);
      const signIn = await fetch(`${url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'a long passphrase' }),
      });
      expect(signIn.status).toBe(200);
      const token = (await signIn.json()).access_token;
      expect(
        (await fetch(`${url}/api/v1/profile`, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 150_000);

  it('first start with no key: fetches the model once in the background, then teaches with it; a restart reuses it', async () => {
    const tiny = tinyModelFiles();
    const hits: string[] = [];
    const models = http.createServer((req, res) => {
      hits.push(req.url!);
      const file = { '/chat.gguf': tiny.chat.file, '/embed.gguf': tiny.embed.file }[req.url!];
      if (!file) return res.writeHead(404).end();
      const bytes = fs.readFileSync(file);
      res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    });
    await new Promise<void>((r) => models.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(models.address() as net.AddressInfo).port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-proc-'));
    dirs.push(dataDir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // What an operator would set to choose other models; nothing names a provider.
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      AI_MODEL_URL: `${base}/chat.gguf`,
      AI_MODEL_SHA256: tiny.chat.sha256,
      AI_EMBED_MODEL_URL: `${base}/embed.gguf`,
      AI_EMBED_MODEL_SHA256: tiny.embed.sha256,
      AI_LOCAL_THREADS: '1',
      AI_LOCAL_GPU: 'off',
    };
    try {
      for (const round of ['first start', 'restart']) {
        const p = run(env);
        try {
          await waitReady(url, p.child);
          const ai = await aiWhenSettled(url);
          expect(ai, `${round}: ${p.output()}`).toMatchObject({
            provider: 'local',
            offline: false,
            status: { state: 'ready', model: 'chat' },
          });
          const signUp = await fetch(`${url}/auth/v1/signup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              email: `first-${round.replace(' ', '-')}-${Date.now()}@example.com`,
              password: 'a long passphrase',
            }),
          });
          const token = (await signUp.json()).access_token;
          const chat = await fetch(`${url}/api/v1/chat`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ message: 'Explain fractions' }),
          });
          expect(chat.status).toBe(200);
          const body = await chat.json();
          expect(body.model).toBe('chat');
          expect(body.response).not.toMatch(/Offline mode|Setting up/);
        } finally {
          p.child.kill('SIGTERM');
          expect(await p.exited).toBe(0);
        }
      }
      // Each file was fetched once; the restart found both verified on disk.
      expect(hits.sort()).toEqual(['/chat.gguf', '/embed.gguf']);
      expect(
        fs
          .readdirSync(path.join(dataDir, 'models'))
          .filter((f) => f.endsWith('.gguf'))
          .sort(),
      ).toEqual(['chat.gguf', 'embed.gguf']);
    } finally {
      models.closeAllConnections();
      models.close();
    }
  }, 240_000);
});

/** /api/v1/info's AI part once the local model has finished setting up, one way or the other. */
async function aiWhenSettled(url: string, deadline = Date.now() + 90_000) {
  for (;;) {
    const { ai } = await fetch(`${url}/api/v1/info`).then((r) => r.json());
    if (!['downloading', 'loading'].includes(ai.status.state) || Date.now() > deadline) return ai;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start', () => {
  it('stops when npm itself is sent SIGTERM (as a process manager stops it by its PID)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chitchat-npmstart-'));
    dirs.push(dir);
    const port = await freePort();
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'warn',
        SERVE_WEB: 'false',
        AI_PROVIDER: 'offline',
        DATA_DIR: dir,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(npm);
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, npm);
    const exited = new Promise((resolve) => npm.on('exit', resolve));
    npm.kill('SIGTERM');
    await exited;
    // The server under npm stopped too: nothing answers on its port any more.
    const deadline = Date.now() + 20_000;
    let answering = true;
    while (answering && Date.now() < deadline) {
      answering = await fetch(`${url}/health`).then(
        () => true,
        () => false,
      );
      if (answering) await new Promise((r) => setTimeout(r, 250));
    }
    expect(
      answering,
      'the API outlived npm start: npm forwards SIGTERM to its shell, which must exec node',
    ).toBe(false);
  });
});
