// The chat grounding source: earlier messages of the learner (both sides of the conversation),
// found by full-text search, so answers can draw on and cite what was already discussed.
// Offline answers are not material (they only quote other material), nor are failed turns.
import { sql } from 'kysely';
import type { GroundingSource } from '../../context.ts';
import type { Passage } from '../../platform/ai/index.ts';
import { anyWordsTsQuery } from './offline.ts';

export const messagesGrounding: GroundingSource = async (tx, userId, query, limit) => {
  const q = anyWordsTsQuery(query);
  if (!q) return [];
  const { rows } = await sql<{ id: string; role: string; title: string | null; text: string; score: number }>`
    select m.id, m.role, s.title,
           ts_headline('english', m.content, q, 'MaxFragments=2, MaxWords=40, MinWords=12, StartSel="", StopSel="", FragmentDelimiter=" … "') as text,
           ts_rank(m.search, q) as score
      from chat_messages m
      join chat_sessions s on s.id = m.session_id,
           to_tsquery('english', ${q}) q
     where m.user_id = ${userId}::uuid and m.search @@ q
       and coalesce(m.metadata->>'status', 'answered') not in ('failed', 'pending')
       and coalesce(m.metadata->>'provider', '') <> 'offline'
     order by score desc, m.created_at desc
     limit ${Math.max(1, Math.min(limit, 20))}`.execute(tx);
  return rows.map(
    (r): Passage => ({
      sourceType: 'message',
      sourceId: r.id,
      title: `${r.role === 'user' ? 'You' : 'Tutor'} in “${r.title ?? 'a chat'}”`,
      text: r.text,
      score: Number(r.score),
    }),
  );
};
