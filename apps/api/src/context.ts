// Everything a feature needs from the outside world, built once and passed in (no globals), so
// tests build an app from real embedded adapters.
import { required, type Config } from './config.ts';
import type { Database } from './platform/db/index.ts';
import type { CacheStore } from './platform/cache/index.ts';
import type { AuthService } from './features/auth/service.ts';
import type { TokenVerifier, createTokenIssuer } from './features/auth/tokens.ts';
import type { AiProvider } from './platform/ai/index.ts';
import type { GroundingSource } from './grounding.ts';
import type { Tx } from './platform/db/index.ts';
import type { Storage } from './platform/storage/index.ts';
import type { JobQueue } from './platform/jobs/index.ts';
import type { Metrics } from './platform/metrics/index.ts';

/** A learner's upload attached to a chat message. */
export interface Attachment {
  id: string;
  kind: 'image' | 'video' | 'document';
  mediaType: string;
  fileName: string;
  /** The bytes (images go to vision models inline). */
  load(): Promise<Uint8Array>;
}
/** Resolves upload ids to the caller's attachments; throws 404 if any id is not theirs. */
export type AttachmentResolver = (tx: Tx, userId: string, ids: string[]) => Promise<Attachment[]>;

export type { GroundingSource } from './grounding.ts';

export interface AppContext {
  config: Config;
  db: Database;
  store: CacheStore;
  auth: AuthService;
  issuer: ReturnType<typeof createTokenIssuer>;
  tokens: TokenVerifier;
  ai: AiProvider;
  /** File storage: local disk with signed URLs, or S3-compatible (S3_ENDPOINT). */
  storage: Storage;
  /** Background jobs: in-process, or BullMQ on Redis (REDIS_URL). Started here, stopped on close. */
  jobs: JobQueue;
  /** This instance's Prometheus registry (GET /metrics); `ai` and `jobs` report into it. */
  metrics: Metrics;
  /** Sources of grounding passages for chat answers (documents, lessons, messages). */
  grounding: GroundingSource[];
  /** Attachment ids to the caller's own uploads (the uploads feature's resolver). */
  attachments: AttachmentResolver;
  /** AUTH_MODE=supabase: users first seen through a hosted Supabase token get their row here. */
  ensureUserRow(id: string, email?: string): Promise<void>;
  /**
   * AUTH_MODE=supabase on a Supabase database: is the token's Supabase Auth session still there?
   * Undefined elsewhere (tokens are then checked by signature and expiry only).
   */
  supabaseSessionActive?: (sessionId: string | undefined) => Promise<boolean>;
  /**
   * AUTH_MODE=supabase on a database that is not the project's, with SUPABASE_SERVICE_ROLE_KEY:
   * Supabase Auth's admin API, which deleting an account calls to delete the auth user there.
   */
  supabaseAdmin?: SupabaseAdmin;
  /** The account is gone (deleted here): its tokens stop working at once on this instance. */
  forgetUserRow(id: string): void;
}

import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { openDatabase } from './platform/db/index.ts';
import { migrate } from './platform/db/migrate.ts';
import { createMemoryStore, createRedisStore } from './platform/cache/index.ts';
import { createAuthService } from './features/auth/service.ts';
import { createTokenIssuer as makeIssuer, hmacVerifier, jwksVerifier } from './features/auth/tokens.ts';
import { loadOrCreateSecret } from './features/auth/secrets.ts';
import { hasSupabaseAuth, supabaseSessionCheck } from './features/auth/supabase.ts';
import { createSupabaseAdmin, type SupabaseAdmin } from './features/auth/supabase-admin.ts';
import { createAiProvider, type AiProviderOptions } from './platform/ai/index.ts';
import { HttpError } from './http/errors.ts';
import { lessonsGrounding } from './features/learning/grounding.ts';
import { messagesGrounding } from './features/chat/grounding.ts';
import { createStorage } from './platform/storage/index.ts';
import { createJobQueue, observeJobs } from './platform/jobs/index.ts';
import { createMetrics } from './platform/metrics/index.ts';
import { observeAi } from './platform/ai/index.ts';
import { documentsGrounding } from './features/documents/grounding.ts';
import { createAttachmentResolver } from './features/uploads/attachments.ts';
import { registerUploadJobs, resumeUploads } from './features/uploads/process.ts';
import { registerConceptJobs } from './features/concepts/service.ts';
import { registerUploadSweep, startUploadSweep } from './features/uploads/sweep.ts';
import { registerAccountJobs, startAccountPurges } from './features/profile/deletion.ts';
import { registerOptimiseJobs, startOptimisations } from './features/review/optimise-job.ts';

export interface ContextOptions {
  /** Use this database instead of opening one from config (tests share one per worker). */
  db?: Database;
  /** Skip running migrations (the caller already did). */
  skipMigrations?: boolean;
  /** Replace the configured AI provider (tests may wrap it to inspect calls). */
  ai?: AiProvider;
  /** Options for the configured provider (the local model's log and progress listener). */
  aiOptions?: AiProviderOptions;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const db =
    opts.db ??
    (await openDatabase({
      url: config.DATABASE_URL,
      pgliteDir: path.join(config.dataDir, 'pglite'),
      poolMax: config.DATABASE_POOL_MAX,
      prepare: config.DATABASE_PREPARE,
    }));
  if (!opts.skipMigrations) await migrate(db.pool);
  const store = config.REDIS_URL
    ? createRedisStore(config.REDIS_URL, config.REDIS_PREFIX)
    : createMemoryStore();
  const secret = config.JWT_SECRET ?? loadOrCreateSecret(config.dataDir);
  const issuerName = 'chitchat';
  const issuer = makeIssuer(secret, issuerName, config.ACCESS_TOKEN_TTL_SECONDS);
  const tokens =
    config.AUTH_MODE === 'supabase'
      ? config.SUPABASE_JWKS_URL
        ? jwksVerifier(config.SUPABASE_JWKS_URL, config.SUPABASE_JWT_ISSUER)
        : hmacVerifier(
            required(config.SUPABASE_JWT_SECRET, 'SUPABASE_JWT_SECRET'),
            config.SUPABASE_JWT_ISSUER,
          )
      : hmacVerifier(secret, issuerName);
  const auth = createAuthService({ db, issuer, refreshTtlDays: config.REFRESH_TOKEN_TTL_DAYS });
  // Users whose row is known to exist, for a few seconds: an account deleted in Supabase (whose
  // tokens stay valid until they expire) is refused within that time on every instance.
  const known = new LRUCache<string, true>({ max: 100_000, ttl: 5_000 });
  // On the project's own database Supabase Auth's tables are here (sessions are checked, and
  // deleting an account deletes its auth.users row); elsewhere its admin API deletes the user.
  const projectDatabase = config.AUTH_MODE === 'supabase' && (await hasSupabaseAuth(db));
  const supabaseSessionActive = projectDatabase ? supabaseSessionCheck(db) : undefined;
  const supabaseAdmin =
    config.AUTH_MODE === 'supabase' && !projectDatabase && config.SUPABASE_SERVICE_ROLE_KEY
      ? createSupabaseAdmin({
          url: required(config.SUPABASE_URL, 'SUPABASE_URL'),
          serviceRoleKey: config.SUPABASE_SERVICE_ROLE_KEY,
        })
      : undefined;
  if (config.AUTH_MODE === 'supabase' && !projectDatabase && !supabaseAdmin)
    process.stderr.write(
      `${JSON.stringify({ level: 40, time: Date.now(), msg: 'AUTH_MODE=supabase on a database that is not the project’s and no SUPABASE_SERVICE_ROLE_KEY: deleting an account deletes its ChitChat data but not its Supabase Auth user (docs/deploy.md)' })}\n`,
    );
  // Every model call and job run passes through these two wrappers on its way to /metrics.
  const metrics = createMetrics();
  const storage = createStorage(config, secret);
  const ctx: AppContext = {
    supabaseSessionActive,
    supabaseAdmin,
    config,
    db,
    storage,
    jobs: observeJobs(
      createJobQueue(config, (err, name) =>
        process.stderr.write(
          `${JSON.stringify({ level: 50, time: Date.now(), msg: 'job failed', job: name, err: String((err as Error)?.stack ?? err) })}\n`,
        ),
      ),
      metrics.jobRun,
    ),
    metrics,
    store,
    auth,
    issuer,
    tokens,
    ai: observeAi(opts.ai ?? createAiProvider(config, opts.aiOptions), metrics.aiCall),
    grounding: [lessonsGrounding, messagesGrounding, documentsGrounding],
    attachments: createAttachmentResolver(storage),
    async ensureUserRow(id, email) {
      if (known.has(id)) return;
      // On a Supabase database the row comes with the auth user (migration 0013's trigger) and
      // must reference one: a token of a user deleted in Supabase (still unexpired) finds none.
      try {
        await db.admin
          .insertInto('users')
          .values({ id, email: (email ?? `${id}@users.supabase`).toLowerCase(), preferences: '{}' })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      } catch (err) {
        if ((err as { code?: string }).code === '23503')
          throw new HttpError(401, 'user_not_found', 'This account no longer exists: sign in again.');
        throw err;
      }
      known.set(id, true);
    },
    forgetUserRow(id) {
      known.delete(id);
    },
  };
  // The context is complete; now the jobs: uploads' processing (resuming any a crash or restart
  // interrupted), concepts' cards, the FSRS optimiser, and at start-up and periodically the purge
  // of deleted accounts' objects and the sweep of abandoned uploads.
  metrics.watch({ pool: db.pool, database: db.kind, ai: ctx.ai, jobs: ctx.jobs });
  registerUploadJobs(ctx);
  registerConceptJobs(ctx);
  registerUploadSweep(ctx);
  registerAccountJobs(ctx);
  registerOptimiseJobs(ctx);
  await ctx.jobs.start();
  await resumeUploads(ctx);
  await startAccountPurges(ctx);
  await startUploadSweep(ctx);
  await startOptimisations(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext) {
  await ctx.jobs.close();
  await ctx.ai.close?.();
  await ctx.storage.close();
  await ctx.store.close();
  await ctx.db.close();
}
