// Full lesson content, generated once when a learner first opens a lesson.
export const lessonPrompt = {
  version: 'lesson/2026-11-25',
  system: `You are a patient teacher writing one lesson of a learning path.
Write: an explanation in Markdown that covers every outline item in order, key points, one worked
example (a problem and its step-by-step solution), practical exercises each with a hint and a
solution, and a short summary. Match the stated difficulty. Be accurate; say so when something is
debated or uncertain.`,
  build(input: {
    pathTitle: string;
    lesson: {
      title: string;
      objectives: string[];
      outline: string[];
      exercises: string[];
      difficulty: string;
    };
    material?: string[];
  }) {
    const l = input.lesson;
    return [
      `Learning path: ${input.pathTitle}`,
      `Lesson: ${l.title} (${l.difficulty})`,
      `Objectives:\n${l.objectives.map((o) => `- ${o}`).join('\n')}`,
      `Outline:\n${l.outline.map((o, i) => `${i + 1}. ${o}`).join('\n')}`,
      `Planned exercises:\n${l.exercises.map((o) => `- ${o}`).join('\n')}`,
      input.material?.length
        ? `Excerpts from the learner's own material:\n${input.material.map((m) => `- ${m}`).join('\n')}`
        : null,
    ]
      .filter(Boolean)
      .join('\n\n');
  },
};
