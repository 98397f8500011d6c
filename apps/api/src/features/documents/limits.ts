// Limits that keep hostile files from hurting the server (each has a test in test/uploads-hostile).
export const LIMITS = {
  /** PDFs with more pages are refused (split them). */
  pdfMaxPages: 1000,
  /** A DOCX may unzip to at most this much (zip bombs unzip to gigabytes). */
  docxMaxUnzippedBytes: 50 * 1024 * 1024,
  docxMaxEntries: 2000,
  /** Images may decode to at most this many pixels (decompression bombs claim gigapixels). */
  imageMaxPixels: 50_000_000,
  /** One extraction (a worker thread) is stopped after this long. */
  extractTimeoutMs: 60_000,
  /** Memory a worker thread may use before it is stopped. */
  extractMaxHeapMb: 512,
  /** Text kept from one file for chunking and analysis. */
  maxTextChars: 2_000_000,
  /** Text sent to the model for the analysis (the rest is still chunked and searchable). */
  analysisInputChars: 60_000,
  /** A whole processing job (extraction, analysis, indexing) is failed after this long. */
  jobTimeoutMs: 5 * 60_000,
};
