// Tutor routes with a model: the real Gemini provider against the fake Gemini server. An AI
// draft completes when the client waits for it (cancellation is tied to the response, not the
// request, whose `close` fires as soon as its body has been read).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TutorPath } from '@chitchat/contracts';
import { signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { startFakeGemini, type FakeGemini } from './fakes/gemini.ts';

let gemini: FakeGemini;
let server: TestServer;
beforeAll(async () => {
  gemini = await startFakeGemini();
  server = await startServer({ env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, AI_RETRY_BASE_MS: '1' } });
});
afterAll(async () => {
  await server?.close();
  await gemini?.close();
});
beforeEach(() => gemini.reset());

const lesson = (title: string) => ({
  title,
  objectives: [`Understand ${title}`],
  outline: [`${title}: the idea`, `${title}: an example`],
  exercises: [`Practise ${title}`],
  estimatedMinutes: 40,
  difficulty: 'beginner',
});
const modelPath = {
  title: 'Knots for sailors',
  description: 'Tie the knots a sailor needs.',
  objectives: ['Tie a bowline'],
  estimatedHours: 2,
  lessons: [lesson('Bowline'), lesson('Cleat hitch'), lesson('Clove hitch')],
};

async function tutor(name: string): Promise<TestUser> {
  const u = await signUp(server, name);
  expect((await u.api.post('/api/v1/tutor/profile', { headline: `${name} teaches` })).status).toBe(201);
  return u;
}

describe('AI drafts of tutor paths', () => {
  it('a client that waits gets the draft: the model call is not cancelled when the request body has been read', async () => {
    const t = await tutor('Sailor');
    gemini.enqueue({ json: modelPath });
    const res = await t.api.post('/api/v1/tutor/paths/generate', { topic: 'Knots', difficulty: 'beginner' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const path = TutorPath.parse(res.body);
    expect(path).toMatchObject({ title: 'Knots for sailors', status: 'draft' });
    expect(path.lessons.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);
    expect(gemini.modelRequests).toHaveLength(1);
    expect(gemini.modelRequests[0].aborted).toBe(false);
  });

});
