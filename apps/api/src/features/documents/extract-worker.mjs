// Text extraction in a worker thread, so a hostile file (a zip bomb, a PDF that makes the parser
// spin or allocate) can be stopped: the parent gives it a memory cap and a deadline and terminates
// it, and the API process never hangs or dies. Plain JavaScript so it runs the same under tsx,
// Vitest and plain Node. Input: { kind: 'pdf' | 'docx', bytes, maxPages, maxUnzippedBytes,
// maxEntries }. Output: { ok: true, pages: [{ page, text }] } or { ok: false, code, message }.
import { parentPort, workerData } from 'node:worker_threads';
import yauzl from 'yauzl';

class Refusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const mb = (n) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

async function extractPdf(bytes, maxPages) {
  const { getDocumentProxy } = await import('unpdf');
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false });
  } catch (err) {
    if (err?.name === 'PasswordException')
      throw new Refusal(
        'encrypted',
        'The PDF is password-protected: remove the password and upload it again.',
      );
    throw new Refusal('corrupt', 'The PDF is damaged or not a valid PDF, so its text could not be read.');
  }
  try {
    if (pdf.numPages > maxPages) {
      throw new Refusal(
        'too_many_pages',
        `The PDF has ${pdf.numPages} pages; at most ${maxPages} can be processed. Split it into smaller files.`,
      );
    }
    const pages = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : ' ');
      }
      pages.push({
        page: i,
        text: text
          .replace(/[ \t]+/g, ' ')
          .replace(/ ?\n ?/g, '\n')
          .trim(),
      });
      page.cleanup();
    }
    return pages;
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

/** Reads the zip's entries, counting the real inflated bytes (not the sizes the zip claims). */
function checkZip(bytes, maxUnzippedBytes, maxEntries) {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes),
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip)
          return reject(new Refusal('corrupt', 'The DOCX is damaged (it is not a readable zip archive).'));
        let total = 0;
        let entries = 0;
        let failed = false;
        const fail = (e) => {
          if (failed) return;
          failed = true;
          zip.close();
          reject(e);
        };
        zip.on('error', () =>
          fail(new Refusal('corrupt', 'The DOCX is damaged (its zip structure is broken).')),
        );
        zip.on('end', () => !failed && resolve({ total, entries }));
        zip.on('entry', (entry) => {
          entries++;
          if (entries > maxEntries)
            return fail(
              new Refusal('zip_bomb', `The DOCX has more than ${maxEntries} parts; refusing to unpack it.`),
            );
          if (total + entry.uncompressedSize > maxUnzippedBytes) {
            return fail(
              new Refusal(
                'zip_bomb',
                `The DOCX expands to more than ${mb(maxUnzippedBytes)} when unzipped (declared ${mb(total + entry.uncompressedSize)}); refusing to unpack it.`,
              ),
            );
          }
          if (/\/$/.test(entry.fileName)) return zip.readEntry();
          zip.openReadStream(entry, (e, stream) => {
            if (e || !stream)
              return fail(new Refusal('corrupt', 'The DOCX is damaged (a part could not be read).'));
            stream.on('data', (chunk) => {
              total += chunk.length;
              if (total > maxUnzippedBytes) {
                stream.destroy();
                fail(
                  new Refusal(
                    'zip_bomb',
                    `The DOCX expands to more than ${mb(maxUnzippedBytes)} when unzipped; refusing to unpack it.`,
                  ),
                );
              }
            });
            stream.on('error', () =>
              fail(
                new Refusal(
                  'corrupt',
                  'The DOCX is damaged (a part does not match its declared size or checksum).',
                ),
              ),
            );
            stream.on('end', () => !failed && zip.readEntry());
          });
        });
        zip.readEntry();
      },
    );
  });
}

async function extractDocx(bytes, maxUnzippedBytes, maxEntries) {
  await checkZip(bytes, maxUnzippedBytes, maxEntries);
  const mammoth = (await import('mammoth')).default;
  let result;
  try {
    result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  } catch {
    throw new Refusal(
      'corrupt',
      'The DOCX is damaged or is not a Word document (word/document.xml could not be read).',
    );
  }
  return [{ page: null, text: result.value.replace(/\n{3,}/g, '\n\n').trim() }];
}

async function main() {
  const { kind, bytes, maxPages, maxUnzippedBytes, maxEntries } = workerData;
  try {
    const pages =
      kind === 'pdf'
        ? await extractPdf(bytes, maxPages)
        : await extractDocx(bytes, maxUnzippedBytes, maxEntries);
    parentPort.postMessage({ ok: true, pages });
  } catch (err) {
    if (err instanceof Refusal) parentPort.postMessage({ ok: false, code: err.code, message: err.message });
    else
      parentPort.postMessage({
        ok: false,
        code: 'extract_failed',
        message: `The ${kind === 'pdf' ? 'PDF' : 'DOCX'} could not be read.`,
        detail: String(err?.message ?? err),
      });
  }
}

main();
