// A conversation's title: written by the light model after the first exchange (the offline title
// when that fails), unless the learner renamed the conversation in the meantime.
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { HttpError } from '../../http/errors.ts';
import { cleanTitle, sessionTitlePrompt } from '../../platform/ai/prompts/session_title.ts';
import { offlineTitle } from './offline.ts';

/** The title of a conversation that has none yet (save_chat_message gives it to a new one). */
export const DEFAULT_TITLE = 'New Conversation';

/** Titles a session after its first exchange (light model; the offline title if that fails). */
export async function titleSession(
  { db, ai }: Pick<AppContext, 'db' | 'ai'>,
  userId: string,
  input: { sessionId: string; question: string; answer: string; log: FastifyBaseLogger },
): Promise<string | null> {
  const { sessionId, question, answer, log } = input;
  let title = '';
  try {
    const { text } = await ai.generateText({
      task: 'session_title',
      userId,
      system: sessionTitlePrompt.system,
      messages: [{ role: 'user', content: sessionTitlePrompt.build({ question, answer }) }],
      log,
      offline: () => offlineTitle(question),
    });
    title = cleanTitle(text);
  } catch (err) {
    log.warn({ code: (err as HttpError).code }, 'session title: model failed, using the offline title');
  }
  if (!title) title = offlineTitle(question);
  const updated = await db.asUser(userId, (tx) =>
    tx
      .updateTable('chat_sessions')
      .set({ title })
      .where('id', '=', sessionId)
      // A rename by the learner in the meantime wins.
      .where((eb) => eb.or([eb('title', 'is', null), eb('title', '=', DEFAULT_TITLE)]))
      .returning('title')
      .executeTakeFirst(),
  );
  return updated?.title ?? null;
}
