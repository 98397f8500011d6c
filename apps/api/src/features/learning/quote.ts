// Quoting a text in a limited space: cut at a sentence or a whole word, never inside one.
import { sharedWords } from './words.ts';

/** At most `max` characters, cut after a whole word with an ellipsis when it must be cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  const head = space > 0 ? text.slice(0, space) : text.slice(0, max - 1);
  return `${head.replace(/[\s,;:–—-]+$/, '')}…`;
}

/**
 * `text` (spacing folded) in at most `max` characters: whole when it fits, else up to the last
 * sentence end that keeps at least half of it, else up to the last whole word with an ellipsis —
 * never cut inside a word.
 */
export function excerpt(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  // A sentence ends at . ! ? (and any closing quote or bracket) before a space.
  let end = 0;
  for (const m of s.slice(0, max + 1).matchAll(/[.!?]['"’”)\]]*(?= )/g)) end = m.index + m[0].length;
  return end >= max / 2 ? s.slice(0, end) : clip(s, max);
}

/**
 * Like excerpt, but starting at the sentence that shares the most of `words` (the earliest of
 * equals), with "… " before it when the text's opening is left out: the part of a long passage
 * that answers the question, not its first lines.
 */
export function focusedExcerpt(text: string, words: ReadonlySet<string>, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max || !words.size) return excerpt(s, max);
  const parts = s.split(/(?<=[.!?]['"’”)\]]*) +/);
  let best = 0;
  let bestShared = 0;
  for (const [i, p] of parts.entries()) {
    const n = sharedWords(words, p);
    if (n > bestShared) [best, bestShared] = [i, n];
  }
  return best === 0 ? excerpt(s, max) : `… ${excerpt(parts.slice(best).join(' '), max - 2)}`;
}
