// Concept names: cleaned for display, normalised for deduplication (case, diacritics, punctuation,
// whitespace, plural/singular), and refused when they are the server's own words (offline-mode
// notices, error text, template placeholders, default titles) rather than something learnt.
import { isInstruction } from '../learning/instructions.ts';
import { normalize } from '../learning/text.ts';
import { singular } from '../learning/words.ts';

export { singular };
import { OFFLINE_NOTICE } from '../chat/offline.ts';

export const MAX_NAME = 120;

/** The key two names share when they mean the same concept: "Light-Reactions " = "light reaction". */
export function normName(name: string): string {
  return normalize(name)
    .split(' ')
    .filter(Boolean)
    .map(singular)
    .join(' ')
    .replace(/^(the|a|an) /, '')
    .slice(0, MAX_NAME);
}

// A lesson objective is a sentence ("Explain how chlorophyll captures light"); its concept is
// what follows the verb.
const LEADING_VERB =
  /^(?:to\s+)?(?:be able to\s+)?(?:explain|describe|identify|understand|define|compare|contrast|apply|recognise|recognize|list|use|know|learn|outline|summari[sz]e|calculate|analy[sz]e|evaluate|discuss|name|state|distinguish|interpret|demonstrate|explore|practi[sc]e|master)\s+(?:between\s+)?/i;

/** A source's phrase as a concept's display name: one line, no markup or trailing punctuation. */
export function cleanName(raw: string): string {
  let t = raw
    .replace(/[*_#`>"“”]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  t = t
    .replace(LEADING_VERB, '')
    .replace(/[.!?:;,]+$/, '')
    .trim();
  if (t.length > MAX_NAME) t = `${t.slice(0, MAX_NAME - 1).replace(/\s+\S*$/, '')}…`;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// Words the server says about itself. A concept is what the learner met in their material; none
// of these ever is (see docs: nothing the server says about itself becomes learning content).
const SERVER_TEXT = [
  normalize(OFFLINE_NOTICE),
  'offline mode',
  'no ai model',
  'ai model is connected',
  'connect an ai model',
  'connect a model',
  'settings and about',
  'new conversation',
  'something went wrong',
  'try again',
  'not found',
  'internal server error',
  'rate limit',
  'too many requests',
  'service unavailable',
  'request failed',
  'untitled',
  'lorem ipsum',
];
const PLACEHOLDER =
  /\{\{|\}\}|\$\{|<[a-z/][^>]*>|\[(?:topic|name|title|concept|placeholder|todo|tbd)\]|\b(?:todo|tbd|placeholder)\b/i;
const NOT_A_NAME = new Set([
  'undefined',
  'null',
  'nan',
  'true',
  'false',
  'none',
  'n a',
  'error',
  'object object',
]);

/** True for text the server wrote about itself (notices, errors, placeholders), or nothing at all. */
export function isServerText(raw: string): boolean {
  const n = normalize(raw);
  if (!n || NOT_A_NAME.has(n)) return true;
  if (!/\p{L}/u.test(n)) return true;
  if (PLACEHOLDER.test(raw)) return true;
  return SERVER_TEXT.some((s) => n.includes(s));
}

/** A candidate concept name made usable, or null when it is server text or empty. */
export function conceptName(raw: string): { name: string; norm: string } | null {
  if (isServerText(raw)) return null;
  const name = cleanName(raw);
  const norm = normName(name);
  // What is left after the objective's verb still asks something of the learner ("Predict the
  // outcome of a simple case"): a task, not a concept.
  if (norm.length < 2 || isServerText(name) || isInstruction(name)) return null;
  return { name, norm };
}

/** Content words of a text, singular: for matching questions to the concepts they test. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of normalize(text).split(' ')) if (w.length >= 3 && !STOP.has(w)) out.add(singular(w));
  return out;
}
const STOP = new Set(
  'the and for with that this from into what which when where how why who are was were its their there these those than then them they your you our has have had not but can could will would should about between over under more most some such also each other only very both'.split(
    ' ',
  ),
);
