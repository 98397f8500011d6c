// Concepts: the learner's concept map. The service is card making (cards.ts) and reading
// (read.ts); this module is how other features feed it: a source read or finished (a document, a
// lesson of an own or enrolled tutor path, a chat at its third answer with its topics from
// topics.ts) adds its concepts, and its cards in a job when the learner asked for automatic cards.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { ConceptSource } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createCardMaker } from './cards.ts';
import { createConceptReader } from './read.ts';
import { sourceKey } from './sources.ts';
import { chatTopics } from './topics.ts';

export const CARDS_JOB = 'concepts.cards';
export const LINK_JOB = 'concepts.link';
export const CHAT_JOB = 'concepts.chat';
/** A source's key as part of a job id: BullMQ refuses ids with a colon (its own key separator). */
const jobKey = (source: ConceptSource) => sourceKey(source).replace(/:/g, '.');
/** A chat with this many answers has its topic added as a concept (and, when automatic, cards). */
export const SESSION_TURNS_FOR_CONCEPTS = 3;

export function createConceptsService(ctx: AppContext) {
  const { collect, linkCards, makeCards } = createCardMaker(ctx);
  return { collect, linkCards, makeCards, ...createConceptReader(ctx) };
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
  /** The source's concept names when the caller drew them (a chat's topics), else its own. */
  names?: string[],
): Promise<void> {
  try {
    await createCardMaker(ctx).collect(userId, source, { names });
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
  ctx.jobs.handle(CHAT_JOB, (d) =>
    conceptsFromChat(ctx, String(d.userId), String(d.sessionId), d.useModel === true),
  );
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
 * After a chat answer: once the session has SESSION_TURNS_FOR_CONCEPTS answers, a job adds its
 * topics (up to three: topics.ts) to the concept map and, when automatic, makes cards. Once per
 * session: a model is asked only at exactly that answer; a later answer of a chat that still has
 * no concept tries again with the answers' key terms (no model call per turn). A job, not work
 * after the reply: it survives a restart, and one per session and answer count runs at a time.
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
    if (n < SESSION_TURNS_FOR_CONCEPTS || linked) return;
    await ctx.jobs.add(
      CHAT_JOB,
      { userId, sessionId, useModel: n === SESSION_TURNS_FOR_CONCEPTS },
      { jobId: `chat-${sessionId}-${n}` },
    );
  } catch (err) {
    log?.warn({ err }, 'concepts: could not check the chat session');
  }
}

/** The chat job: the session's topics become concepts (unless an earlier job already did). */
async function conceptsFromChat(ctx: AppContext, userId: string, sessionId: string, useModel: boolean) {
  const linked = await ctx.db.asUser(userId, (tx) =>
    tx
      .selectFrom('concept_sources')
      .select('concept_id')
      .where('source_type', '=', 'session')
      .where('source_id', '=', sessionId)
      .executeTakeFirst(),
  );
  if (linked) return;
  const topics = await chatTopics(ctx, userId, sessionId, { useModel });
  if (topics.length) await afterSource(ctx, userId, { type: 'session', id: sessionId }, undefined, topics);
}
