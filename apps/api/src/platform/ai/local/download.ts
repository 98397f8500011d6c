// Downloads a model file once: into `<file>.part`, resuming with an HTTP Range request after a cut
// connection or a restart, then checking the size and SHA-256 before renaming it into place. A
// verified file gets a `<file>.sha256` note so the next start does not hash a gigabyte again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';

export interface ModelFile {
  /** Where the file is fetched from. */
  url: string;
  /** Where it is kept. */
  file: string;
  /** Expected SHA-256 (hex); checked before use when known. */
  sha256?: string;
  /** Expected size in bytes, when known. */
  size?: number;
}

export interface DownloadProgress {
  bytes: number;
  totalBytes?: number;
}

export class DownloadError extends Error {}

export interface DownloadOptions {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** How often a connection that was cut after some bytes arrived is resumed (default 3). */
  resumes?: number;
  /** Wait before resuming (default 1000 ms, doubling). */
  resumeDelayMs?: number;
}

const hashFile = async (file: string) => {
  const h = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), h);
  return h.digest('hex');
};

const noteOf = (file: string) => `${file}.sha256`;

/** True if `file` is there and (when a hash is expected) was verified, now or on an earlier start. */
export async function isVerified(spec: Pick<ModelFile, 'file' | 'sha256' | 'size'>): Promise<boolean> {
  const stat = fs.statSync(spec.file, { throwIfNoEntry: false });
  if (!stat?.isFile()) return false;
  if (spec.size !== undefined && stat.size !== spec.size) return false;
  if (!spec.sha256) return true;
  const note = `${stat.size} ${Math.round(stat.mtimeMs)} ${spec.sha256}`;
  if (fs.readFileSync(noteOf(spec.file), { encoding: 'utf8', flag: 'a+' }).trim() === note) return true;
  if ((await hashFile(spec.file)) !== spec.sha256) return false;
  fs.writeFileSync(noteOf(spec.file), note);
  return true;
}

/** A reason a person can act on, from whatever fetch threw. */
function describe(err: unknown, url: string): string {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `${host} could not be found (no network or no DNS)`;
  if (code === 'ECONNREFUSED') return `${host} refused the connection`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `${host} did not answer`;
  if (err instanceof DownloadError) return err.message;
  return `${host}: ${cause?.message ?? (err as Error)?.message ?? String(err)}`;
}

/**
 * Fetches `spec.url` into `spec.file`, resuming a partial download. Throws DownloadError with a
 * sentence saying what went wrong (404, unreachable host, size or checksum mismatch).
 */
export async function downloadModel(spec: ModelFile, opts: DownloadOptions = {}): Promise<void> {
  if (await isVerified(spec)) return;
  fs.mkdirSync(path.dirname(spec.file), { recursive: true });
  const part = `${spec.file}.part`;
  const resumes = opts.resumes ?? 3;
  for (let attempt = 0; ; attempt++) {
    let have = fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0;
    if (spec.size !== undefined && have > spec.size) {
      fs.rmSync(part);
      have = 0;
    }
    let received = 0;
    try {
      const res = await fetch(spec.url, {
        headers: have ? { range: `bytes=${have}-` } : {},
        signal: opts.signal,
        redirect: 'follow',
      });
      let total: number | undefined;
      if (res.status === 416 && have) {
        // The part is already whole: the checks below decide.
        await res.body?.cancel();
        total = have;
      } else if (res.status === 206) {
        total = Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1]) || undefined;
      } else if (res.status === 200) {
        have = 0; // the server ignored the range: start again
        total = Number(res.headers.get('content-length')) || undefined;
      } else {
        await res.body?.cancel();
        throw new DownloadError(
          `${new URL(spec.url).host} answered HTTP ${res.status}${res.status === 404 ? ' (not found: check the URL)' : ''}`,
        );
      }
      if (spec.size !== undefined && total !== undefined && total !== spec.size)
        throw new DownloadError(`the server offers ${total} bytes but ${spec.size} were expected`);
      total ??= spec.size;
      if (res.status !== 416 && res.body) {
        let bytes = have;
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            bytes += chunk.length;
            received += chunk.length;
            opts.onProgress?.({ bytes, totalBytes: total });
            cb(null, chunk);
          },
        });
        opts.onProgress?.({ bytes, totalBytes: total });
        await pipeline(
          Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
          count,
          fs.createWriteStream(part, { flags: have ? 'a' : 'w' }),
          {
            signal: opts.signal,
          },
        );
      }
      const size = fs.statSync(part).size;
      if (total !== undefined && size !== total)
        throw new DownloadError(`the download stopped at ${size} of ${total} bytes`);
      if (spec.sha256) {
        const got = await hashFile(part);
        if (got !== spec.sha256) {
          fs.rmSync(part, { force: true }); // a wrong file is not resumed
          throw new DownloadError(
            `the file's SHA-256 is ${got.slice(0, 12)}…, not the expected ${spec.sha256.slice(0, 12)}… (refused)`,
          );
        }
      }
      fs.renameSync(part, spec.file);
      if (spec.sha256) {
        const stat = fs.statSync(spec.file);
        fs.writeFileSync(noteOf(spec.file), `${stat.size} ${Math.round(stat.mtimeMs)} ${spec.sha256}`);
      }
      return;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      // Resume only a connection that was cut after it delivered something: a refused connection,
      // a 404 or a bad checksum will not mend by asking again (no retry storm).
      const cut = received > 0 && !(err instanceof DownloadError && /SHA-256|offers/.test(err.message));
      if (!cut || attempt >= resumes)
        throw err instanceof DownloadError ? err : new DownloadError(describe(err, spec.url));
      await new Promise((r) => setTimeout(r, (opts.resumeDelayMs ?? 1000) * 2 ** attempt));
    }
  }
}
