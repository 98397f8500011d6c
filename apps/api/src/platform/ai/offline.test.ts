import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOfflineProvider } from './offline.ts';

describe('offline provider', () => {
  const ai = createOfflineProvider();

  it('answers with the request’s own text processing and says it is offline', async () => {
    const { text, usage } = await ai.generateText({
      task: 'chat',
      system: 's',
      messages: [{ role: 'user', content: 'q' }],
      offline: () => 'Offline mode: quoted notes.',
    });
    expect(text).toBe('Offline mode: quoted notes.');
    expect(usage).toMatchObject({ provider: 'offline', model: 'offline' });
  });

  it('streams the same text in pieces', async () => {
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [],
      offline: () => 'one two  three\nfour',
    });
    const pieces: string[] = [];
    for await (const p of s.deltas) pieces.push(p);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('one two  three\nfour');
    expect((await s.done).text).toBe('one two  three\nfour');
  });

  it('stops streaming when the caller aborts', async () => {
    const ac = new AbortController();
    const s = ai.streamText({
      task: 'chat',
      system: 's',
      messages: [],
      signal: ac.signal,
      offline: () => 'a b c d e f',
    });
    const pieces: string[] = [];
    for await (const p of s.deltas) {
      pieces.push(p);
      ac.abort();
    }
    expect(pieces).toEqual(['a ']);
  });

  it('validates structured answers against the same schema as a model reply', async () => {
    const schema = z.object({ title: z.string().min(1) });
    await expect(
      ai.generateObject({
        task: 'session_title',
        schema,
        system: 's',
        prompt: 'p',
        offline: () => ({ title: 'Cells' }),
      }),
    ).resolves.toMatchObject({
      object: { title: 'Cells' },
    });
    await expect(
      ai.generateObject({
        task: 'session_title',
        schema,
        system: 's',
        prompt: 'p',
        offline: () => ({ title: '' }) as any,
      }),
    ).rejects.toThrow();
  });
});
