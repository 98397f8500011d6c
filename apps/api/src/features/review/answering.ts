// Answering a card: judged (answers.ts) before any transaction, then recorded in one. An answer to
// a due card is a review (rescheduled with FSRS, logged, XP once for the step when right); one to a
// card not yet due is practice (graded; no XP, no log, the schedule unchanged).
import type { FastifyBaseLogger } from 'fastify';
import type { AnswerResult, ReviewRating } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { conflict } from '../../http/errors.ts';
import { logActivity } from '../activity/log.ts';
import { awardXp, XP_RULES } from '../xp/ledger.ts';
import { xpSourceKey } from '../xp/source-keys.ts';
import { milestonesOf } from '../xp/levels.ts';
import { learnerClock, type LearnerClock } from '../xp/clock.ts';
import { deriveRating, isDue, rate, stateOf } from './scheduler.ts';
import { judgeAnswer } from './answers.ts';
import { learnerScheduling } from './learner.ts';
import { CARD_COLUMNS, loadCard, toCard, type CardRow } from './cards.ts';

/** Whole days from one YYYY-MM-DD date to another. */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

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

const xpOf = async (tx: Tx, userId: string) =>
  (await tx.selectFrom('users').select('xp').where('id', '=', userId).executeTakeFirstOrThrow()).xp;

/** A due card answered: rescheduled with FSRS, logged, and XP once for this review step when right. */
async function review(
  tx: Tx,
  { card, step, clock }: { card: CardRow; step: ReviewStep; clock: LearnerClock },
): Promise<StepResult> {
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
        sourceKey: xpSourceKey.review(card.id, card.reps),
        amount: XP_RULES.reviewCorrect,
        reason: 'review_correct',
      })
    : { amount: 0, xp: await xpOf(tx, step.userId), dailyGoalMet: false };
  return {
    updated,
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
    updated,
    intervalDays,
    xpAwarded: 0,
    xp: await xpOf(tx, step.userId),
    practice: true,
    dailyGoalMet: false,
  };
}

/** answer(userId, { id, answer?, rating?, signal?, log }): judged, then recorded as a review or practice. */
export function createAnswering({ db, ai }: Pick<AppContext, 'db' | 'ai'>) {
  return async function answer(
    userId: string,
    input: {
      id: string;
      answer?: string;
      rating?: ReviewRating;
      signal?: AbortSignal;
      log: FastifyBaseLogger;
    },
  ): Promise<AnswerResult> {
    const { id } = input;
    const card = await db.asUser(userId, (tx) => loadCard(tx, id));
    // Judged before the transaction: none is open while the model judges.
    const verdict =
      input.answer === undefined
        ? undefined
        : await judgeAnswer(ai, { card, answer: input.answer, userId, signal: input.signal });
    const correct = verdict?.correct ?? null;
    const hintsUsed = card.hints_revealed;
    const rating: ReviewRating = input.rating ?? deriveRating(correct === true, hintsUsed);
    const step: ReviewStep = {
      userId,
      rating,
      correct,
      hintsUsed,
      answer: input.answer ?? null,
      now: new Date(),
    };

    const result = await db.asUser(userId, async (tx) => {
      const current = await loadCard(tx, id, true);
      // Another answer to the same review step landed first (a double submit): don't count twice.
      if (current.reps !== card.reps)
        throw conflict('This card was just answered. Load it again for its next review.', 'already_answered');
      const clock = await learnerClock(tx, userId);
      return isDue(current, step.now, clock)
        ? review(tx, { card: current, step, clock })
        : practise(tx, current, step);
    });
    logActivity(db, input.log, userId, {
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
  };
}
