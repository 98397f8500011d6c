// Which concept a generated question tests: the uncovered concept of the source its answer names,
// else the one whose content words it shares most (as a share of the concept's words). A cloze card
// tests only the word it blanks: "_____ is molten rock pushed out by gas" (lava) is Lava's card,
// never Gas's, so answering it moves Lava's mastery. Each concept gets at most one new card per
// source; a question that tests none of the uncovered concepts is not kept.
import { contentWords } from './names.ts';

export interface AssignableQuestion {
  question: string;
  answer: string;
  explanation: string;
}

/** Pairs of (question index, concept id), at most one question per concept, best matches first. */
export function assignQuestions(
  questions: AssignableQuestion[],
  concepts: { id: string; name: string }[],
): { question: number; conceptId: string }[] {
  const words = concepts.map((c) => ({ id: c.id, words: contentWords(c.name) }));
  const pairs: { question: number; conceptId: string; score: number }[] = [];
  questions.forEach((q, i) => {
    const text = contentWords(`${q.question} ${q.answer} ${q.explanation}`);
    const answer = contentWords(q.answer);
    const cloze = /_{3,}/.test(q.question);
    for (const c of words) {
      if (!c.words.size) continue;
      let shared = 0;
      let named = 0;
      for (const w of c.words) {
        if (text.has(w)) shared++;
        if (answer.has(w)) named++;
      }
      if (cloze && !named) continue;
      if (shared)
        pairs.push({
          question: i,
          conceptId: c.id,
          score: named / c.words.size + shared / c.words.size + shared * 0.01,
        });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.question - b.question);
  const usedQ = new Set<number>();
  const usedC = new Set<string>();
  const out: { question: number; conceptId: string }[] = [];
  for (const p of pairs) {
    if (usedQ.has(p.question) || usedC.has(p.conceptId)) continue;
    usedQ.add(p.question);
    usedC.add(p.conceptId);
    out.push({ question: p.question, conceptId: p.conceptId });
  }
  return out.sort((a, b) => a.question - b.question);
}
