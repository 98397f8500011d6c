// Review: questions generated from a lesson, a path, a chat session (or a document) become cards
// scheduled with FSRS (cards.ts), and the queue and list of them, hints and deletion. Answers are
// in answering.ts (a due card's is a review, an early one's practice), the numbers in stats.ts.
import { sql } from 'kysely';
import type { ReviewCard, ReviewSource } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { AiLog } from '../../platform/ai/index.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { learnerClock } from '../xp/clock.ts';
import { keysetPage, newestFirst, oldestFirst } from '../../platform/db/cursor.ts';
import { dueNowSql } from './scheduler.ts';
import { generateQuestions } from './questions.ts';
import { materialFor } from './material.ts';
import { iso } from '../../platform/db/values.ts';
import {
  bySource,
  CARD_COLUMNS,
  loadCard,
  newCardValues,
  toCard,
  withoutDuplicates,
  type SourceFilter,
} from './cards.ts';
import { createAnswering } from './answering.ts';
import { createReviewStats } from './stats.ts';

// concepts/ reads and writes cards through these.
export { CARD_COLUMNS, newCardValues, toCard, withoutDuplicates, type CardRow } from './cards.ts';

export function createReviewService(ctx: AppContext) {
  const { db } = ctx;

  return {
    async generate(
      userId: string,
      input: { source: ReviewSource; count: number; signal?: AbortSignal; log?: AiLog },
    ): Promise<{ items: ReviewCard[]; duplicates: number }> {
      const { source, count, signal, log } = input;
      let skipped = 0;
      const material = await db.asUser(userId, (tx) => materialFor(tx, source));
      const questions = await generateQuestions(ctx.ai, { material, count, userId, signal, log });
      const now = new Date();
      const rows = await db.asUser(userId, async (tx) => {
        // Re-check the source still exists (it may have been deleted during generation).
        await materialFor(tx, source);
        // Generating again adds only questions the learner does not have yet, from any source.
        const { fresh, duplicates } = await withoutDuplicates(tx, userId, source, questions);
        skipped = duplicates;
        if (!fresh.length) return [];
        return tx
          .insertInto('review_cards')
          .values(
            fresh.map((question) =>
              newCardValues({ userId, source, sourceTitle: material.title, question, now }),
            ),
          )
          .returning(CARD_COLUMNS)
          .execute();
      });
      return { items: rows.map(toCard), duplicates: skipped };
    },

    /**
     * The queue: the cards due now (see isDue: answering them counts as a review), most overdue first,
     * optionally one source's (or one lesson's) cards only; with when the next card outside it falls due.
     */
    async due(userId: string, q: { cursor?: string; limit: number } & SourceFilter) {
      const { rows, next } = await db.asUser(userId, async (tx) => {
        const clock = await learnerClock(tx, userId);
        const query = bySource(
          tx.selectFrom('review_cards').select(CARD_COLUMNS).where('user_id', '=', userId),
          q,
        ).where(dueNowSql(clock));
        const rows = await oldestFirst(query, {
          at: 'due',
          id: 'id',
          cursor: q.cursor,
          limit: q.limit,
        }).execute();
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
      const page = keysetPage(rows, q.limit, toCard);
      return { ...page, nextDueAt: next ? iso(next) : null };
    },

    async list(userId: string, q: { cursor?: string; limit: number } & SourceFilter) {
      const rows = await db.asUser(userId, (tx) =>
        newestFirst(
          bySource(tx.selectFrom('review_cards').select(CARD_COLUMNS).where('user_id', '=', userId), q),
          { at: 'created_at', id: 'id', cursor: q.cursor, limit: q.limit },
        ).execute(),
      );
      return keysetPage(rows, q.limit, toCard);
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
        const hint = card.hints[card.hints_revealed];
        if (hint === undefined)
          throw conflict('All hints for this question are already shown.', 'no_more_hints');
        const revealed = card.hints_revealed + 1;
        await tx.updateTable('review_cards').set({ hints_revealed: revealed }).where('id', '=', id).execute();
        return {
          index: revealed,
          hint,
          hintsRevealed: card.hints.slice(0, revealed),
          remaining: card.hints.length - revealed,
        };
      });
    },

    answer: createAnswering(ctx),
    ...createReviewStats(ctx),
  };
}
