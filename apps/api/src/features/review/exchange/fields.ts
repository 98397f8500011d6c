// Card text ↔ Anki field HTML. Anki fields are HTML: our plain text is escaped and its line breaks
// become <br>; an imported field is read back as text (tags dropped, entities decoded, media
// references removed), so an export imported again gives the same fronts and backs.
import { decodeHTML } from 'entities';

export function toFieldHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

export function fromFieldHtml(html: string): string {
  const text = html
    .replace(/\[sound:[^\]]*\]/gi, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p|li|h[1-6]|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Anki's sort field / checksum text: the field without HTML. */
export const stripHtml = (html: string) => fromFieldHtml(html).replace(/\s+/g, ' ').trim();

/**
 * A cloze note's text as a question: cloze 1's deletions become the _____ blank (the answer), the
 * others show their text. Null when the note has no cloze 1.
 */
export function clozeToCard(text: string): { question: string; answer: string } | null {
  const answers: string[] = [];
  const question = text.replace(
    /\{\{c(\d+)::([\s\S]*?)(?:::[\s\S]*?)?\}\}/g,
    (_m, n: string, body: string) => {
      if (n === '1') {
        answers.push(body);
        return '_____';
      }
      return body;
    },
  );
  return answers.length ? { question, answer: answers.join(', ') } : null;
}
