// The prompt of a turn: the learner and the conversation before it and the grounding passages found
// for the question (turn-context.ts), put together with the system prompt within the token budget
// (context.ts), with the citations and the offline answer.
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Citation } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { searchAll } from '../../grounding.ts';
import type { AiImage, AiMessage, Passage } from '../../platform/ai/index.ts';
import { socraticPrompt } from '../../platform/ai/prompts/socratic.ts';
import { buildContext, type HistoryMessage } from './context.ts';
import { contextValue, groundingQuery, PASSAGES_PER_SOURCE, toContext } from './turn-context.ts';
import { offlineChatAnswer, rankByQuestion } from './offline.ts';
import { excerpt } from '../learning/quote.ts';
import type { Turn } from './service.ts';

const MAX_PASSAGES = 6;

const toCitation = (p: Passage): Citation => ({
  sourceType: p.sourceType,
  sourceId: p.sourceId,
  title: p.title,
  ...(p.page !== undefined ? { page: p.page } : {}),
  ...(p.lessonId !== undefined ? { lessonId: p.lessonId } : {}),
  snippet: excerpt(p.text, 300),
});

/**
 * The best passages over all sources, each once: the best scored, then those sharing the most of
 * the question's content words first (the offline answer quotes in this order).
 */
function bestPassages(question: string, found: Passage[]): Passage[] {
  const seen = new Set<string>();
  const best = found
    .filter((p) => {
      const key = `${p.sourceType}:${p.sourceId}:${p.lessonId ?? ''}:${p.page ?? ''}:${p.text}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_PASSAGES);
  return rankByQuestion(question, best);
}

/** prepare(userId, turn, log): everything the model needs for a turn. */
export function createTurnPrompt(ctx: Pick<AppContext, 'db' | 'config' | 'ai' | 'grounding'>) {
  const { db, config } = ctx;

  /**
   * Context and grounding for a turn. A new message's were read with it (begin.ts); a retry's or a
   * redo's context is read here. The sources are searched here when they were not then: when the
   * learner has embedded material (and the provider embeddings) the question is embedded first — a
   * model call, made outside any transaction — and when searching with the save failed.
   */
  async function gather(userId: string, turn: Turn, log: FastifyBaseLogger) {
    const read =
      turn.context ??
      (await db.asUser(userId, async (tx) => {
        const value = contextValue(
          userId,
          turn.sessionId,
          sql`(select created_at from chat_messages where id = ${turn.userMessage.id}::uuid)`,
          { checkEmbedded: !!ctx.ai.embed, historyLimit: config.AI_CONTEXT_MESSAGES },
        );
        const { rows } = await sql<{ context: unknown }>`select ${value} as context`.execute(tx);
        return toContext(rows[0]?.context, config.AI_CONTEXT_MESSAGES);
      }));
    let found = read.passages;
    const query = groundingQuery(turn.userMessage.content, turn.socratic);
    if (!found) {
      const embed = ctx.ai.embed;
      const queryEmbedding =
        read.embedded && embed
          ? await embed([query]).then(
              ([v]) => v,
              (err) => void log.warn({ err }, 'query embedding failed'),
            )
          : undefined;
      // Messages already in the model's context (and the question itself) are not passages.
      found = await searchAll(
        db,
        ctx.grounding,
        userId,
        query,
        PASSAGES_PER_SOURCE,
        {
          excludeMessageIds: [turn.userMessage.id, ...read.history.map((h) => h.id)],
          queryEmbedding: queryEmbedding ?? undefined,
        },
        (err) => log.warn({ err }, 'grounding source failed; answering with the passages found before it'),
      );
    }
    return { ...read, passages: bestPassages(query, found) };
  }

  /** Everything the model needs for a turn. */
  return async function prepare(userId: string, turn: Turn, log: FastifyBaseLogger) {
    const { learner, history, passages } = await gather(userId, turn, log);
    const images: AiImage[] = [];
    for (const a of turn.attachments)
      if (a.kind === 'image') images.push({ mediaType: a.mediaType, data: await a.load() });
    const files = turn.attachments
      .filter((a) => a.kind !== 'image')
      .map((a) => a.fileName.replace(/[\r\n\]]/g, ' ').slice(0, 200));
    const built = buildContext({
      learner,
      passages,
      policy: turn.socratic ? socraticPrompt.policy(turn.socratic) : undefined,
      history: history.map((h): HistoryMessage => ({
        role: h.role,
        content: h.content,
        hasMedia: h.has_media,
      })),
      // Documents and videos are not sent inline: their passages come through grounding.
      message: files.length
        ? `${turn.userMessage.content}\n\n[Attached: ${files.join(', ')}]`
        : turn.userMessage.content,
      images,
      maxTokens: config.AI_CONTEXT_MAX_TOKENS,
    });
    return {
      system: built.system,
      messages: built.messages as AiMessage[],
      passages: built.passages,
      citations: built.passages.map(toCitation),
      offline: () =>
        offlineChatAnswer({
          message: turn.userMessage.content,
          passages: built.passages,
          imageCount: images.length,
          socratic: turn.socratic,
        }),
    };
  };
}
