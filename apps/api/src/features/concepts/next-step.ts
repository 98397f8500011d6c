// Home's one best next step, with the reason, from what the learner knows now:
// 1. concepts that are weak or fading → practise them ("3 concepts from Photosynthesis are fading");
// 2. cards due → review them;
// 3. the next lesson of the learner's most recent unfinished path;
// 4. concepts with no cards yet → make cards from their source;
// 5. otherwise: start something (upload notes, ask a question, plan a path).
import { sql } from 'kysely';
import type { LessonPlan, NextStep } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import { dueNowSql } from '../review/scheduler.ts';
import { learnerClock } from '../xp/clock.ts';
import { byWeakness, loadMap, type ConceptState } from './map.ts';
import { FADING_BELOW } from './mastery.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Weak concepts, and known ones whose cards' recall probability now has fallen below FADING_BELOW. */
export const isFading = (c: ConceptState) =>
  c.level === 'weak' ||
  (c.level !== 'unknown' && c.retrievability !== null && c.retrievability < FADING_BELOW);

/** The source most of these concepts share (the title a learner recognises), if any. */
function commonSource(concepts: ConceptState[]): string | null {
  const counts = new Map<string, number>();
  for (const c of concepts) for (const t of c.sourceTitles) counts.set(t, (counts.get(t) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best ? best[0] : null;
}

export async function nextStep(ctx: AppContext, userId: string): Promise<NextStep> {
  return ctx.db.asUser(userId, async (tx) => {
    const clock = await learnerClock(tx, userId);
    const map = await loadMap(tx, userId, clock);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from review_cards
        where user_id = ${userId}::uuid and ${dueNowSql(clock)}`.execute(tx);
    const due = oneRow(rows, 'count of due cards').n;
    const base = { conceptIds: [] as string[], pathId: null, lessonId: null, dueCount: due };

    const fading = map.filter((c) => c.cards.length && isFading(c)).sort(byWeakness);
    if (fading.length) {
      const from = commonSource(fading);
      const inSource = from ? fading.filter((c) => c.sourceTitles.includes(from)) : fading;
      const weak = inSource.every((c) => c.level === 'weak');
      const single = inSource.length === 1 ? inSource[0] : undefined;
      return {
        ...base,
        kind: 'practise',
        title: single ? `Practise “${single.name}”` : 'Practise your weak spots',
        reason: `${plural(inSource.length, 'concept')}${from ? ` from ${from}` : ''} ${
          inSource.length === 1 ? 'is' : 'are'
        } ${weak ? 'weak' : 'fading'}`,
        conceptIds: fading.map((c) => c.id),
      };
    }
    if (due > 0)
      return {
        ...base,
        kind: 'review',
        title: 'Review your cards',
        reason: `${plural(due, 'card')} ${due === 1 ? 'is' : 'are'} due today`,
      };

    const path = await tx
      .selectFrom('learning_paths')
      .select(['id', 'title', 'lessons', 'progress'])
      .where('user_id', '=', userId)
      .where(sql<boolean>`coalesce((progress->>'completion_percentage')::int, 0) < 100`)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (path) {
      const done = new Set(path.progress?.completed_lessons ?? []);
      const next = (path.lessons as LessonPlan[]).find((l) => !done.has(l.id));
      if (next) {
        const strong = map.filter((c) => c.level === 'strong').length;
        return {
          ...base,
          kind: 'lesson',
          title: next.title,
          pathId: path.id,
          lessonId: next.id,
          reason: `Next in ${path.title}${strong ? `: your ${plural(strong, 'concept')} are strong, so keep going` : ''}`,
        };
      }
    }

    const noCards = map.filter((c) => !c.cards.length);
    if (noCards.length) {
      const from = commonSource(noCards);
      return {
        ...base,
        kind: 'make_cards',
        title: 'Make review cards',
        reason: `${plural(noCards.length, 'concept')}${from ? ` from ${from}` : ''} ${
          noCards.length === 1 ? 'has' : 'have'
        } no review cards yet`,
        conceptIds: noCards.map((c) => c.id),
      };
    }
    return {
      ...base,
      kind: 'start',
      title: 'Learn something new',
      reason: map.length
        ? 'Everything you have learnt is strong: start a new topic'
        : 'Upload your notes, ask a question or plan a path: what you learn shows up here',
    };
  });
}
