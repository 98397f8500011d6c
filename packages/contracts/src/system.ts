import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const Ready = z.object({ status: z.enum(['ready', 'unavailable']), database: z.boolean() });
/** What the AI is doing: the app shows it in a banner and on its About screen. */
export const AiStatus = z
  .object({
    state: z
      .enum(['ready', 'downloading', 'loading', 'failed', 'offline'])
      .describe(
        'ready: a model answers. downloading/loading: the local model is being set up (offline answers meanwhile). failed: it could not be (offline answers). offline: chosen.',
      ),
    model: z.string().optional(),
    percent: z.number().min(0).max(100).optional().describe('Download progress'),
    bytes: z.number().int().min(0).optional(),
    totalBytes: z.number().int().min(0).optional(),
    reason: z.string().optional().describe('Why setting up the local model failed'),
    message: z.string().describe('One sentence to show, e.g. "Setting up the local tutor: 43 %"'),
  })
  .meta({ id: 'AiStatus' });
export type AiStatus = z.infer<typeof AiStatus>;

/**
 * Where the app signs in. `chitchat`: this server's own Supabase-Auth-compatible `/auth/v1` (the
 * app uses the API's URL). `supabase`: the project's Supabase Auth, at `url` with `anonKey` (both
 * public by design: Supabase's anon/publishable key is meant to ship in every client); absent when
 * the server was not given them, and the app must then be built with EXPO_PUBLIC_SUPABASE_URL and
 * EXPO_PUBLIC_SUPABASE_ANON_KEY.
 */
export const AuthInfo = z
  .object({
    provider: z.enum(['chitchat', 'supabase']),
    url: z.url().optional().describe('Supabase project URL (https://<ref>.supabase.co)'),
    anonKey: z.string().optional().describe("The project's anon (publishable) key"),
  })
  .meta({ id: 'AuthInfo' });
export type AuthInfo = z.infer<typeof AuthInfo>;

/** What the app needs to know about the server before sign-in. */
export const ServerInfo = z
  .object({
    name: z.literal('ChitChat'),
    version: z.string(),
    authMode: z.enum(['embedded', 'supabase']),
    auth: AuthInfo,
    ai: z.object({
      provider: z.enum(['local', 'gemini', 'openai-compatible', 'offline']),
      offline: z.boolean().describe('True when no model answers (yet): answers come from text processing'),
      status: AiStatus,
    }),
    storage: z.enum(['local', 's3']),
    limits: z.object({ maxUploadBytes: z.number(), maxVideoBytes: z.number(), maxMessageChars: z.number() }),
  })
  .meta({ id: 'ServerInfo' });
export type ServerInfo = z.infer<typeof ServerInfo>;
