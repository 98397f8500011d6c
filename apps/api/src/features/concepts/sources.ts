// Where concepts come from, and saving them once per learner. A document's key concepts (its
// analysis), a lesson's objectives (of the learner's own path a model wrote — an offline outline is
// the server's template, not material — or of a tutor path they learn from: a tutor wrote it, unless
// it is an offline draft the tutor never edited), a
// chat's topic (its title, once a real title exists; its other topics come from topics.ts when it
// reaches its third answer). Names are deduplicated by their normalised form and, when the
// provider embeds text, by embedding similarity.
import { sql } from 'kysely';
import type { ConceptSource, LessonPlan } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import type { AiProvider } from '../../platform/ai/index.ts';
import { notFound } from '../../http/errors.ts';
import { learnableTutorPath } from '../tutor/material.ts';
import { normalize } from '../learning/text.ts';
import { conceptName } from './names.ts';

/** Two names whose embeddings are at least this similar are one concept. */
export const SIMILAR = 0.9;
const MAX_PER_SOURCE = 12;
const DEFAULT_SESSION_TITLE = 'new conversation';

export interface SourceConcepts {
  title: string;
  names: string[];
}

/** The source's title and its candidate concept names (under the learner's RLS: someone else's is a 404). */
export async function conceptsIn(tx: Tx, source: ConceptSource): Promise<SourceConcepts> {
  switch (source.type) {
    case 'document': {
      const u = await tx
        .selectFrom('uploads')
        .select(['file_name', 'status', 'analysis'])
        .where('id', '=', source.id)
        .executeTakeFirst();
      if (!u) throw notFound('Document');
      const analysis = (u.analysis ?? {}) as { keyConcepts?: { name?: unknown }[] };
      const names = Array.isArray(analysis.keyConcepts)
        ? analysis.keyConcepts.map((k) => k?.name).filter((n): n is string => typeof n === 'string')
        : [];
      return { title: u.file_name, names: u.status === 'ready' ? names : [] };
    }
    case 'lesson': {
      const own = await tx
        .selectFrom('learning_paths')
        .select(['lessons', 'offline'])
        .where('id', '=', source.id)
        .executeTakeFirst();
      // Else a tutor path the learner may learn from (enrolled, or published), as review cards are.
      // A tutor's lesson still as the offline engine drafted it is the server's template too.
      const p = own
        ? { lessons: own.lessons as LessonPlan[], material: () => !own.offline }
        : await learnableTutorPath(tx, source.id).then(
            (t) => t && { lessons: t.lessons, material: (id: string) => !t.offlineDrafts.has(id) },
          );
      if (!p) throw notFound('Learning path');
      const lesson = p.lessons.find((l) => l.id === source.lessonId);
      if (!lesson) throw notFound('Lesson');
      return { title: lesson.title, names: p.material(lesson.id) ? lesson.objectives : [] };
    }
    case 'session': {
      const s = await tx
        .selectFrom('chat_sessions')
        .select('title')
        .where('id', '=', source.id)
        .executeTakeFirst();
      if (!s) throw notFound('Chat session');
      return { title: s.title?.trim() || 'Conversation', names: sessionTitle(s.title) };
    }
  }
}

export interface Prepared {
  name: string;
  norm: string;
  embedding: number[] | null;
}

/** Names made usable (server text dropped, repeats merged) and embedded when the provider can. */
export async function prepare(
  ai: AiProvider,
  names: string[],
  signal?: AbortSignal,
  /** Normalised names the learner already has: found by name, so not embedded again. */
  known: Set<string> = new Set(),
): Promise<Prepared[]> {
  const seen = new Set<string>();
  const out: Prepared[] = [];
  for (const raw of names) {
    const c = conceptName(raw);
    if (!c || seen.has(c.norm)) continue;
    seen.add(c.norm);
    out.push({ ...c, embedding: null });
    if (out.length >= MAX_PER_SOURCE) break;
  }
  const fresh = out.filter((c) => !known.has(c.norm));
  if (ai.embed && fresh.length) {
    try {
      const vectors = await ai.embed(
        fresh.map((c) => c.name),
        signal,
      );
      vectors.forEach((v, i) => {
        if (fresh[i] && Array.isArray(v) && v.length && v.every(Number.isFinite)) fresh[i].embedding = v;
      });
    } catch {
      // Names alone still deduplicate.
    }
  }
  return out;
}

export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length || !a.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? 0; // the lengths are equal
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export const sourceKey = (s: ConceptSource) =>
  s.type === 'lesson' ? `lesson:${s.id}:${s.lessonId}` : `${s.type}:${s.id}`;

/**
 * Saves the concepts (one per learner and meaning) and links them to the source; returns their ids
 * in the order given. Safe to run twice and concurrently (unique names, links that already exist).
 */
export async function saveConcepts(
  tx: Tx,
  userId: string,
  source: ConceptSource,
  title: string,
  concepts: Prepared[],
): Promise<string[]> {
  if (!concepts.length) return [];
  const existing = await tx
    .selectFrom('concepts')
    .select(['id', 'norm_name', 'embedding'])
    .where('user_id', '=', userId)
    .execute();
  const byNorm = new Map(existing.map((e) => [e.norm_name, e.id]));
  const embedded = existing.filter((e) => Array.isArray(e.embedding) && e.embedding.length) as {
    id: string;
    embedding: number[];
  }[];
  const ids: string[] = [];
  for (const c of concepts) {
    let id = byNorm.get(c.norm);
    if (!id && c.embedding) {
      let best = { id: '', sim: SIMILAR };
      for (const e of embedded) {
        const sim = cosine(c.embedding, e.embedding.map(Number));
        if (sim >= best.sim) best = { id: e.id, sim };
      }
      if (best.id) id = best.id;
    }
    if (!id) {
      const row = await tx
        .insertInto('concepts')
        .values({ user_id: userId, name: c.name, norm_name: c.norm, embedding: c.embedding })
        .onConflict((oc) => oc.columns(['user_id', 'norm_name']).doNothing())
        .returning('id')
        .executeTakeFirst();
      id =
        row?.id ??
        (
          await tx
            .selectFrom('concepts')
            .select('id')
            .where('user_id', '=', userId)
            .where('norm_name', '=', c.norm)
            .executeTakeFirstOrThrow()
        ).id;
      if (c.embedding) embedded.push({ id, embedding: c.embedding });
    }
    byNorm.set(c.norm, id);
    if (!ids.includes(id)) ids.push(id);
  }
  await tx
    .insertInto('concept_sources')
    .values(
      ids.map((concept_id) => ({
        concept_id,
        user_id: userId,
        source_type: source.type,
        source_id: source.id,
        lesson_id: source.type === 'lesson' ? source.lessonId : '',
        title: title.slice(0, 300),
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  return ids;
}

/** The ids of the concepts already linked to a source. */
export async function linkedConcepts(tx: Tx, source: ConceptSource): Promise<string[]> {
  const rows = await tx
    .selectFrom('concept_sources')
    .select('concept_id')
    .where('source_type', '=', source.type)
    .where('source_id', '=', source.id)
    .where('lesson_id', '=', source.type === 'lesson' ? source.lessonId : '')
    .orderBy('created_at')
    .orderBy(sql`concept_id`)
    .execute();
  return rows.map((r) => r.concept_id);
}

/**
 * A title that is the learner's question itself (what a chat is called when no model named it,
 * "Where in the chloroplast does the Calvin cycle happen"): a question, not a topic, so no
 * concept. A topic phrased with a wh-word ("How photosynthesis works") is still a topic.
 */
const AUX = '(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had)';
export const isQuestion = (title: string) =>
  /\?\s*$/.test(title) ||
  new RegExp(`^${AUX}\\b`, 'i').test(title) ||
  new RegExp(`^(?:what|why|how|when|where|who|which|whose)\\b.*\\b${AUX}\\b`, 'i').test(title);

/**
 * A title cut from the learner's own words ("How does the light stage make ATP?" → "Light stage
 * make ATP", as the offline engine titles; a tile's whole prompt) is a clause of theirs, not a
 * topic; a short one ("What is osmosis?" → "Osmosis") is a topic.
 */
export const echoesLearner = (title: string, messages: string[]) =>
  title.split(/\s+/).length > 3 && messages.some((m) => normalize(m).includes(normalize(title)));

/** A chat's title as a concept name candidate: none while it is the default title or a question. */
export function sessionTitle(raw: string | null | undefined): string[] {
  const title = raw?.trim() ?? '';
  return title && title.toLowerCase() !== DEFAULT_SESSION_TITLE && !isQuestion(title) ? [title] : [];
}
