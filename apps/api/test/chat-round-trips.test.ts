// How many database round trips a chat turn makes before the model is called. Each costs the API
// ~0.25 ms of CPU, the largest share of a turn's work before the model's first byte
// (bench/PERFORMANCE.md §10): a new message is one transaction of four (begin.ts).
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { signUp, startServer, type TestUser } from './harness.ts';
import { readSse } from './sse.ts';

const server = await startServer({ env: { RATE_LIMIT_USER_PER_MINUTE: '100000' } });
afterAll(() => server.close());

/** The statements the server sent before it first called the model, while `work` ran. */
async function beforeModel(work: () => Promise<unknown>) {
  const sent: string[] = [];
  let before: string[] | undefined;
  const query = pg.Client.prototype.query;
  const ai = server.ctx.ai;
  const { streamText, generateText } = ai;
  pg.Client.prototype.query = function (this: pg.Client, config: any, ...rest: any[]) {
    sent.push(typeof config === 'string' ? config : config.text);
    return (query as any).call(this, config, ...rest);
  } as typeof query;
  ai.streamText = (req) => ((before ??= [...sent]), streamText.call(ai, req));
  ai.generateText = (req) => ((before ??= [...sent]), generateText.call(ai, req));
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
    Object.assign(ai, { streamText, generateText });
  }
  return (before ?? []).map((s) => s.replace(/\s+/g, ' ').trim().slice(0, 60));
}

/** A conversation of one answered exchange, written directly (no turn, so no background work after it). */
async function conversation(u: TestUser) {
  return server.ctx.db.asUser(u.id, async (tx) => {
    const id = crypto.randomUUID();
    for (const [role, content] of [
      ['user', 'What is photosynthesis?'],
      ['assistant', 'Plants making sugar from light, water and carbon dioxide.'],
    ])
      await sql`select save_chat_message(${id}::uuid, ${u.id}::uuid, ${content}, ${role}, null, null, '{"status":"answered"}'::jsonb)`.execute(
        tx,
      );
    return id;
  });
}

/** A user whose session the auth hook has checked (it caches that for seconds: not a turn's cost). */
async function learner() {
  const u = await signUp(server);
  await u.api.get('/api/v1/chat/sessions');
  return u;
}

const stream = (u: TestUser, body: object) =>
  fetch(`${server.url}/api/v1/chat/stream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(readSse);

describe('a chat turn’s database round trips before the model is called', () => {
  it('a new message in a conversation: one transaction of four (claim, mode and context, save and grounding, commit)', async () => {
    const u = await learner();
    const sessionId = await conversation(u);
    const sent = await beforeModel(() => stream(u, { message: 'Where does it happen?', sessionId }));
    expect(sent, sent.join('\n')).toHaveLength(4);
    expect(sent[0]).toMatch(/^begin; select set_config\('role'/);
    expect(sent[3]).toBe('commit');
  });

  it('a new conversation: the same four', async () => {
    const u = await learner();
    const sent = await beforeModel(() => stream(u, { message: 'What is osmosis?' }));
    expect(sent, sent.join('\n')).toHaveLength(4);
  });
});
