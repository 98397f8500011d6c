// /tutor/profile, /tutors/:id and /tutor/paths: becoming a tutor, the public tutor page, and
// authoring paths (create, draft from the model, edit, preview, publish, archive, delete).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateLearningPathBody,
  CreateTutorPathBody,
  CreateTutorProfileBody,
  ErrorBody,
  IdParams,
  page,
  PublicTutorPage,
  TutorLessonParams,
  TutorLessonPreview,
  TutorPath,
  TutorPathsQuery,
  TutorPathSummary,
  TutorProfile,
  UpdateTutorLessonBody,
  UpdateTutorPathBody,
  UpdateTutorProfileBody,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { clientGone } from '../../http/abort.ts';
import { createTutorService } from './service.ts';
import { createTutorProfileService } from './profile.ts';
import { createPreviewService } from './preview.ts';

const NoContent = z.null().describe('No content');

export const authoringRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const profiles = createTutorProfileService(ctx);
  const tutors = createTutorService(ctx);
  const preview = createPreviewService(ctx);
  const tags = ['tutor'];

  // Becoming a tutor ----------------------------------------------------------------------------------
  app.post(
    '/tutor/profile',
    {
      schema: {
        tags,
        summary: 'Become a tutor: create the tutor profile (headline, bio, subjects, links); sets isTutor',
        body: CreateTutorProfileBody,
        response: { 201: TutorProfile, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await profiles.createProfile(req.user.id, req.body)),
  );
  app.get(
    '/tutor/profile',
    { schema: { tags, summary: 'My tutor profile', response: { 200: TutorProfile, 404: ErrorBody } } },
    (req) => profiles.getProfile(req.user.id),
  );
  app.patch(
    '/tutor/profile',
    {
      schema: {
        tags,
        summary: 'Edit my tutor profile',
        body: UpdateTutorProfileBody,
        response: { 200: TutorProfile, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => profiles.updateProfile(req.user.id, req.body),
  );
  app.get(
    '/tutors/:id',
    {
      schema: {
        tags,
        summary: 'A tutor’s public page: profile and published paths',
        params: IdParams,
        response: { 200: PublicTutorPage, 404: ErrorBody },
      },
    },
    (req) => profiles.publicPage(req.user.id, req.params.id),
  );

  // Authoring paths ----------------------------------------------------------------------------------
  app.post(
    '/tutor/paths',
    {
      schema: {
        tags,
        summary: 'Create a draft path by hand (lessons get stable ids)',
        body: CreateTutorPathBody,
        response: { 201: TutorPath, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await tutors.createPath(req.user.id, req.body)),
  );
  app.post(
    '/tutor/paths/generate',
    {
      schema: {
        tags,
        summary:
          'Start a draft path from an AI draft (same lesson structure as learners’ paths), then edit it',
        body: CreateLearningPathBody,
        response: { 201: TutorPath, 400: ErrorBody, 403: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await tutors.generatePath(req.user.id, req.body, { signal: clientGone(reply), log: req.log })),
  );
  app.get(
    '/tutor/paths',
    {
      schema: {
        tags,
        summary: 'My paths (any status), newest first',
        querystring: TutorPathsQuery,
        response: { 200: page(TutorPathSummary), 400: ErrorBody },
      },
    },
    (req) => tutors.listPaths(req.user.id, req.query),
  );
  app.get(
    '/tutor/paths/:id',
    {
      schema: {
        tags,
        summary: 'One of my paths, with its lessons',
        params: IdParams,
        response: { 200: TutorPath, 404: ErrorBody },
      },
    },
    (req) => tutors.getPath(req.user.id, req.params.id),
  );
  app.patch(
    '/tutor/paths/:id',
    {
      schema: {
        tags,
        summary:
          'Edit a path; revising a published path’s lessons bumps its version and keeps learners’ progress',
        params: IdParams,
        body: UpdateTutorPathBody,
        response: { 200: TutorPath, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => tutors.updatePath(req.user.id, req.params.id, req.body),
  );
  app.patch(
    '/tutor/paths/:id/lessons/:lessonId',
    {
      schema: {
        tags,
        summary:
          'Edit one lesson of my path (title, objectives, outline, exercises, minutes, level); it keeps its id and learners’ progress',
        params: TutorLessonParams,
        body: UpdateTutorLessonBody,
        response: { 200: TutorPath, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => tutors.updateLesson(req.user.id, req.params.id, req.params.lessonId, req.body),
  );
  app.get(
    '/tutor/paths/:id/lessons/:lessonId/preview',
    {
      schema: {
        tags,
        summary:
          'Preview a lesson of my path as its learners see it (drafts too): the kept full lesson, written now and kept when a model is connected, or its outline',
        params: TutorLessonParams,
        response: { 200: TutorLessonPreview, 404: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    (req, reply) =>
      preview.lesson(req.user.id, req.params.id, req.params.lessonId, {
        signal: clientGone(reply),
        log: req.log,
      }),
  );
  app.post(
    '/tutor/paths/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft (or republish an archived path)',
        params: IdParams,
        response: { 200: TutorPath, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => tutors.publishPath(req.user.id, req.params.id),
  );
  app.post(
    '/tutor/paths/:id/archive',
    {
      schema: {
        tags,
        summary:
          'Archive a published path: closed to new learners, enrolled learners keep it and their progress',
        params: IdParams,
        response: { 200: TutorPath, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => tutors.archivePath(req.user.id, req.params.id),
  );
  app.delete(
    '/tutor/paths/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft (published paths are archived instead)',
        params: IdParams,
        response: { 204: NoContent, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await tutors.deletePath(req.user.id, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
