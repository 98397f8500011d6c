// /catalog/paths and /enrollments: learners browsing published tutor paths, enrolling, leaving,
// and opening and completing an enrolled path's lessons.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CatalogPath,
  CatalogPathDetail,
  CatalogQuery,
  CompleteLessonResponse,
  Enrollment,
  EnrollmentDetail,
  EnrollmentLesson,
  EnrollmentLessonDetail,
  EnrollmentLessonParams,
  ErrorBody,
  IdParams,
  page,
  PageQuery,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { clientGone } from '../../http/abort.ts';
import { createCatalogService } from './catalog.ts';
import { createEnrollmentService } from './enrollments.ts';
import { createEnrollmentLessonService } from './enrollment-lessons.ts';

const NoContent = z.null().describe('No content');

export const catalogRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const catalog = createCatalogService(ctx);
  const enrollments = createEnrollmentService(ctx);
  const lessons = createEnrollmentLessonService(ctx);
  const learnerTags = ['catalog'];

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
    async (req, reply) =>
      reply.status(201).send(await enrollments.enroll(req.user.id, req.params.id, req.log)),
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
    (req) => enrollments.list(req.user.id, req.query),
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
    (req) => enrollments.get(req.user.id, req.params.id),
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
      await enrollments.leave(req.user.id, req.params.id, req.log);
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
    (req) => lessons.lesson(req.user.id, req.params.id, req.params.lessonId, req.log),
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
      lessons.content(req.user.id, req.params.id, req.params.lessonId, {
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
    (req) => lessons.complete(req.user.id, req.params.id, req.params.lessonId, req.log),
  );
};
