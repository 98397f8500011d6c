// `npm run migrate`: applies migrations to the configured database and exits.
import { loadConfig } from '../../config.ts';
import { openDatabase } from './index.ts';
import { migrate } from './migrate.ts';
import path from 'node:path';

const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'pglite') });
try {
  const applied = await migrate(db.pool);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await db.close();
}
