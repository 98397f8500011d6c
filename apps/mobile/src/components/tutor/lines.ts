/** A list edited as text, one item a line: blank lines dropped, each line trimmed. */
export const toLines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

export const fromLines = (items: readonly string[]) => items.join('\n');

export const STATUS_LABEL = { draft: 'Draft', published: 'Published', archived: 'Archived' } as const;
