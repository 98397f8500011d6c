// The real type of an upload, from its bytes (magic numbers via file-type), never the client's
// claim; text is accepted as text only when it is valid UTF-8 without binary bytes.
import { fileTypeFromBuffer } from 'file-type';
import { ALLOWED_UPLOAD_TYPES, type AllowedUploadType, type UploadKind } from '@chitchat/contracts';
import { HttpError } from '../../http/errors.ts';

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'text/x-markdown': 'text/markdown',
  'video/x-m4v': 'video/mp4',
  'application/x-pdf': 'application/pdf',
};

const NAMES: Record<string, string> = {
  'image/jpeg': 'a JPEG image',
  'image/png': 'a PNG image',
  'image/webp': 'a WebP image',
  'image/gif': 'a GIF image',
  'application/pdf': 'a PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document (DOCX)',
  'text/plain': 'plain text',
  'text/markdown': 'Markdown text',
  'video/mp4': 'an MP4 video',
  'video/webm': 'a WebM video',
  'video/quicktime': 'a QuickTime video',
};
export const describeType = (t: string) => NAMES[t] ?? t;

/** Lower case, parameters dropped, common aliases mapped. */
export function canonicalType(t: string): string {
  const base = (t.split(';')[0] ?? '').trim().toLowerCase();
  return ALIASES[base] ?? base;
}

export const ACCEPTED_LIST =
  'JPEG, PNG, WebP or GIF images; PDF, DOCX, plain text or Markdown documents; MP4, WebM or QuickTime videos';

/** The kind for an accepted declared type, or a 415 that lists what is accepted. */
export function kindOf(declared: string): { type: AllowedUploadType; kind: UploadKind } {
  const type = canonicalType(declared);
  const kind = (ALLOWED_UPLOAD_TYPES as Record<string, UploadKind>)[type];
  if (!kind)
    throw new HttpError(
      415,
      'unsupported_type',
      `Files of type "${declared}" are not accepted. Accepted: ${ACCEPTED_LIST}.`,
    );
  return { type: type as AllowedUploadType, kind };
}

const isText = (t: string) => t === 'text/plain' || t === 'text/markdown';

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Checks the bytes are what was declared; returns the media type to record. */
export async function verifyContent(
  bytes: Uint8Array,
  declared: AllowedUploadType,
): Promise<AllowedUploadType> {
  const found = await fileTypeFromBuffer(bytes);
  const detected = found ? canonicalType(found.mime) : undefined;
  if (isText(declared)) {
    if (detected && !isText(detected)) {
      throw new HttpError(
        415,
        'type_mismatch',
        `The file was declared as ${describeType(declared)}, but its content is ${describeType(detected)}.`,
      );
    }
    if (!looksLikeText(bytes))
      throw new HttpError(
        415,
        'type_mismatch',
        `The file was declared as ${describeType(declared)}, but it is not UTF-8 text.`,
      );
    return declared;
  }
  if (!detected) {
    throw new HttpError(
      415,
      'type_mismatch',
      `The file was declared as ${describeType(declared)}, but its content is not a recognisable file of that type.`,
    );
  }
  if (!(detected in ALLOWED_UPLOAD_TYPES)) {
    throw new HttpError(
      415,
      'unsupported_type',
      `The file's content is ${describeType(detected)}, which is not accepted. Accepted: ${ACCEPTED_LIST}.`,
    );
  }
  if (detected !== declared) {
    throw new HttpError(
      415,
      'type_mismatch',
      `The file was declared as ${describeType(declared)}, but its content is ${describeType(detected)}.`,
    );
  }
  return detected as AllowedUploadType;
}
