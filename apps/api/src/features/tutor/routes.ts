import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CatalogPath,
  CatalogPathDetail,
  CatalogQuery,
  CompleteLessonResponse,
  CreateLearningPathBody,
  CreateTutorPathBody,
  CreateTutorProfileBody,
  Enrollment,
  EnrollmentDetail,
  EnrollmentLesson,
  EnrollmentLessonDetail,
  EnrollmentLessonParams,
  ErrorBody,
  IdParams,
  page,
  PageQuery,
  PathLearner,
  PathLearnersQuery,
  PublicTutorPage,
  TutorDashboard,
  TutorLessonParams,
  TutorLessonPreview,
  TutorPath,
  TutorPathStats,
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
import { createDashboardService } from './dashboard.ts';
import { createPreviewService } from './preview.ts';

const NoContent = z.null().describe('No content');

export const tutorRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tutors = createTutorService(ctx);
  const { catalog } = tutors;
  const dash = createDashboardService(ctx);
  const preview = createPreviewService(ctx);
  const tags = ['tutor'];
  const learnerTags = ['catalog'];

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
    async (req, reply) => reply.status(201).send(await tutors.createProfile(req.user.id, req.body)),
  );
  app.get(
    '/tutor/profile',
    { schema: { tags, summary: 'My tutor profile', response: { 200: TutorProfile, 404: ErrorBody } } },
    (req) => tutors.getProfile(req.user.id),
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
    (req) => tutors.updateProfile(req.user.id, req.body),
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
    (req) => tutors.publicPage(req.user.id, req.params.id),
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

  // Dashboard ------------------------------------------------------------------------------------------
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

  // Catalog and enrolments -------------------------------------------------------------------------------
  app.get(
    '/catalog/paths',
    {
      schema: {
        tags: learnerTags,
        summary: 'Browse and search published tutor paths (words, topic, difficulty, tutor)',
        querystring: CatalogQuery,
        response: { 200: page(CatalogPath), 400: ErrorBody },
      },
    },
    (req) => catalog.list(req.user.id, req.query),
  );
  app.get(
    '/catalog/paths/:id',
    {
      schema: {
        tags: learnerTags,
        summary: 'A published path with its lessons (an archived one only for its learners)',
        params: IdParams,
        response: { 200: CatalogPathDetail, 404: ErrorBody },
      },
    },
    (req) => catalog.get(req.user.id, req.params.id),
  );
  app.post(
    '/catalog/paths/:id/enroll',
    {
      schema: {
        tags: learnerTags,
        summary: 'Enrol in a published path (after leaving: resumes the kept progress)',
        params: IdParams,
        response: { 201: EnrollmentDetail, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.enroll(req.user.id, req.params.id, req.log)),
  );
  app.get(
    '/enrollments',
    {
      schema: {
        tags: learnerTags,
        summary: 'My enrolments, most recent first',
        querystring: PageQuery,
        response: { 200: page(Enrollment), 400: ErrorBody },
      },
    },
    (req) => catalog.enrollments(req.user.id, req.query),
  );
  app.get(
    '/enrollments/:id',
    {
      schema: {
        tags: learnerTags,
        summary: 'An enrolment with the path’s lessons and my progress',
        params: IdParams,
        response: { 200: EnrollmentDetail, 404: ErrorBody },
      },
    },
    (req) => catalog.getEnrollment(req.user.id, req.params.id),
  );
  app.delete(
    '/enrollments/:id',
    {
      schema: {
        tags: learnerTags,
        summary: 'Leave a path (progress is kept if I enrol again)',
        params: IdParams,
        response: { 204: NoContent, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await catalog.leave(req.user.id, req.params.id, req.log);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/enrollments/:id/lessons/:lessonId',
    {
      schema: {
        tags: learnerTags,
        summary: 'A lesson of an enrolled path',
        params: EnrollmentLessonParams,
        response: { 200: EnrollmentLesson, 404: ErrorBody },
      },
    },
    (req) => catalog.lesson(req.user.id, req.params.id, req.params.lessonId, req.log),
  );
  app.get(
    '/enrollments/:id/lessons/:lessonId/content',
    {
      schema: {
        tags: learnerTags,
        summary:
          'A lesson of an enrolled path with its full content (explanation, worked example, exercises): generated on first open of each revision, then kept and shared by the path’s learners',
        params: EnrollmentLessonParams,
        response: { 200: EnrollmentLessonDetail, 404: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    (req, reply) =>
      catalog.lessonContent(req.user.id, req.params.id, req.params.lessonId, {
        signal: clientGone(reply),
        log: req.log,
      }),
  );
  app.post(
    '/enrollments/:id/lessons/:lessonId/complete',
    {
      schema: {
        tags: learnerTags,
        summary:
          'Mark an opened lesson complete: progress and XP exactly as for my own paths (safe to retry; 409 lesson_not_opened before it was opened)',
        params: EnrollmentLessonParams,
        response: { 200: CompleteLessonResponse, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => catalog.complete(req.user.id, req.params.id, req.params.lessonId, req.log),
  );
};
