// What review questions are made from: the learner's real material only. That is an uploaded
// document, a lesson or path a model or a tutor wrote, and for a chat session the model's answers
// and the documents the session's answers cited. Never what the offline engine wrote (its path
// outlines, lessons and chat answers are templates and notices, marked `offline` or with provider
// 'offline'; a tutor's lesson still as the offline engine drafted it), never the learner's own
// questions, and never a lesson's instructions (its exercises, "Explain …", "Predict …": what it
// asks the learner to do is no statement to learn). Nothing left is a 422 `no_material`.
import { sql } from 'kysely';
import type { LessonContentBody, LessonPlan, ReviewSource } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import { UUID } from '../../platform/db/values.ts';
import { notFound, unprocessable } from '../../http/errors.ts';
import { documentText } from '../learning/documents.ts';
import { isInstruction, withoutInstructions } from '../learning/instructions.ts';
import { learnableTutorPath } from '../tutor/material.ts';

export const MAX_MATERIAL_CHARS = 24_000;
const CONNECT_A_MODEL =
  'or ask whoever runs this server to connect an AI model (Profile → Settings and about shows how)';

export interface Material {
  title: string;
  text: string;
}

// A lesson's title is its heading (a markdown one), not a statement to make a question from; its
// exercises and its instruction-worded objectives ("Explain how …") are tasks, not statements.
export const planText = (l: LessonPlan) =>
  [
    `# ${l.title}`,
    ...[...l.objectives, ...l.outline].filter((o) => !isInstruction(o)).map((o) => `${o}.`),
  ].join('\n');
const contentText = (c: LessonContentBody) =>
  withoutInstructions(
    [c.explanation, ...c.keyPoints, c.workedExample.problem, c.workedExample.solution, c.summary].join('\n'),
  );

/** A path (own, or a tutor path the caller may learn from): its lessons, which plans are material, and its written lessons. */
async function pathMaterial(tx: Tx, pathId: string) {
  const own = await tx
    .selectFrom('learning_paths')
    .select(['title', 'lessons', 'offline'])
    .where('id', '=', pathId)
    .executeTakeFirst();
  if (own) {
    const contents = await tx
      .selectFrom('lesson_contents')
      .select(['lesson_id', 'content'])
      .where('path_id', '=', pathId)
      .where('offline', '=', false)
      .execute();
    return {
      title: own.title,
      lessons: own.lessons as LessonPlan[],
      planIsMaterial: () => !own.offline,
      contents,
    };
  }
  const tutorPath = await learnableTutorPath(tx, pathId);
  if (!tutorPath) throw notFound('Learning path');
  // A tutor wrote the plans (all but an offline draft they never edited); their generated
  // contents are material unless written offline.
  return {
    title: tutorPath.title,
    lessons: tutorPath.lessons,
    planIsMaterial: (l: LessonPlan) => !tutorPath.offlineDrafts.has(l.id),
    contents: tutorPath.contents,
  };
}

async function lessonOrPathMaterial(
  tx: Tx,
  source: Extract<ReviewSource, { type: 'lesson' | 'path' }>,
): Promise<Material> {
  const path = await pathMaterial(tx, source.id);
  const written = new Map(
    path.contents.map((c) => [c.lesson_id, contentText(c.content as unknown as LessonContentBody)]),
  );
  const textOf = (l: LessonPlan) => written.get(l.id) ?? (path.planIsMaterial(l) ? planText(l) : '');
  if (source.type === 'lesson') {
    const lesson = path.lessons.find((l) => l.id === source.lessonId);
    if (!lesson) throw notFound('Lesson');
    return required(
      { title: lesson.title, text: textOf(lesson) },
      'This lesson was outlined in offline mode and has no lesson text yet',
    );
  }
  return required(
    { title: path.title, text: path.lessons.map(textOf).filter(Boolean).join('\n') },
    'This path was outlined in offline mode and has no lesson text yet',
  );
}

/** The ids of the documents the session's answers cited. */
async function citedDocuments(tx: Tx, sessionId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select distinct c->>'sourceId' as id
      from chat_messages m, jsonb_array_elements(m.metadata->'citations') c
     where m.session_id = ${sessionId}::uuid and m.role = 'assistant'
       and jsonb_typeof(m.metadata->'citations') = 'array' and c->>'sourceType' = 'document'`.execute(tx);
  return rows.map((r) => r.id).filter((id) => UUID.test(id));
}

async function sessionMaterial(tx: Tx, sessionId: string): Promise<Material> {
  const session = await tx
    .selectFrom('chat_sessions')
    .select('title')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) throw notFound('Chat session');
  const answers = await tx
    .selectFrom('chat_messages')
    .select('content')
    .where('session_id', '=', sessionId)
    .where('role', '=', 'assistant')
    .where(sql<boolean>`coalesce(metadata->>'provider', '') <> 'offline'`)
    .orderBy('created_at', 'asc')
    .limit(200)
    .execute();
  const parts = answers.map((m) => m.content);
  for (const id of await citedDocuments(tx, sessionId)) {
    const doc = await documentText(tx, id, MAX_MATERIAL_CHARS);
    if (doc?.text.trim()) parts.push(doc.text);
  }
  return required(
    { title: session.title ?? 'Conversation', text: parts.join('\n') },
    'This conversation has nothing to review yet: its answers were written in offline mode and cite none of your documents',
    'Upload notes or a PDF and ask about them, ',
  );
}

async function documentMaterial(tx: Tx, uploadId: string): Promise<Material> {
  const doc = await documentText(tx, uploadId, MAX_MATERIAL_CHARS);
  if (!doc) throw notFound('Document');
  if (!doc.text.trim())
    throw unprocessable(
      doc.status === 'ready'
        ? 'This document has no text to make questions from.'
        : 'This document is still being processed: try again shortly.',
      doc.status === 'ready' ? 'not_enough_material' : 'not_ready',
    );
  return { title: doc.title, text: doc.text };
}

/** The material itself, or a 422 `no_material` that says what the learner can do. */
function required(
  material: Material,
  why: string,
  alternative = 'Upload your notes or a PDF and review those, ',
): Material {
  if (material.text.trim()) return { ...material, text: material.text.slice(0, MAX_MATERIAL_CHARS) };
  throw unprocessable(`${why}. ${alternative}${CONNECT_A_MODEL}.`, 'no_material');
}

/** The learner's material for a review source (under their RLS: someone else's is "not found"). */
export function materialFor(tx: Tx, source: ReviewSource): Promise<Material> {
  switch (source.type) {
    case 'lesson':
    case 'path':
      return lessonOrPathMaterial(tx, source);
    case 'session':
      return sessionMaterial(tx, source.id);
    case 'document':
      return documentMaterial(tx, source.id);
  }
}
