// /tutor/dashboard and a path's figures and learners: what a tutor sees of their paths' learners.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  IdParams,
  page,
  PathLearner,
  PathLearnersQuery,
  TutorDashboard,
  TutorPathStats,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createDashboardService } from './dashboard.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const dash = createDashboardService(ctx);
  const tags = ['tutor'];

  app.get(
    '/tutor/dashboard',
    {
      schema: {
        tags,
        summary:
          'Per path: enrolments over time, active learners, completion, per-lesson drop-off, review accuracy, learners',
        response: { 200: TutorDashboard },
      },
    },
    (req) => dash.dashboard(req.user.id),
  );
  app.get(
    '/tutor/paths/:id/stats',
    {
      schema: {
        tags,
        summary: 'The dashboard figures of one of my paths',
        params: IdParams,
        response: { 200: TutorPathStats, 404: ErrorBody },
      },
    },
    (req) => dash.pathStats(req.user.id, req.params.id),
  );
  app.get(
    '/tutor/paths/:id/learners',
    {
      schema: {
        tags,
        summary: 'Learners enrolled in one of my paths (public name, avatar, progress), newest first',
        params: IdParams,
        querystring: PathLearnersQuery,
        response: { 200: page(PathLearner), 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => dash.learners(req.user.id, req.params.id, req.query),
  );
};
