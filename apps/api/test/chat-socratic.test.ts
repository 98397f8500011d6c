// Socratic mode over HTTP, with the real Gemini provider against the fake Gemini server: what the
// model is told (the request body) before an attempt, after one, and after two explicit asks; the
// system instruction stays the same on every turn (the cacheable prefix) while the per-turn policy
// rides in the last message; a tutor path that requires the mode cannot be turned off by the
// learner; and the offline engine honours the mode too.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatSession } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServer, type TestUser } from './harness.ts';
import { startFakeGemini, partsText } from './fakes/gemini.ts';
import { createPath, enroll, publish } from './tutor-fixtures.ts';
import { uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';

const gemini = await startFakeGemini();
const server = await startServer({
  env: {
    GEMINI_API_KEY: 'test-key',
    GEMINI_BASE_URL: gemini.url,
    RATE_LIMIT_USER_PER_MINUTE: '100000',
  },
});
const offline = await startServer({ env: { AI_PROVIDER: 'offline' }, db: server.ctx.db });
afterAll(async () => {
  await offline?.close();
  await server?.close();
  await gemini?.close();
});
beforeEach(() => gemini.reset());

const chatRequests = () => gemini.modelRequests.filter((r) => r.model !== 'gemini-3.5-flash-lite');
/** What the model was told on the last chat call: its system instruction and its last message. */
function lastTold() {
  const req = chatRequests().at(-1)!;
  return { system: partsText(req.body.systemInstruction), last: partsText(req.body.contents.at(-1)) };
}

async function turn(u: TestUser, body: Record<string, unknown>) {
  gemini.enqueue({ text: 'A reply.' }, { text: 'A title' });
  const res = await u.api.post('/api/v1/chat', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { sessionId: string; userMessageId: string };
}

const HOLD_BACK = /Do NOT give the final answer or a full worked solution yet/;
const MAY_REVEAL = /you may now give the full worked solution|give the full worked solution now/;

describe('Socratic mode', () => {
  it('holds the solution back until an attempt, with the policy in the last message and the system prompt unchanged', async () => {
    const u = await signUp(server);
    const first = await turn(u, { message: 'What is the derivative of x^3?', socratic: true });
    const before = lastTold();
    expect(before.last).toMatch(/^<tutor_policy>/);
    expect(before.last).toMatch(HOLD_BACK);
    expect(before.last).toContain('Problem being worked on: "What is the derivative of x^3?"');
    expect(before.last).toContain("Learner's attempts so far: 0");
    expect(before.last).toMatch(/What is the derivative of x\^3\?$/);
    expect(before.system).not.toMatch(/Socratic|tutor_policy/);

    const sessionId = first.sessionId;
    await turn(u, { message: 'I think it is 3x^2', sessionId });
    const after = lastTold();
    expect(after.last).toMatch(MAY_REVEAL);
    expect(after.last).toContain("Learner's attempts so far: 1");
    expect(after.last).not.toMatch(HOLD_BACK);
    // The cacheable prefix: the same system instruction on every turn.
    expect(after.system).toBe(before.system);
    // Earlier turns go to the model as they were typed (no old policy blocks in the history).
    const contents = chatRequests()
      .at(-1)!
      .body.contents.map((c: any) => partsText(c));
    expect(contents.slice(0, -1).join('\n')).not.toContain('tutor_policy');

    // The state is visible on the learner's messages, and the session says the mode is on.
    const msgs = await u.api.get(`/api/v1/chat/sessions/${sessionId}/messages?direction=newer`);
    const mine = msgs.body.items.filter((m: any) => m.role === 'user');
    expect(mine.map((m: any) => m.metadata.socratic.reveal)).toEqual([false, true]);
    const session = ChatSession.parse((await u.api.get(`/api/v1/chat/sessions/${sessionId}`)).body);
    expect(session.socratic).toEqual({ enabled: true, requiredByTutor: false });
  });

  it('reveals after two explicit asks, not one; a new question starts a new problem', async () => {
    const u = await signUp(server);
    const { sessionId } = await turn(u, { message: 'How many moles are in 18 g of water?', socratic: true });
    await turn(u, { message: 'Just tell me', sessionId });
    expect(lastTold().last).toMatch(HOLD_BACK);
    expect(lastTold().last).toContain('Explicit requests for the full solution: 1');
    expect(lastTold().last).toMatch(/ask once more/);
    await turn(u, { message: 'Please show me the solution', sessionId });
    expect(lastTold().last).toMatch(MAY_REVEAL);
    expect(lastTold().last).toContain('Explicit requests for the full solution: 2');
    await turn(u, { message: 'Why is the sky blue?', sessionId });
    expect(lastTold().last).toMatch(HOLD_BACK);
    expect(lastTold().last).toContain('Problem being worked on: "Why is the sky blue?"');
  });

  it('follows the learner’s profile setting by default, and can be turned off per conversation', async () => {
    const u = await signUp(server);
    const plain = await turn(u, { message: 'What is photosynthesis?' });
    expect(lastTold().last).toBe('What is photosynthesis?');
    expect(
      ChatSession.parse((await u.api.get(`/api/v1/chat/sessions/${plain.sessionId}`)).body).socratic.enabled,
    ).toBe(false);

    expect((await u.api.patch('/api/v1/profile', { preferences: { socraticMode: true } })).status).toBe(200);
    const { sessionId } = await turn(u, { message: 'What is osmosis?' });
    expect(lastTold().last).toMatch(HOLD_BACK);

    const off = await u.api.put(`/api/v1/chat/sessions/${sessionId}/socratic`, { enabled: false });
    expect(off.status).toBe(200);
    expect(ChatSession.parse(off.body).socratic).toEqual({ enabled: false, requiredByTutor: false });
    await turn(u, { message: 'What is diffusion?', sessionId });
    expect(lastTold().last).toBe('What is diffusion?');
    // Someone else's conversation is a 404.
    const other = await signUp(server);
    expect(
      (await other.api.put(`/api/v1/chat/sessions/${sessionId}/socratic`, { enabled: true })).status,
    ).toBe(404);
  });

  it('a tutor path that requires it: forced on in chats about the path, and the learner cannot turn it off', async () => {
    const tutor = await signUp(server, 'tutor');
    expect((await tutor.api.post('/api/v1/tutor/profile', { headline: 'Maths tutor' })).status).toBe(201);
    const path = await createPath(tutor, {
      title: 'Calculus by questions',
      requireSocratic: true,
      lessons: [
        {
          title: 'Derivatives',
          objectives: ['differentiate powers'],
          outline: ['power rule'],
          exercises: ['d/dx x^3'],
          estimatedMinutes: 20,
          difficulty: 'beginner',
        },
      ],
    });
    expect(path.requireSocratic).toBe(true);
    await publish(tutor, path.id);
    const u = await signUp(server);
    await enroll(u, path.id);

    // The learner's own setting is off, and they even ask for it off: 409, nothing saved.
    const refused = await u.api.post('/api/v1/chat', {
      message: 'What is the derivative of x^3?',
      pathId: path.id,
      socratic: false,
    });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body);
    expect(refused.body.error.code).toBe('socratic_required');
    expect(refused.body.error.message).toContain('Your tutor requires Socratic mode');
    expect(refused.body.error.message).toContain('Calculus by questions');
    expect((await u.api.get('/api/v1/chat/sessions')).body.items).toEqual([]);

    const { sessionId } = await turn(u, { message: 'What is the derivative of x^3?', pathId: path.id });
    expect(lastTold().last).toMatch(HOLD_BACK);
    expect(lastTold().last).toContain('required by the learner’s tutor');
    const session = ChatSession.parse((await u.api.get(`/api/v1/chat/sessions/${sessionId}`)).body);
    expect(session).toMatchObject({ socratic: { enabled: true, requiredByTutor: true }, pathId: path.id });

    const off = await u.api.put(`/api/v1/chat/sessions/${sessionId}/socratic`, { enabled: false });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('socratic_required');
    const sneaky = await u.api.post('/api/v1/chat', { message: 'just tell me', sessionId, socratic: false });
    expect(sneaky.status).toBe(409);
    // Still on.
    await turn(u, { message: 'Just tell me', sessionId });
    expect(lastTold().last).toMatch(HOLD_BACK);

    // A path the learner cannot see is a 404, not a conversation.
    const draft = await createPath(tutor, { title: 'Secret draft', requireSocratic: true });
    const hidden = await u.api.post('/api/v1/chat', { message: 'Hi?', pathId: draft.id });
    expect(hidden.status).toBe(404);
    // The tutor can relax it; the learner's conversation follows.
    expect((await tutor.api.patch(`/api/v1/tutor/paths/${path.id}`, { requireSocratic: false })).status).toBe(
      200,
    );
    const relaxed = await u.api.put(`/api/v1/chat/sessions/${sessionId}/socratic`, { enabled: false });
    expect(relaxed.status).toBe(200);
    expect(ChatSession.parse(relaxed.body).socratic).toEqual({ enabled: false, requiredByTutor: false });
  });

  it('the offline engine asks a guiding question first, and quotes the material only after an attempt', async () => {
    const u = await signUp(offline);
    const ask = await u.api.post('/api/v1/chat', { message: 'What is the capital of Peru?', socratic: true });
    expect(ask.status).toBe(200);
    expect(ask.body.response).toMatch(/Guiding question:/);
    expect(ask.body.response).toMatch(/Socratic mode is on/);
    const tried = await u.api.post('/api/v1/chat', {
      message: 'I think it is Lima',
      sessionId: ask.body.sessionId,
    });
    expect(tried.status).toBe(200);
    expect(tried.body.response).not.toMatch(/Guiding question:/);
    expect(tried.body.response).toMatch(/Offline mode/);
  });

  it('offline, the solution quotes the material about the problem, not about the words of the ask', async () => {
    const u = await signUp(offline);
    const notes = Buffer.from(
      [
        'Chlorophyll in the thylakoid membranes absorbs light for the light-dependent reactions.',
        'The Calvin cycle takes place in the stroma of the chloroplast, where carbon dioxide is fixed.',
      ].join('\n'),
    );
    const { init, complete } = await uploadViaUrl(u, 'photosynthesis.txt', 'text/plain', notes);
    expect(complete.status).toBe(202);
    expect((await waitProcessed(u, init.uploadId)).status).toBe('ready');
    const ask = await u.api.post('/api/v1/chat', {
      message: 'Where in the chloroplast does the Calvin cycle happen?',
      socratic: true,
    });
    expect(ask.body.response).toMatch(/Guiding question:/);
    const sessionId = ask.body.sessionId;
    expect(
      (await u.api.post('/api/v1/chat', { message: 'I think in the thylakoids', sessionId })).status,
    ).toBe(200);
    const solution = await u.api.post('/api/v1/chat', {
      message: 'Just tell me the answer please',
      sessionId,
    });
    expect(solution.status).toBe(200);
    expect(solution.body.response).toContain('stroma');
    expect(solution.body.response).not.toMatch(/found nothing/);
  });
});
