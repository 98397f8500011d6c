// Concepts: the learner's concept map (list by strength, one concept with its sources and cards),
// cards made from a document, a lesson or a chat (one per concept and source), and weak-spot
// practice sessions (due cards first, then the most at-risk). Answers go through the review
// feature's answer flow, so XP follows its rules only.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type {
  ConceptDetail,
  ConceptSource,
  ConceptsPage,
  MakeCardsResult,
  PracticeSession,
  ReviewSource,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { AiLog } from '../../platform/ai/index.ts';
import { badRequest, notFound, unprocessable } from '../../http/errors.ts';
import { iso } from '../../platform/db/values.ts';
import { learnerClock } from '../xp/clock.ts';
import { normalize } from '../learning/text.ts';
import { materialFor } from '../review/material.ts';
import { generateQuestions } from '../review/questions.ts';
import { CARD_COLUMNS, newCardValues, toCard, type CardRow } from '../review/service.ts';
import { assignQuestions } from './assign.ts';
import { byWeakness, loadMap, summaryOf, type ConceptState } from './map.ts';
import { conceptsIn, linkedConcepts, prepare, saveConcepts, sourceKey } from './sources.ts';

export const CARDS_JOB = 'concepts.cards';
export const LINK_JOB = 'concepts.link';
/** A source's key as part of a job id: BullMQ refuses ids with a colon (its own key separator). */
const jobKey = (source: ConceptSource) => sourceKey(source).replace(/:/g, '.');
/** A chat with this many answers has its topic added as a concept (and, when automatic, cards). */
export const SESSION_TURNS_FOR_CONCEPTS = 3;

const reviewSourceOf = (s: ConceptSource): ReviewSource =>
  s.type === 'lesson' ? { type: 'lesson', id: s.id, lessonId: s.lessonId } : s;

/** List cursor: the last item's sort key (mastery or null, has cards, name, id). */
function encodeListCursor(c: ConceptState): string {
  return Buffer.from(JSON.stringify([c.mastery, c.cards.length > 0, c.name, c.id])).toString('base64url');
}
function decodeListCursor(cursor: string | undefined) {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 4 &&
      (v[0] === null || typeof v[0] === 'number') &&
      typeof v[1] === 'boolean' &&
      typeof v[2] === 'string' &&
      typeof v[3] === 'string'
    )
      return {
        mastery: v[0] as number | null,
        hasCards: v[1] as boolean,
        name: v[2] as string,
        id: v[3] as string,
      };
  } catch {
    /* fall through */
  }
  throw badRequest('Invalid cursor: pass back the nextCursor value from the previous page.');
}

export function createConceptsService(ctx: AppContext) {
  const { db } = ctx;

  /** Reads a source's concepts and saves them (no transaction is open while names are embedded). */
  async function collect(userId: string, source: ConceptSource, signal?: AbortSignal): Promise<string[]> {
    const { found, known } = await db.asUser(userId, async (tx) => ({
      found: await conceptsIn(tx, source),
      known: new Set(
        (await tx.selectFrom('concepts').select('norm_name').where('user_id', '=', userId).execute()).map(
          (r) => r.norm_name,
        ),
      ),
    }));
    const prepared = await prepare(ctx.ai, found.names, signal, known);
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
      const covered = new Set(
        (
          await tx
            .selectFrom('concept_cards')
            .select('concept_id')
            .where('source_key', '=', key)
            .where('concept_id', 'in', ids)
            .execute()
        ).map((r) => r.concept_id),
      );
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
        open.map((id) => names.find((n) => n.id === id)!).filter(Boolean),
      );
      if (pairs.length)
        await tx
          .insertInto('concept_cards')
          .values(
            pairs.map((p) => ({
              concept_id: p.conceptId,
              card_id: unlinked.rows[p.question].id,
              user_id: userId,
              source_key: key,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
    });
  }

  async function summaries(userId: string, ids: string[]) {
    return db.asUser(userId, async (tx) => {
      const clock = await learnerClock(tx, userId);
      const map = await loadMap(tx, userId, clock, ids);
      const order = new Map(ids.map((id, i) => [id, i]));
      return map.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    });
  }

  const service = {
    collect,

    /** Links the cards already made from a source to the concepts they test (no new cards, no questions asked of a model). */
    async linkCards(userId: string, source: ConceptSource) {
      const ids = await collect(userId, source);
      if (ids.length) await adoptExisting(userId, source, ids, sourceKey(source));
    },

    /**
     * Cards from a source: its concepts first (saved once), then one new card for each concept that
     * has none from this source. Asking again makes nothing new (and calls no model).
     */
    async makeCards(
      userId: string,
      source: ConceptSource,
      opts: { signal?: AbortSignal; log?: AiLog } = {},
    ): Promise<MakeCardsResult> {
      const ids = await collect(userId, source, opts.signal);
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
      const coveredIds = async () =>
        new Set(
          ids.length
            ? (
                await db.asUser(userId, (tx) =>
                  tx
                    .selectFrom('concept_cards')
                    .select('concept_id')
                    .where('source_key', '=', key)
                    .where('concept_id', 'in', ids)
                    .execute(),
                )
              ).map((r) => r.concept_id)
            : [],
        );
      await adoptExisting(userId, source, ids, key);
      const before = await coveredIds();
      const states = await summaries(userId, ids);
      const open = states.filter((c) => !before.has(c.id));
      const result = (created: CardRow[], after: ConceptState[]) => ({
        concepts: after.map(summaryOf),
        created: created.map(toCard),
        skipped: before.size,
      });
      if (!open.length) return result([], states);

      const material = await db.asUser(userId, (tx) => materialFor(tx, reviewSourceOf(source)));
      const questions = await generateQuestions(ctx.ai, material, Math.min(20, open.length + 2), {
        ...opts,
        userId,
      });
      const now = new Date();
      const created = await db.asUser(userId, async (tx) => {
        await materialFor(tx, reviewSourceOf(source)); // still there
        // Concurrent requests for the same source: the second waits here and finds the links made.
        await tx.selectFrom('concepts').select('id').where('id', 'in', ids).forUpdate().execute();
        const covered = new Set(
          (
            await tx
              .selectFrom('concept_cards')
              .select('concept_id')
              .where('source_key', '=', key)
              .where('concept_id', 'in', ids)
              .execute()
          ).map((r) => r.concept_id),
        );
        const seen = new Set(
          (
            await tx
              .selectFrom('review_cards')
              .select('question')
              .where('source_type', '=', source.type)
              .where('source_id', '=', source.id)
              .execute()
          ).map((r) => normalize(r.question)),
        );
        const fresh = questions.filter((q) => !seen.has(normalize(q.question)));
        const pairs = assignQuestions(
          fresh,
          open.filter((c) => !covered.has(c.id)),
        );
        const rows: CardRow[] = [];
        for (const { question, conceptId } of pairs) {
          const q = fresh[question];
          const card = await tx
            .insertInto('review_cards')
            .values(newCardValues(userId, reviewSourceOf(source), material.title, q, now))
            .returning(CARD_COLUMNS)
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('concept_cards')
            .values({ concept_id: conceptId, card_id: card.id, user_id: userId, source_key: key })
            .execute();
          rows.push(card as unknown as CardRow);
        }
        return rows;
      });
      return result(created, await summaries(userId, ids));
    },

    async list(
      userId: string,
      q: { cursor?: string; limit: number; order: 'weakest' | 'strongest' },
    ): Promise<ConceptsPage> {
      const after = decodeListCursor(q.cursor);
      const map = await db.asUser(userId, async (tx) => loadMap(tx, userId, await learnerClock(tx, userId)));
      const known = map.filter((c) => c.mastery !== null).sort(byWeakness);
      const unknown = map.filter((c) => c.mastery === null).sort(byWeakness);
      const sorted = [...(q.order === 'weakest' ? known : known.reverse()), ...unknown];
      let start = 0;
      if (after) {
        const pivot = {
          mastery: after.mastery,
          name: after.name,
          id: after.id,
          cards: after.hasCards ? [{}] : [],
        } as unknown as ConceptState;
        // The first item that sorts after the cursor's key in this order.
        const cmp = (c: ConceptState) => {
          if ((c.mastery === null) !== (pivot.mastery === null)) return c.mastery === null ? 1 : -1;
          const base = byWeakness(c, pivot);
          return q.order === 'strongest' && c.mastery !== null ? -base : base;
        };
        start = sorted.findIndex((c) => cmp(c) > 0);
        if (start < 0) start = sorted.length;
      }
      const slice = sorted.slice(start, start + q.limit + 1);
      const more = slice.length > q.limit;
      const items = slice.slice(0, q.limit);
      const counts = { unknown: 0, weak: 0, learning: 0, strong: 0 };
      for (const c of map) counts[c.level]++;
      return {
        items: items.map(summaryOf),
        nextCursor: more ? encodeListCursor(items[items.length - 1]) : null,
        counts,
      };
    },

    async get(userId: string, id: string): Promise<ConceptDetail> {
      return db.asUser(userId, async (tx) => {
        const [c] = await loadMap(tx, userId, await learnerClock(tx, userId), [id]);
        if (!c) throw notFound('Concept');
        const sources = await tx
          .selectFrom('concept_sources')
          .select(['source_type', 'source_id', 'lesson_id', 'title'])
          .where('concept_id', '=', id)
          .orderBy('created_at')
          .execute();
        return {
          ...summaryOf(c),
          sources: sources.map((s) => ({
            type: s.source_type,
            id: s.source_id,
            lessonId: s.lesson_id || null,
            title: s.title,
          })),
          cards: c.cards
            .sort((a, b) => a.due.getTime() - b.due.getTime() || (a.id < b.id ? -1 : 1))
            .map(toCard),
          recentAnswers: c.answers.slice(0, 10).map((a) => ({ correct: a.correct, at: iso(a.at) })),
        };
      });
    },

    /**
     * A weak-spots session: the cards of the weakest concepts — first those known to be weak or still
     * learning (weakest first), then, to fill the session, concepts not known yet, and strong ones
     * last; within each, due cards first, then the lowest recall probability now.
     */
    async practice(userId: string, q: { limit: number; conceptId?: string }): Promise<PracticeSession> {
      const map = await db.asUser(userId, async (tx) =>
        loadMap(tx, userId, await learnerClock(tx, userId), q.conceptId ? [q.conceptId] : undefined),
      );
      if (q.conceptId && !map.length) throw notFound('Concept');
      const tier = (c: ConceptState) =>
        c.level === 'weak' || c.level === 'learning' ? 0 : c.level === 'unknown' ? 1 : 2;
      const chosen = map.filter((c) => c.cards.length).sort((a, b) => tier(a) - tier(b) || byWeakness(a, b));
      const picked: { card: ConceptState['cards'][number]; concept: number; tier: number }[] = [];
      const seen = new Set<string>();
      chosen.forEach((c, i) => {
        for (const card of c.cards)
          if (!seen.has(card.id)) {
            seen.add(card.id);
            picked.push({ card, concept: i, tier: tier(c) });
          }
      });
      picked.sort(
        (a, b) =>
          a.tier - b.tier ||
          Number(b.card.is_due) - Number(a.card.is_due) ||
          (a.card.retrievability ?? 0) - (b.card.retrievability ?? 0) ||
          a.concept - b.concept ||
          a.card.due.getTime() - b.card.due.getTime() ||
          (a.card.id < b.card.id ? -1 : 1),
      );
      const items = picked.slice(0, q.limit);
      const used = new Set(items.map((p) => p.concept));
      return {
        items: items.map((p) => toCard(p.card)),
        concepts: chosen.filter((_c, i) => used.has(i)).map(summaryOf),
      };
    },
  };
  return service;
}

export type ConceptsService = ReturnType<typeof createConceptsService>;

/** Whether the learner asked for cards to be made automatically (Settings). */
export async function autoCardsOn(ctx: AppContext, userId: string): Promise<boolean> {
  const row = await ctx.db.asUser(userId, (tx) =>
    tx.selectFrom('users').select('preferences').where('id', '=', userId).executeTakeFirst(),
  );
  return (row?.preferences as { autoCards?: unknown } | undefined)?.autoCards === true;
}

/** After a source is read or finished: its concepts now, and its cards in a job when automatic. */
export async function afterSource(
  ctx: AppContext,
  userId: string,
  source: ConceptSource,
  log?: FastifyBaseLogger,
): Promise<void> {
  try {
    const concepts = createConceptsService(ctx);
    await concepts.collect(userId, source);
    if (await autoCardsOn(ctx, userId))
      await ctx.jobs.add(
        CARDS_JOB,
        {
          userId,
          type: source.type,
          id: source.id,
          lessonId: source.type === 'lesson' ? source.lessonId : null,
        },
        { jobId: `cards-${jobKey(source)}` },
      );
  } catch (err) {
    // Concepts are a by-product: a failure here never fails the learner's request or job.
    log?.warn({ err, source: source.type }, 'concepts: could not record the source’s concepts');
  }
}

/**
 * After cards were generated from a source ("Review this lesson", "Quiz me"): a job links them to
 * the source's concepts, so every card knows what it tests without the learner asking.
 */
export async function afterCardsGenerated(
  ctx: AppContext,
  userId: string,
  source: ConceptSource,
  log?: FastifyBaseLogger,
) {
  try {
    await ctx.jobs.add(
      LINK_JOB,
      {
        userId,
        type: source.type,
        id: source.id,
        lessonId: source.type === 'lesson' ? source.lessonId : null,
      },
      // Each generation's own job: one still running may have read the cards before these.
      { jobId: `link-${jobKey(source)}-${crypto.randomUUID()}` },
    );
  } catch (err) {
    // A by-product, as in afterSource: the cards are saved, so a queue failure never fails the request.
    log?.warn({ err, source: source.type }, 'concepts: could not queue linking the new cards');
  }
}

const sourceOfJob = (d: Record<string, unknown>) =>
  (d.type === 'lesson'
    ? { type: 'lesson', id: String(d.id), lessonId: String(d.lessonId) }
    : { type: String(d.type), id: String(d.id) }) as ConceptSource;

export function registerConceptJobs(ctx: AppContext) {
  ctx.jobs.handle(LINK_JOB, async (d) => {
    try {
      await createConceptsService(ctx).linkCards(String(d.userId), sourceOfJob(d));
    } catch (err) {
      // A source deleted meanwhile: nothing to link, nothing to retry.
      if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500)
        return;
      throw err;
    }
  });
  ctx.jobs.handle(CARDS_JOB, async (d) => {
    try {
      await createConceptsService(ctx).makeCards(String(d.userId), sourceOfJob(d));
    } catch (err) {
      // No material (an offline-only chat), a deleted source: nothing to make, nothing to retry.
      if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500)
        return;
      throw err;
    }
  });
}

/**
 * After a chat answer: once the session has SESSION_TURNS_FOR_CONCEPTS answers, its topic joins the
 * concept map (once per session: no model call per turn) and, when automatic, becomes cards.
 */
export async function afterChatTurn(
  ctx: AppContext,
  userId: string,
  sessionId: string,
  log?: FastifyBaseLogger,
): Promise<void> {
  try {
    const r = await ctx.db.asUser(userId, (tx) =>
      sql<{ n: number; linked: boolean }>`select
          (select count(*)::int from chat_messages where session_id = ${sessionId}::uuid and role = 'assistant') as n,
          exists (select 1 from concept_sources where source_type = 'session' and source_id = ${sessionId}) as linked`.execute(
        tx,
      ),
    );
    const { n, linked } = r.rows[0] ?? { n: 0, linked: true };
    if (n >= SESSION_TURNS_FOR_CONCEPTS && !linked)
      await afterSource(ctx, userId, { type: 'session', id: sessionId }, log);
  } catch (err) {
    log?.warn({ err }, 'concepts: could not check the chat session');
  }
}
