// The learner's weak and strong concepts about a subject, for prompts that plan what comes next
// (a new learning path skips what is mastered and revisits what is weak). Only concepts that share
// a content word with the subject count: a path on sourdough hears nothing about mitochondria.
import type { AppContext } from '../../context.ts';
import { learnerClock } from '../xp/clock.ts';
import { byWeakness, loadMap } from './map.ts';
import { contentWords } from './names.ts';

const MAX_EACH = 10;

export async function knownConcepts(
  ctx: AppContext,
  userId: string,
  subject: string,
): Promise<{ weak: string[]; strong: string[] }> {
  const about = contentWords(subject);
  try {
    const map = await ctx.db.asUser(userId, async (tx) =>
      loadMap(tx, userId, await learnerClock(tx, userId)),
    );
    const related = map
      .filter((c) => c.mastery !== null && [...contentWords(c.name)].some((w) => about.has(w)))
      .sort(byWeakness);
    return {
      weak: related
        .filter((c) => c.level === 'weak' || c.level === 'learning')
        .slice(0, MAX_EACH)
        .map((c) => c.name),
      strong: related
        .filter((c) => c.level === 'strong')
        .reverse()
        .slice(0, MAX_EACH)
        .map((c) => c.name),
    };
  } catch {
    // A plan without this context is still a plan.
    return { weak: [], strong: [] };
  }
}
