// The feedback on a review answer, said once: the card's result already reads "Correct!" or
// "Not quite", so feedback that starts with the same verdict ("Not quite: the expected answer is …")
// is shown without it.

const VERDICT = {
  right: /^(correct|right|well done)\b[\s!.:,;—–-]*/i,
  wrong: /^(not quite|incorrect|wrong|not correct)\b[\s!.:,;—–-]*/i,
};

/** The feedback without a leading verdict that repeats the heading; null when nothing is left. */
export function feedbackAfterVerdict(feedback: string, correct: boolean): string | null {
  const rest = feedback
    .trim()
    .replace(correct ? VERDICT.right : VERDICT.wrong, '')
    .trim();
  return rest ? rest[0]!.toUpperCase() + rest.slice(1) : null;
}
