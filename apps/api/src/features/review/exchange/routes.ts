// GET /review/export/apkg, GET /review/export/csv, POST /review/import (multipart), GET /review/decks.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DeckList, ErrorBody, ImportResult } from '@chitchat/contracts';
import type { AppContext } from '../../../context.ts';
import { HttpError, badRequest } from '../../../http/errors.ts';
import { createExchangeService, IMPORT_MAX_BYTES, IMPORT_MAX_NOTES } from './service.ts';

const DEFAULT_DECK = 'Imported cards';
const DeckName = z.string().trim().min(1).max(200);
/** A file body: Fastify sends a Buffer as it is (no serializer); the schema says string for OpenAPI. */
const binary = (b: Buffer) => b as unknown as string;
const stamp = () => new Date().toISOString().slice(0, 10);

export const exchangeRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const exchange = createExchangeService(ctx);
  const tags = ['review'];
  // Encapsulated here: only these routes parse multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 3, headerPairs: 50 },
  });

  /** The file part and the optional "deck" field (sent before the file). */
  async function readImport(req: FastifyRequest) {
    if (!req.isMultipart())
      throw new HttpError(
        415,
        'unsupported_media_type',
        'Send the file as multipart/form-data with one part named "file" (and optionally a "deck" field).',
      );
    let deck: string | undefined;
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.fieldname !== 'deck') continue;
        const parsed = DeckName.safeParse(String(part.value ?? ''));
        if (!parsed.success) throw badRequest('The deck name must be 1 to 200 characters.');
        deck = parsed.data;
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      try {
        const bytes = await part.toBuffer();
        return { bytes, fileName: part.filename, deck };
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new HttpError(
            413,
            'too_large',
            `Import files may be at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
          );
        throw err;
      }
    }
    throw badRequest('No file part: send one part named "file".');
  }

  app.get(
    '/review/export/apkg',
    {
      schema: {
        tags,
        summary:
          'All my cards as an Anki package (.apkg: a zip with collection.anki2, Anki’s SQLite schema 11, and media), with their scheduling state (type/queue, due, interval, reps, lapses, FSRS stability and difficulty) and review log',
        produces: ['application/octet-stream'],
        response: { 200: z.string().describe('The .apkg file (binary)') },
      },
    },
    async (req, reply) => {
      const bytes = await exchange.exportApkg(req.user.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="chitchat-cards-${stamp()}.apkg"`)
        .header('cache-control', 'private, no-store')
        .send(binary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    },
  );

  app.get(
    '/review/export/csv',
    {
      schema: {
        tags,
        summary:
          'All my cards as CSV (RFC 4180, UTF-8, header row): front, back, tags, explanation, state, due, stability, difficulty, reps, lapses, guid',
        produces: ['text/csv'],
        response: { 200: z.string().describe('The CSV file') },
      },
    },
    async (req, reply) => {
      const text = await exchange.exportCsv(req.user.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="chitchat-cards-${stamp()}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(binary(Buffer.from(text, 'utf8')));
    },
  );

  app.get(
    '/review/decks',
    {
      schema: {
        tags,
        summary: 'My own decks (where imported cards go), newest first, with their card counts',
        response: { 200: DeckList },
      },
    },
    async (req) => ({ items: await exchange.decks(req.user.id) }),
  );

  app.post(
    '/review/import',
    {
      schema: {
        tags,
        summary: `Import cards into a deck of my own (multipart/form-data: a "deck" field, default "${DEFAULT_DECK}", then one part named "file"): a CSV with a header row naming at least front and back (tags, explanation, guid optional), or an Anki .apkg (its notes; cloze notes become cloze cards). Cards start as new; a note whose guid I already have is not imported again. At most ${IMPORT_MAX_BYTES / 1024 / 1024} MB and ${IMPORT_MAX_NOTES} notes.`,
        consumes: ['multipart/form-data'],
        response: { 201: ImportResult, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const file = await readImport(req);
      const result = await exchange.import(
        req.user.id,
        { bytes: file.bytes, fileName: file.fileName },
        file.deck ?? DEFAULT_DECK,
      );
      return reply.status(201).send(result);
    },
  );
};
