/**
 * The questions a new conversation offers to start with: about its topic when it has one (a
 * lesson's "Ask the tutor", a Discover tile), else a spread of examples.
 */
const EXAMPLES = [
  'Explain photosynthesis simply',
  'Quiz me on the French Revolution',
  'How do I solve 2x + 3 = 11?',
];

export function chatStarters(topic?: string | null): string[] {
  const t = topic?.replace(/\s+/g, ' ').trim();
  if (!t) return EXAMPLES;
  return [`Explain “${t}” simply`, `Quiz me on “${t}”`, `What should I understand first about “${t}”?`];
}
