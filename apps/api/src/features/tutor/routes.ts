// The tutor feature's routes, registered from one place: becoming a tutor and authoring paths
// (authoring-routes.ts), the tutor's dashboard (dashboard-routes.ts), and learners' catalog and
// enrolments (catalog-routes.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { authoringRoutes } from './authoring-routes.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import { catalogRoutes } from './catalog-routes.ts';

export const tutorRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(authoringRoutes, { ctx });
  await app.register(dashboardRoutes, { ctx });
  await app.register(catalogRoutes, { ctx });
};
