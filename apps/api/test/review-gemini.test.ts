// Review questions with a model (the real Gemini provider against the fake Gemini server): a
// batch is kept question by question, so one malformed question does not cost the others.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { ReviewCard } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServerWithFakeGemini, type TestUser } from './harness.ts';

const { gemini, server } = await startServerWithFakeGemini();

/** A conversation with a model-written answer to make questions from. */
async function session(u: TestUser) {
  const id = crypto.randomUUID();
  await server.ctx.db.asUser(u.id, (tx) =>
    sql`select save_chat_message(${id}::uuid, ${u.id}::uuid, ${'Osmosis is the movement of water across a membrane, from dilute to concentrated.'}, 'assistant')`.execute(
      tx,
    ),
  );
  return id;
}

const question = (over: Record<string, unknown>) => ({
  hints: ['Think of water.'],
  explanation: 'Osmosis moves water.',
  difficulty: 'easy',
  ...over,
});
const stored = (ids: string[]) =>
  server.ctx.db.admin
    .selectFrom('review_cards')
    .select(['id', 'question', 'answer', 'difficulty'])
    .where('id', 'in', ids)
    .execute();

describe('review questions with a model', () => {
  it('keeps the good questions of a batch, repairs what is safely repairable and drops the rest', async () => {
    const u = await signUp(server);
    const source = { type: 'session', id: await session(u) };
    gemini.enqueue({
      json: {
        questions: [
          question({
            type: 'short_answer',
            question: 'What is the movement of water across a membrane called?',
            answer: 'osmosis',
          }),
          // The answer in another case and with a full stop: it is the choice "water".
          question({
            type: 'multiple_choice',
            question: 'What crosses the membrane?',
            choices: ['water', 'salt', 'sugar'],
            answer: ' Water. ',
          }),
          // The answer given by its letter, and a difficulty as a number out of range.
          question({
            type: 'multiple_choice',
            question: 'Towards which side does water move?',
            choices: ['dilute', 'concentrated', 'neither'],
            answer: 'B',
            difficulty: 7,
          }),
          // Not repairable: the answer is none of the choices; a cloze without a blank.
          question({
            type: 'multiple_choice',
            question: 'What is osmosis a kind of?',
            choices: ['a', 'b', 'c'],
            answer: 'diffusion',
          }),
          question({ type: 'cloze', question: 'Osmosis moves water.', answer: 'water' }),
        ],
      },
    });
    const res = await u.api.post('/api/v1/review/generate', { source, count: 5 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const cards = (res.body.items as unknown[]).map((c) => ReviewCard.parse(c));
    expect(cards.map((c) => c.question)).toEqual([
      'What is the movement of water across a membrane called?',
      'What crosses the membrane?',
      'Towards which side does water move?',
    ]);
    const rows = new Map((await stored(cards.map((c) => c.id))).map((r) => [r.question, r]));
    expect(rows.get('What crosses the membrane?')).toMatchObject({ answer: 'water' });
    expect(rows.get('Towards which side does water move?')).toMatchObject({
      answer: 'concentrated',
      difficulty: 'hard',
    });
    // Kept without a repair round trip to the model.
    expect(gemini.modelRequests).toHaveLength(1);
  });

  it('fails with 502 ai_invalid_output when no question of the reply (or of the repair) is usable', async () => {
    const u = await signUp(server);
    gemini.fallback = {
      json: {
        questions: [
          question({ type: 'multiple_choice', question: 'Q?', choices: ['a', 'b', 'c'], answer: 'd' }),
          question({ type: 'cloze', question: 'No blank.', answer: 'x' }),
        ],
      },
    };
    const res = await u.api.post('/api/v1/review/generate', {
      source: { type: 'session', id: await session(u) },
    });
    expect(res.status).toBe(502);
    expectErrorShape(res.body);
    expect(res.body.error.code).toBe('ai_invalid_output');
    expect(gemini.modelRequests).toHaveLength(2);
    expect((await u.api.get('/api/v1/review/cards')).body.items).toEqual([]);
  });
});
