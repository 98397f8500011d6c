// Deterministic text processing for the offline AI answers (learning paths, lessons, review
// questions, tiles): normalising, sentences, keyphrases, key sentences, blanks. (Judging a
// learner's free-text answer is review/answers.ts.)
import { eng } from 'stopword';
import nlp from 'compromise';

/**
 * Words that are never a term worth learning or searching for: the stopword package's English list
 * and the auxiliaries, light verbs and fillers it lacks. Each feature adds its own (the words of
 * asking, a document's furniture) on top.
 */
export const STOPWORDS: ReadonlySet<string> = new Set<string>([
  ...eng,
  'also',
  'can',
  'could',
  'may',
  'might',
  'must',
  'shall',
  'will',
  'would',
  'one',
  'two',
  'use',
  'used',
  'using',
  'like',
  'get',
  'make',
  'makes',
  'made',
  // Auxiliaries and light verbs the stopword list lacks: never a key term ("The term “does”").
  'does',
  'doing',
  'done',
  'takes',
  'taking',
  'many',
  'much',
  'more',
  'most',
  'such',
  'well',
  'way',
  'ways',
  'thing',
  'things',
  'often',
  'however',
  'therefore',
  'example',
  'called',
  'known',
  'first',
  'second',
  'new',
  'each',
  'every',
  'within',
  'without',
  // Fillers the stopword list lacks: adverbs and conjunctions, never a term to recall.
  'actually',
  'almost',
  'already',
  'although',
  'always',
  'basically',
  'either',
  'even',
  'generally',
  'hence',
  'honestly',
  'just',
  'least',
  'less',
  'neither',
  'quite',
  'rather',
  'really',
  'several',
  'simply',
  'sometimes',
  'though',
  'thus',
  'usually',
  'various',
  'whether',
  'yet',
  // Indefinite pronouns (the tagger calls them nouns).
  'anybody',
  'anyone',
  'anything',
  'everybody',
  'everyone',
  'everything',
  'nobody',
  'none',
  'nothing',
  'somebody',
  'someone',
  'something',
]);
/** …and the words of the teaching itself, never a key term of a lesson. */
const STOP = new Set<string>([...STOPWORDS, 'lesson', 'learn', 'learning']);

/** Lower case, no diacritics, no punctuation, single spaces. */
export function normalize(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences of readable length (markdown markers stripped). */
export function sentences(text: string, min = 25, max = 400): string[] {
  return text
    .replace(/[#*_`>]+/g, ' ')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= min && s.length <= max && /[a-z]/i.test(s));
}

const WORD = /[\p{L}][\p{L}\p{N}'’-]*/gu;
const isContent = (w: string) => w.length >= 3 && !STOP.has(w.toLowerCase()) && !/^\d/.test(w);

/**
 * The text's key terms, most salient first: single words and two-word phrases made of content
 * words, scored by frequency (phrases weighted up). Returns the most common surface form.
 * `nounsOnly`: never fall back to other words when few nouns are found (a term to blank).
 */
export function keyphrases(text: string, limit = 10, { nounsOnly = false } = {}): string[] {
  const scores = new Map<string, { score: number; forms: Map<string, number> }>();
  const bump = (key: string, form: string, by: number) => {
    const e = scores.get(key) ?? { score: 0, forms: new Map() };
    e.score += by;
    e.forms.set(form, (e.forms.get(form) ?? 0) + 1);
    scores.set(key, e);
  };
  for (const sentence of text.split(/[.!?;:,\n()[\]"]+/)) {
    const words = sentence.match(WORD) ?? [];
    for (const [i, w] of words.entries()) {
      if (!isContent(w)) continue;
      bump(w.toLowerCase(), w, 1);
      const next = words[i + 1];
      if (next && isContent(next)) bump(`${w} ${next}`.toLowerCase(), `${w} ${next}`, 1.6);
    }
  }
  // Key terms are nouns (or phrases ending in one): a part-of-speech pass keeps "chlorophyll" and
  // "carbon dioxide" and drops "green" or "absorbs". Falls back to all words if too few survive.
  const nouns = nounWords(text);
  const isTerm = (k: string) => nouns.has(k.split(' ').pop() ?? k);
  const candidates = [...scores.entries()]
    // A phrase seen once is noise; single words seen once are kept for short texts.
    .filter(([k, v]) => !k.includes(' ') || v.score >= 3.2);
  const terms = candidates.filter(([k]) => isTerm(k));
  const ranked = (nounsOnly || terms.length >= Math.min(3, candidates.length) ? terms : candidates).sort(
    (a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0]),
  );
  const out: string[] = [];
  for (const [key, v] of ranked) {
    // Skip a word already covered by a chosen phrase, and vice versa.
    if (out.some((o) => o.toLowerCase().split(' ').includes(key) || key.split(' ').includes(o.toLowerCase())))
      continue;
    const form = [...v.forms.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (form === undefined) continue;
    out.push(form);
    if (out.length >= limit) break;
  }
  return out;
}

/** Lower-cased words tagged as nouns (compromise's tagger; the first 30,000 characters). */
export function nounWords(text: string): Set<string> {
  const words = nlp(text.slice(0, 30_000)).match('#Noun').out('array') as string[];
  const out = new Set<string>();
  for (const w of words) for (const part of w.toLowerCase().match(WORD) ?? []) out.add(part);
  return out;
}

/** The `limit` most informative sentences (by key-term density), in their original order. */
export function keySentences(text: string, limit = 5): string[] {
  const all = sentences(text);
  const terms = new Map<string, number>();
  for (const w of text.match(WORD) ?? [])
    if (isContent(w)) terms.set(w.toLowerCase(), (terms.get(w.toLowerCase()) ?? 0) + 1);
  const scored = all.map((s, i) => {
    const words = (s.match(WORD) ?? []).filter(isContent);
    const score =
      words.reduce((acc, w) => acc + Math.log1p(terms.get(w.toLowerCase()) ?? 0), 0) /
      Math.sqrt(Math.max(words.length, 4));
    return { s, i, score };
  });
  const seen = new Set<string>();
  return scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .filter((x) => {
      const k = normalize(x.s);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s);
}

/** Replaces the first whole-word occurrence of `term` in `sentence` with a blank, or null. */
export function blankOut(sentence: string, term: string, blank = '_____'): string | null {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])(${escaped})(?=$|[^\\p{L}\\p{N}])`, 'iu');
  if (!re.test(sentence)) return null;
  return sentence.replace(re, (_m, pre) => `${pre}${blank}`);
}

/** A stable small hash (for deterministic choices in offline answers). */
export function stableHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
