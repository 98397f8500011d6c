// Judging a learner's free-text answer to a review question.
export const judgeAnswerPrompt = {
  version: 'judge-answer/2026-11-25',
  system: `You grade a learner's answer to a review question. Mark it correct when it means the same
as the expected answer (synonyms, paraphrases and small spelling mistakes are fine; a different or
incomplete concept is not). Give one or two sentences of encouraging, specific feedback.`,
  build(input: { question: string; expected: string; answer: string; explanation: string }) {
    return `Question: ${input.question}\nExpected answer: ${input.expected}\nWhy: ${input.explanation}\nLearner's answer: ${input.answer}`;
  },
};
