import { describe, expect, it } from 'vitest';
import { extractDocumentText, markdownHeadings } from './extract.ts';

describe('Markdown text', () => {
  it('makes headings sentences of their own and keeps everything else as written', () => {
    const md =
      '# Cell biology notes\n\n## Ribosomes ##\nRibosomes translate mRNA.\n### Why?\n`List<String>` is #1.\n#hashtag';
    expect(markdownHeadings(md)).toBe(
      'Cell biology notes.\n\nRibosomes.\nRibosomes translate mRNA.\nWhy?\n`List<String>` is #1.\n#hashtag',
    );
  });

  it('applies to Markdown uploads only', async () => {
    const bytes = new TextEncoder().encode('# Title\nBody text.');
    expect((await extractDocumentText('text/markdown', bytes))[0]!.text).toBe('Title.\nBody text.');
    expect((await extractDocumentText('text/plain', bytes))[0]!.text).toBe('# Title\nBody text.');
  });
});
