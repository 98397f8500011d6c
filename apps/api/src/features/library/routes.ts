import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBody,
  IdParams,
  LibraryItem,
  LibraryQuery,
  page,
  SaveLibraryItemBody,
  UpdateLibraryItemBody,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createLibraryService } from './service.ts';

const NoContent = z.null().describe('No content');

export const libraryRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const library = createLibraryService(ctx.db);
  const tags = ['library'];

  app.post(
    '/library',
    {
      schema: {
        tags,
        summary:
          'Save an assistant message, document, learning path, lesson, curiosity tile or external resource (201 new, 200 already saved)',
        body: SaveLibraryItemBody,
        response: { 200: LibraryItem, 201: LibraryItem, 400: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => {
      const { item, created } = await library.save(req.user.id, req.body);
      return reply.status(created ? 201 : 200).send(item);
    },
  );

  app.get(
    '/library',
    {
      schema: {
        tags,
        summary: 'My library, newest first: filter by kind and tag, search by text',
        querystring: LibraryQuery,
        response: { 200: page(LibraryItem), 400: ErrorBody },
      },
    },
    (req) => library.list(req.user.id, req.query),
  );

  app.get(
    '/library/:id',
    {
      schema: {
        tags,
        summary: 'One library item',
        params: IdParams,
        response: { 200: LibraryItem, 404: ErrorBody },
      },
    },
    (req) => library.get(req.user.id, req.params.id),
  );

  app.patch(
    '/library/:id',
    {
      schema: {
        tags,
        summary: 'Edit an item’s title, note or tags',
        params: IdParams,
        body: UpdateLibraryItemBody,
        response: { 200: LibraryItem, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => library.update(req.user.id, req.params.id, req.body),
  );

  app.delete(
    '/library/:id',
    {
      schema: {
        tags,
        summary: 'Remove an item from the library (unsave)',
        params: IdParams,
        response: { 204: NoContent, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await library.remove(req.user.id, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
