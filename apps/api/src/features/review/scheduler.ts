// FSRS scheduling with ts-fsrs (the scheduler modern Anki uses). A card's state is stored as JSON
// (dates as ISO strings) next to its `due` column.
import {
  createEmptyCard,
  default_w,
  fsrs,
  generatorParameters,
  type FSRS,
  Rating,
  State,
  type Card,
  type CardInput,
  type Grade,
} from 'ts-fsrs';
import { sql } from 'kysely';
import type { ReviewRating } from '@chitchat/contracts';
import { addDays, type LearnerClock } from '../xp/clock.ts';

/** What a learner's schedule depends on: their desired retention and (once optimised) their weights. */
export interface Scheduling {
  retention: number;
  /** The learner's optimised FSRS-6 weights, or null for the defaults. */
  weights: readonly number[] | null;
}
export const DEFAULT_RETENTION = 0.9;
export const MIN_RETENTION = 0.7;
export const MAX_RETENTION = 0.97;
export const DEFAULT_SCHEDULING: Scheduling = { retention: DEFAULT_RETENTION, weights: null };
export const DEFAULT_WEIGHTS: readonly number[] = default_w;

// No fuzz: intervals are reproducible (and testable). One ts-fsrs instance per distinct setting.
// One learning step (10 minutes), for a card answered wrong or with hints: a new card answered
// right goes straight to days (ts-fsrs's default, 1 m then 10 m, asked it again within the
// session — a fifth of all reviews in bench/learning.ts for no measurable gain in memory; FSRS's
// authors advise at most one short step). A forgotten card also comes back after 10 minutes.
const schedulers = new Map<string, FSRS>();
export function schedulerFor(s: Scheduling = DEFAULT_SCHEDULING): FSRS {
  const key = `${s.retention}|${s.weights?.join(',') ?? ''}`;
  let f = schedulers.get(key);
  if (!f) {
    f = fsrs(
      generatorParameters({
        enable_fuzz: false,
        learning_steps: ['10m'],
        relearning_steps: ['10m'],
        request_retention: s.retention,
        ...(s.weights ? { w: [...s.weights] } : {}),
      }),
    );
    if (schedulers.size > 1000) schedulers.clear();
    schedulers.set(key, f);
  }
  return f;
}

export type StoredCard = Record<string, unknown>;

const GRADES: Record<ReviewRating, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};
const STATES = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
} as const;

function serialize(card: Card): StoredCard {
  return {
    ...card,
    due: card.due.toISOString(),
    last_review: card.last_review ? card.last_review.toISOString() : null,
  };
}

export function newCard(now = new Date()): { due: Date; fsrs: StoredCard } {
  const card = createEmptyCard(now);
  return { due: card.due, fsrs: serialize(card) };
}

/** The card after a rating at `now`: its new state, due date and interval. */
export function rate(
  stored: StoredCard,
  rating: ReviewRating,
  now = new Date(),
  scheduling: Scheduling = DEFAULT_SCHEDULING,
) {
  const { card } = schedulerFor(scheduling).next(stored as unknown as CardInput, now, GRADES[rating]);
  return {
    due: card.due,
    fsrs: serialize(card),
    intervalDays: (card.due.getTime() - now.getTime()) / 86_400_000,
  };
}

export function stateOf(stored: StoredCard): 'new' | 'learning' | 'review' | 'relearning' {
  return STATES[(stored.state as State) ?? State.New] ?? 'new';
}

/** Rating derived from the answer: wrong → again; right with hints → hard; right unaided → good. */
export function deriveRating(correct: boolean, hintsUsed: number): ReviewRating {
  if (!correct) return 'again';
  return hintsUsed > 0 ? 'hard' : 'good';
}

const inLearningSteps = (stored: StoredCard) => ['learning', 'relearning'].includes(stateOf(stored));

/**
 * Is the card due at `now`, so that answering it is a review (rescheduled, XP when right) rather
 * than practice? As in Anki: a card in learning steps (minutes apart) when its time has come; a
 * new or review card (days apart) all day on its due date, in the learner's time zone.
 */
export function isDue(card: { fsrs: StoredCard; due: Date }, now: Date, clock: LearnerClock): boolean {
  if (inLearningSteps(card.fsrs)) return card.due <= now;
  return clock.localDate(card.due) <= clock.localDate(now);
}

/** isDue as SQL over review_cards' `due` and `fsrs`, at the transaction's now(). */
export function dueNowSql(clock: LearnerClock) {
  const tomorrow = addDays(clock.localDate(), 1);
  return sql<boolean>`(due < (${tomorrow}::date::timestamp at time zone ${clock.timezone})
    and (due <= now() or coalesce((fsrs->>'state')::int, ${State.New}) not in (${State.Learning}, ${State.Relearning})))`;
}
