// The prompt of a turn: the learner and the conversation before it, read in one statement; the
// grounding passages found for the question; the system prompt, history window and passages put
// together within the token budget (context.ts), with the citations and the offline answer.
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Citation } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/index.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import { searchAll } from '../../grounding.ts';
import type { AiImage, AiMessage, Passage } from '../../platform/ai/index.ts';
import { socraticPrompt } from '../../platform/ai/prompts/socratic.ts';
import { buildContext, type HistoryMessage } from './context.ts';
import { offlineChatAnswer } from './offline.ts';
import type { Turn } from './service.ts';

const PASSAGES_PER_SOURCE = 4;
const MAX_PASSAGES = 6;

const toCitation = (p: Passage): Citation => ({
  sourceType: p.sourceType,
  sourceId: p.sourceId,
  title: p.title,
  ...(p.page !== undefined ? { page: p.page } : {}),
  ...(p.lessonId !== undefined ? { lessonId: p.lessonId } : {}),
  snippet: p.text.replace(/\s+/g, ' ').trim().slice(0, 300),
});

/** The best passages over all sources, each once. */
function bestPassages(found: Passage[]): Passage[] {
  const seen = new Set<string>();
  return found
    .filter((p) => {
      const key = `${p.sourceType}:${p.sourceId}:${p.lessonId ?? ''}:${p.page ?? ''}:${p.text}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_PASSAGES);
}

/** prepare(userId, turn, log): everything the model needs for a turn. */
export function createTurnPrompt(ctx: Pick<AppContext, 'db' | 'config' | 'ai' | 'grounding'>) {
  const { db, config } = ctx;

  /**
   * The learner, the conversation before `turn`, and whether the learner has embedded material (so
   * the question must be embedded before grounding): one statement.
   */
  async function readContext(tx: Tx, userId: string, turn: Turn) {
    const checkEmbedded = !!ctx.ai.embed;
    const { rows } = await sql<{
      learner: { display_name: string | null; preferences: Record<string, any> | null } | null;
      embedded: boolean;
      history:
        | {
            id: string;
            role: 'user' | 'assistant';
            content: string;
            has_media: boolean;
            status: string | null;
          }[]
        | null;
    }>`
      select (select json_build_object('display_name', u.display_name, 'preferences', u.preferences) from users u where u.id = ${userId}::uuid) as learner,
             ${checkEmbedded ? sql`exists (select 1 from document_chunks c where c.user_id = ${userId}::uuid and c.embedding is not null)` : sql`false`} as embedded,
             (select json_agg(json_build_object('id', h.id, 'role', h.role, 'content', h.content, 'has_media', h.media_url is not null, 'status', h.metadata->>'status')
                              order by h.created_at desc, h.id desc)
                from (select m.id, m.role, m.content, m.media_url, m.metadata, m.created_at
                        from chat_messages m
                       where m.session_id = ${turn.sessionId}::uuid
                         and m.created_at < (select created_at from chat_messages where id = ${turn.userMessage.id}::uuid)
                       order by m.created_at desc, m.id desc
                       limit ${config.AI_CONTEXT_MESSAGES * 2 + 10}) h) as history`.execute(tx);
    const { learner: u, embedded, history } = oneRow(rows, 'prompt read');
    const prefs = (u?.preferences ?? {}) as Record<string, any>;
    return {
      embedded,
      learner: {
        displayName: u?.display_name ?? undefined,
        preferredDifficulty:
          typeof prefs.preferredDifficulty === 'string' ? prefs.preferredDifficulty : undefined,
        interests: Array.isArray(prefs.interests)
          ? prefs.interests.filter((x: unknown) => typeof x === 'string')
          : undefined,
        learningGoals: Array.isArray(prefs.learningGoals)
          ? prefs.learningGoals.filter((x: unknown) => typeof x === 'string')
          : undefined,
      },
      // Failed and unfinished turns are not context; the newest N are, oldest first.
      history: (history ?? [])
        .filter(
          (r) =>
            !(
              r.status === 'failed' ||
              r.status === 'pending' ||
              (r.role === 'assistant' && r.status === 'interrupted')
            ),
        )
        .slice(0, config.AI_CONTEXT_MESSAGES)
        .reverse(),
    };
  }

  /**
   * Context and grounding for a turn: one transaction. Only when the learner has embedded material
   * (and the provider embeddings) is the question embedded — a model call, made between two
   * transactions rather than inside one — and the sources searched in a second.
   */
  async function gather(userId: string, turn: Turn, log: FastifyBaseLogger) {
    // In Socratic mode the passages are about the problem being worked on: an attempt ("I think
    // it's in the thylakoids") or an ask ("just tell me") names little of it.
    const query = turn.socratic?.problem || turn.userMessage.content;
    const found: Passage[] = [];
    let context: Awaited<ReturnType<typeof readContext>> | undefined;
    // Messages already in the model's context (and the question itself) are not passages.
    const search = (tx: Tx, read: NonNullable<typeof context>, queryEmbedding?: number[]) =>
      searchAll(
        tx,
        ctx.grounding,
        userId,
        query,
        PASSAGES_PER_SOURCE,
        { excludeMessageIds: [turn.userMessage.id, ...read.history.map((h) => h.id)], queryEmbedding },
        found,
      );
    // A failing source aborts the transaction (it rolls back, nothing was written): the turn goes
    // ahead with the context and the passages found before it. Only a failed context read is fatal.
    const settle = (err: unknown) => {
      if (!context) throw err;
      log.warn({ err }, 'grounding source failed; answering with the passages found before it');
    };
    await db
      .asUser(userId, async (tx) => {
        context = await readContext(tx, userId, turn);
        if (!context.embedded) await search(tx, context);
      })
      .catch(settle);
    // settle() rethrew unless the context was read.
    const read = context as Awaited<ReturnType<typeof readContext>> | undefined;
    if (!read) throw new Error('chat context was not read');
    const embed = ctx.ai.embed;
    if (read.embedded && embed) {
      const queryEmbedding = await embed([query]).then(
        ([v]) => v,
        (err) => void log.warn({ err }, 'query embedding failed'),
      );
      await db.asUser(userId, (tx) => search(tx, read, queryEmbedding ?? undefined)).catch(settle);
    }
    return { ...read, passages: bestPassages(found) };
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
