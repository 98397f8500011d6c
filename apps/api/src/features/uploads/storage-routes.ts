// Local storage's own endpoints (public scope: the HMAC signature is the authorisation, and the
// object's account must still exist: a deleted account's URLs and avatar stop working at once).
//   PUT /storage/v1/object/<key>?exp&size&ct&sig   the signed upload (exact size and type)
//   GET /storage/v1/object/<key>?exp&sig[&name&ct] a signed, short-lived download
//   GET /storage/v1/public/avatars/<user>/avatar.jpg  avatars, which are public
// With the S3 backend, clients talk to the object store directly and these are not registered.
import fs from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.ts';
import { forbidden, HttpError, notFound } from '../../http/errors.ts';
import { LocalStorage, ObjectTooLarge, SignatureError } from '../../platform/storage/index.ts';
import { outOfSpace } from './checks.ts';
import { isLiveObject } from '../profile/deletion.ts';

const keyOf = (url: string, prefix: string) => {
  const raw = (url.split('?')[0] ?? '').slice(prefix.length);
  try {
    return raw.split('/').map(decodeURIComponent).join('/');
  } catch {
    return '';
  }
};

export const storageRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const storage = ctx.storage;
  if (!(storage instanceof LocalStorage)) return;
  // The body is the file itself, whatever its type: stream it, never buffer or parse it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  /** A valid signature for an object whose account still exists (a deleted account's URLs die at once). */
  const verify = async (method: 'PUT' | 'GET', key: string, query: unknown) => {
    let v;
    try {
      v = storage.verify(method, key, query as Record<string, string>);
    } catch (err) {
      if (err instanceof SignatureError) throw forbidden(err.message);
      throw err;
    }
    if (!(await isLiveObject(ctx.db, key))) throw notFound('File');
    return v;
  };

  app.put(
    '/storage/v1/object/*',
    { schema: { hide: true }, bodyLimit: ctx.config.VIDEO_MAX_BYTES + 1 },
    async (req, reply) => {
      const key = keyOf(req.url, '/storage/v1/object/');
      const v = await verify('PUT', key, req.query);
      const ct = (String(req.headers['content-type'] ?? '').split(';')[0] ?? '').trim().toLowerCase();
      if (ct !== v.contentType)
        throw forbidden(`The upload URL was signed for content-type ${v.contentType}; send that header.`);
      const size = v.size;
      if (size === undefined) throw forbidden('The upload URL does not say how many bytes it allows.');
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > size) {
        throw new HttpError(
          413,
          'too_large',
          `The upload URL allows exactly ${v.size} bytes; this request has ${declared}.`,
        );
      }
      // One upload per signed URL: verified bytes cannot be swapped afterwards.
      if (await storage.head(key))
        throw new HttpError(409, 'already_uploaded', 'A file was already uploaded to this URL.');
      const body = req.body as NodeJS.ReadableStream | undefined;
      if (!body) throw new HttpError(400, 'empty_file', 'The request has no body: PUT the file bytes.');
      let n: number;
      try {
        n = await storage.write(key, body as never, size);
      } catch (err) {
        if (err instanceof ObjectTooLarge)
          throw new HttpError(413, 'too_large', `The upload URL allows exactly ${v.size} bytes.`);
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw outOfSpace();
        throw err;
      }
      if (n !== v.size) {
        await storage.delete(key);
        throw new HttpError(
          400,
          'size_mismatch',
          `The upload URL was signed for ${v.size} bytes; ${n} were sent.`,
        );
      }
      return reply.status(200).send({ key, size: n });
    },
  );

  app.get('/storage/v1/object/*', { schema: { hide: true } }, async (req, reply) => {
    const key = keyOf(req.url, '/storage/v1/object/');
    const v = await verify('GET', key, req.query);
    const file = await storage.localPath(key);
    if (!file) throw notFound('File');
    reply
      .header('content-type', v.contentType ?? 'application/octet-stream')
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      // Never rendered as a page of this origin (uploaded HTML/SVG cannot run here).
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header(
        'content-disposition',
        `${v.contentType?.startsWith('image/') || v.contentType === 'application/pdf' ? 'inline' : 'attachment'}; filename="${v.fileName ?? 'file'}"`,
      );
    return reply.send(fs.createReadStream(file));
  });

  app.get('/storage/v1/public/avatars/*', { schema: { hide: true } }, async (req, reply) => {
    const key = `avatars/${keyOf(req.url, '/storage/v1/public/avatars/')}`;
    if (!/^avatars\/[0-9a-f-]{36}\/avatar\.jpg$/.test(key) || !(await isLiveObject(ctx.db, key)))
      throw notFound('File');
    const file = await storage.localPath(key);
    if (!file) throw notFound('File');
    reply
      .header('content-type', 'image/jpeg')
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(file));
  });
};
