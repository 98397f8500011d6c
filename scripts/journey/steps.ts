// What a learner or a tutor does in their first hour, one function per activity. Each updates the
// person's model with what the server acknowledged and throws (Unexpected) on any other answer;
// each returns a short description of what happened for the check line.
import crypto from 'node:crypto';
import type { SseEvent } from '../lib/http.ts';
import { Unexpected, type Device } from './client.ts';
import type { Person } from './model.ts';

export interface ChatTurn {
  sessionId: string;
  userMessageId: string;
  assistantMessageId: string;
  answer: string;
  citations: Array<{ sourceType: string; sourceId: string }>;
}

/** The app's onboarding screen: name, interests, level, daily goal, time zone. */
export async function onboard(p: Person, interests: string[]) {
  const body = {
    displayName: p.name,
    preferences: {
      onboarded: true,
      timezone: 'Europe/London',
      preferredDifficulty: 'beginner',
      dailyGoal: 50,
      interests,
    },
  };
  const profile = await p.device.api('PATCH', '/api/v1/profile', body);
  p.displayName = profile.displayName;
  p.interests = profile.preferences.interests;
  p.dailyGoal = profile.preferences.dailyGoal;
  return `${p.name} onboarded with ${interests.length} interests`;
}

/**
 * One streamed chat turn, read to the end: the saved user message first, then the answer in pieces,
 * then the saved answer, which must be exactly the pieces put together.
 */
export async function chat(
  p: Person,
  device: Device,
  message: string,
  opts: { sessionId?: string; attachmentIds?: string[] } = {},
): Promise<ChatTurn> {
  const { events } = await device.stream('/api/v1/chat/stream', { message, ...opts });
  const saved = events.find((e) => e.event === 'message')?.data;
  const done = events.find((e) => e.event === 'done')?.data;
  const failed = events.find((e) => e.event === 'error');
  if (!saved || !done || failed)
    throw new Error(
      `chat stream ended without an answer: ${JSON.stringify(events.map((e) => e.event))} ${JSON.stringify(failed?.data ?? '')}`,
    );
  const pieces = events
    .filter((e) => e.event === 'delta')
    .map((e) => e.data.text)
    .join('');
  if (
    events[0].event !== 'message' ||
    pieces !== done.response ||
    done.message.content !== done.response ||
    !done.response.trim()
  ) {
    throw new Error(
      `chat stream out of order or the saved answer differs from the streamed one: ${JSON.stringify(events.map((e) => e.event))}`,
    );
  }
  p.addLines(
    done.sessionId,
    { role: 'user', content: saved.content },
    { role: 'assistant', content: done.response },
  );
  return {
    sessionId: done.sessionId,
    userMessageId: saved.id,
    assistantMessageId: done.messageId,
    answer: done.response,
    citations: done.citations,
  };
}

/**
 * A chat turn the server may die in the middle of: `onSaved` runs when the user message is
 * acknowledged. Whatever was acknowledged goes into the model; the rest is "maybe".
 */
export async function chatThroughCrash(p: Person, sessionId: string, message: string, onSaved: () => void) {
  let saved = false;
  let answer: string | undefined;
  try {
    await p.device.stream('/api/v1/chat/stream', { message, sessionId }, (e: SseEvent) => {
      if (e.event === 'message') {
        saved = true;
        onSaved();
      }
      if (e.event === 'done') answer = e.data.response;
    });
  } catch {
    /* the server died mid-stream */
  }
  const user = { role: 'user' as const, content: message };
  if (answer !== undefined) p.addLines(sessionId, user, { role: 'assistant', content: answer });
  else if (saved) {
    p.addLines(sessionId, user);
    p.maybeMessages.set(sessionId, [{ role: 'assistant' }]);
  } else p.maybeMessages.set(sessionId, [user, { role: 'assistant' }]);
  return answer !== undefined
    ? 'answered before the kill'
    : saved
      ? 'saved, answer cut by the kill'
      : 'cut before it was saved';
}

/**
 * Upload a document the way the app does: init (from then on the upload exists), signed PUT,
 * complete (from then on it must get processed); returns the upload id.
 */
export async function upload(p: Person, fileName: string, text: string): Promise<string> {
  const bytes = Buffer.from(text);
  const init = await p.device.api(
    'POST',
    '/api/v1/uploads/init',
    { fileName, fileType: 'text/plain', fileSize: bytes.length },
    [201],
  );
  p.uploads.set(init.uploadId, { uploadUrl: init.uploadUrl, headers: init.headers, bytes, completed: false });
  await finishUpload(p, init.uploadId);
  return init.uploadId;
}

/**
 * The bytes and the completion of an upload already started (again, after a crash cut it short).
 * A PUT whose answer the crash swallowed may have stored the bytes: its retry is refused with
 * already_uploaded, and the completion (which checks the SHA-256) goes ahead.
 */
export async function finishUpload(p: Person, id: string) {
  const u = p.uploads.get(id)!;
  const retried = u.putSent;
  u.putSent = true;
  const put = await p.device.put(u.uploadUrl, u.headers, u.bytes);
  const stored =
    (put.status >= 200 && put.status < 300) ||
    (retried && put.status === 409 && put.body?.error?.code === 'already_uploaded');
  if (!stored) throw new Unexpected(`PUT ${u.uploadUrl}`, put.status, put.body);
  await p.device.api(
    'POST',
    `/api/v1/uploads/${id}/complete`,
    { sha256: crypto.createHash('sha256').update(u.bytes).digest('hex') },
    [202],
  );
  u.completed = true;
}

/** Polls an upload until it is processed; throws if it fails or takes longer than `timeoutMs`. */
export async function uploadReady(p: Person, id: string, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const u = await p.device.api('GET', `/api/v1/uploads/${id}`);
    if (u.status === 'ready') {
      // Every upload that has been read is in the learner's Library (saved with its processing).
      const item = (await p.device.all('/api/v1/library?kind=document')).find((i) => i.source?.id === id);
      if (!item) throw new Error(`upload ${id} is ready but not in the library`);
      p.library.add(item.id);
      return u;
    }
    if (u.status === 'failed' || Date.now() > until)
      throw new Error(`upload ${id} is ${u.status}: ${u.error ?? 'still not processed'}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function createPath(p: Person, topic: string) {
  const path = await p.device.api('POST', '/api/v1/learning-paths', { topic, difficulty: 'beginner' }, [201]);
  p.paths.set(path.id, new Set());
  return path;
}

/** Open a lesson (the learner reads it), then mark it complete. */
export async function studyLesson(p: Person, pathId: string, lessonId: string) {
  const lesson = await p.device.api('GET', `/api/v1/learning-paths/${pathId}/lessons/${lessonId}`);
  // Without a model a lesson is its outline (offline, no content); with one, the full lesson.
  if (!lesson.offline && !lesson.content?.explanation) throw new Error(`lesson ${lessonId} has no content`);
  const done = await p.device.api(
    'POST',
    `/api/v1/learning-paths/${pathId}/lessons/${lessonId}/complete`,
    undefined,
    [200],
  );
  p.paths.get(pathId)!.add(lessonId);
  if (!p.earned(done.xpAwarded, done.xp))
    throw new Error(`XP after the lesson: server says ${done.xp}, awards add up to ${p.xp}`);
  return `${lesson.lesson.title}: +${done.xpAwarded} XP`;
}

/** Review cards made from real material (an uploaded document); returns their ids. */
export async function makeCards(
  p: Person,
  source: { type: string; id: string },
  count: number,
): Promise<string[]> {
  const cards: Array<{ id: string }> = (
    await p.device.api('POST', '/api/v1/review/generate', { source, count }, [201])
  ).items;
  if (!cards.length) throw new Error(`no review cards from ${source.type} ${source.id}`);
  for (const c of cards) p.cards.set(c.id, 0);
  return cards.map((c) => c.id);
}

/**
 * Take a hint, then answer one due card: a card answered before gets the answer the server showed
 * then (and must be judged right); a new one gets a guess (a choice for multiple choice).
 */
export async function reviewOne(p: Person, device: Device, guess: string) {
  const due = (await device.all('/api/v1/review/due')).filter((c) => p.cards.has(c.id));
  const card = due.find((c) => p.answers.has(c.id)) ?? due[0];
  if (!card) throw new Error(`none of ${p.name}'s ${p.cards.size} cards is due`);
  const hint = await device.api('POST', `/api/v1/review/cards/${card.id}/hint`);
  if (!hint.hint) throw new Error('a hint without text');
  const known = p.answers.get(card.id);
  const answer = known ?? (card.type === 'multiple_choice' ? card.choices[0] : guess);
  const result = await device.api('POST', `/api/v1/review/cards/${card.id}/answer`, { answer }, [200]);
  p.cards.set(card.id, p.cards.get(card.id)! + 1);
  p.answers.set(card.id, result.expectedAnswer);
  if (result.card.reps !== p.cards.get(card.id))
    throw new Error(`card ${card.id} has ${result.card.reps} reps after ${p.cards.get(card.id)} answers`);
  if (known !== undefined && result.correct !== true)
    throw new Error(`the answer the server itself gave ("${known}") was judged wrong: ${result.feedback}`);
  if (!p.earned(result.xpAwarded, result.xp))
    throw new Error(`XP after the review: server says ${result.xp}, awards add up to ${p.xp}`);
  return `${card.type} ${result.correct ? 'right' : 'wrong'} after a hint: +${result.xpAwarded} XP`;
}

/** Saves an item to the library: 201 when it is new, 200 (the same item) when it is there already. */
export async function save(
  p: Person,
  device: Device,
  item: Record<string, unknown>,
  expect: number[] = [201],
) {
  const saved = await device.api('POST', '/api/v1/library', item, expect);
  p.library.add(saved.id);
  return saved;
}

/** Today's curiosity tiles; the first one opened as a chat, whose suggested prompt is sent. */
export async function discover(p: Person) {
  const tiles = await p.device.api('GET', '/api/v1/discover/tiles');
  if (tiles.tiles.length < 3) throw new Error(`only ${tiles.tiles.length} tiles`);
  const started = await p.device.api(
    'POST',
    `/api/v1/discover/tiles/${tiles.tiles[0].id}/start`,
    { as: 'chat' },
    [201],
  );
  p.sessions.set(started.sessionId, p.sessions.get(started.sessionId) ?? []);
  await chat(p, p.device, started.prompt, { sessionId: started.sessionId });
  return `${tiles.tiles.length} tiles; "${tiles.tiles[0].title}" opened as a chat`;
}

const lesson = (title: string, n: number) => ({
  title: `${title} ${n}`,
  objectives: [`Understand part ${n} of ${title}`],
  outline: [`What part ${n} is`, `An example of part ${n}`],
  exercises: [`Explain part ${n} in your own words`],
  estimatedMinutes: 15,
  difficulty: 'beginner',
});

/** Become a tutor, write a three-lesson path by hand and publish it; returns the path. */
export async function publishPath(tutor: Person, title: string) {
  await tutor.device.api(
    'POST',
    '/api/v1/tutor/profile',
    { headline: 'Biology teacher', subjects: ['biology'] },
    [201],
  );
  const draft = await tutor.device.api(
    'POST',
    '/api/v1/tutor/paths',
    {
      title,
      description: `A short course: ${title}.`,
      topic: 'biology',
      objectives: ['Know the basics'],
      lessons: [1, 2, 3].map((n) => lesson(title, n)),
    },
    [201],
  );
  const published = await tutor.device.api(
    'POST',
    `/api/v1/tutor/paths/${draft.id}/publish`,
    undefined,
    [200],
  );
  if (published.status !== 'published') throw new Unexpected('publish', 200, published);
  return published;
}

/** Find the tutor's path in the catalog, enrol, read the first lesson and complete it. */
export async function enrol(p: Person, title: string) {
  const found = await p.device.api('GET', `/api/v1/catalog/paths?q=${encodeURIComponent(title)}`);
  const path = found.items.find((x: { title: string }) => x.title === title);
  if (!path)
    throw new Error(
      `"${title}" is not in the catalog: ${JSON.stringify(found.items.map((x: { title: string }) => x.title))}`,
    );
  const enrolment = await p.device.api('POST', `/api/v1/catalog/paths/${path.id}/enroll`, undefined, [201]);
  p.enrollments.set(enrolment.id, new Set());
  return enrolment;
}

export async function studyEnrolledLesson(
  p: Person,
  enrollmentId: string,
  lessonId: string,
  device = p.device,
) {
  const l = await device.api('GET', `/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}/content`);
  if (!l.offline && !l.content?.explanation) throw new Error(`enrolled lesson ${lessonId} has no content`);
  const done = await device.api(
    'POST',
    `/api/v1/enrollments/${enrollmentId}/lessons/${lessonId}/complete`,
    undefined,
    [200],
  );
  p.enrollments.get(enrollmentId)!.add(lessonId);
  if (!p.earned(done.xpAwarded, done.xp))
    throw new Error(`XP after the tutor's lesson: server says ${done.xp}, awards add up to ${p.xp}`);
  return `${l.lesson.title}: +${done.xpAwarded} XP`;
}
