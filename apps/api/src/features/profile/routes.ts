import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams, Profile, PublicProfile, UpdateProfileBody } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createProfileService } from './service.ts';
import { deleteAccount } from './deletion.ts';

export const profileRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const profiles = createProfileService(ctx.db);
  const tags = ['profile'];

  app.get('/profile', { schema: { tags, summary: 'My profile', response: { 200: Profile, 401: ErrorBody } } }, (req) =>
    profiles.get(req.user!.id),
  );

  app.patch(
    '/profile',
    {
      schema: {
        tags,
        summary: 'Update display name, bio or preferences (merged key by key)',
        body: UpdateProfileBody,
        response: { 200: Profile, 400: ErrorBody },
      },
    },
    (req) => profiles.update(req.user!.id, req.body),
  );

  app.delete(
    '/profile',
    {
      schema: {
        tags,
        summary: 'Delete my account and everything it owns',
        description:
          'Rows go at once; stored files stop being served at once and are deleted in the request where possible, else by a durable background job. A tutor\'s paths with current learners stay for them, archived (tutorLeft).',
      },
    },
    async (req, reply) => {
      await deleteAccount(ctx, req.user!.id, req.log);
      return reply.status(204).send();
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags,
        summary: "Another user's public profile (display name, avatar, bio, XP, tutor flag)",
        params: IdParams,
        response: { 200: PublicProfile, 404: ErrorBody },
      },
    },
    (req) => profiles.getPublic(req.user!.id, req.params.id),
  );
};
