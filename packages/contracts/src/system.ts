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

/** What the app needs to know about the server before sign-in. */
export const ServerInfo = z
  .object({
    name: z.literal('ChitChat'),
    version: z.string(),
    authMode: z.enum(['embedded', 'supabase']),
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
