import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CompleteLessonResponse,
  CreateLearningPathBody,
  ErrorBody,
  IdParams,
  LearningPath,
  LearningPathSummary,
  LessonDetail,
  LessonParams,
  page,
  PageQuery,
  RenameLearningPathBody,
} from '@chitchat/contracts';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { clientGone } from '../../http/abort.ts';

const NoContent = z.null().describe('No content');
import { createLearningService } from './service.ts';

export const learningRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const paths = createLearningService(ctx);
  const tags = ['learning'];

  app.post(
    '/learning-paths',
    {
      schema: {
        tags,
        summary:
          'Generate a learning path for a topic (structured: objectives, ordered lessons of rising difficulty)',
        body: CreateLearningPathBody,
        response: { 201: LearningPath, 400: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await paths.create(req.user.id, req.body, { signal: clientGone(reply), log: req.log })),
  );

  app.get(
    '/learning-paths',
    {
      schema: {
        tags,
        summary: 'My learning paths, newest first',
        querystring: PageQuery,
        response: { 200: page(LearningPathSummary), 400: ErrorBody },
      },
    },
    (req) => paths.list(req.user.id, req.query),
  );

  app.get(
    '/learning-paths/:id',
    {
      schema: {
        tags,
        summary: 'A learning path with its lessons and progress',
        params: IdParams,
        response: { 200: LearningPath, 404: ErrorBody },
      },
    },
    (req) => paths.get(req.user.id, req.params.id),
  );

  app.patch(
    '/learning-paths/:id',
    {
      schema: {
        tags,
        summary: 'Rename a learning path',
        params: IdParams,
        body: RenameLearningPathBody,
        response: { 200: LearningPath, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => paths.rename(req.user.id, req.params.id, req.body.title),
  );

  app.delete(
    '/learning-paths/:id',
    {
      schema: {
        tags,
        summary: 'Delete a learning path (and its lesson content)',
        params: IdParams,
        response: { 204: NoContent, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await paths.remove(req.user.id, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/learning-paths/:id/lessons/:lessonId',
    {
      schema: {
        tags,
        summary:
          'A lesson’s full content: generated on first open (explanation, worked example, exercises), then kept',
        params: LessonParams,
        response: { 200: LessonDetail, 404: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) =>
      paths.lesson(req.user.id, req.params.id, req.params.lessonId, {
        signal: clientGone(reply),
        log: req.log,
      }),
  );

  app.post(
    '/learning-paths/:id/lessons/:lessonId/complete',
    {
      schema: {
        tags,
        summary:
          'Mark an opened lesson complete: updates progress atomically and awards XP once (safe to retry; 409 lesson_not_opened before the lesson was opened)',
        params: LessonParams,
        response: { 200: CompleteLessonResponse, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => paths.complete(req.user.id, req.params.id, req.params.lessonId, req.log),
  );
};
