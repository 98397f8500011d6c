// Deterministic text processing for the offline document analysis: sentence splitting, an
// extractive summary (sentences scored by the frequency of their content words, with a small
// lead bonus), keyphrases by term frequency (RAKE-like runs of content words between stopwords
// and punctuation, recurring multi-word runs weighted up), and questions from the key sentences.
import type { DocumentAnalysis } from '@chitchat/contracts';
import { clip } from '../learning/quote.ts';
import { isPluralPhrase, singular } from '../learning/words.ts';
import { nounWords, STOPWORDS } from '../learning/text.ts';

// A document's furniture and abbreviations, on top of the shared list.
const STOP = new Set<string>([
  ...STOPWORDS,
  'e.g',
  'i.e',
  'etc',
  'page',
  'chapter',
  'figure',
  'table',
  'section',
  'see',
  'three',
  'let',
  'us',
  'via',
  'per',
  // Generic nouns: true of any subject, never its key concept ("Surface", "Type").
  'surface',
  'type',
  'types',
  'kind',
  'kinds',
  'part',
  'parts',
  'size',
  'scale',
  'process',
  'form',
  'number',
  'amount',
  'level',
  'lot',
  'side',
  'end',
  'area',
  'place',
  'time',
]);

const WORD = /[\p{L}][\p{L}\p{N}'’-]*/gu;

/** Sentences of readable length, whitespace collapsed, markdown markers removed. */
export function splitSentences(text: string, min = 20, max = 600): string[] {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`>|]+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(])|\n\s*\n/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= min && s.length <= max && /\p{L}{3}/u.test(s));
}

const words = (s: string) => (s.match(WORD) ?? []).map((w) => w.toLowerCase().replace(/’/g, "'"));
const isContent = (w: string) => w.length >= 3 && !STOP.has(w) && !/^\d/.test(w);

export interface Keyphrase {
  phrase: string;
  score: number;
  count: number;
}

/** A phrase's key: lower case, each word singular, so "Eruptions" and "eruption" are one concept. */
const keyOf = (part: string[]) => part.map((w) => singular(w.toLowerCase().replace(/['’]s$/, ''))).join(' ');

/**
 * Keyphrases, best first: nouns scored by frequency, and two- or three-word runs of content words
 * (between stopwords and punctuation, as in RAKE) that end in a noun, weighted by length: those
 * that recur, and those seen once that name a kind of a key term ("shield volcano"; noun
 * compounds first). Singular and plural are one phrase; adjectives ("gentle") are no concept
 * unless too few nouns are found. The most common surface form is returned.
 */
export function keyphrases(text: string, limit = 10): Keyphrase[] {
  const grams = new Map<string, { n: number; count: number; forms: Map<string, number> }>();
  const add = (part: string[]) => {
    const key = keyOf(part);
    const g = grams.get(key) ?? { n: part.length, count: 0, forms: new Map() };
    g.count++;
    const form = part.join(' ');
    g.forms.set(form, (g.forms.get(form) ?? 0) + 1);
    grams.set(key, g);
  };
  for (const fragment of text.split(/[.,;:!?()[\]{}"“”\n\r\t/\\|•–—#]+/)) {
    let run: string[] = [];
    const flush = () => {
      for (let i = 0; i < run.length; i++)
        for (let n = 1; n <= 3 && i + n <= run.length; n++) add(run.slice(i, i + n));
      run = [];
    };
    for (const t of fragment.match(WORD) ?? []) {
      if (isContent(t.toLowerCase())) run.push(t);
      else flush();
    }
    flush();
  }
  const nouns = new Set([...nounWords(text)].map((w) => singular(w.replace(/['’]s$/, ''))));
  const isNoun = (w: string) => nouns.has(w);
  const scoreOf = (key: string, g: { n: number; count: number }): number | null => {
    const words = key.split(' ');
    if (!isNoun(words.at(-1) ?? key)) return null;
    if (g.n === 1) return g.count;
    if (g.count >= 2) return g.count * (g.n + 0.5);
    const head = grams.get(words.at(-1) ?? key)?.count ?? 0;
    const compound = words.every(isNoun);
    return head >= 3 ? 1.5 + (compound ? 0.75 : 0) + 0.1 * head : null;
  };
  const scored: Keyphrase[] = [];
  const others: Keyphrase[] = [];
  for (const [key, g] of grams) {
    // Prefer the form that is not sentence-initial capitalisation when both occur.
    const [best] = [...g.forms.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1));
    if (!best) continue;
    const score = scoreOf(key, g);
    if (score !== null) scored.push({ phrase: best[0], score, count: g.count });
    else if (g.n === 1) others.push({ phrase: best[0], score: g.count, count: g.count });
  }
  // Too few nouns (a tagger's miss, a short text): other words rather than nothing.
  if (scored.length < Math.min(3, limit)) scored.push(...others);
  scored.sort(
    (a, b) => b.score - a.score || b.phrase.length - a.phrase.length || a.phrase.localeCompare(b.phrase),
  );
  // Drop a phrase that is a better one again (the same key), a part of a better one seen no more
  // often than it (it only occurs there), or a better one with a word added and seen as often.
  const out: Keyphrase[] = [];
  for (const k of scored) {
    const lk = ` ${keyOf(k.phrase.split(' '))} `;
    if (
      out.some((o) => {
        const ok = ` ${keyOf(o.phrase.split(' '))} `;
        return (
          ok === lk || (ok.includes(lk) && k.count <= o.count) || (lk.includes(ok) && k.count >= o.count)
        );
      })
    )
      continue;
    out.push(k);
    if (out.length >= limit) break;
  }
  return out;
}

/** The `n` most representative sentences, in their original order. */
export function summarize(text: string, n = 4): string[] {
  const sents = splitSentences(text);
  if (sents.length <= n) return sents;
  const tf = new Map<string, number>();
  for (const w of words(text)) if (isContent(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
  const scored = sents.map((s, i) => {
    const ws = words(s).filter(isContent);
    const unique = [...new Set(ws)];
    const base =
      unique.reduce((a, w) => a + Math.log2(1 + (tf.get(w) ?? 0)), 0) / Math.sqrt(Math.max(ws.length, 4));
    const lead = i === 0 ? 1.25 : i < 3 ? 1.1 : 1;
    return { i, s, score: base * lead };
  });
  const chosen: typeof scored = [];
  for (const c of [...scored].sort((a, b) => b.score - a.score || a.i - b.i)) {
    // Skip near-duplicates of an already chosen sentence.
    const cw = new Set(words(c.s).filter(isContent));
    const dup = chosen.some((o) => {
      const ow = new Set(words(o.s).filter(isContent));
      const inter = [...cw].filter((w) => ow.has(w)).length;
      return inter / Math.max(1, Math.min(cw.size, ow.size)) > 0.8;
    });
    if (!dup) chosen.push(c);
    if (chosen.length >= n) break;
  }
  return chosen.sort((a, b) => a.i - b.i).map((c) => c.s);
}

/** The offline answer to "summarize this document and extract key concepts". */
export function analyzeText(text: string, title: string): DocumentAnalysis {
  const clean = text.replaceAll('\u0000', '').trim();
  const summarySentences = summarize(clean, 4);
  const sents = splitSentences(clean);
  const concepts = keyphrases(clean, 8);
  const keyConcepts = concepts.map((k) => {
    const lk = k.phrase.toLowerCase();
    const where = sents.find((s) => s.toLowerCase().includes(lk));
    return {
      name: clip(k.phrase, 100),
      explanation: clip(where ?? `Mentioned ${k.count} time${k.count === 1 ? '' : 's'} in ${title}.`, 500),
    };
  });
  const questions: string[] = [];
  for (const k of keyConcepts.slice(0, 4))
    questions.push(
      clip(
        isPluralPhrase(k.name)
          ? `What are ${k.name}, and what does ${title} say about them?`
          : `What is ${k.name}, and what does ${title} say about it?`,
        300,
      ),
    );
  // A cloze question from a key sentence: the learner recalls the missing concept.
  for (const s of summarySentences) {
    const k = keyConcepts.find((c) => s.toLowerCase().includes(c.name.toLowerCase()));
    if (!k || questions.length >= 6) continue;
    const re = new RegExp(k.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    questions.push(clip(`Fill in the blank: "${s.replace(re, '_____')}"`, 300));
  }
  const [first, second] = keyConcepts;
  if (first && second && questions.length < 8) {
    questions.push(clip(`How are ${first.name} and ${second.name} related in ${title}?`, 300));
  }
  const summary = summarySentences.length
    ? clip(summarySentences.join(' '), 3000)
    : clean
      ? clip(clean.replace(/\s+/g, ' '), 600)
      : `${title} contains no extractable text.`;
  return { summary, keyConcepts, suggestedQuestions: questions.slice(0, 8) };
}
