// Images and videos: what can be learned from them without a model (dimensions, format, duration)
// and what a vision model is shown (a bounded re-encoded copy, never the raw upload).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ProcessingError } from './extract.ts';
import { LIMITS } from './limits.ts';

export interface ImageInfo {
  width: number;
  height: number;
  format: string;
  frames: number;
  hasAlpha: boolean;
}

/** Reads the header and refuses decompression bombs before any pixel is decoded. */
export async function inspectImage(bytes: Uint8Array, maxPixels = LIMITS.imageMaxPixels): Promise<ImageInfo> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // Only the header is read here; the pixel limit is enforced below (and again when decoding).
    meta = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (err) {
    if (/pixel limit/i.test(String((err as Error)?.message))) {
      throw new ProcessingError(
        'too_many_pixels',
        `The image has too many pixels; at most ${(maxPixels / 1e6).toFixed(0)} megapixels can be processed.`,
      );
    }
    throw new ProcessingError('corrupt', 'The image is damaged or cannot be decoded.');
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw new ProcessingError('corrupt', 'The image has no readable dimensions.');
  if (width * height > maxPixels || width * (meta.height ?? height) > maxPixels * 4) {
    throw new ProcessingError(
      'too_many_pixels',
      `The image is ${width}×${height} pixels; at most ${(maxPixels / 1e6).toFixed(0)} megapixels can be processed.`,
    );
  }
  return {
    width,
    height,
    format: meta.format ?? 'unknown',
    frames: meta.pages ?? 1,
    hasAlpha: !!meta.hasAlpha,
  };
}

/** A JPEG at most `size` pixels on its longer side, for vision models (first frame only). */
export async function visionCopy(bytes: Uint8Array, size = 1536): Promise<Uint8Array> {
  try {
    return await sharp(bytes, { limitInputPixels: LIMITS.imageMaxPixels, failOn: 'error' })
      .timeout({ seconds: 30 })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer();
  } catch (err) {
    if (err instanceof ProcessingError) throw err;
    throw new ProcessingError('corrupt', 'The image is damaged or cannot be decoded.');
  }
}

/** A 256×256 JPEG avatar (cropped to cover). */
export async function avatarJpeg(bytes: Uint8Array): Promise<Buffer> {
  await inspectImage(bytes);
  try {
    return await sharp(bytes, { limitInputPixels: LIMITS.imageMaxPixels, failOn: 'error' })
      .timeout({ seconds: 30 })
      .rotate()
      .resize(256, 256, { fit: 'cover', position: 'attention' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer();
  } catch {
    throw new ProcessingError('corrupt', 'The image is damaged or cannot be decoded.');
  }
}

export interface VideoInfo {
  container: string;
  brand?: string;
  durationSeconds?: number;
  width?: number;
  height?: number;
}

/** Container metadata: ISO-BMFF (MP4/QuickTime) boxes are walked for duration and dimensions. */
export function videoMetadata(bytes: Uint8Array, mediaType: string): VideoInfo {
  const container =
    mediaType === 'video/webm' ? 'webm' : mediaType === 'video/quicktime' ? 'quicktime' : 'mp4';
  const info: VideoInfo = { container };
  if (container === 'webm') return Object.assign(info, webmInfo(bytes));
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const walk = (start: number, end: number, depth: number) => {
    let at = start;
    while (at + 8 <= end && depth < 6) {
      let size = b.readUInt32BE(at);
      const type = b.toString('latin1', at + 4, at + 8);
      let header = 8;
      if (size === 1) {
        if (at + 16 > end) return;
        size = Number(b.readBigUInt64BE(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return;
      const body = at + header;
      if (type === 'ftyp') info.brand = b.toString('latin1', body, body + 4).trim();
      else if (['moov', 'trak', 'mdia'].includes(type)) walk(body, at + size, depth + 1);
      else if (type === 'mvhd' && size >= header + 32) {
        const v1 = b[body] === 1;
        const timescale = b.readUInt32BE(body + (v1 ? 20 : 12));
        const duration = v1 ? Number(b.readBigUInt64BE(body + 24)) : b.readUInt32BE(body + 16);
        if (timescale > 0) info.durationSeconds = Math.round((duration / timescale) * 1000) / 1000;
      } else if (type === 'tkhd' && info.width === undefined) {
        const v1 = b[body] === 1;
        const off = body + (v1 ? 88 : 76);
        if (off + 8 <= at + size) {
          const w = b.readUInt32BE(off) / 65536;
          const h = b.readUInt32BE(off + 4) / 65536;
          if (w > 0 && h > 0) Object.assign(info, { width: Math.round(w), height: Math.round(h) });
        }
      }
      at += size;
    }
  };
  walk(0, b.length, 0);
  return info;
}

/** WebM (Matroska EBML): the Segment's Info/Duration and the first video track's size. */
function webmInfo(bytes: Uint8Array): Partial<VideoInfo> {
  const out: Partial<VideoInfo> = {};
  let timescale = 1_000_000;
  let duration: number | undefined;
  const readVint = (at: number, keepMarker: boolean) => {
    const first = bytes[at];
    if (first === undefined || first === 0) return null;
    const len = Math.clz32(first) - 23;
    if (at + len > bytes.length) return null;
    let v = keepMarker ? first : first & (0xff >> len);
    for (const b of bytes.subarray(at + 1, at + len)) v = v * 256 + b;
    return { value: v, len };
  };
  const walk = (start: number, end: number, depth: number) => {
    let at = start;
    while (at < end && depth < 5) {
      const id = readVint(at, true);
      if (!id) return;
      const size = readVint(at + id.len, false);
      if (!size) return;
      const body = at + id.len + size.len;
      const unknown = size.value === 2 ** (7 * size.len) - 1;
      const stop = unknown ? end : Math.min(end, body + size.value);
      const num = () => {
        let v = 0;
        for (const b of bytes.subarray(body, stop)) v = v * 256 + b;
        return v;
      };
      switch (id.value) {
        case 0x18538067: // Segment
        case 0x1549a966: // Info
        case 0x1654ae6b: // Tracks
        case 0xae: // TrackEntry
        case 0xe0: // Video
          walk(body, stop, depth + 1);
          break;
        case 0x2ad7b1:
          timescale = num();
          break;
        case 0x4489: {
          const view = new DataView(bytes.buffer, bytes.byteOffset + body, stop - body);
          duration =
            stop - body === 4 ? view.getFloat32(0) : stop - body === 8 ? view.getFloat64(0) : undefined;
          break;
        }
        case 0xb0:
          out.width ??= num();
          break;
        case 0xba:
          out.height ??= num();
          break;
      }
      if (unknown) return;
      at = stop;
    }
  };
  walk(0, bytes.length, 0);
  if (duration !== undefined && Number.isFinite(duration))
    out.durationSeconds = Math.round(((duration * timescale) / 1e9) * 1000) / 1000;
  return out;
}

let ffmpegPresent: boolean | undefined;
function hasFfmpeg(): Promise<boolean> {
  if (ffmpegPresent !== undefined) return Promise.resolve(ffmpegPresent);
  return new Promise((resolve) => {
    const p = spawn('ffmpeg', ['-version'], { stdio: 'ignore' });
    p.on('error', () => resolve((ffmpegPresent = false)));
    p.on('exit', (code) => resolve((ffmpegPresent = code === 0)));
  });
}

/** A poster frame (JPEG) from about one second in, when ffmpeg is installed; null otherwise. */
export async function posterFrame(bytes: Uint8Array, timeoutMs = 20_000): Promise<Uint8Array | null> {
  if (!(await hasFfmpeg())) return null;
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'chitchat-poster-'));
  try {
    const input = path.join(dir, 'in');
    const output = path.join(dir, 'poster.jpg');
    await fs.promises.writeFile(input, bytes);
    const ok = await new Promise<boolean>((resolve) => {
      const p = spawn(
        'ffmpeg',
        [
          '-nostdin',
          '-loglevel',
          'error',
          '-ss',
          '1',
          '-i',
          input,
          '-frames:v',
          '1',
          '-vf',
          'scale=640:-2',
          '-y',
          output,
        ],
        {
          stdio: 'ignore',
        },
      );
      const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
      p.on('error', () => resolve(false));
      p.on('exit', (code) => {
        clearTimeout(t);
        resolve(code === 0);
      });
    });
    if (!ok) return null;
    return await fs.promises.readFile(output).catch(() => null);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
