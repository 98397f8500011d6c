// Cards from a concept source (a document, a lesson, a chat): its concepts are saved first (once
// per learner), then each concept without a card from this source gets one — an existing card the
// learner already made from it ("Review this lesson", "Quiz me") when one tests it, else a new one
// a model (or the offline engine) writes. Asking again makes nothing new and calls no model.
import type { ConceptSource, MakeCardsResult, ReviewSource } from '@chitchat/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { AiLog } from '../../platform/ai/index.ts';
import { unprocessable } from '../../http/errors.ts';
import { learnerClock } from '../xp/clock.ts';
import { materialFor } from '../review/material.ts';
import { generateQuestions } from '../review/questions.ts';
import { CARD_COLUMNS, newCardValues, toCard, withoutDuplicates, type CardRow } from '../review/service.ts';
import { assignQuestions } from './assign.ts';
import { loadMap, summaryOf, type ConceptState } from './map.ts';
import { conceptsIn, linkedConcepts, prepare, saveConcepts, sourceKey } from './sources.ts';

const reviewSourceOf = (s: ConceptSource): ReviewSource =>
  s.type === 'lesson' ? { type: 'lesson', id: s.id, lessonId: s.lessonId } : s;

/** Which of these concepts already have a card from this source. */
async function coveredBy(tx: Tx, key: string, ids: string[]): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('concept_cards')
    .select('concept_id')
    .where('source_key', '=', key)
    .where('concept_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.concept_id));
}

export function createCardMaker(ctx: AppContext) {
  const { db } = ctx;

  /**
   * Reads a source's concepts and saves them (no transaction is open while names are embedded);
   * `names`, when given, stand for the source's own (a chat's topics). Returns every concept linked
   * to the source.
   */
  async function collect(
    userId: string,
    source: ConceptSource,
    opts: { signal?: AbortSignal; names?: string[] } = {},
  ): Promise<string[]> {
    const { found, known } = await db.asUser(userId, async (tx) => ({
      found: await conceptsIn(tx, source),
      known: new Set(
        (await tx.selectFrom('concepts').select('norm_name').where('user_id', '=', userId).execute()).map(
          (r) => r.norm_name,
        ),
      ),
    }));
    const prepared = await prepare(ctx.ai, opts.names ?? found.names, opts.signal, known);
    return db.asUser(userId, async (tx) => {
      const ids = await saveConcepts(tx, userId, source, found.title, prepared);
      const linked = await linkedConcepts(tx, source);
      return [...new Set([...ids, ...linked])];
    });
  }

  /**
   * Cards the learner already has from this source ("Review this lesson", "Quiz me") test its
   * concepts too: each uncovered concept takes the unlinked card that matches it best, so no concept
   * gets a second card from one source and those cards count towards mastery.
   */
  async function adoptExisting(userId: string, source: ConceptSource, ids: string[], key: string) {
    await db.asUser(userId, async (tx) => {
      await tx.selectFrom('concepts').select('id').where('id', 'in', ids).forUpdate().execute();
      const covered = await coveredBy(tx, key, ids);
      const open = ids.filter((id) => !covered.has(id));
      if (!open.length) return;
      const lesson = source.type === 'lesson' ? sql`and r.lesson_id = ${source.lessonId}` : sql``;
      const unlinked = await sql<{ id: string; question: string; answer: string; explanation: string }>`
        select r.id, r.question, r.answer, r.explanation from review_cards r
         where r.user_id = ${userId}::uuid and r.source_type = ${source.type} and r.source_id = ${source.id} ${lesson}
           and not exists (select 1 from concept_cards cc where cc.card_id = r.id)
         order by r.created_at, r.id`.execute(tx);
      if (!unlinked.rows.length) return;
      const names = await tx.selectFrom('concepts').select(['id', 'name']).where('id', 'in', open).execute();
      const pairs = assignQuestions(
        unlinked.rows,
        open.flatMap((id) => names.filter((n) => n.id === id)),
      );
      const links = pairs.flatMap(({ question, conceptId }) => {
        const card = unlinked.rows[question];
        return card ? [{ concept_id: conceptId, card_id: card.id, user_id: userId, source_key: key }] : [];
      });
      if (links.length)
        await tx
          .insertInto('concept_cards')
          .values(links)
          .onConflict((oc) => oc.doNothing())
          .execute();
    });
  }

  async function summaries(userId: string, ids: string[]) {
    return db.asUser(userId, async (tx) => {
      const clock = await learnerClock(tx, userId);
      const map = await loadMap(tx, userId, clock, ids);
      const order = new Map(ids.map((id, i) => [id, i]));
      return map.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    });
  }

  /** Links the cards already made from a source to the concepts they test (no new cards, no questions asked of a model). */
  async function linkCards(userId: string, source: ConceptSource) {
    const ids = await collect(userId, source);
    if (ids.length) await adoptExisting(userId, source, ids, sourceKey(source));
  }

  /**
   * Cards from a source: its concepts first (saved once), then one new card for each concept that
   * has none from this source. Asking again makes nothing new (and calls no model).
   */
  async function makeCards(
    userId: string,
    source: ConceptSource,
    opts: { signal?: AbortSignal; log?: AiLog } = {},
  ): Promise<MakeCardsResult> {
    const ids = await collect(userId, source, { signal: opts.signal });
    if (!ids.length) {
      // Say why: no material at all (an offline outline, a chat of notices), or nothing named in it.
      await db.asUser(userId, (tx) => materialFor(tx, reviewSourceOf(source)));
      throw unprocessable(
        source.type === 'session'
          ? 'This conversation has no topic yet: cards are made once it has a title.'
          : 'No concepts were found in this material, so there is nothing to make cards about.',
        'no_concepts',
      );
    }
    const key = sourceKey(source);
    await adoptExisting(userId, source, ids, key);
    const before = await db.asUser(userId, (tx) => coveredBy(tx, key, ids));
    const states = await summaries(userId, ids);
    const open = states.filter((c) => !before.has(c.id));
    const result = (created: CardRow[], after: ConceptState[], uncovered: number, duplicates = 0) => ({
      concepts: after.map(summaryOf),
      created: created.map(toCard),
      skipped: before.size,
      duplicates,
      uncovered,
    });
    if (!open.length) return result([], states, 0);

    const material = await db.asUser(userId, (tx) => materialFor(tx, reviewSourceOf(source)));
    const questions = await generateQuestions(ctx.ai, {
      material,
      count: Math.min(20, open.length + 2),
      ...opts,
      userId,
    });
    const now = new Date();
    const created = await db.asUser(userId, async (tx) => {
      await materialFor(tx, reviewSourceOf(source)); // still there
      // Concurrent requests for the same source: the second waits here and finds the links made.
      await tx.selectFrom('concepts').select('id').where('id', 'in', ids).forUpdate().execute();
      const covered = await coveredBy(tx, key, ids);
      // Never a copy of a card the learner already has, from this source or any other.
      const { fresh, duplicates } = await withoutDuplicates(tx, userId, reviewSourceOf(source), questions);
      const pairs = assignQuestions(
        fresh,
        open.filter((c) => !covered.has(c.id)),
      );
      const rows: CardRow[] = [];
      for (const { question, conceptId } of pairs) {
        const q = fresh[question];
        if (!q) continue;
        const card = await tx
          .insertInto('review_cards')
          .values(
            newCardValues({
              userId,
              source: reviewSourceOf(source),
              sourceTitle: material.title,
              question: q,
              now,
            }),
          )
          .returning(CARD_COLUMNS)
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('concept_cards')
          .values({ concept_id: conceptId, card_id: card.id, user_id: userId, source_key: key })
          .execute();
        rows.push(card);
      }
      // Each new card covers one more concept (one card per concept and source).
      return { rows, duplicates, uncovered: ids.length - covered.size - rows.length };
    });
    return result(created.rows, await summaries(userId, ids), created.uncovered, created.duplicates);
  }

  return { collect, linkCards, makeCards, summaries };
}
