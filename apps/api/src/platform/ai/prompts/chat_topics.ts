// A chat's topics for the learner's concept map (issue 17): asked once per conversation, at its
// third answer, of the light model (task 'session_title': naming what a conversation is about).
// The caller (features/concepts/topics.ts) keeps only names that pass its own checks.
export const chatTopicsPrompt = {
  version: 'chat-topics/2026-12-01',
  system: `You list the topics a tutoring conversation taught. Reply with JSON {"topics": [...]}: at most 3
topics, most important first. Each topic is a concept a learner could study and be tested on, as a short
noun phrase of 1 to 5 words ("Plate tectonics", "Subduction zones"). No questions, no sentences, no
numbering, no quotes, nothing about the conversation itself.`,
  build(input: { title: string; answers: string }) {
    return `Conversation title: ${input.title.slice(0, 200)}\n\nTutor's answers:\n${input.answers}`;
  },
};
