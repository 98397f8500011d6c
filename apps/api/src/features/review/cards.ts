// A review card as stored (its columns and row) and as the API returns it; a new card's row; reading
// one, and narrowing a query of cards to one source.
import type { GeneratedQuestion, ReviewCard, ReviewSource } from '@chitchat/contracts';
import type { Selectable } from 'kysely';
import type { DB, Tx } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { normalize } from '../learning/text.ts';
import { iso } from '../../platform/db/values.ts';
import { newCard, stateOf } from './scheduler.ts';

export type SourceFilter = { sourceType?: string; sourceId?: string; lessonId?: string };

/** Narrows a review_cards query to one source (and one lesson of it) when asked. */
export function bySource<Q extends { where: (...args: never[]) => Q }>(query: Q, f: SourceFilter): Q {
  const w = query.where as unknown as (col: string, op: string, v: string) => Q;
  let q = query;
  if (f.sourceType) q = w.call(q, 'source_type', '=', f.sourceType);
  if (f.sourceId) q = (q.where as unknown as typeof w).call(q, 'source_id', '=', f.sourceId);
  if (f.lessonId) q = (q.where as unknown as typeof w).call(q, 'lesson_id', '=', f.lessonId);
  return q;
}

/**
 * New questions without the cards the learner already has: the same question from this source, or
 * the same question and answer from any source (a chat quoting a document makes no copy of the
 * document's cards, and a copy would pay XP again), nor twice in one batch. `duplicates` counts
 * what was left out.
 */
export async function withoutDuplicates<Q extends { question: string; answer: string }>(
  tx: Tx,
  userId: string,
  source: ReviewSource,
  questions: Q[],
): Promise<{ fresh: Q[]; duplicates: number }> {
  const have = await tx
    .selectFrom('review_cards')
    .select(['question', 'answer', 'source_type', 'source_id'])
    .where('user_id', '=', userId)
    .execute();
  const card = (q: { question: string; answer: string }) =>
    `${normalize(q.question)}\n${normalize(q.answer)}`;
  const cards = new Set(have.map(card));
  const fromSource = new Set(
    have
      .filter((h) => h.source_type === source.type && h.source_id === source.id)
      .map((h) => normalize(h.question)),
  );
  const fresh = questions.filter((q) => {
    const question = normalize(q.question);
    if (fromSource.has(question) || cards.has(card(q))) return false;
    fromSource.add(question);
    cards.add(card(q));
    return true;
  });
  return { fresh, duplicates: questions.length - fresh.length };
}

export const CARD_COLUMNS = [
  'id',
  'source_type',
  'source_id',
  'lesson_id',
  'source_title',
  'question_type',
  'question',
  'choices',
  'answer',
  'hints',
  'explanation',
  'difficulty',
  'hints_revealed',
  'due',
  'fsrs',
  'reps',
  'last_reviewed_at',
  'created_at',
] as const;
export type CardRow = Pick<Selectable<DB['review_cards']>, (typeof CARD_COLUMNS)[number]>;

/** A new card's row: the question, where it came from, and a fresh FSRS state (due now). */
export function newCardValues(card: {
  userId: string;
  source: ReviewSource;
  sourceTitle: string;
  question: GeneratedQuestion;
  now: Date;
}) {
  const { userId, source, sourceTitle, question: q, now } = card;
  const c = newCard(now);
  return {
    user_id: userId,
    source_type: source.type,
    source_id: source.id,
    lesson_id: source.type === 'lesson' ? source.lessonId : null,
    source_title: sourceTitle.slice(0, 300),
    question_type: q.type,
    question: q.question,
    choices: q.type === 'multiple_choice' ? JSON.stringify(q.choices) : null,
    answer: q.answer,
    hints: JSON.stringify(q.hints),
    explanation: q.explanation,
    difficulty: q.difficulty,
    due: c.due,
    fsrs: JSON.stringify(c.fsrs),
  };
}

export const toCard = (r: CardRow): ReviewCard => ({
  id: r.id,
  source: { type: r.source_type, id: r.source_id, lessonId: r.lesson_id, title: r.source_title },
  type: r.question_type,
  question: r.question,
  choices: r.choices,
  difficulty: r.difficulty,
  hintCount: r.hints.length,
  hintsRevealed: r.hints.slice(0, r.hints_revealed),
  state: stateOf(r.fsrs),
  due: iso(r.due),
  reps: r.reps,
  lapses: Number(r.fsrs.lapses ?? 0),
  lastReviewedAt: r.last_reviewed_at ? iso(r.last_reviewed_at) : null,
  createdAt: iso(r.created_at),
});

export async function loadCard(tx: Tx, id: string, lock = false): Promise<CardRow> {
  let q = tx.selectFrom('review_cards').select(CARD_COLUMNS).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Review card');
  return row;
}
