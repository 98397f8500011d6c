import { describe, expect, it } from 'vitest';
import { EMPTY_REPLY_TRIES, untilText } from './engine.ts';

/** An attempt that replies with the scripted replies in turn and records the seeds it was given. */
function scripted(...replies: Array<[response: string, stopReason: string]>) {
  const seeds: number[] = [];
  const attempt = async (seed: number) => {
    seeds.push(seed);
    const [response, stopReason] = replies[seeds.length - 1]!;
    return { response, stopReason };
  };
  return { attempt, seeds };
}

describe('untilText (a reply that ends before it says anything)', () => {
  it('asks again, with a new seed each time, until the reply has text', async () => {
    const s = scripted(['', 'eogToken'], ['\n', 'eogToken'], ['Osmosis is…', 'eogToken']);
    const r = await untilText(s.attempt);
    // What was streamed stays part of the reply.
    expect(r).toEqual({ response: '\nOsmosis is…', stopReason: 'eogToken' });
    expect(s.seeds).toHaveLength(3);
    expect(new Set(s.seeds).size).toBe(3);
    for (const seed of s.seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
  });

  it('gives up after EMPTY_REPLY_TRIES (the reply is empty), and asks once when there is text', async () => {
    const empty = scripted(...Array.from({ length: 10 }, (): [string, string] => ['', 'eogToken']));
    expect(await untilText(empty.attempt)).toEqual({ response: '', stopReason: 'eogToken' });
    expect(empty.seeds).toHaveLength(EMPTY_REPLY_TRIES);
    const once = scripted(['Hello', 'eogToken']);
    expect((await untilText(once.attempt)).response).toBe('Hello');
    expect(once.seeds).toHaveLength(1);
    const json = scripted(['', 'eogToken'], ['{}', 'eogToken']);
    expect((await untilText(json.attempt, 1)).response).toBe('');
    expect(json.seeds).toHaveLength(1);
  });

  it('does not ask again for a reply the model did not end itself', async () => {
    for (const stopReason of ['maxTokens', 'abort', 'customStopTrigger']) {
      const s = scripted(['   ', stopReason], ['text', 'eogToken']);
      expect(await untilText(s.attempt)).toEqual({ response: '   ', stopReason });
      expect(s.seeds).toHaveLength(1);
    }
    const failing = untilText(async () => {
      throw new Error('llama.cpp failed');
    });
    await expect(failing).rejects.toThrow('llama.cpp failed');
  });
});
