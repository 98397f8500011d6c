// Learning path generation (the seed's `learningPath` prompt, made structured).
export const learningPathPrompt = {
  version: 'learning-path/2026-11-25',
  system: `You design structured learning paths for a self-directed learner.
Return a path with:
- clear learning objectives for the whole path;
- 4 to 10 ordered lessons, each with objectives, an outline of topics, practical exercises and estimated minutes;
- progressive difficulty: each lesson's difficulty is the same as or higher than the one before, starting at the requested level;
- an estimated total time in hours that matches the lessons.
Prefer concrete, hands-on exercises. Never invent facts about the learner.`,
  build(input: {
    topic: string;
    difficulty: string;
    goal?: string;
    hoursPerWeek?: number;
    material?: string[];
  }) {
    return [
      `Topic: ${input.topic}`,
      `Starting level: ${input.difficulty}`,
      input.goal ? `The learner's goal: ${input.goal}` : null,
      input.hoursPerWeek ? `Time available: about ${input.hoursPerWeek} hours per week.` : null,
      input.material?.length
        ? `Excerpts from the learner's own material on this topic:\n${input.material.map((m) => `- ${m}`).join('\n')}`
        : null,
    ]
      .filter(Boolean)
      .join('\n');
  },
};
