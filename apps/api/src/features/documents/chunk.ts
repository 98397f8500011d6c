// Splits extracted text into passages for retrieval: about `target` characters each, broken at
// paragraph or sentence boundaries, never across pages (so every chunk cites one page).
import type { PageText } from './extract.ts';

export interface Chunk {
  ord: number;
  page: number | null;
  text: string;
}

export function chunkPages(pages: PageText[], target = 1200, max = 2000): Chunk[] {
  const chunks: Chunk[] = [];
  for (const p of pages) {
    const pieces = p.text
      .split(/\n\s*\n|(?<=[.!?])\s+/)
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    let current = '';
    const push = () => {
      if (current.trim()) chunks.push({ ord: chunks.length, page: p.page, text: current.trim() });
      current = '';
    };
    for (let piece of pieces) {
      while (piece.length > max) {
        // A run-on "sentence" (tables, no punctuation): cut at a space near the limit.
        const cut = piece.lastIndexOf(' ', max) > max / 2 ? piece.lastIndexOf(' ', max) : max;
        if (current) push();
        current = piece.slice(0, cut);
        push();
        piece = piece.slice(cut).trim();
      }
      if (current && current.length + piece.length + 1 > target) push();
      current = current ? `${current} ${piece}` : piece;
    }
    push();
  }
  return chunks;
}
