// The learner's concept map as read: each concept with its cards (and whether each is due now),
// its recent answers and its mastery now. One transaction, three queries, computed in memory:
// mastery depends on the moment it is read (see mastery.ts).
import { sql } from 'kysely';
import type { ConceptSummary } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import { iso } from '../../platform/db/values.ts';
import { dueNowSql } from '../review/scheduler.ts';
import { CARD_COLUMNS, type CardRow } from '../review/service.ts';
import type { LearnerClock } from '../xp/clock.ts';
import { masteryOf, retrievability, type Answer, type Mastery } from './mastery.ts';

/** How far back answers count towards mastery. */
const ANSWER_WINDOW_DAYS = 90;

export type MapCard = CardRow & { is_due: boolean; retrievability: number | null };
export interface ConceptState extends Mastery {
  id: string;
  name: string;
  createdAt: Date;
  sourceCount: number;
  sourceTitles: string[];
  cards: MapCard[];
  answers: (Answer & { cardId: string })[];
}

export const summaryOf = (c: ConceptState): ConceptSummary => ({
  id: c.id,
  name: c.name,
  level: c.level,
  mastery: c.mastery,
  retrievability: c.retrievability,
  cardCount: c.cards.length,
  dueCount: c.cards.filter((k) => k.is_due).length,
  sourceCount: c.sourceCount,
  createdAt: iso(c.createdAt),
});

export async function loadMap(
  tx: Tx,
  userId: string,
  clock: LearnerClock,
  only?: string[],
  now = new Date(),
): Promise<ConceptState[]> {
  if (only && !only.length) return [];
  const filter = only ? sql`and c.id = any(${only}::uuid[])` : sql``;
  const concepts = await sql<{
    id: string;
    name: string;
    created_at: Date;
    titles: string[] | null;
    source_count: number;
  }>`
    select c.id, c.name, c.created_at,
           (select count(*)::int from concept_sources s where s.concept_id = c.id) as source_count,
           (select array_agg(distinct s.title) from concept_sources s where s.concept_id = c.id and s.title is not null) as titles
      from concepts c
     where c.user_id = ${userId}::uuid ${filter}`.execute(tx);
  if (!concepts.rows.length) return [];
  const ids = concepts.rows.map((c) => c.id);
  const cols = sql.join(CARD_COLUMNS.map((c) => sql.ref(`r.${c}`)));
  const cards = await sql<CardRow & { concept_id: string; is_due: boolean }>`
    select cc.concept_id, ${cols}, ${dueNowSql(clock)} as is_due
      from concept_cards cc join review_cards r on r.id = cc.card_id
     where cc.user_id = ${userId}::uuid and cc.concept_id = any(${ids}::uuid[])`.execute(tx);
  const cardIds = [...new Set(cards.rows.map((c) => c.id))];
  // Answers to due cards are review logs; answers to cards that were not due (practice) change no
  // schedule and are only in the activity log. Both say what the learner knows now.
  const answers = cardIds.length
    ? await sql<{ card_id: string; correct: boolean; at: Date }>`
        select card_id, coalesce(correct, rating <> 'again') as correct, reviewed_at as at
          from review_logs
         where user_id = ${userId}::uuid and card_id = any(${cardIds}::uuid[])
           and reviewed_at > now() - make_interval(days => ${ANSWER_WINDOW_DAYS})
        union all
        select subject_id::uuid, coalesce((metadata->>'correct')::boolean, metadata->>'rating' <> 'again'), created_at
          from activity_events
         where user_id = ${userId}::uuid and kind = 'review_answered' and subject_type = 'review_card'
           and metadata->>'practice' = 'true' and subject_id = any(${cardIds}::text[])
           and created_at > now() - make_interval(days => ${ANSWER_WINDOW_DAYS})`.execute(tx)
    : { rows: [] };
  const byCard = new Map<string, Answer[]>();
  for (const a of answers.rows) {
    const list = byCard.get(a.card_id) ?? [];
    list.push({ correct: a.correct, at: a.at });
    byCard.set(a.card_id, list);
  }
  const cardsOf = new Map<string, MapCard[]>();
  for (const r of cards.rows) {
    const list = cardsOf.get(r.concept_id) ?? [];
    list.push({ ...r, retrievability: retrievability(r, now) });
    cardsOf.set(r.concept_id, list);
  }
  return concepts.rows.map((c) => {
    const own = cardsOf.get(c.id) ?? [];
    const answered = own.flatMap((k) => (byCard.get(k.id) ?? []).map((a) => ({ ...a, cardId: k.id })));
    return {
      id: c.id,
      name: c.name,
      createdAt: c.created_at,
      sourceCount: c.source_count,
      sourceTitles: (c.titles ?? []).sort(),
      cards: own,
      answers: answered.sort((a, b) => b.at.getTime() - a.at.getTime()),
      ...masteryOf(own, answered, now),
    };
  });
}

/** Weakest first; concepts not known yet come last (those with cards before those without). */
export function byWeakness(a: ConceptState, b: ConceptState): number {
  if (a.mastery === null || b.mastery === null) {
    if (a.mastery !== b.mastery) return a.mastery === null ? 1 : -1;
    return (
      Number(!a.cards.length) - Number(!b.cards.length) || a.name.localeCompare(b.name) || cmp(a.id, b.id)
    );
  }
  return a.mastery - b.mastery || a.name.localeCompare(b.name) || cmp(a.id, b.id);
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
