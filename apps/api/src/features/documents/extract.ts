// Text from documents: PDFs page by page (unpdf) and DOCX (mammoth, after checking what the zip
// really inflates to) run in a worker thread with a memory cap and a deadline; plain text and
// Markdown are decoded as strict UTF-8.
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '@chitchat/contracts';
import { LIMITS } from './limits.ts';

/** A failure the learner can act on; its message is stored on the upload. */
export class ProcessingError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PageText {
  /** 1-based page number; null where the format has no pages (DOCX, text). */
  page: number | null;
  text: string;
}

const WORKER_URL = new URL('./extract-worker.mjs', import.meta.url);

function runWorker(kind: 'pdf' | 'docx', bytes: Uint8Array, limits = LIMITS): Promise<PageText[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: {
        kind,
        bytes,
        maxPages: limits.pdfMaxPages,
        maxUnzippedBytes: limits.docxMaxUnzippedBytes,
        maxEntries: limits.docxMaxEntries,
      },
      resourceLimits: { maxOldGenerationSizeMb: limits.extractMaxHeapMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ProcessingError(
              'timeout',
              `Reading the file took longer than ${limits.extractTimeoutMs / 1000} s; it was stopped.`,
            ),
          ),
        ),
      limits.extractTimeoutMs,
    );
    worker.on('message', (m: { ok: boolean; pages?: PageText[]; code?: ErrorCode; message?: string }) =>
      finish(() =>
        m.ok
          ? resolve(m.pages ?? [])
          : reject(
              new ProcessingError(m.code ?? 'extract_failed', m.message ?? 'The file could not be read.'),
            ),
      ),
    );
    worker.on('error', (err: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ProcessingError(
                'too_complex',
                'Reading the file needed more memory than allowed; it may be malformed or hostile.',
              )
            : new ProcessingError('extract_failed', 'The file could not be read.'),
        ),
      ),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(
          new ProcessingError('extract_failed', `The file could not be read (reader exited with ${code}).`),
        ),
      ),
    );
  });
}

export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ProcessingError(
      'bad_encoding',
      'The text file is not valid UTF-8: save it as UTF-8 and upload it again.',
    );
  }
  if (text.includes('\u0000'))
    throw new ProcessingError('binary', 'The file contains binary data, not text.');
  return text;
}

/** The text of a document, per page where the format has pages. */
/**
 * Markdown headings as sentences of their own ("## Ribosomes" → "Ribosomes."): left as they are,
 * "#" marks end up in summaries, and a heading runs into the next sentence ("Ribosomes Ribosomes
 * translate…") in keyphrases and cloze cards. Everything else is kept as written (`List<String>`).
 */
export function markdownHeadings(text: string): string {
  return text.replace(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm, (_, title: string) =>
    title && !/[.!?:;]$/.test(title) ? `${title}.` : title,
  );
}

export async function extractDocumentText(
  mediaType: string,
  bytes: Uint8Array,
  limits = LIMITS,
): Promise<PageText[]> {
  let pages: PageText[];
  switch (mediaType) {
    case 'application/pdf':
      pages = await runWorker('pdf', bytes, limits);
      break;
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      pages = await runWorker('docx', bytes, limits);
      break;
    case 'text/plain':
      pages = [{ page: null, text: decodeText(bytes).replace(/\r\n?/g, '\n') }];
      break;
    case 'text/markdown':
      pages = [{ page: null, text: markdownHeadings(decodeText(bytes).replace(/\r\n?/g, '\n')) }];
      break;
    default:
      throw new ProcessingError('unsupported', `Text cannot be extracted from ${mediaType}.`);
  }
  // Keep at most maxTextChars overall.
  let budget = limits.maxTextChars;
  const out: PageText[] = [];
  for (const p of pages) {
    if (budget <= 0) break;
    const text = p.text.replaceAll('\u0000', '').slice(0, budget);
    budget -= text.length;
    out.push({ page: p.page, text });
  }
  return out;
}
