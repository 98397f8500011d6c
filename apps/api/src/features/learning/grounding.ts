// The lessons grounding source: full-text search over the learner's generated lesson content, so
// chat answers (and new paths) can draw on and cite what the learner has studied. Offline outlines
// hold no teaching text and are left out.
import { sql } from 'kysely';
import { groundingSource } from '../../grounding.ts';
import type { Passage } from '../../platform/ai/index.ts';
import { normalize } from './text.ts';

/** Any of the query's words (OR), as a safe tsquery string; null when nothing is searchable. */
export function anyWordsQuery(query: string): string | null {
  const words = [
    ...new Set(
      normalize(query)
        .split(' ')
        .filter((w) => w.length >= 3 && /^[a-z0-9]+$/.test(w)),
    ),
  ].slice(0, 24);
  return words.length ? words.join(' | ') : null;
}

export const lessonsGrounding = groundingSource((userId, query, limit) => {
  const q = anyWordsQuery(query);
  if (!q) return null;
  return {
    sql: sql`
      select c.path_id, c.lesson_id, c.title,
             ts_headline('english', c.body, q, 'MaxFragments=3, MaxWords=40, MinWords=12, StartSel="", StopSel="", FragmentDelimiter=" … "') as text,
             ts_rank(c.search, q) as score
        from lesson_contents c, to_tsquery('english', ${q}) q
       where c.user_id = ${userId}::uuid and not c.offline and c.search @@ q
       order by score desc, c.created_at desc
       limit ${Math.max(1, Math.min(limit, 20))}`,
    passages: (rows: { path_id: string; lesson_id: string; title: string; text: string; score: number }[]) =>
      rows.map((r): Passage => ({
        sourceType: 'lesson',
        sourceId: r.path_id,
        lessonId: r.lesson_id,
        title: r.title,
        text: r.text,
        score: Number(r.score),
      })),
  };
});
