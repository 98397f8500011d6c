// Chat over HTTP: turns, sessions, pagination both ways, search, isolation between learners,
// validation, streaming and retries on `server`, the harness's provider (the offline engine, or the
// tiny local model with TEST_AI_PROVIDER=local, whose answers are nonsense); the offline engine's
// own answers (honest notices, quotes of the learner's own messages and documents, titles from the
// question) on `offline`, a server that is offline in both passes, over the same database.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ChatMessage, ChatResponse } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServer, usingLocalModel, type TestUser } from './harness.ts';
import { readSse } from './sse.ts';
import { makePdf, uploadViaUrl, waitProcessed } from './uploads-fixtures.ts';
import { messagesGrounding } from '../src/features/chat/grounding.ts';
import { createChatService } from '../src/features/chat/service.ts';
import { groundingTexts } from '../src/features/learning/service.ts';
import { longestCallMs } from '../src/platform/ai/signals.ts';
import { groundingSource } from '../src/grounding.ts';

const server = await startServer({ env: { RATE_LIMIT_USER_PER_MINUTE: '100000' } });
/** Always the offline engine, over the same database. */
const offline = await startServer({
  db: server.ctx.db,
  env: { AI_PROVIDER: 'offline', RATE_LIMIT_USER_PER_MINUTE: '100000' },
});
afterAll(async () => {
  await offline?.close();
  await server?.close();
});

/** Who answers on `server`, as an answer's metadata says. */
const answerer = usingLocalModel
  ? { provider: 'local', model: 'tiny-chat' }
  : { provider: 'offline', model: 'offline' };

/** A user message saved as a crash (or a failure) left it, without an answer. */
const saveUnanswered = (u: TestUser, content: string, metadata: object = { status: 'pending' }) =>
  server.ctx.db.asUser(u.id, async (tx) => {
    const { rows } = await sql<{
      id: string;
    }>`select save_chat_message(gen_random_uuid(), ${u.id}::uuid, ${content}, 'user', null, null, ${JSON.stringify(metadata)}::jsonb) as id`.execute(
      tx,
    );
    return rows[0]!.id;
  });

describe('the offline engine’s answers', () => {
  it('starts a session with a server-generated id and answers honestly in offline mode', async () => {
    const u = await signUp(offline);
    const res = await u.api.post('/api/v1/chat', { message: 'What is photosynthesis?' });
    expect(res.status).toBe(200);
    expect(res.body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.model).toBe('offline');
    expect(res.body.response).toMatch(/^\*\*Offline mode\*\*/);
    // What a learner can do, in their words: the operator's variables are on Settings and about.
    expect(res.body.response).toContain('Settings and about');
    expect(res.body.response).not.toMatch(/GEMINI_API_KEY|AI_BASE_URL/);
    expect(res.body.sessionTitle).toBe('Photosynthesis');

    const page = await u.api.get(`/api/v1/chat/sessions/${res.body.sessionId}/messages?direction=newer`);
    expect(page.body.items.map((m: any) => [m.role, m.content.slice(0, 20)])).toEqual([
      ['user', 'What is photosynthes'],
      ['assistant', res.body.response.slice(0, 20)],
    ]);
    const [userMsg, answer] = page.body.items;
    expect(userMsg.metadata.status).toBe('answered');
    expect(answer.metadata).toMatchObject({
      status: 'answered',
      provider: 'offline',
      model: 'offline',
      replyTo: userMsg.id,
      citations: [],
    });
    expect(answer.metadata.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('quotes the learner’s own earlier messages with citations', async () => {
    const u = await signUp(offline);
    const first = await u.api.post('/api/v1/chat', {
      message: 'Note to self: mitochondria produce ATP through cellular respiration in the inner membrane.',
    });
    const res = await u.api.post('/api/v1/chat', { message: 'Where do mitochondria make ATP?' });
    expect(res.status).toBe(200);
    expect(res.body.sessionId).not.toBe(first.body.sessionId);
    expect(res.body.response).toContain('quoting what your own material says');
    expect(res.body.response).toContain('inner membrane');
    expect(res.body.citations).toHaveLength(1);
    expect(res.body.citations[0]).toMatchObject({
      sourceType: 'message',
      snippet: expect.stringContaining('mitochondria'),
    });
    // Another learner's messages are never material.
    const other = await signUp(offline);
    const theirs = await other.api.post('/api/v1/chat', { message: 'Where do mitochondria make ATP?' });
    expect(theirs.body.citations).toEqual([]);
  });

  it('quotes an uploaded document with its page in offline mode', async () => {
    const u = await signUp(offline);
    const pdf = await makePdf([
      'Cover page of the notes.',
      'Osmosis is the movement of water across a semi-permeable membrane towards higher solute concentration.',
    ]);
    const { init } = await uploadViaUrl(u, 'biology.pdf', 'application/pdf', pdf);
    expect((await waitProcessed(u, init.uploadId)).status).toBe('ready');
    const res = await u.api.post('/api/v1/chat', { message: 'What is osmosis?' });
    expect(res.status).toBe(200);
    expect(res.body.response).toContain('semi-permeable membrane');
    expect(res.body.citations).toContainEqual(
      expect.objectContaining({
        sourceType: 'document',
        sourceId: init.uploadId,
        page: 2,
        snippet: expect.stringContaining('Osmosis'),
      }),
    );
    expect(res.body.response).toMatch(/\[1\] document "biology\.pdf", p\. 2/);
  });
});

describe('chat', () => {
  it('starts a session with a server-generated id and saves the turn with who answered it', async () => {
    const u = await signUp(server);
    const res = await u.api.post('/api/v1/chat', {
      message: ' What is <b>photosynthesis</b>, and why Vec<T>? ',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = ChatResponse.parse(res.body);
    expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.model).toBe(answerer.model);
    expect(body.response.trim()).not.toBe('');
    expect(body.citations).toEqual([]);
    expect(body.sessionTitle?.length).toBeGreaterThan(0);
    expect((await u.api.get(`/api/v1/chat/sessions/${body.sessionId}`)).body.title).toBe(body.sessionTitle);

    const page = await u.api.get(`/api/v1/chat/sessions/${body.sessionId}/messages?direction=newer`);
    const [userMsg, answer] = (page.body.items as unknown[]).map((m) => ChatMessage.parse(m));
    expect(page.body.items).toHaveLength(2);
    expect(userMsg).toMatchObject({
      id: body.userMessageId,
      role: 'user',
      content: 'What is <b>photosynthesis</b>, and why Vec<T>?',
      metadata: { status: 'answered' },
    }); // as written, trimmed
    expect(answer).toMatchObject({ id: body.messageId, role: 'assistant', content: body.response });
    expect(answer!.metadata).toMatchObject({
      status: 'answered',
      ...answerer,
      replyTo: userMsg!.id,
      citations: [],
    });
    expect(answer!.metadata.latencyMs).toBeGreaterThanOrEqual(0);
    if (usingLocalModel) expect(answer!.metadata.outputTokens).toBeGreaterThan(0);
  });

  it('cites earlier messages outside the conversation’s context, and ranks only the newest 200 matches', async () => {
    const u = await signUp(server);
    // A note in the same conversation is already in the model's context: it is not a passage too.
    const note = await u.api.post('/api/v1/chat', {
      message: 'Note to self: chloroplasts hold chlorophyll in their thylakoid membranes.',
    });
    const same = await u.api.post('/api/v1/chat', {
      message: 'Where is chlorophyll held?',
      sessionId: note.body.sessionId,
    });
    expect(same.body.citations).toEqual([]);
    const elsewhere = await u.api.post('/api/v1/chat', { message: 'Where is chlorophyll held?' });
    expect(elsewhere.body.citations).toContainEqual(
      expect.objectContaining({ sourceType: 'message', sourceId: note.body.userMessageId }),
    );

    // 210 later messages about flowers; the oldest is the only one that also says "zygomorphic".
    await sql`
      insert into chat_messages (session_id, user_id, role, content, created_at)
      select ${note.body.sessionId}::uuid, ${u.id}::uuid, 'user',
             case when g = 0 then 'zygomorphic flowers are symmetric in one plane only' else 'flowers attract pollinators, note ' || g end,
             now() - interval '1 day' + g * interval '1 second'
        from generate_series(0, 210) g`.execute(server.ctx.db.admin);
    const found = await server.ctx.db.asUser(u.id, (tx) =>
      messagesGrounding(tx, u.id, 'zygomorphic flowers', 4),
    );
    expect(found).toHaveLength(4);
    expect(found.some((p) => p.text.includes('zygomorphic'))).toBe(false);
    // Within the bound, the best match wins.
    await sql`update chat_messages set created_at = now() where content like 'zygomorphic%' and user_id = ${u.id}::uuid`.execute(
      server.ctx.db.admin,
    );
    const recent = await server.ctx.db.asUser(u.id, (tx) =>
      messagesGrounding(tx, u.id, 'zygomorphic flowers', 4),
    );
    expect(recent[0]!.text).toContain('zygomorphic');
  });

  it('answers when a grounding source fails, with the passages found before it', async () => {
    const u = await signUp(server);
    const note = await u.api.post('/api/v1/chat', {
      message: 'Note to self: the mitochondrial matrix hosts the Krebs cycle.',
    });
    // Fails in the database (the statement, and so the transaction), as a real failure would.
    const failing = groundingSource(() => ({ sql: sql`select 1 / 0 as x`, passages: () => [] }));
    const at = server.ctx.grounding.indexOf(messagesGrounding);
    server.ctx.grounding.splice(at + 1, 0, failing);
    try {
      const res = await u.api.post('/api/v1/chat', { message: 'Where does the Krebs cycle happen?' });
      expect(res.status).toBe(200);
      // The question was saved once (the statement that failed saved nothing), and answered.
      const page = await u.api.get(`/api/v1/chat/sessions/${res.body.sessionId}/messages?direction=newer`);
      expect(page.body.items.map((m: any) => [m.role, m.metadata.status])).toEqual([
        ['user', 'answered'],
        ['assistant', 'answered'],
      ]);
      expect(res.body.citations).toContainEqual(
        expect.objectContaining({ sourceType: 'message', sourceId: note.body.userMessageId }),
      );
      // The same for material gathered for a lesson.
      const texts = await groundingTexts(server.ctx, u.id, 'Krebs cycle', 4);
      expect(texts).toContainEqual(expect.stringContaining('mitochondrial matrix'));
    } finally {
      server.ctx.grounding.splice(server.ctx.grounding.indexOf(failing), 1);
    }
  });

  it('continues a session and refuses someone else’s or an unknown session id with 404', async () => {
    const a = await signUp(server);
    const b = await signUp(server);
    const s = await a.api.post('/api/v1/chat', { message: 'Hello there' });
    const again = await a.api.post('/api/v1/chat', { message: 'Tell me more', sessionId: s.body.sessionId });
    expect(again.body.sessionId).toBe(s.body.sessionId);

    const takeover = await b.api.post('/api/v1/chat', { message: 'mine now', sessionId: s.body.sessionId });
    expect(takeover.status).toBe(404);
    expectErrorShape(takeover.body);
    const invented = await b.api.post('/api/v1/chat', {
      message: 'hi',
      sessionId: '6f1c1a9e-3f7a-4a39-9a51-0c5c0f1e2d3b',
    });
    expect(invented.status).toBe(404);
    for (const path of [
      `/api/v1/chat/sessions/${s.body.sessionId}`,
      `/api/v1/chat/sessions/${s.body.sessionId}/messages`,
    ]) {
      expect((await b.api.get(path)).status).toBe(404);
    }
    expect((await b.api.patch(`/api/v1/chat/sessions/${s.body.sessionId}`, { title: 'x' })).status).toBe(404);
    expect((await b.api.delete(`/api/v1/chat/sessions/${s.body.sessionId}`)).status).toBe(404);
    expect((await b.api.post(`/api/v1/chat/messages/${again.body.userMessageId}/retry`)).status).toBe(404);
    // Nothing of b's landed in a's session.
    const msgs = await a.api.get(`/api/v1/chat/sessions/${s.body.sessionId}/messages`);
    expect(msgs.body.items).toHaveLength(4);
  });

  it('validates input with clear 400s', async () => {
    const u = await signUp(server);
    const cases: Array<[unknown, RegExp]> = [
      [{}, /message/],
      [{ message: '' }, /message/],
      [{ message: ' \n\t ' }, /at least 1/],
      [{ message: 42 }, /message/],
      [{ message: 'x'.repeat(10_001) }, /10000/],
      [{ message: 'hi', sessionId: 'nope' }, /sessionId/],
      [{ message: 'hi', attachmentIds: ['nope'] }, /attachmentIds/],
      [{ message: 'hi', extra: 1 }, /extra|Unrecognized/i],
    ];
    for (const [body, pattern] of cases) {
      const res = await u.api.post('/api/v1/chat', body);
      expect(res.status, JSON.stringify(body).slice(0, 50)).toBe(400);
      expectErrorShape(res.body);
      expect(res.body.error.message).toMatch(pattern);
    }
    expect((await u.api.post('/api/v1/chat', { message: 'x'.repeat(10_000) })).status).toBe(200);
    // An attachment that is not the caller's: 404, and nothing saved.
    const res = await u.api.post('/api/v1/chat', {
      message: 'see this',
      attachmentIds: ['6f1c1a9e-3f7a-4a39-9a51-0c5c0f1e2d3b'],
    });
    expect(res.status).toBe(404);
    const found = await u.api.get('/api/v1/chat/search?q=see');
    expect(found.body.items).toEqual([]);
  });

  it('lists sessions most recent first with keyset pages, renames and deletes', async () => {
    const u = await signUp(server);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await u.api.post('/api/v1/chat', { message: `Topic number ${i}` })).body.sessionId);
    // Touch the first one again: it becomes the most recent.
    await u.api.post('/api/v1/chat', { message: 'back to topic zero', sessionId: ids[0] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await u.api.get(`/api/v1/chat/sessions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((s: any) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[0], ids[4], ids[3], ids[2], ids[1]]);

    const renamed = await u.api.patch(`/api/v1/chat/sessions/${ids[1]}`, { title: '  <i>Cell biology</i> ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Cell biology');
    expect((await u.api.get(`/api/v1/chat/sessions/${ids[1]}`)).body).toMatchObject({
      id: ids[1],
      title: 'Cell biology',
      lastMessage: expect.any(String),
    });

    expect((await u.api.delete(`/api/v1/chat/sessions/${ids[2]}`)).status).toBe(204);
    expect((await u.api.get(`/api/v1/chat/sessions/${ids[2]}`)).status).toBe(404);
    expect((await u.api.get(`/api/v1/chat/sessions/${ids[2]}/messages`)).status).toBe(404);
    expect((await u.api.get('/api/v1/chat/sessions?cursor=garbage')).status).toBe(400);
  });

  it('pages messages both ways without gaps or repeats', async () => {
    const u = await signUp(server);
    const s = await u.api.post('/api/v1/chat', { message: 'message 0' });
    for (let i = 1; i < 4; i++)
      await u.api.post('/api/v1/chat', { message: `message ${i}`, sessionId: s.body.sessionId });
    const base = `/api/v1/chat/sessions/${s.body.sessionId}/messages`;
    const walk = async (direction: string) => {
      const out: any[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await u.api.get(
          `${base}?limit=3&direction=${direction}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        out.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return out;
    };
    const newer = await walk('newer');
    const older = await walk('older');
    expect(newer).toHaveLength(8);
    expect(newer.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'message 0',
      'message 1',
      'message 2',
      'message 3',
    ]);
    expect(older.map((m) => m.id)).toEqual([...newer].reverse().map((m) => m.id));
    // From the middle, forward.
    const mid = await u.api.get(`${base}?limit=2&direction=newer`);
    const rest = await u.api.get(`${base}?limit=10&direction=newer&cursor=${mid.body.nextCursor}`);
    expect(rest.body.items.map((m: any) => m.id)).toEqual(newer.slice(2).map((m) => m.id));
  });

  it('searches only the caller’s own messages', async () => {
    const a = await signUp(server);
    const b = await signUp(server);
    await a.api.post('/api/v1/chat', { message: 'Quantum entanglement puzzles me' });
    await b.api.post('/api/v1/chat', { message: 'Quantum entanglement is my secret' });
    const res = await a.api.get('/api/v1/chat/search?q=entanglement');
    expect(res.status).toBe(200);
    const users = res.body.items.filter((h: any) => h.message.role === 'user');
    expect(users).toHaveLength(1);
    expect(users[0].message.content).toBe('Quantum entanglement puzzles me');
    expect(users[0].snippet).toContain('entanglement');
    expect(users[0].sessionTitle).toBeTruthy();
    expect((await a.api.get('/api/v1/chat/search?q=secret')).body.items).toEqual([]);
    expect((await a.api.get('/api/v1/chat/search?q=')).status).toBe(400);
    expect((await a.api.get('/api/v1/chat/search?q=the')).body.items).toEqual([]); // only a stop word
  });

  it('pages search results newest first, without gaps or repeats', async () => {
    const u = await signUp(server);
    const first = await u.api.post('/api/v1/chat', { message: 'Brewing notes' });
    await sql`
      insert into chat_messages (session_id, user_id, role, content, created_at)
      select ${first.body.sessionId}::uuid, ${u.id}::uuid, 'user', 'zymurgy note ' || g, now() - interval '1 hour' + g * interval '1 millisecond'
        from generate_series(1, 25) g`.execute(server.ctx.db.admin);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await u.api.get(
        `/api/v1/chat/search?q=zymurgy&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((h: any) => h.message.content));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `zymurgy note ${25 - i}`));
  });

  it('streams an answer as Server-Sent Events', async () => {
    const u = await signUp(server);
    const res = await fetch(`${server.url}/api/v1/chat/stream`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${u.token}`,
        'content-type': 'application/json',
        'x-request-id': 'stream-test-0001',
        origin: 'http://localhost:8081',
        'accept-encoding': 'gzip, br',
      },
      body: JSON.stringify({ message: 'Explain gravity' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-request-id')).toBe('stream-test-0001');
    // The hooks' headers survive the hijacked reply; compression stays off the stream.
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8081');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-encoding')).toBeNull();
    const events = await readSse(res);
    expect(events[0]!.event).toBe('message');
    expect(events[0]!.data).toMatchObject({
      role: 'user',
      content: 'Explain gravity',
      metadata: { status: 'pending' },
    });
    const deltas = events.filter((e) => e.event === 'delta');
    // The offline answer arrives in several pieces; a model's as it writes it.
    expect(deltas.length).toBeGreaterThan(usingLocalModel ? 0 : 3);
    const done = events.find((e) => e.event === 'done')!;
    expect(ChatResponse.parse(done.data).model).toBe(answerer.model);
    expect(done.data.response.trim()).not.toBe('');
    expect(deltas.map((d) => d.data.text).join('')).toBe(done.data.response);
    expect(ChatMessage.parse(done.data.message)).toMatchObject({
      role: 'assistant',
      content: done.data.response,
      metadata: { status: 'answered', ...answerer },
    });
    // Last, after the first exchange: the session's new title, and nothing else.
    const title = events.at(-1)!;
    expect(title.event).toBe('title');
    expect(Object.keys(title.data).sort()).toEqual(['sessionId', 'title']);
    expect(title.data.sessionId).toBe(done.data.sessionId);
    expect(title.data.title).toEqual(expect.any(String));
    expect(title.data.title.length).toBeGreaterThan(0);
    if (!usingLocalModel) expect(title.data.title).toBe('Gravity'); // the offline title: the question's gist
    expect((await u.api.get(`/api/v1/chat/sessions/${done.data.sessionId}`)).body.title).toBe(
      title.data.title,
    );
  });

  it('answers JSON errors before a stream starts', async () => {
    const u = await signUp(server);
    const res = await u.api.post('/api/v1/chat/stream', { message: '' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body);
    const missing = await u.api.post('/api/v1/chat/stream', {
      message: 'hi',
      sessionId: '6f1c1a9e-3f7a-4a39-9a51-0c5c0f1e2d3b',
    });
    expect(missing.status).toBe(404);
  });

  it('retries a message left pending by a crash once it is stale, not while it may still be answered', async () => {
    const u = await signUp(server);
    const fresh = await saveUnanswered(u, 'Still being answered');
    // Longer than two model timeouts, but a streamed answer may still be arriving.
    const streaming = await saveUnanswered(u, 'Still streaming');
    const stale = await saveUnanswered(u, 'Lost in a crash');
    const streamingFor = `${longestCallMs(server.config.AI_TIMEOUT_MS) / 2000} seconds`;
    await sql`update chat_messages set created_at = now() - ${streamingFor}::interval where id = ${streaming}::uuid`.execute(
      server.ctx.db.admin,
    );
    await sql`update chat_messages set created_at = now() - interval '1 hour' where id = ${stale}::uuid`.execute(
      server.ctx.db.admin,
    );
    expect((await u.api.post(`/api/v1/chat/messages/${fresh}/retry`)).status).toBe(409);
    expect((await u.api.post(`/api/v1/chat/messages/${streaming}/retry`)).status).toBe(409);
    const res = await u.api.post(`/api/v1/chat/messages/${stale}/retry`);
    expect(res.status).toBe(200);
    expect(ChatResponse.parse(res.body)).toMatchObject({ userMessageId: stale, model: answerer.model });
    if (usingLocalModel) expect(res.body.response.trim()).not.toBe('');
    else expect(res.body.response).toContain('Offline mode');
    const [, answer] = (
      await u.api.get(`/api/v1/chat/sessions/${res.body.sessionId}/messages?direction=newer`)
    ).body.items;
    expect(answer).toMatchObject({
      id: res.body.messageId,
      content: res.body.response,
      metadata: { status: 'answered', ...answerer, replyTo: stale },
    });
  });

  it('claims an old message once: while a retry may still be answering it, another retry is refused', async () => {
    const u = await signUp(server);
    const id = await saveUnanswered(u, 'Failed long ago', {
      status: 'failed',
      error: { code: 'ai_timeout', message: 'The AI model did not answer.' },
    });
    await sql`update chat_messages set created_at = now() - interval '1 hour' where id = ${id}::uuid`.execute(
      server.ctx.db.admin,
    );
    // A retry claims it (as the route does first) and is still being answered...
    const claimed = await createChatService(server.ctx).beginRetry(u.id, id);
    expect(claimed.userMessage).toMatchObject({ id, metadata: { status: 'pending' } });
    const again = await u.api.post(`/api/v1/chat/messages/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_retryable');
    // ...until that claim is as old as a crash's: then it is retried.
    await sql`update chat_messages set metadata = metadata || jsonb_build_object('pendingSince', now() - interval '1 hour') where id = ${id}::uuid`.execute(
      server.ctx.db.admin,
    );
    const res = await u.api.post(`/api/v1/chat/messages/${id}/retry`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.userMessageId).toBe(id);
  });

  it('refuses to retry a message that was answered', async () => {
    const u = await signUp(server);
    const s = await u.api.post('/api/v1/chat', { message: 'hello' });
    const res = await u.api.post(`/api/v1/chat/messages/${s.body.userMessageId}/retry`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_retryable');
    expect((await u.api.post(`/api/v1/chat/messages/${s.body.messageId}/retry`)).status).toBe(409);
  });
});
