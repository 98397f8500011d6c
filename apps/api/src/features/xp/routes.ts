import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  Leaderboard,
  LeaderboardQuery,
  page,
  PageQuery,
  XpEvent,
  XpSummary,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createXpService } from './service.ts';

export const xpRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const xp = createXpService(ctx.db);

  app.get(
    '/xp',
    {
      schema: {
        tags: ['xp'],
        summary: 'My XP, level, today’s goal progress and streak',
        response: { 200: XpSummary },
      },
    },
    (req) => xp.summary(req.user.id),
  );

  app.get(
    '/xp/events',
    {
      schema: {
        tags: ['xp'],
        summary: 'My XP ledger, newest first',
        querystring: PageQuery,
        response: { 200: page(XpEvent), 400: ErrorBody },
      },
    },
    (req) => xp.events(req.user.id, req.query),
  );

  app.get(
    '/leaderboard',
    {
      schema: {
        tags: ['xp'],
        summary:
          'Leaderboard (all time or this week): top N and my own rank; only display names and avatars are shown',
        querystring: LeaderboardQuery,
        response: { 200: Leaderboard, 400: ErrorBody },
      },
    },
    (req) => xp.leaderboard(req.user.id, req.query),
  );
};
