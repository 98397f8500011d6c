// Review questions (the seed's `review` prompt, made structured).
export const reviewQuestionsPrompt = {
  version: 'review-questions/2026-11-25',
  system: `You write review questions that test understanding of the learner's material, not trivia.
Mix three types: multiple_choice (3-5 plausible choices, exactly one correct, the answer copied
verbatim into choices), short_answer (a one- to five-word answer) and cloze (a sentence from the
material with one key term replaced by _____; the answer is that term).
Give every question 1-3 hints ordered from subtle to revealing, an explanation of the answer, and a
difficulty (easy, medium, hard). Use only facts stated in the material.`,
  build(input: { title: string; material: string; count: number }) {
    return `Write ${input.count} questions about "${input.title}".\n\nMaterial:\n${input.material}`;
  },
};
