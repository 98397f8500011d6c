import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CuriosityTiles,
  ErrorBody,
  page,
  PublishedPath,
  PublishedPathsQuery,
  StartTileBody,
  StartTileResult,
  TileParams,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { clientGone } from '../../http/abort.ts';
import { createDiscoverService } from './service.ts';

export const discoverRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const discover = createDiscoverService(ctx);
  const tags = ['discover'];

  app.get(
    '/discover/tiles',
    {
      schema: {
        tags,
        summary: 'Today’s curiosity tiles (emoji, title, description) from my interests and recent activity',
        response: { 200: CuriosityTiles, 502: ErrorBody, 503: ErrorBody },
      },
    },
    (req, reply) => discover.tiles(req.user.id, { signal: clientGone(reply), log: req.log }),
  );

  app.post(
    '/discover/tiles/:tileId/start',
    {
      schema: {
        tags,
        summary: 'Start a chat or a learning path from one of today’s tiles',
        params: TileParams,
        body: StartTileBody,
        response: { 201: StartTileResult, 400: ErrorBody, 404: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await discover.start(req.user.id, req.params.tileId, req.body, {
          signal: clientGone(reply),
          log: req.log,
        }),
      ),
  );

  app.get(
    '/discover/paths',
    {
      schema: {
        tags,
        summary: 'Published tutor learning paths, newest first',
        querystring: PublishedPathsQuery,
        response: { 200: page(PublishedPath), 400: ErrorBody },
      },
    },
    (req) => discover.publishedPaths(req.user.id, req.query),
  );
};
