import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const Ready = z.object({ status: z.enum(['ready', 'unavailable']), database: z.boolean() });
/** What the app needs to know about the server before sign-in. */
export const ServerInfo = z
  .object({
    name: z.literal('ChitChat'),
    version: z.string(),
    authMode: z.enum(['embedded', 'supabase']),
    ai: z.object({
      provider: z.enum(['gemini', 'openai-compatible', 'offline']),
      offline: z.boolean().describe('True when no model is connected: answers come from text processing'),
    }),
    storage: z.enum(['local', 's3']),
    limits: z.object({ maxUploadBytes: z.number(), maxVideoBytes: z.number(), maxMessageChars: z.number() }),
  })
  .meta({ id: 'ServerInfo' });
export type ServerInfo = z.infer<typeof ServerInfo>;
