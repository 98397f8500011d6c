// The offline provider: no network, deterministic, honest. It never pretends to be a language
// model; each request carries its own text-processing answer (`offline`), validated here against
// the same schema a model's reply would be.
import type { AiProvider, AiUsage, ObjectRequest, TextRequest } from './types.ts';

const usage = (started: number): AiUsage => ({
  provider: 'offline',
  model: 'offline',
  latencyMs: Date.now() - started,
});

export function createOfflineProvider(): AiProvider {
  return {
    name: 'offline',
    async generateText(req: TextRequest) {
      const started = Date.now();
      return { text: await req.offline(), usage: usage(started) };
    },
    streamText(req: TextRequest) {
      const started = Date.now();
      const text = Promise.resolve().then(() => req.offline());
      async function* deltas() {
        // Word by word, so the app's streaming path is the same as with a model.
        for (const piece of (await text).match(/\S+\s*|\s+/g) ?? []) {
          if (req.signal?.aborted) return;
          yield piece;
        }
      }
      return { deltas: deltas(), done: text.then((t) => ({ text: t, usage: usage(started) })) };
    },
    async generateObject<T>(req: ObjectRequest<T>) {
      const started = Date.now();
      const object = req.schema.parse(await req.offline());
      return { object, usage: usage(started) };
    },
  };
}
