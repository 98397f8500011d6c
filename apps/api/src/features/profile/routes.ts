import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  IdParams,
  Profile,
  ProfileExport,
  PublicProfile,
  UpdateProfileBody,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { createProfileService } from './service.ts';
import { deleteAccount } from './deletion.ts';
import { exportAccount, exportFileName } from './export.ts';

export const profileRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const profiles = createProfileService(ctx.db);
  const tags = ['profile'];

  app.get(
    '/profile',
    { schema: { tags, summary: 'My profile', response: { 200: Profile, 401: ErrorBody } } },
    (req) => profiles.get(req.user.id),
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
    (req) => profiles.update(req.user.id, req.body),
  );

  app.get(
    '/profile/export',
    {
      schema: {
        tags,
        summary: 'Download everything I own as one JSON file',
        description:
          "Profile, chat sessions and messages, learning paths with progress and lesson contents, enrolments, review cards and review log, library items, uploads (metadata; GET /uploads/{id} gives a file's download link), XP events, and a tutor profile and paths. Streamed; only the caller's rows (row-level security). Sent as an attachment named chitchat-export-<date>.json.",
        response: { 200: ProfileExport, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const body = await exportAccount(ctx.db, profiles, req.user.id);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFileName()}"`)
        .header('cache-control', 'no-store')
        .send(body as never); // a stream of the declared JSON (not serialised by the schema)
    },
  );

  app.delete(
    '/profile',
    {
      schema: {
        tags,
        summary: 'Delete my account and everything it owns',
        description:
          "Rows go at once; stored files stop being served at once and are deleted in the request where possible, else by a durable background job. A tutor's paths with current learners stay for them, archived (tutorLeft).",
      },
    },
    async (req, reply) => {
      await deleteAccount(ctx, req.user.id, req.log);
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
    (req) => profiles.getPublic(req.user.id, req.params.id),
  );
};
