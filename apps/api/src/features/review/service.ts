// Review: questions generated from a lesson, a path, a chat session (or a document) become cards
// scheduled with FSRS. Answers are judged (multiple choice exactly; free text by answers.ts, then
// by the model when that does not accept it). An answer to a due card reschedules it and, when
// right, earns XP once for that review step; an answer to a card that is not due is practice:
// graded, with no XP and the schedule unchanged.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import {
  type AnswerResult,
  type GeneratedQuestion,
  type ReviewCard,
  type ReviewRating,
  type ReviewSource,
  type ReviewStats,
  type WorkloadEstimate,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { AiLog } from '../../platform/ai/index.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { logActivity } from '../activity/log.ts';
import { awardXp, XP_RULES } from '../xp/ledger.ts';
import { milestonesOf } from '../xp/levels.ts';
import { addDays, learnerClock, type LearnerClock } from '../xp/clock.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import { normalize } from '../learning/text.ts';
import { deriveRating, dueNowSql, isDue, newCard, rate, stateOf, type StoredCard } from './scheduler.ts';
import { generateQuestions } from './questions.ts';
import { materialFor } from './material.ts';
import { judgeAnswer } from './answers.ts';
import { iso } from '../../platform/db/values.ts';
import { learnerScheduling } from './learner.ts';
import { estimateWorkload, WORKLOAD_DAYS } from './workload.ts';
import { MIN_REVIEWS } from './optimiser.ts';

/** Whole days from one YYYY-MM-DD date to another. */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

type SourceFilter = { sourceType?: string; sourceId?: string; lessonId?: string };

/** Narrows a review_cards query to one source (and one lesson of it) when asked. */
function bySource<Q extends { where: (...args: never[]) => Q }>(query: Q, f: SourceFilter): Q {
  const w = query.where as unknown as (col: string, op: string, v: string) => Q;
  let q = query;
  if (f.sourceType) q = w.call(q, 'source_type', '=', f.sourceType);
  if (f.sourceId) q = (q.where as unknown as typeof w).call(q, 'source_id', '=', f.sourceId);
  if (f.lessonId) q = (q.where as unknown as typeof w).call(q, 'lesson_id', '=', f.lessonId);
  return q;
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
export type CardRow = {
  id: string;
  source_type: ReviewCard['source']['type'];
  source_id: string;
  lesson_id: string | null;
  source_title: string | null;
  question_type: ReviewCard['type'];
  question: string;
  choices: string[] | null;
  answer: string;
  hints: string[];
  explanation: string;
  difficulty: ReviewCard['difficulty'];
  hints_revealed: number;
  due: Date;
  fsrs: StoredCard;
  reps: number;
  last_reviewed_at: Date | null;
  created_at: Date;
};

/** One answer to a card, judged and rated, about to be recorded. */
interface ReviewStep {
  userId: string;
  rating: ReviewRating;
  correct: boolean | null;
  hintsUsed: number;
  answer: string | null;
  now: Date;
}
interface StepResult {
  updated: CardRow;
  intervalDays: number;
  xpAwarded: number;
  xp: number;
  practice: boolean;
  dailyGoalMet: boolean;
}

/** A new card's row: the question, where it came from, and a fresh FSRS state (due now). */
export function newCardValues(
  userId: string,
  source: ReviewSource,
  sourceTitle: string,
  q: GeneratedQuestion,
  now: Date,
) {
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

export function createReviewService(ctx: AppContext) {
  const { db } = ctx;

  async function loadCard(tx: Tx, id: string, lock = false): Promise<CardRow> {
    let q = tx.selectFrom('review_cards').select(CARD_COLUMNS).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('Review card');
    return row as unknown as CardRow;
  }

  const xpOf = async (tx: Tx, userId: string) =>
    (await tx.selectFrom('users').select('xp').where('id', '=', userId).executeTakeFirstOrThrow()).xp;

  /** A due card answered: rescheduled with FSRS, logged, and XP once for this review step when right. */
  async function review(tx: Tx, card: CardRow, step: ReviewStep, clock: LearnerClock): Promise<StepResult> {
    const next = rate(card.fsrs, step.rating, step.now, await learnerScheduling(tx, step.userId));
    // The scheduler's own record of the last review (the row's column only exists for ChitChat's).
    const last = card.fsrs.last_review ? new Date(String(card.fsrs.last_review)) : card.last_reviewed_at;
    const lastDate = last ? clock.localDate(last) : null;
    const today = clock.localDate(step.now);
    const updated = await tx
      .updateTable('review_cards')
      .set({
        due: next.due,
        fsrs: JSON.stringify(next.fsrs),
        reps: card.reps + 1,
        hints_revealed: 0,
        last_reviewed_at: step.now,
      })
      .where('id', '=', card.id)
      .returning(CARD_COLUMNS)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('review_logs')
      .values({
        card_id: card.id,
        user_id: step.userId,
        rating: step.rating,
        correct: step.correct,
        hints_used: step.hintsUsed,
        answer: step.answer,
        due_before: card.due,
        due_after: next.due,
        local_date: today,
        reviewed_at: step.now,
        // What the FSRS optimiser reads: the state before this review and the days since the last.
        state: stateOf(card.fsrs),
        elapsed_days: lastDate ? Math.max(0, daysBetween(lastDate, today)) : 0,
      })
      .execute();
    const award = step.correct
      ? await awardXp(tx, step.userId, {
          sourceKey: `review:${card.id}:${card.reps}`,
          amount: XP_RULES.reviewCorrect,
          reason: 'review_correct',
        })
      : { amount: 0, xp: await xpOf(tx, step.userId), dailyGoalMet: false };
    return {
      updated: updated as unknown as CardRow,
      intervalDays: next.intervalDays,
      xpAwarded: award.amount,
      xp: award.xp,
      practice: false,
      dailyGoalMet: award.dailyGoalMet,
    };
  }

  /** A card answered before it is due: graded, but no XP, no review logged, the schedule as it was. */
  async function practise(tx: Tx, card: CardRow, step: ReviewStep): Promise<StepResult> {
    // The next attempt starts without hints, as after a review.
    const updated = await tx
      .updateTable('review_cards')
      .set({ hints_revealed: 0 })
      .where('id', '=', card.id)
      .returning(CARD_COLUMNS)
      .executeTakeFirstOrThrow();
    const intervalDays = (card.due.getTime() - step.now.getTime()) / 86_400_000;
    return {
      updated: updated as unknown as CardRow,
      intervalDays,
      xpAwarded: 0,
      xp: await xpOf(tx, step.userId),
      practice: true,
      dailyGoalMet: false,
    };
  }

  return {
    async generate(
      userId: string,
      source: ReviewSource,
      count: number,
      opts: { signal?: AbortSignal; log?: AiLog },
    ): Promise<ReviewCard[]> {
      const material = await db.asUser(userId, (tx) => materialFor(tx, source));
      const questions = await generateQuestions(ctx.ai, material, count, { ...opts, userId });
      const now = new Date();
      const rows = await db.asUser(userId, async (tx) => {
        // Re-check the source still exists (it may have been deleted during generation).
        await materialFor(tx, source);
        // Generating again from the same source adds only questions the learner does not have yet.
        const existing = await tx
          .selectFrom('review_cards')
          .select('question')
          .where('source_type', '=', source.type)
          .where('source_id', '=', source.id)
          .execute();
        const seen = new Set(existing.map((e) => normalize(e.question)));
        const fresh = questions.filter((q) => {
          const k = normalize(q.question);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        if (!fresh.length) return [];
        return tx
          .insertInto('review_cards')
          .values(fresh.map((q) => newCardValues(userId, source, material.title, q, now)))
          .returning(CARD_COLUMNS)
          .execute();
      });
      return (rows as unknown as CardRow[]).map(toCard);
    },

    /**
     * The queue: the cards due now (see isDue: answering them counts as a review), most overdue first,
     * optionally one source's (or one lesson's) cards only; with when the next card outside it falls due.
     */
    async due(userId: string, q: { cursor?: string; limit: number } & SourceFilter) {
      const after = decodeCursor(q.cursor);
      const { rows, next } = await db.asUser(userId, async (tx) => {
        const clock = await learnerClock(tx, userId);
        let query = bySource(
          tx
            .selectFrom('review_cards')
            .select([...CARD_COLUMNS, exactTs('due').as('k')])
            .where('user_id', '=', userId),
          q,
        ).where(dueNowSql(clock));
        if (after)
          query = query.where(sql<boolean>`(due, id) > (${after.key}::timestamptz, ${after.id}::uuid)`);
        const rows = await query
          .orderBy('due', 'asc')
          .orderBy('id', 'asc')
          .limit(q.limit + 1)
          .execute();
        const next = await bySource(
          tx
            .selectFrom('review_cards')
            .select(sql<Date | null>`min(due)`.as('next'))
            .where('user_id', '=', userId),
          q,
        )
          .where(sql<boolean>`not ${dueNowSql(clock)}`)
          .executeTakeFirst();
        return { rows, next: next?.next ?? null };
      });
      const page = toPage(rows as unknown as (CardRow & { k: string })[], q.limit, toCard, (r) =>
        encodeCursor(r.k, r.id),
      );
      return { ...page, nextDueAt: next ? iso(next) : null };
    },

    async list(userId: string, q: { cursor?: string; limit: number } & SourceFilter) {
      const after = decodeCursor(q.cursor);
      const rows = await db.asUser(userId, (tx) => {
        let query = bySource(
          tx
            .selectFrom('review_cards')
            .select([...CARD_COLUMNS, exactTs('created_at').as('k')])
            .where('user_id', '=', userId),
          q,
        );
        if (after)
          query = query.where(
            sql<boolean>`(created_at, id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
          );
        return query
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit + 1)
          .execute();
      });
      return toPage(rows as unknown as (CardRow & { k: string })[], q.limit, toCard, (r) =>
        encodeCursor(r.k, r.id),
      );
    },

    get: (userId: string, id: string) => db.asUser(userId, async (tx) => toCard(await loadCard(tx, id))),

    async remove(userId: string, id: string) {
      const r = await db.asUser(userId, (tx) =>
        tx.deleteFrom('review_cards').where('id', '=', id).executeTakeFirst(),
      );
      if (!Number(r.numDeletedRows)) throw notFound('Review card');
    },

    /** Reveals the next hint of the current attempt (one at a time). */
    async hint(userId: string, id: string) {
      return db.asUser(userId, async (tx) => {
        const card = await loadCard(tx, id, true);
        if (card.hints_revealed >= card.hints.length)
          throw conflict('All hints for this question are already shown.', 'no_more_hints');
        const revealed = card.hints_revealed + 1;
        await tx.updateTable('review_cards').set({ hints_revealed: revealed }).where('id', '=', id).execute();
        return {
          index: revealed,
          hint: card.hints[revealed - 1],
          hintsRevealed: card.hints.slice(0, revealed),
          remaining: card.hints.length - revealed,
        };
      });
    },

    async answer(
      userId: string,
      id: string,
      body: { answer?: string; rating?: ReviewRating },
      opts: { signal?: AbortSignal; log: FastifyBaseLogger },
    ): Promise<AnswerResult> {
      const card = await db.asUser(userId, (tx) => loadCard(tx, id));
      // Judged before the transaction: none is open while the model judges.
      const verdict =
        body.answer === undefined
          ? undefined
          : await judgeAnswer(ctx.ai, card, body.answer, { userId, signal: opts.signal });
      const correct = verdict?.correct ?? null;
      const hintsUsed = card.hints_revealed;
      const rating: ReviewRating = body.rating ?? deriveRating(correct === true, hintsUsed);
      const step: ReviewStep = {
        userId,
        rating,
        correct,
        hintsUsed,
        answer: body.answer ?? null,
        now: new Date(),
      };

      const result = await db.asUser(userId, async (tx) => {
        const current = await loadCard(tx, id, true);
        // Another answer to the same review step landed first (a double submit): don't count twice.
        if (current.reps !== card.reps)
          throw conflict(
            'This card was just answered. Load it again for its next review.',
            'already_answered',
          );
        const clock = await learnerClock(tx, userId);
        return isDue(current, step.now, clock)
          ? review(tx, current, step, clock)
          : practise(tx, current, step);
      });
      logActivity(db, opts.log, userId, {
        kind: 'review_answered',
        subjectType: 'review_card',
        subjectId: id,
        pathId: card.source_type === 'lesson' || card.source_type === 'path' ? card.source_id : undefined,
        lessonId: card.lesson_id ?? undefined,
        metadata: { rating, correct, practice: result.practice },
      });
      return {
        correct,
        feedback: verdict?.feedback ?? `Rated ${rating}.`,
        expectedAnswer: card.answer,
        explanation: card.explanation,
        rating,
        hintsUsed,
        practice: result.practice,
        card: toCard(result.updated),
        intervalDays: Math.round(result.intervalDays * 10_000) / 10_000,
        xpAwarded: result.xpAwarded,
        xp: result.xp,
        milestones: milestonesOf(result.xp, result.xpAwarded, result.dailyGoalMet),
      };
    },

    /** What reviewing at `retention` (default: the learner's setting) would cost over the next 30 days. */
    async workload(userId: string, retention?: number): Promise<WorkloadEstimate> {
      const { scheduling, cards, reviews } = await db.asUser(userId, async (tx) => {
        const scheduling = await learnerScheduling(tx, userId);
        const cards = await tx
          .selectFrom('review_cards')
          .select('fsrs')
          .where('user_id', '=', userId)
          .execute();
        const { n } = await tx
          .selectFrom('review_logs')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        return { scheduling, cards, reviews: n };
      });
      const target = retention ?? scheduling.retention;
      const w = estimateWorkload(
        cards.map((c) => c.fsrs as StoredCard),
        { retention: target, weights: scheduling.weights },
        new Date(),
      );
      return {
        retention: target,
        desiredRetention: scheduling.retention,
        days: WORKLOAD_DAYS,
        cards: cards.length,
        cardsPerDay: w.cardsPerDay,
        perDay: w.perDay,
        parameters: {
          personalised: scheduling.weights !== null,
          reviews,
          minReviews: MIN_REVIEWS,
          fittedOn: scheduling.fittedOn,
          optimisedAt: scheduling.optimisedAt ? iso(scheduling.optimisedAt) : null,
        },
      };
    },

    async stats(userId: string): Promise<ReviewStats> {
      return db.asUser(userId, async (tx) => {
        const clock = await learnerClock(tx, userId);
        const today = clock.localDate();
        const tomorrow = addDays(today, 1);
        const since = addDays(today, -13);
        const counts = await sql<{ due_today: number; due_now: number; total: number; new_cards: number }>`
          select count(*) filter (where due < (${tomorrow}::date::timestamp at time zone ${clock.timezone}))::int as due_today,
                 count(*) filter (where due <= now())::int as due_now,
                 count(*)::int as total,
                 count(*) filter (where reps = 0)::int as new_cards
            from review_cards where user_id = ${userId}::uuid`.execute(tx);
        const retention = await sql<{ n: number; ok: number }>`
          select count(*)::int as n,
                 count(*) filter (where coalesce(correct, rating <> 'again'))::int as ok
            from review_logs where user_id = ${userId}::uuid and reviewed_at >= now() - interval '30 days'`.execute(
          tx,
        );
        const perDay = await sql<{ d: string; reviews: number; correct: number }>`
          select local_date::text as d, count(*)::int as reviews, count(*) filter (where coalesce(correct, rating <> 'again'))::int as correct
            from review_logs where user_id = ${userId}::uuid and local_date >= ${since}::date
           group by local_date`.execute(tx);
        const byDay = new Map(perDay.rows.map((r) => [r.d, r]));
        const c = counts.rows[0];
        const r = retention.rows[0];
        return {
          dueToday: c.due_today,
          dueNow: c.due_now,
          totalCards: c.total,
          newCards: c.new_cards,
          retention: r.n ? Math.round((r.ok / r.n) * 1000) / 1000 : null,
          reviewsPerDay: Array.from({ length: 14 }, (_, i) => {
            const date = addDays(since, i);
            return { date, reviews: byDay.get(date)?.reviews ?? 0, correct: byDay.get(date)?.correct ?? 0 };
          }),
          timezone: clock.timezone,
        };
      });
    },
  };
}
