// A chat's topics (issue 17): up to MAX_TOPICS concept names for a conversation — its title when
// that is a topic, then what its answers were about. Drawn when the chat reaches its third answer:
// with a model, one cheap structured call (the light model) over the model's answers; without one,
// when the call fails or names nothing usable, and on later tries, the answers' key terms
// (keyphrases, no model call). Only the model's own answers count: never the offline engine's
// notices, never the learner's questions. Every name still passes conceptName (server text refused)
// and a question is never a topic. Models drift: malformed items are dropped, the good ones kept.
import { z } from 'zod';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { AiLog } from '../../platform/ai/index.ts';
import { isRecord, keepValid } from '../../platform/ai/salvage.ts';
import { chatTopicsPrompt } from '../../platform/ai/prompts/chat_topics.ts';
import { keyphrases, normalize } from '../learning/text.ts';
import { conceptName } from './names.ts';
import { echoesLearner, isQuestion, sessionTitle } from './sources.ts';

export const MAX_TOPICS = 3;
/** How much of the answers is read (the most recent part when longer). */
const MAX_TEXT = 12_000;
/** A topic is a short noun phrase: longer items are sentences, not names. */
const MAX_TOPIC_CHARS = 80;
const MAX_TOPIC_WORDS = 6;

const Topic = z.string().min(1).max(MAX_TOPIC_CHARS);
export const TopicsReply = z.object({ topics: z.array(Topic).max(10) });
export type TopicsReply = z.infer<typeof TopicsReply>;

/** What is usable of a reply that did not validate: its string items of a sane length (or nothing). */
export function salvageTopics(raw: unknown, log?: AiLog): TopicsReply | undefined {
  const items = isRecord(raw) ? raw.topics : raw;
  const topics = keepValid(items, Topic, {
    what: 'chat topic',
    repair: (v) => (typeof v === 'string' ? v.trim() : v),
    log,
  }).slice(0, 10);
  return topics.length ? { topics } : undefined;
}

/** The names, in order, that can be topics: concept names (no server text), no questions, short, once each. */
export function usableTopics(names: string[], limit = MAX_TOPICS): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    if (typeof raw !== 'string' || isQuestion(raw.trim())) continue;
    const c = conceptName(raw);
    if (!c || seen.has(c.norm) || c.name.length > MAX_TOPIC_CHARS) continue;
    if (c.name.split(/\s+/).length > MAX_TOPIC_WORDS) continue;
    seen.add(c.norm);
    out.push(c.name);
    if (out.length >= limit) break;
  }
  return out;
}

/** The answers' key terms that the conversation comes back to (seen at least twice), most salient first. */
export function keyTerms(text: string): string[] {
  const norm = ` ${normalize(text)} `;
  return keyphrases(text, 12).filter((k) => norm.split(` ${normalize(k)} `).length - 1 >= 2);
}

/** The session's title and its model-written answers (the latest MAX_TEXT characters), as the learner. */
async function conversation(ctx: AppContext, userId: string, sessionId: string) {
  return ctx.db.asUser(userId, async (tx) => {
    const s = await tx
      .selectFrom('chat_sessions')
      .select('title')
      .where('id', '=', sessionId)
      .executeTakeFirst();
    const answers = await tx
      .selectFrom('chat_messages')
      .select('content')
      .where('session_id', '=', sessionId)
      .where('role', '=', 'assistant')
      .where(sql<boolean>`coalesce(metadata->>'provider', '') <> 'offline'`)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    let text = '';
    for (const a of answers) {
      if (text.length + a.content.length > MAX_TEXT) break;
      text = `${a.content}\n${text}`;
    }
    if (!text && answers[0]) text = answers[0].content.slice(-MAX_TEXT);
    const asked = await tx
      .selectFrom('chat_messages')
      .select('content')
      .where('session_id', '=', sessionId)
      .where('role', '=', 'user')
      .orderBy('created_at')
      .limit(3)
      .execute();
    const title = s?.title ?? '';
    const theirWords = echoesLearner(
      title,
      asked.map((m) => m.content),
    );
    return { title: theirWords ? '' : title, text: text.trim() };
  });
}

/**
 * Up to MAX_TOPICS concept names for a chat: its title when that is a topic, then its answers'
 * topics (the model's when `useModel` and a model answers, else key terms). No transaction is
 * open during the model call.
 */
export async function chatTopics(
  ctx: AppContext,
  userId: string,
  sessionId: string,
  opts: { useModel: boolean; log?: AiLog; signal?: AbortSignal },
): Promise<string[]> {
  const { title, text } = await conversation(ctx, userId, sessionId);
  const fromTitle = usableTopics(sessionTitle(title));
  if (!text) return fromTitle;
  let named: string[] = [];
  if (opts.useModel && ctx.ai.name !== 'offline') {
    try {
      const { object } = await ctx.ai.generateObject({
        task: 'session_title',
        userId,
        schema: TopicsReply,
        system: chatTopicsPrompt.system,
        prompt: chatTopicsPrompt.build({ title, answers: text }),
        signal: opts.signal,
        log: opts.log,
        salvage: salvageTopics,
        offline: () => ({ topics: keyTerms(text).slice(0, MAX_TOPICS) }),
      });
      named = object.topics;
    } catch (err) {
      // Topics are a by-product: the answers' key terms stand in.
      opts.log?.warn({ code: (err as { code?: string }).code }, 'chat topics: model failed, using key terms');
    }
  }
  const fromModel = usableTopics([...fromTitle, ...named]);
  if (fromModel.length > fromTitle.length) return fromModel;
  return usableTopics([...fromTitle, ...keyTerms(text)]);
}
