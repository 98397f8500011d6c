// Describes an uploaded video from its metadata and (when ffmpeg made one) a poster frame.
export const videoAnalysisPrompt = {
  version: 'video_analysis/2026-11-25',
  system: `You help a learner study a video they uploaded. You are given its metadata and, when
available, one frame from near its start. Return:
- summary: what the video appears to be about, in 2 to 4 sentences, saying clearly that only one frame was seen;
- keyConcepts: up to 5 concepts it likely covers, each with a short explanation;
- suggestedQuestions: up to 4 questions the learner could answer after watching it.`,
  build(input: {
    fileName: string;
    container: string;
    durationSeconds?: number;
    width?: number;
    height?: number;
  }) {
    const dims = input.width && input.height ? `, ${input.width}×${input.height}` : '';
    const dur = input.durationSeconds !== undefined ? `, ${input.durationSeconds} s` : '';
    return `Video: ${input.fileName} (${input.container}${dims}${dur}).`;
  },
};
