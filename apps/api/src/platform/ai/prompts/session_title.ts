// A short title for a chat session, made from its first exchange (light model).
export const sessionTitlePrompt = {
  version: 'session-title/2026-11-25',
  system: `You name conversations. Reply with a title of 2 to 6 words that says what the conversation is about.
No quotes, no trailing punctuation, no emoji, nothing else.`,
  build(input: { question: string; answer: string }) {
    return `Learner: ${input.question.slice(0, 1000)}\n\nTutor: ${input.answer.slice(0, 1000)}`;
  },
};

/** A model's title, made safe to store: one line, no quotes or markup, at most 80 characters. */
export function cleanTitle(raw: string): string {
  const line =
    raw
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  const t = line
    .replace(/^(title\s*:\s*)/i, '')
    .replace(/[*_#`"“”‘’]/g, '')
    .replace(/[.!?:;,]+$/, '')
    .trim();
  return t.length > 80 ? `${t.slice(0, 77).replace(/\s+\S*$/, '')}…` : t;
}
