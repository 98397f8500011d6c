// Offline review questions: cloze deletions of key terms in the material's key sentences,
// multiple choice with the learner's own other key terms as distractors, and short answers that
// ask for the concept a sentence describes. Deterministic for the same material.
import type { GeneratedQuestion } from '@chitchat/contracts';
import { blankOut, keyphrases, keySentences, normalize, stableHash } from '../learning/text.ts';

const BLANK = '_____';
const MIN_SENTENCE_WORDS = 5;

function hintsFor(term: string, title: string): string[] {
  const words = term.split(/\s+/);
  return [
    `It is one of the key terms of “${title}”.`,
    words.length > 1
      ? `It is ${words.length} words; the first starts with “${term[0]}”.`
      : `It starts with “${term[0]}” and has ${term.length} letters.`,
    `It begins “${term.slice(0, Math.max(2, Math.ceil(term.length / 2)))}…”.`,
  ];
}

/**
 * A markdown heading (its line; in a document's chunk, where the heading runs on into the next
 * sentence, that sentence too) and a line that is bold only: titles, not statements.
 */
const HEADING = /(^|\s)#{1,6}\s[^.!?\n]*[.!?]?/g;
const BOLD_LINE = /^\s*\*\*[^*\n]+\*\*\s*$/gm;

export function offlineQuestions(title: string, material: string, count: number): GeneratedQuestion[] {
  const text = material.replace(HEADING, '$1\n').replace(BOLD_LINE, '');
  // Only nouns are blanked (key terms, not fillers such as “although”); too few, fewer questions.
  const terms = keyphrases(text, 16, { nounsOnly: true }).filter((t) => t.length >= 3);
  // The material's own title (a document's file name without its extension) is no statement.
  const titles = new Set([normalize(title), normalize(title.replace(/\.[a-z0-9]{1,5}$/i, ''))]);
  const lines = keySentences(text, Math.max(count * 3, 8)).filter((s) => !titles.has(normalize(s)));
  const questions: GeneratedQuestion[] = [];
  const usedTerms = new Set<string>();
  for (const sentence of lines) {
    if (questions.length >= count) break;
    // A heading made into a sentence ("The light-dependent reactions.") leaves nothing to recall
    // the blank from: a question needs a statement around its gap.
    if (sentence.split(/\s+/).length < MIN_SENTENCE_WORDS) continue;
    // The most salient term in this sentence not yet asked about.
    const term = terms.find((t) => !usedTerms.has(normalize(t)) && blankOut(sentence, t) !== null);
    if (!term) continue;
    const blanked = blankOut(sentence, term, BLANK);
    if (blanked === null) continue;
    usedTerms.add(normalize(term));
    const explanation = `From “${title}”: ${sentence}`;
    const hints = hintsFor(term, title);
    const kind = questions.length % 3;
    const distractors = terms
      .filter((t) => normalize(t) !== normalize(term) && !sentence.toLowerCase().includes(t.toLowerCase()))
      .sort((a, b) => stableHash(a + sentence) - stableHash(b + sentence))
      .slice(0, 3);
    if (kind === 1 && distractors.length >= 2) {
      const choices = [term, ...distractors].sort((a, b) => stableHash(a + title) - stableHash(b + title));
      questions.push({
        type: 'multiple_choice',
        question: `Which term completes the statement? “${blanked}”`,
        choices,
        answer: term,
        hints: hints.slice(0, 2),
        explanation,
        difficulty: 'easy',
      });
    } else if (kind === 2) {
      const words = term.split(/\s+/).length;
      const gap = blankOut(sentence, term, '…') ?? blanked;
      questions.push({
        type: 'short_answer',
        question: `Recall the missing ${words > 1 ? `${words}-word term` : 'term'}: “${gap}”`,
        answer: term,
        hints,
        explanation,
        difficulty: 'hard',
      });
    } else {
      questions.push({
        type: 'cloze',
        question: blanked,
        answer: term,
        hints,
        explanation,
        difficulty: 'medium',
      });
    }
  }
  return questions;
}
