// All configuration in one typed place, read from the environment once at start-up.
// Every bad value is reported with the variable's name and what it should look like.
// Over 300 lines because it is the one list of every setting, each with its check and its doc.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.url({ protocol: /^https?$/ });
const sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 in hex (64 characters)')
  .transform((s) => s.toLowerCase());
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: int(0, 65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_URL: url.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_POOL_MAX: int(1, 500).default(20),
    DATABASE_PREPARE: bool.default(true),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    REDIS_PREFIX: z.string().default('chitchat:'),

    CORS_ORIGINS: list.default(['http://localhost:8081', 'http://localhost:19006']),
    BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
    RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
    RATE_LIMIT_USER_PER_MINUTE: int(1, 1_000_000).default(300),
    AUTH_RATE_LIMIT_PER_15_MIN: int(1, 100_000).default(20),

    AUTH_MODE: z.enum(['embedded', 'supabase']).default('embedded'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(3600),
    REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
    SUPABASE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SUPABASE_JWKS_URL: url.optional(),
    /** Supabase mode: the issuer the project's tokens carry (`https://<ref>.supabase.co/auth/v1`); checked when set. */
    SUPABASE_JWT_ISSUER: z.string().min(1).max(2048).optional(),
    /**
     * Supabase mode: the project URL (`https://<ref>.supabase.co`) and its anon (publishable) key,
     * advertised in GET /api/v1/info so the app signs in at the project's Supabase Auth.
     */
    SUPABASE_URL: url.optional(),
    SUPABASE_ANON_KEY: z.string().min(20, "must be the project's anon (publishable) key").optional(),
    /** Supabase mode on a database that is not the project's: deleting an account calls Supabase Auth's admin API. */
    SUPABASE_SERVICE_ROLE_KEY: z
      .string()
      .min(20, "must be the project's service_role (secret) key")
      .optional(),

    AI_PROVIDER: z.enum(['auto', 'local', 'gemini', 'openai-compatible', 'offline']).default('auto'),
    GEMINI_API_KEY: z.string().min(1).optional(),
    GEMINI_BASE_URL: url.optional(),
    AI_BASE_URL: url.optional(),
    AI_API_KEY: z.string().optional(),
    AI_MODEL_CHAT: z.string().min(1).optional(),
    AI_MODEL_VISION: z.string().min(1).optional(),
    AI_MODEL_LONG: z.string().min(1).optional(),
    AI_MODEL_LIGHT: z.string().min(1).optional(),
    AI_MODEL_EMBEDDING: z.string().min(1).optional(),
    // The local model (AI_PROVIDER=local, the default with no key): docs/ai.md.
    AI_MODEL_URL: url.optional(),
    AI_MODEL_PATH: z.string().min(1).optional(),
    AI_MODEL_SHA256: sha256.optional(),
    AI_EMBED_MODEL_URL: url.optional(),
    AI_EMBED_MODEL_PATH: z.string().min(1).optional(),
    AI_EMBED_MODEL_SHA256: sha256.optional(),
    AI_LOCAL_PARALLEL: int(1, 64).default(2),
    AI_LOCAL_QUEUE_MAX: int(0, 100_000).default(64),
    AI_LOCAL_CONTEXT_TOKENS: int(256, 1_048_576).default(4096),
    AI_LOCAL_MAX_TOKENS: int(8, 65_536).default(1024),
    AI_LOCAL_THREADS: int(0, 1024).default(0),
    AI_LOCAL_GPU: z.enum(['auto', 'off']).default('auto'),
    AI_LONG_INPUT_CHARS: int(1000, 10_000_000).default(10_000),
    AI_TIMEOUT_MS: int(100, 600_000).default(60_000),
    AI_MAX_RETRIES: int(0, 10).default(3),
    AI_RETRY_BASE_MS: int(1, 60_000).default(500),
    AI_CONTEXT_MESSAGES: int(0, 200).default(10),
    AI_CONTEXT_MAX_TOKENS: int(500, 2_000_000).default(24_000),

    // S3-compatible storage (docs/storage.md): one bucket (S3_BUCKET), or a private bucket for
    // uploads and a public one for avatars (Supabase Storage). S3_ENDPOINT may carry a path.
    S3_ENDPOINT: url.optional(),
    S3_BUCKET: z.string().min(3).optional(),
    S3_UPLOADS_BUCKET: z.string().min(3).optional(),
    S3_AVATARS_BUCKET: z.string().min(3).optional(),
    S3_AVATARS_PUBLIC_URL: url.optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool.default(true),
    UPLOAD_MAX_BYTES: int(1, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
    VIDEO_MAX_BYTES: int(1, 4 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),

    // GET /metrics (docs/architecture.md, README "Operating"): on the public port with this Bearer
    // token, and/or without one on an internal port. Neither set: not exposed.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    METRICS_PORT: int(0, 65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),

    WEB_DIR: z.string().optional(),
    SERVE_WEB: bool.default(true),
  })
  .superRefine((c, ctx) => {
    if (c.AUTH_MODE === 'supabase' && !c.SUPABASE_JWT_SECRET && !c.SUPABASE_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'AUTH_MODE=supabase needs SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL',
      });
    }
    for (const problem of supabaseProjectProblems(c)) ctx.addIssue({ code: 'custom', ...problem });
    if (c.AI_PROVIDER === 'gemini' && !c.GEMINI_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AI_PROVIDER'],
        message: 'AI_PROVIDER=gemini needs GEMINI_API_KEY',
      });
    }
    if (c.AI_PROVIDER === 'openai-compatible' && !c.AI_BASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AI_PROVIDER'],
        message: 'AI_PROVIDER=openai-compatible needs AI_BASE_URL',
      });
    }
    if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_PORT'],
        message:
          'must differ from PORT (the internal port serves /metrics without a token; use METRICS_TOKEN for the public port)',
      });
    }
    const perKind = !!(c.S3_UPLOADS_BUCKET || c.S3_AVATARS_BUCKET);
    if (perKind && !(c.S3_UPLOADS_BUCKET && c.S3_AVATARS_BUCKET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_UPLOADS_BUCKET'],
        message:
          'S3_UPLOADS_BUCKET and S3_AVATARS_BUCKET go together (a private bucket for uploads, a public one for avatars)',
      });
    } else if (perKind && c.S3_UPLOADS_BUCKET === c.S3_AVATARS_BUCKET) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_AVATARS_BUCKET'],
        message:
          'must differ from S3_UPLOADS_BUCKET: uploads are private, avatars public (use S3_BUCKET for one bucket)',
      });
    } else if (perKind && c.S3_BUCKET) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_BUCKET'],
        message:
          'set S3_BUCKET (one bucket) or S3_UPLOADS_BUCKET + S3_AVATARS_BUCKET (a bucket each), not both',
      });
    } else if (!!c.S3_ENDPOINT !== (!!c.S3_BUCKET || perKind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_BUCKET'],
        message: 'S3_ENDPOINT and S3_BUCKET go together (or S3_UPLOADS_BUCKET + S3_AVATARS_BUCKET)',
      });
    }
    if (c.S3_AVATARS_PUBLIC_URL && !c.S3_ENDPOINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_AVATARS_PUBLIC_URL'],
        message: 'only applies with S3_ENDPOINT',
      });
    }
  });

export type Env = z.infer<typeof schema>;

/** The role a legacy Supabase API key (a JWT) carries, if it is one. */
/**
 * A setting that loadConfig's checks guarantee in this configuration (say SUPABASE_JWT_SECRET when
 * AUTH_MODE=supabase has no JWKS URL). Missing anyway is a startup error naming it, not undefined
 * passed on.
 */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`${name} is required in this configuration`);
  return value;
}

export function supabaseKeyRole(key: string): string | undefined {
  const parts = key.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const role = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))?.role;
    return typeof role === 'string' ? role : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY: only in supabase mode, the URL
 * with each key, and the anon key really an anon key — it is published to every client, so a
 * service-role or secret key there would hand out full access to the project.
 */
function supabaseProjectProblems(c: {
  AUTH_MODE: string;
  SUPABASE_URL?: string;
  SUPABASE_ANON_KEY?: string;
  SUPABASE_SERVICE_ROLE_KEY?: string;
  SUPABASE_JWT_SECRET?: string;
}): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const set = (['SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'] as const).filter(
    (k) => c[k],
  );
  if (c.AUTH_MODE !== 'supabase') {
    for (const k of set) problems.push({ path: [k], message: 'only applies with AUTH_MODE=supabase' });
    return problems;
  }
  if (!!c.SUPABASE_URL !== !!c.SUPABASE_ANON_KEY)
    problems.push({
      path: [c.SUPABASE_URL ? 'SUPABASE_ANON_KEY' : 'SUPABASE_URL'],
      message:
        'SUPABASE_URL and SUPABASE_ANON_KEY go together (the project URL and its anon key, for the app)',
    });
  if (c.SUPABASE_SERVICE_ROLE_KEY && !c.SUPABASE_URL)
    problems.push({ path: ['SUPABASE_URL'], message: 'SUPABASE_SERVICE_ROLE_KEY needs SUPABASE_URL' });
  const anon = c.SUPABASE_ANON_KEY;
  if (anon) {
    const role = supabaseKeyRole(anon);
    if (
      anon.startsWith('sb_secret_') ||
      (role !== undefined && role !== 'anon') ||
      anon === c.SUPABASE_SERVICE_ROLE_KEY ||
      anon === c.SUPABASE_JWT_SECRET
    )
      problems.push({
        path: ['SUPABASE_ANON_KEY'],
        message:
          'must be the anon (publishable) key: it is sent to every app, so never the service_role/secret key or the JWT secret',
      });
  }
  const service = c.SUPABASE_SERVICE_ROLE_KEY;
  if (service) {
    const role = supabaseKeyRole(service);
    if (service.startsWith('sb_publishable_') || (role !== undefined && role !== 'service_role'))
      problems.push({
        path: ['SUPABASE_SERVICE_ROLE_KEY'],
        message: 'must be the service_role (secret) key: the admin API refuses any other',
      });
  }
  return problems;
}

export interface Config extends Env {
  /** Absolute data directory. */
  dataDir: string;
  aiProvider: 'local' | 'gemini' | 'openai-compatible' | 'offline';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" (as in most .env files).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? 'config');
        const value = cleaned[key];
        const shown = value === undefined || /SECRET|KEY|PASSWORD|TOKEN/.test(key) ? '' : ` (got "${value}")`;
        return `${key}: ${i.message}${shown}`;
      }),
    );
  }
  const c = parsed.data;
  const aiProvider =
    c.AI_PROVIDER !== 'auto'
      ? c.AI_PROVIDER
      : c.GEMINI_API_KEY
        ? 'gemini'
        : c.AI_BASE_URL
          ? 'openai-compatible'
          : 'local';
  return { ...c, dataDir: path.resolve(c.DATA_DIR), aiProvider };
}
