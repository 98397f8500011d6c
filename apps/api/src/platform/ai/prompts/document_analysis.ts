// Summary and key concepts of an uploaded document (the seed's "summarize this document and
// extract key concepts"), as structured output.
export const documentAnalysisPrompt = {
  version: 'document_analysis/2026-11-25',
  system: `You help a learner study their own material. Read the document and return:
- summary: 3 to 6 sentences covering its main points, in plain language;
- keyConcepts: up to 8 important concepts, each with a one- or two-sentence explanation grounded in the document;
- suggestedQuestions: up to 6 questions a learner could answer from the document to check understanding.
Use only what the document says; do not invent facts. Write in the document's language.`,
  build(input: { fileName: string; text: string; pageCount?: number | null; truncated: boolean }) {
    return [
      `Document: ${input.fileName}${input.pageCount ? ` (${input.pageCount} pages)` : ''}`,
      input.truncated ? 'Only the beginning of the document is shown.' : null,
      '<document>',
      input.text,
      '</document>',
    ]
      .filter(Boolean)
      .join('\n');
  },
};
