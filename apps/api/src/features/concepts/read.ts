// Reading the concept map: the list by strength (keyset-paged by each concept's sort key), one
// concept with its sources, cards and latest answers, and weak-spot practice sessions (due cards
// first, then the most at-risk). Mastery is computed when read (map.ts), never stored.
import { sql } from 'kysely';
import type { ConceptDetail, ConceptsPage, PracticeSession } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { iso } from '../../platform/db/values.ts';
import { learnerClock } from '../xp/clock.ts';
import { toCard } from '../review/service.ts';
import { byWeakness, loadMap, summaryOf, type ConceptState } from './map.ts';

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

export function createConceptReader(ctx: AppContext) {
  const { db } = ctx;
  return {
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
      const last = items.at(-1);
      const counts = { unknown: 0, weak: 0, learning: 0, strong: 0 };
      for (const c of map) counts[c.level]++;
      return {
        items: items.map(summaryOf),
        nextCursor: more && last ? encodeListCursor(last) : null,
        counts,
      };
    },

    async get(userId: string, id: string): Promise<ConceptDetail> {
      return db.asUser(userId, async (tx) => {
        const [c] = await loadMap(tx, userId, await learnerClock(tx, userId), [id]);
        if (!c) throw notFound('Concept');
        // A tutor path's lesson opens in my enrolment of it.
        const sources = await tx
          .selectFrom('concept_sources as s')
          .leftJoin('path_enrollments as e', (j) =>
            j
              .on('s.source_type', '=', 'lesson')
              .on(sql<boolean>`e.path_id::text = s.source_id`)
              .on('e.user_id', '=', userId)
              .on('e.left_at', 'is', null),
          )
          .select(['s.source_type', 's.source_id', 's.lesson_id', 's.title', 'e.id as enrollment_id'])
          // A deleted document or chat leaves its concepts and cards behind: say it is gone, so the
          // app shows its title instead of a link to "Not found".
          .select(
            sql<boolean>`case s.source_type
              when 'document' then not exists (select 1 from uploads u where u.id::text = s.source_id)
              when 'session' then not exists (select 1 from chat_sessions cs where cs.id::text = s.source_id)
              else false end`.as('deleted'),
          )
          .where('s.concept_id', '=', id)
          .orderBy('s.created_at')
          .execute();
        return {
          ...summaryOf(c),
          sources: sources.map((s) => ({
            type: s.source_type,
            id: s.source_id,
            lessonId: s.lesson_id || null,
            enrollmentId: s.enrollment_id,
            title: s.title,
            deleted: s.deleted,
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
}
