// The chat grounding source: earlier messages of the learner (both sides of the conversation),
// found by full-text search, so answers can draw on and cite what was already discussed. Through
// search_chat_messages (migrations/0009_search.sql): the GIN index is usable under RLS, only
// the 200 newest matches are ranked, and failed turns and offline answers (which only quote other
// material) are left out. Messages already in the model's context are excluded in the query, so
// they do not take the passages' places.
import { sql } from 'kysely';
import { groundingSource } from '../../grounding.ts';
import type { Passage } from '../../platform/ai/index.ts';
import { anyWordsTsQuery } from './offline.ts';

export const messagesGrounding = groundingSource((_userId, query, limit, opts) => {
  const q = anyWordsTsQuery(query);
  if (!q) return null;
  const exclude = opts.excludeMessageIds?.length ? opts.excludeMessageIds : null;
  return {
    sql: sql`
      select id, role, session_title, text, score
        from search_chat_messages(to_tsquery('english', ${q}), ${Math.max(1, Math.min(limit, 20))}, ${exclude}::uuid[])`,
    passages: (
      rows: { id: string; role: string; session_title: string | null; text: string; score: number }[],
    ) =>
      rows.map((r): Passage => ({
        sourceType: 'message',
        sourceId: r.id,
        title: `${r.role === 'user' ? 'You' : 'Tutor'} in “${r.session_title ?? 'a chat'}”`,
        text: r.text,
        score: Number(r.score),
      })),
  };
});
