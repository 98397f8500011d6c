// Entry point: validate config, open the database (migrating it), serve, and shut down gracefully.
import { ConfigError, loadConfig } from './config.ts';
import { closeContext, createContext } from './context.ts';
import { buildApp } from './app.ts';

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

const ctx = await createContext(config);
const app = await buildApp(ctx);
app.addHook('onClose', async () => closeContext(ctx));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
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
  });
}

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(`ChitChat API ready on http://localhost:${config.PORT} (database: ${ctx.db.kind}, AI: ${config.aiProvider})`);
