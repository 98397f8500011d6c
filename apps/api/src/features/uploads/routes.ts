// Upload routes (authenticated): thin — parse, call the service, map the result.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  AvatarResponse,
  CompleteUploadBody,
  ErrorBody,
  IdParams,
  InitUploadBody,
  InitUploadResponse,
  Upload,
  UploadList,
  UploadListQuery,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { badRequest, HttpError } from '../../http/errors.ts';
import { createUploadService } from './service.ts';

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export const uploadRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const uploads = createUploadService(ctx);
  const tags = ['uploads'];
  // The app's close stops the job workers too (closeContext does as well; closing is idempotent).
  app.addHook('onClose', async () => ctx.jobs.close());
  const multipartLimit = ctx.config.UPLOAD_MAX_BYTES;
  // Encapsulated here: only these routes parse multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: multipartLimit, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 },
  });

  /** Reads the single file part; too large is a 413 that names the limit. */
  async function readFile(req: FastifyRequest) {
    if (!req.isMultipart())
      throw new HttpError(
        415,
        'unsupported_media_type',
        'Send the file as multipart/form-data with one part named "file".',
      );
    const part = await req.file();
    if (!part) throw badRequest('No file part: send one part named "file".');
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new HttpError(
          413,
          'too_large',
          `Files sent in one request may be at most ${mb(multipartLimit)}; use POST /api/v1/uploads/init for videos.`,
        );
      }
      throw err;
    }
    return { fileName: part.filename, declaredType: part.mimetype, bytes };
  }

  app.post(
    '/uploads/init',
    {
      schema: {
        tags,
        summary: 'Start an upload: returns a signed URL to PUT the bytes to, then call complete',
        body: InitUploadBody,
        response: { 201: InitUploadResponse, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await uploads.init(req.user.id, req.body)),
  );

  app.post(
    '/uploads/:id/complete',
    {
      schema: {
        tags,
        summary:
          'Finish an upload: the stored bytes are checked (size, SHA-256, real type) and queued for processing',
        params: IdParams,
        body: CompleteUploadBody,
        response: {
          202: Upload,
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await uploads.complete(req.user.id, req.params.id, req.body ?? {})),
  );

  app.post(
    '/uploads',
    {
      schema: {
        tags,
        summary:
          'Upload a small file in one request (multipart/form-data, one part named "file"); queued for processing',
        consumes: ['multipart/form-data'],
        response: { 202: Upload, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await uploads.createFromBytes(req.user.id, await readFile(req))),
  );

  app.get(
    '/uploads',
    {
      schema: {
        tags,
        summary: 'My uploads, newest first (keyset pagination)',
        querystring: UploadListQuery,
        response: { 200: UploadList, 400: ErrorBody },
      },
    },
    (req) => uploads.list(req.user.id, req.query),
  );

  app.get(
    '/uploads/:id',
    {
      schema: {
        tags,
        summary: 'An upload: status, error, analysis, metadata and a fresh short-lived download URL',
        params: IdParams,
        response: { 200: Upload, 404: ErrorBody },
      },
    },
    (req) => uploads.get(req.user.id, req.params.id),
  );

  app.post(
    '/uploads/:id/retry',
    {
      schema: {
        tags,
        summary: 'Process a failed upload again',
        params: IdParams,
        response: { 202: Upload, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => reply.status(202).send(await uploads.retry(req.user.id, req.params.id)),
  );

  app.delete(
    '/uploads/:id',
    {
      schema: {
        tags,
        summary: 'Delete an upload: the file, its text, chunks and analysis',
        params: IdParams,
        response: { 204: z.null().describe('Deleted'), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await uploads.remove(req.user.id, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/profile/avatar',
    {
      schema: {
        tags: ['profile'],
        summary:
          'Set my avatar (multipart image, one part named "file"): stored as a 256×256 JPEG with a public URL',
        consumes: ['multipart/form-data'],
        response: { 200: AvatarResponse, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const f = await readFile(req);
      return uploads.setAvatar(req.user.id, f);
    },
  );
};
