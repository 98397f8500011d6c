// Runs the real API (apps/api/src/main.ts) as a child process on a port of its own, as a deployment
// does: used by the several-instances test, the crash test and the load test.
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
  /** SIGTERM and wait (graceful shutdown). */
  stop(): Promise<number | string>;
  /** SIGKILL: a crash, as far as the process can tell. */
  kill(): Promise<number | string>;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const INHERITED_OUT = ['DATABASE_URL', 'REDIS_URL', 'TEST_DATABASE_URL', 'TEST_REDIS_URL', 'GEMINI_API_KEY', 'AI_BASE_URL', 'S3_ENDPOINT', 'PORT', 'JWT_SECRET'];

/** Starts the API with `env` (plus safe defaults) and waits until /ready answers 200. */
export async function startApiProcess(env: Record<string, string>, opts: { readyTimeoutMs?: number; port?: number } = {}): Promise<ApiProcess> {
  const port = opts.port ?? (await freePort());
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.includes(k) && !k.startsWith('VITEST')));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: { ...base, NODE_ENV: 'production', HOST: '127.0.0.1', SERVE_WEB: 'false', LOG_LEVEL: 'info', AI_PROVIDER: 'offline', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let gone: number | string | undefined;
  void exited.then((c) => (gone = c));
  for (;;) {
    if (gone !== undefined) throw new Error(`API process exited (${gone}) before it was ready:\n${output.join('').slice(-3000)}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`API process not ready after ${opts.readyTimeoutMs ?? 60_000} ms:\n${output.join('').slice(-3000)}`);
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
      if (gone === undefined) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (gone === undefined) child.kill('SIGKILL');
      return exited;
    },
  };
}
