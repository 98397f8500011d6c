// What each XP award was for, named at read time from its source key: the lesson and its path,
// the path, or the review card (and the concept it tests). Read in the learner's own transaction,
// so row-level security limits it to their own paths, enrolments and cards; a thing deleted since
// (or an enrolment left) comes back with a null title, and the app says so.
import { sql } from 'kysely';
import type { XpEventSubject } from '@chitchat/contracts';
import type { Tx } from '../../platform/db/index.ts';
import { parseXpSourceKey, type XpSource } from './source-keys.ts';

interface PathTitles {
  title: string;
  lessons: Record<string, string>;
}

/** The subject of each source key (null for an award about no one thing: the daily goal). */
export async function xpSubjects(
  tx: Tx,
  userId: string,
  keys: string[],
): Promise<Map<string, XpEventSubject | null>> {
  const sources = new Map(keys.map((k) => [k, parseXpSourceKey(k)] as const));
  const parsed = [...sources.values()].filter((s): s is XpSource => s !== null);
  const ids = (table: string) => [
    ...new Set(parsed.flatMap((s) => ('table' in s && s.table === table ? [s.id] : []))),
  ];
  const own = await pathTitles(tx, userId, 'learning_paths', ids('learning_paths'));
  const enrolled = await pathTitles(tx, userId, 'path_enrollments', ids('path_enrollments'));
  const cards = await cardTitles(tx, userId, [
    ...new Set(parsed.flatMap((s) => (s.kind === 'card' ? [s.cardId] : []))),
  ]);

  const out = new Map<string, XpEventSubject | null>();
  for (const [key, s] of sources) {
    if (!s || s.kind === 'day') {
      out.set(key, null);
    } else if (s.kind === 'card') {
      const c = cards.get(s.cardId);
      out.set(key, { kind: 'card', title: c?.question ?? null, within: c?.within ?? null });
    } else {
      const p = (s.table === 'learning_paths' ? own : enrolled).get(s.id);
      out.set(
        key,
        s.kind === 'path'
          ? { kind: 'path', title: p?.title ?? null, within: null }
          : { kind: 'lesson', title: p?.lessons[s.lessonId] ?? null, within: p?.title ?? null },
      );
    }
  }
  return out;
}

/** A learner's own paths, or their enrolments' tutor paths: each title and its lessons' titles. */
async function pathTitles(
  tx: Tx,
  userId: string,
  table: 'learning_paths' | 'path_enrollments',
  ids: string[],
): Promise<Map<string, PathTitles>> {
  if (!ids.length) return new Map();
  const lessons = sql<Record<string, string> | null>`(
    select jsonb_object_agg(l->>'id', l->>'title') from jsonb_array_elements(p.lessons) l
     where l->>'id' is not null and l->>'title' is not null)`.as('lessons');
  const rows =
    table === 'learning_paths'
      ? await tx
          .selectFrom('learning_paths as p')
          .select(['p.id', 'p.title', lessons])
          .where('p.user_id', '=', userId)
          .where('p.id', 'in', ids)
          .execute()
      : await tx
          .selectFrom('path_enrollments as e')
          .innerJoin('tutor_learning_paths as p', 'p.id', 'e.path_id')
          .select(['e.id', 'p.title', lessons])
          .where('e.user_id', '=', userId)
          .where('e.id', 'in', ids)
          .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, lessons: r.lessons ?? {} }]));
}

/** A learner's cards: the question, and the concept it tests (or where it came from). */
async function cardTitles(tx: Tx, userId: string, ids: string[]) {
  if (!ids.length) return new Map<string, { question: string; within: string | null }>();
  const rows = await tx
    .selectFrom('review_cards as r')
    .select((eb) => [
      'r.id',
      'r.question',
      'r.source_title',
      eb
        .selectFrom('concept_cards as cc')
        .innerJoin('concepts as c', 'c.id', 'cc.concept_id')
        .select('c.name')
        .whereRef('cc.card_id', '=', 'r.id')
        .orderBy('c.name')
        .limit(1)
        .as('concept'),
    ])
    .where('r.user_id', '=', userId)
    .where('r.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { question: r.question, within: r.concept ?? r.source_title }]));
}
