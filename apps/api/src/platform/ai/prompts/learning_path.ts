// Learning path generation (the seed's `learningPath` prompt, made structured).
export const learningPathPrompt = {
  version: 'learning-path/2026-12-01',
  system: `You design structured learning paths for a self-directed learner.
Return a path with:
- clear learning objectives for the whole path;
- 4 to 10 ordered lessons, each with objectives, an outline of topics, practical exercises and estimated minutes;
- progressive difficulty: each lesson's difficulty is the same as or higher than the one before, starting at the requested level;
- an estimated total time in hours that matches the lessons.
Prefer concrete, hands-on exercises. Never invent facts about the learner.
When the learner's concepts are listed: do not teach again what they have mastered (at most a one-line recap inside another lesson), and revisit what is weak early, in its own lesson or objective.`,
  build(input: {
    topic: string;
    difficulty: string;
    goal?: string;
    hoursPerWeek?: number;
    material?: string[];
    /** The learner's concepts on this topic, by mastery (features/concepts: knownConcepts). */
    known?: { weak: string[]; strong: string[] };
  }) {
    return [
      `Topic: ${input.topic}`,
      `Starting level: ${input.difficulty}`,
      input.goal ? `The learner's goal: ${input.goal}` : null,
      input.hoursPerWeek ? `Time available: about ${input.hoursPerWeek} hours per week.` : null,
      input.material?.length
        ? `Excerpts from the learner's own material on this topic:\n${input.material.map((m) => `- ${m}`).join('\n')}`
        : null,
      input.known?.strong.length
        ? `Concepts the learner has mastered (skip them): ${input.known.strong.join('; ')}`
        : null,
      input.known?.weak.length
        ? `Concepts the learner is weak on (revisit them): ${input.known.weak.join('; ')}`
        : null,
    ]
      .filter(Boolean)
      .join('\n');
  },
};
