// The offline provider's chat answers and session titles: deterministic text processing, honest
// about being offline. An answer quotes the most relevant passages of the learner's own material
// (found by full-text search) with citations, or explains how to connect a model.
import type { Passage } from '../../platform/ai/index.ts';
import { passageLabel } from '../../platform/ai/prompts/chat_tutor.ts';
import type { SocraticTurn } from '../../platform/ai/prompts/socratic.ts';
import { contentWords, sharedWords } from '../learning/words.ts';
import { focusedExcerpt } from '../learning/quote.ts';
import { STOPWORDS } from '../learning/text.ts';

// The words of asking (“explain what … means”), on top of the shared list.
const STOP = new Set<string>([
  ...STOPWORDS,
  'explain',
  'tell',
  'know',
  'please',
  'help',
  'understand',
  'mean',
  'means',
  'whats',
  'why',
  'when',
  'work',
  'works',
  'give',
  'show',
]);

/** The content words of a question, in order, without duplicates. */
export function keywords(text: string, max = 8): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(/[\p{L}][\p{L}\p{N}'’-]*/gu)) {
    const w = m[0].replace(/['’]s$/i, '');
    const k = w.toLowerCase();
    if (k.length < 3 || STOP.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

/** Any of the words (OR) as a to_tsquery string; null when nothing is searchable. */
export function anyWordsTsQuery(text: string): string | null {
  const words = keywords(text, 16)
    .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w.length >= 3);
  return words.length ? [...new Set(words)].join(' | ') : null;
}

/** The question's content words, folded (learning/text.ts contentWords), without the words of asking. */
export const questionWords = (question: string) => contentWords(question, STOP);

const relevance = (words: ReadonlySet<string>, p: Passage) => sharedWords(words, `${p.title} ${p.text}`);

/** The passages sharing the most of the question's content words first; equals keep their order. */
export function rankByQuestion(question: string, passages: Passage[]): Passage[] {
  const words = questionWords(question);
  return passages
    .map((p, i) => ({ p, i, n: relevance(words, p) }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.p);
}

/**
 * The passages worth quoting, with their citation numbers: only those sharing a content word with
 * the question (a search on any word also finds passages about something else).
 */
function quotable(question: string, passages: Passage[]) {
  const words = questionWords(question);
  const all = passages.map((p, i) => ({ p, n: i + 1 }));
  return { words, shown: words.size ? all.filter(({ p }) => relevance(words, p) > 0) : all };
}

export interface OfflineAnswerInput {
  message: string;
  passages: Passage[];
  imageCount?: number;
  /** Socratic mode: until a solution may be shown, a guiding question instead of quotes. */
  socratic?: SocraticTurn;
}

export const OFFLINE_NOTICE = '**Offline mode**: no AI model is connected to this server';

/** The offline chat answer: quotes with numbered citations, or how to connect a model. */
export function offlineChatAnswer({
  message,
  passages,
  imageCount = 0,
  socratic,
}: OfflineAnswerInput): string {
  if (socratic && !socratic.reveal) return offlineGuidingQuestion(socratic, passages);
  const topic = keywords(socratic?.problem || message, 5);
  const about = topic.length ? ` about “${topic.join(' ')}”` : '';
  const lines: string[] = [];
  // A passage as quoted: at most 600 characters, from the sentence that answers the question,
  // ending at a sentence (or a whole word and “…”).
  const { words, shown } = quotable(socratic?.problem || message, passages);
  if (shown.length) {
    lines.push(
      `${OFFLINE_NOTICE}, so instead of writing a new answer I am quoting what your own material says${about}.`,
      '',
    );
    for (const { p, n } of shown)
      lines.push(`> ${focusedExcerpt(p.text, words, 600)}`, `> — [${n}] ${passageLabel(p)}`, '');
    lines.push(
      'Ask about a narrower term to find more passages, or connect a model for explanations in your own words.',
    );
  } else {
    lines.push(
      `${OFFLINE_NOTICE}, and I found nothing in your documents, lessons or earlier messages${about}.`,
      '',
      'What you can do:',
      '- Upload notes or PDFs, or generate a learning path on this topic: I will then quote the relevant passages here.',
      '- Ask whoever runs this ChitChat server to connect an AI model (Profile → Settings and about shows how).',
    );
  }
  if (imageCount > 0)
    lines.push('', `(I can’t look at the attached image${imageCount > 1 ? 's' : ''} in offline mode.)`);
  return lines.join('\n');
}

/** Socratic mode offline: a guiding question (and where to look), never the quoted answer. */
function offlineGuidingQuestion(t: SocraticTurn, passages: Passage[]): string {
  const topic = keywords(t.problem, 4);
  const about = topic.length ? `“${topic.join(' ')}”` : 'this';
  const lines = [
    `${OFFLINE_NOTICE}. Socratic mode is on, so let’s work it out together first.`,
    '',
    `**Guiding question:** what do you already know about ${about}, and what would be your first step?`,
  ];
  const [first] = quotable(t.problem, passages).shown;
  if (first) lines.push('', `Hint: look at ${passageLabel(first.p)} in your own material.`);
  lines.push(
    '',
    t.explicitAsks > 0
      ? 'Try one step and tell me what you get; or ask once more and I will show what your material says.'
      : 'Try an answer and I will then show what your material says.',
  );
  return lines.join('\n');
}

const LEADS =
  /^(?:(?:hi|hello|hey)[,!.\s]+)?(?:please\s+)?(?:can|could|would)\s+you\s+(?:please\s+)?|^(?:please\s+)?(?:explain|describe|tell me about|tell me|teach me|help me understand|help me with|i want to (?:learn|know) about|what is|what are|what's|whats|how does|how do|how is|how are|why does|why do|why is|why are|who was|who is|when did|where is)\s+/i;

/** A session title from the first question: its gist, capitalised, at most 60 characters. */
export function offlineTitle(message: string): string {
  let t = message.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i++) t = t.replace(LEADS, '');
  t = (t.split(/(?<=[.!?])\s/)[0] ?? '')
    .replace(/[?!.:;,]+$/, '')
    .replace(/^(the|a|an)\s+/i, '')
    .trim();
  if (!t) t = keywords(message, 4).join(' ') || 'New conversation';
  if (t.length > 60) t = `${t.slice(0, 57).replace(/\s+\S*$/, '')}…`;
  return t.charAt(0).toUpperCase() + t.slice(1);
}
