// Words as matched across texts: singular and plural folded, content words shared, a topic's
// number and capitals inside a sentence (offline grounding, concept names, templates).
import nlp from 'compromise';
import { STOPWORDS } from './text.ts';

// Plurals the rules below get wrong, common in what learners study (Latin and Greek ones above all).
const IRREGULAR: Record<string, string> = {
  mitochondria: 'mitochondrion',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  bacteria: 'bacterium',
  media: 'medium',
  nuclei: 'nucleus',
  fungi: 'fungus',
  stimuli: 'stimulus',
  cacti: 'cactus',
  radii: 'radius',
  vertebrae: 'vertebra',
  larvae: 'larva',
  algae: 'alga',
  analyses: 'analysis',
  hypotheses: 'hypothesis',
  syntheses: 'synthesis',
  theses: 'thesis',
  crises: 'crisis',
  axes: 'axis',
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  children: 'child',
  people: 'person',
  teeth: 'tooth',
  feet: 'foot',
  mice: 'mouse',
  geese: 'goose',
  men: 'man',
  women: 'woman',
  leaves: 'leaf',
  lives: 'life',
  halves: 'half',
  wolves: 'wolf',
};

/** One word to its singular form: the irregular plurals above, then the common English rules. */
export function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (word.length <= 3) return word;
  if (/(ss|us|is|ous|sis)$/.test(word)) return word;
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(sses|shes|ches|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (/[^aeiou]oes$/.test(word) && word.length > 6) return word.slice(0, -2); // volcanoes, potatoes
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * A word as matched against another text: lower case, singular (above), without a possessive or
 * "-ness" ("Eruptions" and "eruption", "explosiveness" and "explosive", "volcanoes" and "volcano").
 */
export function foldWord(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 6 && w.endsWith('ness')) w = w.slice(0, -4);
  return singular(w);
}

/** The content words of `text`, folded (foldWord): what a passage must share to be about it. */
export function contentWords(text: string, stop: ReadonlySet<string> = STOPWORDS): Set<string> {
  const out = new Set<string>();
  for (const [m] of text.normalize('NFKC').matchAll(/\p{L}[\p{L}\p{N}'’]*/gu)) {
    const k = m.toLowerCase();
    if (k.length >= 3 && !stop.has(k) && !stop.has(k.replace(/['’]s$/, ''))) out.add(foldWord(k));
  }
  return out;
}

/** How many of `words` (contentWords of a question) `text` holds. */
export function sharedWords(words: ReadonlySet<string>, text: string): number {
  if (!words.size) return 0;
  let n = 0;
  for (const w of contentWords(text)) if (words.has(w)) n++;
  return n;
}

/**
 * True when a topic or name is plural ("volcanoes", "the key ideas of science", "tides"): its head
 * noun (the last word before "of", "in" …) is not its own singular; "gas", "physics", "analysis" are not.
 */
export function isPluralPhrase(phrase: string): boolean {
  const head = phrase.trim().split(/\s+(?:of|in|on|for|about|from|with|and)\s+/i)[0] ?? phrase;
  const last = (head.split(/\s+/).at(-1) ?? '').toLowerCase().replace(/[^\p{L}]/gu, '');
  return last.length > 3 && !/ics$/.test(last) && singular(last) !== last;
}

/**
 * A topic as written inside a sentence: "Apply photosynthesis …", not "Apply Photosynthesis …".
 * Only a common noun typed with a capital loses it: a name ("Paris", "French Revolution"), an
 * acronym or a word capitalised inside ("DNA", "JavaScript") keeps its capitals.
 */
export function midSentence(topic: string): string {
  const [first = '', ...rest] = topic.trim().split(/\s+/);
  if (!/^\p{Lu}\p{Ll}+$/u.test(first) || rest.some((w) => /\p{Lu}/u.test(w))) return topic.trim();
  if (nlp(topic).has('#ProperNoun')) return topic.trim();
  return topic.trim().charAt(0).toLowerCase() + topic.trim().slice(1);
}
