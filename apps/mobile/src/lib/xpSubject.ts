import type { XpEventSubject } from '@chitchat/contracts';

const A: Record<XpEventSubject['kind'], string> = {
  lesson: 'a lesson',
  path: 'a path',
  card: 'a review card',
};

/**
 * What an award was for, in words: “Light reactions” in Photosynthesis; a card's question and the
 * concept it tests; or plainly that it has been deleted since (the XP stays).
 */
export function subjectText(subject: XpEventSubject | null): string | null {
  if (!subject) return null;
  if (subject.title === null)
    return subject.within
      ? `${capital(A[subject.kind])} since removed from ${subject.within}`
      : `${capital(A[subject.kind])} since deleted`;
  const title = `“${subject.title}”`;
  if (!subject.within) return title;
  return subject.kind === 'lesson' ? `${title} in ${subject.within}` : `${title} · ${subject.within}`;
}
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
