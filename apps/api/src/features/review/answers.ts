// Judging a learner's answer to a review card without a model. A local "yes" is final; anything
// else goes to the model judge when one is connected (offline it is wrong), so this module only
// accepts answers that are surely right: the expected answer itself, or the expected words, each
// spelled closely enough for its length, with nothing else but filler around them — no negation,
// no list of candidates. Multiple choice never reaches a model: the answer is the choice it picks.
import { distance } from 'fastest-levenshtein';
import type { Selectable } from 'kysely';
import { JudgedAnswer } from '@chitchat/contracts';
import type { AiProvider } from '../../platform/ai/index.ts';
import type { DB } from '../../platform/db/schema.ts';
import { judgeAnswerPrompt } from '../../platform/ai/prompts/judge_answer.ts';
import { normalize } from '../learning/text.ts';

const ARTICLES = new Set(['a', 'an', 'the']);
/** Words a single answer may be wrapped in ("it's the mitochondria", "I think osmosis"). */
const FILLER = new Set([
  ...ARTICLES,
  'it',
  'its',
  's',
  'is',
  'are',
  'was',
  'were',
  'this',
  'that',
  'they',
  'i',
  'think',
  'my',
  'answer',
  'called',
]);
/** "not X", "no X", "isn't X", "never X", ... (on the lower-cased text, before punctuation is dropped). */
const NEGATION =
  /\b(?:not|no|never|none|nothing|neither|nor|cannot|(?:is|are|was|were|do|does|did|ca|can|could|would|should|has|have|had|must|need|wo)n['’]?t)\b/u;

const words = (s: string) => normalize(s).split(' ').filter(Boolean);
/** The text as typed, with only case, Unicode compatibility forms and spacing set aside. */
const literal = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const negates = (s: string) => NEGATION.test(s.normalize('NFKC').toLowerCase());

/** The same word with two neighbouring letters swapped ("modle" for "model"): one typo, not two. */
function swappedOnce(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const [i, j, ...more] = [...a].flatMap((ch, k) => (ch === b[k] ? [] : [k]));
  return i !== undefined && j === i + 1 && !more.length && a[i] === b[j] && a[j] === b[i];
}

/**
 * Typos tolerated in a word of `length` letters. Short words must be exact (call ≠ cell), words of
 * five or six letters may only swap two letters (photon ≠ proton), longer ones about one per five.
 */
const allowedTypos = (length: number) => (length <= 6 ? 0 : length <= 9 ? 1 : length <= 13 ? 2 : 3);

const singular = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Is `said` the word `expected`, allowing a plural, a swap and length-scaled typos (numbers exact)? */
export function sameWord(said: string, expected: string): boolean {
  if (said === expected || singular(said) === singular(expected)) return true;
  if (/\d/.test(said) || /\d/.test(expected)) return false;
  if (expected.length >= 5 && swappedOnce(said, expected)) return true;
  return distance(said, expected) <= allowedTypos(expected.length);
}

/** Where the expected words appear in order, word by word, in the answer; -1 if nowhere. */
function findWords(said: string[], expected: string[]): number {
  for (let start = 0; start + expected.length <= said.length; start++) {
    const matches = expected.every((w, i) => {
      const s = said[start + i];
      return s !== undefined && sameWord(s, w);
    });
    if (matches) return start;
  }
  return -1;
}

/**
 * Is a free-text answer right? Case, accents, punctuation and articles are ignored; each expected
 * word may carry typos scaled to its length; filler around the words is fine. Refused: a negation
 * the expected answer does not have, other words besides the answer (a hedge such as "meiosis
 * mitosis osmosis", or "mitosis or meiosis"), and anything not close enough.
 */
export function isRightFreeText(answer: string, expected: string): boolean {
  // The expected answer itself is right, whatever it is made of: symbols ("→", "%"), or a single
  // article-like word ("A" for vitamin A), which normalising or dropping articles would erase.
  if (literal(expected) && literal(answer) === literal(expected)) return true;
  const all = words(expected);
  const skip = (w: string) => ARTICLES.has(w) && all.some((e) => !ARTICLES.has(e));
  const exp = all.filter((w) => !skip(w));
  const said = words(answer).filter((w) => !skip(w));
  if (!exp.length || !said.length) return false;
  if (negates(answer) && !negates(expected)) return false;
  const at = findWords(said, exp);
  if (at >= 0) return [...said.slice(0, at), ...said.slice(at + exp.length)].every((w) => FILLER.has(w));
  // Words run together or split apart ("carbondioxide", "photo synthesis"): compare them joined.
  const content = said.filter((w) => !FILLER.has(w));
  return content.length !== exp.length && sameWord(content.join(''), exp.join(''));
}

/**
 * The choice an answer picks: the choice as written, else the only choice it equals with case and
 * spacing aside, else the only one it equals with accents and punctuation aside too. Undefined when
 * it picks none, or could mean several (choices "]" and "]]" both normalise to nothing).
 */
export function pickedChoice(answer: string, choices: readonly string[]): string | undefined {
  if (choices.includes(answer)) return answer;
  for (const key of [literal, normalize]) {
    const k = key(answer);
    if (!k) return undefined;
    const same = choices.filter((c) => key(c) === k);
    if (same.length) return same.length === 1 ? same[0] : undefined;
  }
  return undefined;
}

/** Is a multiple-choice answer the expected choice (the one it picks among `choices`, see pickedChoice)? */
export function isRightChoice(
  answer: string,
  expected: string,
  choices: readonly string[] = [expected],
): boolean {
  return pickedChoice(answer, choices.includes(expected) ? choices : [...choices, expected]) === expected;
}

/** The card fields an answer is judged against. */
type JudgedCard = Pick<
  Selectable<DB['review_cards']>,
  'question_type' | 'question' | 'choices' | 'answer' | 'explanation'
>;

/**
 * Right or wrong, with feedback: multiple choice exactly; free text locally, then by the model
 * when the local check does not accept it (offline, such an answer is wrong).
 */
export async function judgeAnswer(
  ai: AiProvider,
  { card, answer, ...opts }: { card: JudgedCard; answer: string; userId: string; signal?: AbortSignal },
): Promise<JudgedAnswer> {
  if (card.question_type === 'multiple_choice') {
    const correct = isRightChoice(answer, card.answer, card.choices ?? []);
    return { correct, feedback: correct ? 'Correct!' : `Not quite: the answer is “${card.answer}”.` };
  }
  if (isRightFreeText(answer, card.answer)) return { correct: true, feedback: 'Correct!' };
  const { object } = await ai.generateObject({
    task: 'judge_answer',
    userId: opts.userId,
    schema: JudgedAnswer,
    system: judgeAnswerPrompt.system,
    prompt: judgeAnswerPrompt.build({
      question: card.question,
      expected: card.answer,
      answer,
      explanation: card.explanation,
    }),
    signal: opts.signal,
    offline: () => ({ correct: false, feedback: `Not quite: the expected answer is “${card.answer}”.` }),
  });
  return object;
}
