// Regenerate the latest answer and edit-and-resend the last question (POST
// /chat/messages/:id/regenerate and /edit), through the real Gemini provider against the fake: the
// old answer is replaced only once the new one is saved, a model failure changes nothing (the
// question and its old answer stay), only the end of a conversation can be redone, and someone
// else's message is a 404.
import { describe, expect, it } from 'vitest';
import { ChatResponse } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServerWithFakeGemini, type TestUser } from './harness.ts';
import { partsText } from './fakes/gemini.ts';
import { readSse } from './sse.ts';

const { gemini, server } = await startServerWithFakeGemini();

async function messages(user: TestUser, sessionId: string) {
  const res = await user.api.get(`/api/v1/chat/sessions/${sessionId}/messages?direction=newer&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

/** One answered exchange; the title call after the first one is answered by the fallback. */
async function ask(user: TestUser, message: string, answer: string, sessionId?: string) {
  gemini.fallback = { text: 'Biology basics' };
  gemini.enqueue({ text: answer });
  const res = await user.api.post('/api/v1/chat', { message, ...(sessionId ? { sessionId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ChatResponse.parse(res.body);
}

const chatRequests = () => gemini.modelRequests.filter((r) => r.model !== 'gemini-3.5-flash-lite');
const lines = (items: any[]) => items.map((m) => `${m.role}: ${m.content} (${m.metadata.status})`);

describe('regenerate the latest answer', () => {
  it('replaces the latest answer with a new one, with the same question and context', async () => {
    const u = await signUp(server, 'regen');
    const first = await ask(u, 'What is a cell?', 'A cell is the unit of life.');
    const second = await ask(u, 'What is a nucleus?', 'The nucleus is a room.', first.sessionId);

    gemini.enqueue({ text: 'The nucleus holds the cell’s DNA.' });
    const res = await u.api.post(`/api/v1/chat/messages/${second.messageId}/regenerate`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = ChatResponse.parse(res.body);
    expect(body).toMatchObject({
      sessionId: first.sessionId,
      userMessageId: second.userMessageId,
      response: 'The nucleus holds the cell’s DNA.',
    });
    expect(body.messageId).not.toBe(second.messageId);

    expect(lines(await messages(u, first.sessionId))).toEqual([
      'user: What is a cell? (answered)',
      'assistant: A cell is the unit of life. (answered)',
      'user: What is a nucleus? (answered)',
      'assistant: The nucleus holds the cell’s DNA. (answered)',
    ]);
    // The model saw the conversation before the question, and the question, but not the old answer.
    const sent = chatRequests().at(-1)!.body.contents.map(partsText);
    expect(sent.at(-1)).toContain('What is a nucleus?');
    expect(sent.join('\n')).toContain('A cell is the unit of life.');
    expect(sent.join('\n')).not.toContain('The nucleus is a room.');
    // The old answer is gone for good: regenerating it again is a 404.
    expect((await u.api.post(`/api/v1/chat/messages/${second.messageId}/regenerate`)).status).toBe(404);
  });

  it('keeps the old answer and the question when the model fails, and can then regenerate', async () => {
    const u = await signUp(server, 'regenfail');
    const turn = await ask(u, 'Explain osmosis', 'Osmosis moves water.');
    gemini.fallback = { status: 500, message: 'boom' };
    const res = await u.api.post(`/api/v1/chat/messages/${turn.messageId}/regenerate`);
    expect(res.status).toBe(502);
    expectErrorShape(res.body);
    expect(res.body.error.message).not.toMatch(/boom|stack|Error:/);
    expect(res.body.error.details).toMatchObject({
      sessionId: turn.sessionId,
      userMessageId: turn.userMessageId,
    });
    const kept = await messages(u, turn.sessionId);
    expect(lines(kept)).toEqual([
      'user: Explain osmosis (answered)',
      'assistant: Osmosis moves water. (answered)',
    ]);
    expect(kept[0].metadata.error).toBeUndefined();

    gemini.fallback = { text: 'unused' };
    gemini.enqueue({ text: 'Osmosis is water crossing a membrane.' });
    const again = await u.api.post(`/api/v1/chat/messages/${turn.messageId}/regenerate`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(lines(await messages(u, turn.sessionId))).toEqual([
      'user: Explain osmosis (answered)',
      'assistant: Osmosis is water crossing a membrane. (answered)',
    ]);
  });

  it('only the latest answer, only answers, not while it is being answered; someone else’s is a 404', async () => {
    const u = await signUp(server, 'regenrules');
    const first = await ask(u, 'What is DNA?', 'DNA is a molecule.');
    const second = await ask(u, 'What is RNA?', 'RNA is a copy.', first.sessionId);

    const older = await u.api.post(`/api/v1/chat/messages/${first.messageId}/regenerate`);
    expect(older.status).toBe(409);
    expect(older.body.error.code).toBe('not_latest');
    const question = await u.api.post(`/api/v1/chat/messages/${second.userMessageId}/regenerate`);
    expect(question.status).toBe(409);
    expect(question.body.error.code).toBe('not_regenerable');

    const other = await signUp(server, 'intruder');
    const theirs = await other.api.post(`/api/v1/chat/messages/${second.messageId}/regenerate`);
    expect(theirs.status).toBe(404);
    expectErrorShape(theirs.body);
    expect(
      (await u.api.post('/api/v1/chat/messages/6f1c1a9e-3f7a-4a39-9a51-0c5c0f1e2d3b/regenerate')).status,
    ).toBe(404);

    // While a regenerate is running, a second one is refused (the question is claimed).
    gemini.enqueue({ hang: true });
    const ac = new AbortController();
    const running = fetch(`${server.url}/api/v1/chat/messages/${second.messageId}/regenerate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}` },
      signal: ac.signal,
    }).catch(() => null);
    for (
      let i = 0;
      i < 100 &&
      !chatRequests().some(
        (r) => r.body.contents.map(partsText).join('').includes('What is RNA?') && !r.aborted,
      );
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    const busy = await u.api.post(`/api/v1/chat/messages/${second.messageId}/regenerate`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('busy');
    expect(busy.body.error.message).toMatch(/being answered/);
    // The learner gives up (stops): the model call is cancelled and the question is as it was.
    ac.abort();
    await running;
    let now: any[] = [];
    for (let i = 0; i < 100; i++) {
      now = await messages(u, first.sessionId);
      if (now[2].metadata.status === 'answered') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(lines(now)).toEqual([
      'user: What is DNA? (answered)',
      'assistant: DNA is a molecule. (answered)',
      'user: What is RNA? (answered)',
      'assistant: RNA is a copy. (answered)',
    ]);
  });
});

describe('edit and resend the last question', () => {
  it('replaces the question’s text and its answer', async () => {
    const u = await signUp(server, 'edit');
    const first = await ask(u, 'What is a gene?', 'A gene is a stretch of DNA.');
    const second = await ask(u, 'What is a protien?', 'I am not sure what a protien is.', first.sessionId);

    gemini.enqueue({ text: 'A protein is a chain of amino acids.' });
    const res = await u.api.post(`/api/v1/chat/messages/${second.userMessageId}/edit`, {
      message: '  What is a protein?  ',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ChatResponse.parse(res.body)).toMatchObject({
      userMessageId: second.userMessageId,
      response: 'A protein is a chain of amino acids.',
    });
    expect(lines(await messages(u, first.sessionId))).toEqual([
      'user: What is a gene? (answered)',
      'assistant: A gene is a stretch of DNA. (answered)',
      'user: What is a protein? (answered)',
      'assistant: A protein is a chain of amino acids. (answered)',
    ]);
    const sent = chatRequests().at(-1)!.body.contents.map(partsText);
    expect(sent.at(-1)).toContain('What is a protein?');
    expect(sent.join('\n')).not.toContain('protien');
    // Search finds the new text, not the old.
    const found = await u.api.get('/api/v1/chat/search?q=protein');
    expect(found.body.items.map((h: any) => h.message.id)).toContain(second.userMessageId);
  });

  it('keeps the old question and answer when the model fails; answers a failed last question with new text', async () => {
    const u = await signUp(server, 'editfail');
    const turn = await ask(u, 'What is mitosis?', 'Mitosis is cell division.');
    gemini.fallback = { status: 500 };
    const res = await u.api.post(`/api/v1/chat/messages/${turn.userMessageId}/edit`, {
      message: 'What is meiosis?',
    });
    expect(res.status).toBe(502);
    expectErrorShape(res.body);
    expect(lines(await messages(u, turn.sessionId))).toEqual([
      'user: What is mitosis? (answered)',
      'assistant: Mitosis is cell division. (answered)',
    ]);

    // A question whose answer failed can be edited too: it is answered with the new text.
    const failed = await u.api.post('/api/v1/chat', {
      message: 'Whta is a ribosome?',
      sessionId: turn.sessionId,
    });
    expect(failed.status).toBe(502);
    const failedId = failed.body.error.details.userMessageId;
    gemini.fallback = { text: 'unused' };
    gemini.enqueue({ text: 'A ribosome builds proteins.' });
    const edited = await u.api.post(`/api/v1/chat/messages/${failedId}/edit`, {
      message: 'What is a ribosome?',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(lines(await messages(u, turn.sessionId))).toEqual([
      'user: What is mitosis? (answered)',
      'assistant: Mitosis is cell division. (answered)',
      'user: What is a ribosome? (answered)',
      'assistant: A ribosome builds proteins. (answered)',
    ]);
  });

  it('only the last question, only questions, valid text; someone else’s is a 404', async () => {
    const u = await signUp(server, 'editrules');
    const first = await ask(u, 'One?', 'Answer one.');
    const second = await ask(u, 'Two?', 'Answer two.', first.sessionId);
    const older = await u.api.post(`/api/v1/chat/messages/${first.userMessageId}/edit`, {
      message: 'One again?',
    });
    expect(older.status).toBe(409);
    expect(older.body.error.code).toBe('not_latest');
    const answer = await u.api.post(`/api/v1/chat/messages/${second.messageId}/edit`, { message: 'Hmm' });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('not_editable');
    const empty = await u.api.post(`/api/v1/chat/messages/${second.userMessageId}/edit`, { message: '   ' });
    expect(empty.status).toBe(400);
    expectErrorShape(empty.body);
    const other = await signUp(server, 'intruder2');
    expect(
      (await other.api.post(`/api/v1/chat/messages/${second.userMessageId}/edit`, { message: 'Mine now' }))
        .status,
    ).toBe(404);
    expect(lines(await messages(u, first.sessionId))).toEqual([
      'user: One? (answered)',
      'assistant: Answer one. (answered)',
      'user: Two? (answered)',
      'assistant: Answer two. (answered)',
    ]);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await fetch(`${server.url}/api/v1/openapi.json`).then((r) => r.json())) as any;
    expect(doc.paths['/api/v1/chat/messages/{id}/regenerate'].post.summary).toMatch(/latest answer/);
    expect(doc.paths['/api/v1/chat/messages/{id}/edit'].post.requestBody).toBeTruthy();
    expect(Object.keys(doc.paths['/api/v1/chat/messages/{id}/edit'].post.responses)).toEqual(
      expect.arrayContaining(['200', '404', '409', '502']),
    );
  });
});

describe('retry, regenerate and edit, streamed', () => {
  const post = (u: TestUser, path: string, body?: unknown, signal?: AbortSignal) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${u.token}`,
        accept: 'text/event-stream',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });

  it('streams the new answer token by token and saves it in place of the old one', async () => {
    const u = await signUp(server, 'streamredo');
    const first = await ask(u, 'What is a cell?', 'A cell is a box.');

    gemini.enqueue({ chunks: ['A cell is ', 'the unit ', 'of life.'] });
    const regen = await readSse(await post(u, `/api/v1/chat/messages/${first.messageId}/regenerate/stream`));
    expect(regen.filter((e) => e.event !== ':').map((e) => e.event)).toEqual([
      'message',
      'delta',
      'delta',
      'delta',
      'done',
    ]);
    expect(regen.find((e) => e.event === 'message')!.data.id).toBe(first.userMessageId);
    const done = regen.find((e) => e.event === 'done')!.data;
    expect(done).toMatchObject({
      sessionId: first.sessionId,
      userMessageId: first.userMessageId,
      response: 'A cell is the unit of life.',
    });

    gemini.enqueue({ chunks: ['Mitochondria ', 'make energy.'] });
    const edit = await readSse(
      await post(u, `/api/v1/chat/messages/${first.userMessageId}/edit/stream`, {
        message: 'What do mitochondria do?',
      }),
    );
    expect(edit.filter((e) => e.event === 'delta').map((e) => e.data.text)).toEqual([
      'Mitochondria ',
      'make energy.',
    ]);
    expect(lines(await messages(u, first.sessionId))).toEqual([
      'user: What do mitochondria do? (answered)',
      'assistant: Mitochondria make energy. (answered)',
    ]);
  });

  it('a model failure is an error event and changes nothing; a failed question is retried as a stream', async () => {
    const u = await signUp(server, 'streamfail');
    const first = await ask(u, 'What is a cell?', 'A cell is the unit of life.');

    gemini.enqueue({ status: 400 });
    const regen = await readSse(await post(u, `/api/v1/chat/messages/${first.messageId}/regenerate/stream`));
    expect(regen.at(-1)!.event).toBe('error');
    expect(lines(await messages(u, first.sessionId))).toEqual([
      'user: What is a cell? (answered)',
      'assistant: A cell is the unit of life. (answered)',
    ]);

    gemini.enqueue({ status: 400 });
    const failed = await u.api.post('/api/v1/chat', {
      message: 'And a nucleus?',
      sessionId: first.sessionId,
    });
    expect(failed.status).toBe(502);
    const questionId = failed.body.error.details.userMessageId as string;
    gemini.enqueue({ chunks: ['It holds ', 'the DNA.'] });
    const retry = await readSse(await post(u, `/api/v1/chat/messages/${questionId}/retry/stream`));
    expect(retry.find((e) => e.event === 'done')!.data.response).toBe('It holds the DNA.');
    expect(lines(await messages(u, first.sessionId)).slice(2)).toEqual([
      'user: And a nucleus? (answered)',
      'assistant: It holds the DNA. (answered)',
    ]);
  });

  it('stopping a streamed regenerate keeps the old answer', async () => {
    const u = await signUp(server, 'streamstop');
    const first = await ask(u, 'What is a cell?', 'A cell is the unit of life.');
    gemini.enqueue({ chunks: ['Half an '], hang: true });
    const ac = new AbortController();
    await readSse(
      await post(u, `/api/v1/chat/messages/${first.messageId}/regenerate/stream`, undefined, ac.signal),
      (e) => {
        if (e.event === 'delta') ac.abort();
      },
    );
    await expect
      .poll(async () => lines(await messages(u, first.sessionId)))
      .toEqual(['user: What is a cell? (answered)', 'assistant: A cell is the unit of life. (answered)']);
    // Not busy any more: a new regenerate works.
    gemini.enqueue({ text: 'The smallest living unit.' });
    expect((await u.api.post(`/api/v1/chat/messages/${first.messageId}/regenerate`)).status).toBe(200);
  });

  it('bad ids and bodies are JSON errors before any stream starts', async () => {
    const u = await signUp(server, 'streambad');
    const notUuid = await post(u, '/api/v1/chat/messages/nope/regenerate/stream');
    expect(notUuid.status).toBe(400);
    expectErrorShape(await notUuid.json());
    const missing = await post(u, '/api/v1/chat/messages/00000000-0000-4000-8000-000000000000/retry/stream');
    expect(missing.status).toBe(404);
    const empty = await post(u, '/api/v1/chat/messages/00000000-0000-4000-8000-000000000000/edit/stream', {
      message: '',
    });
    expect(empty.status).toBe(400);
  });
});
