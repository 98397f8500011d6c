import { z } from 'zod';
import { page, Timestamp, Uuid } from './common.ts';

export const UploadKind = z.enum(['image', 'video', 'document']);
export type UploadKind = z.infer<typeof UploadKind>;
export const UploadStatus = z.enum(['pending', 'uploaded', 'processing', 'ready', 'failed']);
export type UploadStatus = z.infer<typeof UploadStatus>;

/** Types the server accepts (checked against the bytes' magic numbers, not only this claim). */
export const ALLOWED_UPLOAD_TYPES = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'application/pdf': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'text/plain': 'document',
  'text/markdown': 'document',
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/quicktime': 'video',
} as const satisfies Record<string, UploadKind>;
export type AllowedUploadType = keyof typeof ALLOWED_UPLOAD_TYPES;

export const InitUploadBody = z.object({
  fileName: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  fileType: z.string().min(1).max(200).describe('The MIME type the client believes the file has'),
  fileSize: z.number().int().min(0).describe('Exact size in bytes'),
});

export const InitUploadResponse = z
  .object({
    uploadId: Uuid,
    uploadUrl: z.string().describe('PUT the bytes here (with the given headers) before it expires'),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    path: z
      .string()
      .describe('Object key: user-uploads/{user_id}/{documents|images|videos}/{timestamp}_{name}'),
    expiresAt: Timestamp,
  })
  .meta({ id: 'InitUploadResponse' });

export const CompleteUploadBody = z.object({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be a hex SHA-256')
    .optional()
    .describe('The SHA-256 the client computed; the server compares it with the stored bytes'),
});

export const KeyConcept = z.object({
  name: z.string().min(1).max(100),
  explanation: z.string().min(1).max(500),
});

/** What the model (or the offline text processing) returns for a document, image or video. */
export const DocumentAnalysis = z
  .object({
    summary: z.string().min(1).max(3000),
    keyConcepts: z.array(KeyConcept).max(12),
    suggestedQuestions: z.array(z.string().min(1).max(300)).max(8),
  })
  .meta({ id: 'DocumentAnalysis' });
export type DocumentAnalysis = z.infer<typeof DocumentAnalysis>;

export const Upload = z
  .object({
    id: Uuid,
    kind: UploadKind,
    fileName: z.string(),
    declaredType: z.string(),
    mediaType: z.string().nullable().describe('The type found in the bytes'),
    size: z.number().int().nullable(),
    sha256: z.string().nullable(),
    status: UploadStatus,
    error: z.string().nullable(),
    attempts: z.number().int(),
    pageCount: z.number().int().nullable(),
    metadata: z.record(z.string(), z.unknown()).describe('Dimensions, duration, container, pages, ...'),
    analysis: DocumentAnalysis.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    processedAt: Timestamp.nullable(),
    downloadUrl: z.string().nullable().describe('A fresh short-lived URL to read the file (owner only)'),
    downloadExpiresAt: Timestamp.nullable(),
  })
  .meta({ id: 'Upload' });
export type Upload = z.infer<typeof Upload>;

export const UploadList = page(Upload.omit({ downloadUrl: true, downloadExpiresAt: true })).meta({
  id: 'UploadList',
});

export const UploadListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: UploadStatus.optional(),
  kind: UploadKind.optional(),
});

export const AvatarResponse = z.object({ avatarUrl: z.string() }).meta({ id: 'AvatarResponse' });
