// Runs the real API as a child process on a port of its own: either apps/api/src/main.ts directly,
// as a deployment does (the several-instances test, the crash test and the load test), or through
// `npm start`, as a person does (the journey test).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ApiProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed (structured logs), for scanning. */
  output: string[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Graceful shutdown, and wait: SIGTERM to the API, or SIGINT to the `npm start` group (Ctrl-C). */
  stop(): Promise<number | string>;
  /** SIGKILL (to the whole group for `npm start`): a crash, as far as the processes can tell. */
  kill(): Promise<number | string>;
}

export interface StartOptions {
  readyTimeoutMs?: number;
  port?: number;
  /**
   * 'npm-start' runs `npm start` (web build when stale, then API + web) with only `env` on top of
   * this process's environment, in a process group of its own: stop() and kill() signal the whole
   * group (npm, scripts/start.mjs and the API), as Ctrl-C or a crash of the machine would. npm
   * itself dies at once on a signal, so `exited` waits until every process of the group is gone
   * and resolves with npm's signal, not the API's exit code.
   */
  launch?: 'api' | 'npm-start';
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const INHERITED_OUT = [
  'DATABASE_URL',
  'REDIS_URL',
  'TEST_DATABASE_URL',
  'TEST_REDIS_URL',
  'GEMINI_API_KEY',
  'AI_BASE_URL',
  'S3_ENDPOINT',
  'PORT',
  'JWT_SECRET',
];

/** This process's environment without what would point the child at another database, model or port. */
function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !INHERITED_OUT.includes(k) && !k.startsWith('VITEST')),
  );
}

function spawnApi(env: Record<string, string>, port: number, launch: 'api' | 'npm-start'): ChildProcess {
  if (launch === 'npm-start') {
    return spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...inheritedEnv(), ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
  }
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...inheritedEnv(),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'info',
      AI_PROVIDER: 'offline',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves once no process of group `pgid` is left. */
async function groupGone(pgid: number) {
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the API with `env` (plus safe defaults when launched directly) and waits until /ready answers 200. */
export async function startApiProcess(
  env: Record<string, string>,
  opts: StartOptions = {},
): Promise<ApiProcess> {
  const port = opts.port ?? (await freePort());
  const launch = opts.launch ?? 'api';
  const child = spawnApi(env, port, launch);
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (launch === 'npm-start') process.kill(-child.pid!, sig);
      else child.kill(sig);
    } catch {
      /* already gone */
    }
  };
  if (launch === 'npm-start') {
    // A group of its own outlives this process unless it is ended with it.
    const endGroup = () => signal('SIGKILL');
    process.on('exit', endGroup);
    child.on('exit', () => process.off('exit', endGroup));
  }
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, sig) => resolve(code ?? sig ?? 'unknown')),
  ).then(async (code) => {
    if (launch === 'npm-start') await groupGone(child.pid!);
    return code;
  });
  const url = `http://127.0.0.1:${port}`;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  const until = Date.now() + readyTimeoutMs;
  let gone: number | string | undefined;
  void exited.then((c) => (gone = c));
  for (;;) {
    if (gone !== undefined)
      throw new Error(`API process exited (${gone}) before it was ready:\n${output.join('').slice(-3000)}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      signal('SIGKILL');
      throw new Error(`API process not ready after ${readyTimeoutMs} ms:\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output,
    exited,
    async stop() {
      if (gone === undefined) signal(launch === 'npm-start' ? 'SIGINT' : 'SIGTERM');
      return exited;
    },
    async kill() {
      if (gone === undefined) signal('SIGKILL');
      return exited;
    },
  };
}
