// Entry point: validate config, open the database (migrating it), serve, and shut down gracefully.
import { ConfigError, loadConfig } from './config.ts';
import { closeContext, createContext } from './context.ts';
import { buildApp } from './app.ts';
import pino from 'pino';
import type { AiStatus } from './platform/ai/index.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// The local model is set up in the background: its log lines go to the server's log, and its
// download progress to a bar on the terminal (when there is one).
const log = pino({ level: config.LOG_LEVEL });
const ctx = await createContext(config, { aiOptions: { local: { log, onStatus: progressBar() } } });
const app = await buildApp(ctx);
app.addHook('onClose', async () => closeContext(ctx));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  const timer = setTimeout(() => process.exit(1), 15_000).unref();
  try {
    await app.close();
    clearTimeout(timer);
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(
  `ChitChat API ready on http://localhost:${config.PORT} (database: ${ctx.db.kind}, AI: ${config.aiProvider}${ctx.ai.status ? `: ${ctx.ai.status().message}` : ''})`,
);

/** `Setting up the local tutor  [########------------]  43 %  424 / 986 MB`, redrawn in place. */
function progressBar() {
  const tty = process.stderr.isTTY;
  let drawn = false;
  return (s: AiStatus) => {
    if (!tty) return;
    if (s.state === 'downloading' && s.percent !== undefined) {
      const width = 30;
      const full = Math.round((s.percent / 100) * width);
      const mb = (n?: number) => (n === undefined ? '?' : Math.round(n / 1e6).toLocaleString('en'));
      process.stderr.write(
        `\r${s.model}  [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(s.percent).padStart(3)} %  ${mb(s.bytes)} / ${mb(s.totalBytes)} MB `,
      );
      drawn = true;
      // A finished file ends its line, so the next log line starts on its own.
      if (s.percent === 100) {
        process.stderr.write('\n');
        drawn = false;
      }
    } else if (drawn) {
      process.stderr.write('\n');
      drawn = false;
    }
  };
}
