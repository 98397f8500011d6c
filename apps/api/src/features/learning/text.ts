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

/** A stable small hash (for deterministic choices in offline answers). */
export function stableHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

// Instruction lines: what a lesson asks the learner to do ("Explain where most volcanoes form",
// "Predict the outcome of a simple case", "Exercise 2: List three…") is no statement to learn, so
// never a card's question nor a concept. Verbs that are only ever instructions at a line's start…
const ALWAYS_INSTRUCTION =
  'explain|describe|identify|define|compare|contrast|summari[sz]e|calculate|analy[sz]e|evaluate|discuss|distinguish|interpret|demonstrate|explore|predict|justify|imagine|sketch|solve|draw|recognise|recognize|understand|learn|reflect|investigate|research|rewrite|brainstorm|practi[sc]e|apply|connect|choose|pick|write|repeat|complete|find|fill|fix|correct|critique|tell|try|think|consider|discover|decide|determine|estimate|classify|illustrate|label|outline|recall|memori[sz]e|convert|translate|prove|show|give|make|build|create|design|develop|plan|list|name|state|use|read|watch|look|check|trace|note|map|test|review|record|measure|observe|answer|work|match|rank|sort|ask|take|put|share|present|walk|pause|go|keep|remember|be able to';
// …and these read as instructions only when an object follows ("Work the problem", not "Work is…").
const OBJECT_FOLLOWS =
  /^(?:the|a|an|how|why|what|where|when|which|who|whom|whether|your|yours|each|every|one|two|three|four|five|some|all|any|this|these|that|those|its|their|his|her|it|them|out|up|down|through|about|at|back|over|again|[0-9]+)\b/i;
const AMBIGUOUS = new Set(
  'show give make build create design develop plan list name state use read watch look check trace note map test review record measure observe answer work match rank sort ask take put share present walk pause go keep remember find fill fix correct repeat complete try think consider label outline'.split(
    ' ',
  ),
);
const INSTRUCTION = new RegExp(`^(?:to\\s+)?(${ALWAYS_INSTRUCTION})\\b\\s*(.*)$`, 'i');
const MARKER = /^[\s>*_#-]*(?:\(?\d+[.)]\s+)?/;
const LABEL = /^(?:exercise|task|activity|challenge|practice|try this|your turn)\s*\d*\s*[:.–—-]/i;

/** True for an instruction to the learner (an exercise, an objective's "Explain …"), not a statement. */
export function isInstruction(sentence: string): boolean {
  const text = sentence.replace(MARKER, '');
  if (LABEL.test(text)) return true; // "Exercise 2: …"
  const m = INSTRUCTION.exec(text.replace(/^(?:now|then|next|first|finally|please),?\s+/i, ''));
  if (!m) return false;
  const verb = (m[1] ?? '').toLowerCase();
  return !AMBIGUOUS.has(verb) || OBJECT_FOLLOWS.test(m[2] ?? '');
}

/** A text without its instruction sentences (headings and statements kept, line by line). */
export function withoutInstructions(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      /^\s*#/.test(line)
        ? line
        : line
            .split(/(?<=[.!?])\s+/)
            .filter((s) => !isInstruction(s))
            .join(' '),
    )
    .filter((line) => line.trim())
    .join('\n');
}

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
