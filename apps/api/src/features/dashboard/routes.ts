import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Dashboard } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createDashboardService } from './service.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const dashboard = createDashboardService(ctx.db);
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Everything the Home tab needs in one call',
        response: { 200: Dashboard },
      },
    },
    (req) => dashboard.get(req.user.id),
  );
};
