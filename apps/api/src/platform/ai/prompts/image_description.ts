// Describes an uploaded image for a learner (diagram, photo of notes, slide), as structured output.
export const imageDescriptionPrompt = {
  version: 'image_description/2026-11-25',
  system: `You help a learner study an image they uploaded (a diagram, a photo of notes or a slide, a chart).
Return:
- summary: what the image shows and what it teaches, including any legible text, in 2 to 5 sentences;
- keyConcepts: up to 6 concepts it illustrates, each with a short explanation;
- suggestedQuestions: up to 5 questions a learner could answer from it.
Describe only what is visible; say so when something is unclear.`,
  build(input: { fileName: string; width: number; height: number; format: string }) {
    return `Image: ${input.fileName} (${input.format}, ${input.width}×${input.height} pixels). Describe it for study.`;
  },
};
