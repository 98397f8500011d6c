import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswerBody,
  AnswerResult,
  ErrorBody,
  GenerateReviewResult,
  GenerateReviewBody,
  HintResponse,
  IdParams,
  page,
  ReviewCard,
  ReviewCardsQuery,
  ReviewDuePage,
  ReviewDueQuery,
  ReviewStats,
  WorkloadEstimate,
  WorkloadQuery,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { clientGone } from '../../http/abort.ts';
import { createReviewService } from './service.ts';
import { afterCardsGenerated } from '../concepts/service.ts';

const NoContent = z.null().describe('No content');

export const reviewRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const review = createReviewService(ctx);
  const tags = ['review'];

  app.post(
    '/review/generate',
    {
      schema: {
        tags,
        summary:
          'Generate review questions (multiple choice, short answer, cloze) from a lesson, path, document or chat session; each new question becomes an FSRS card (questions already made from that source, and cards I already have from any source, are skipped and counted)',
        body: GenerateReviewBody,
        response: {
          201: GenerateReviewResult,
          400: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
          502: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const source = req.body.source;
      const { items, duplicates } = await review.generate(req.user.id, {
        source,
        count: req.body.count,
        signal: clientGone(reply),
        log: req.log,
      });
      // The new cards learn which concepts they test (a path as a whole is no concept source).
      if (items.length && source.type !== 'path')
        await afterCardsGenerated(ctx, req.user.id, source, req.log);
      return reply.status(201).send({ items, duplicates });
    },
  );

  app.get(
    '/review/due',
    {
      schema: {
        tags,
        summary:
          'Today’s review queue (due before the end of the learner’s day), most overdue first; filter by source (and lesson); nextDueAt says when the next card outside it falls due',
        querystring: ReviewDueQuery,
        response: { 200: ReviewDuePage, 400: ErrorBody },
      },
    },
    (req) => review.due(req.user.id, req.query),
  );

  app.get(
    '/review/stats',
    {
      schema: {
        tags,
        summary: 'Due today, retention over 30 days, reviews per day (14 days)',
        response: { 200: ReviewStats },
      },
    },
    (req) => review.stats(req.user.id),
  );

  app.get(
    '/review/workload',
    {
      schema: {
        tags,
        summary:
          'Reviews a day over the next 30 days at a desired retention (default: the learner’s setting), simulated from the learner’s cards and FSRS parameters; and whether those parameters are personalised',
        querystring: WorkloadQuery,
        response: { 200: WorkloadEstimate, 400: ErrorBody },
      },
    },
    (req) => review.workload(req.user.id, req.query.retention),
  );

  app.get(
    '/review/cards',
    {
      schema: {
        tags,
        summary: 'All my review cards, newest first (filter by source)',
        querystring: ReviewCardsQuery,
        response: { 200: page(ReviewCard), 400: ErrorBody },
      },
    },
    (req) => review.list(req.user.id, req.query),
  );

  app.get(
    '/review/cards/:id',
    {
      schema: {
        tags,
        summary: 'One review card (without its answer)',
        params: IdParams,
        response: { 200: ReviewCard, 404: ErrorBody },
      },
    },
    (req) => review.get(req.user.id, req.params.id),
  );

  app.delete(
    '/review/cards/:id',
    {
      schema: {
        tags,
        summary: 'Delete a review card',
        params: IdParams,
        response: { 204: NoContent, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await review.remove(req.user.id, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/review/cards/:id/hint',
    {
      schema: {
        tags,
        summary: 'Reveal the next hint (one at a time; hints used lower the derived rating)',
        params: IdParams,
        response: { 200: HintResponse, 404: ErrorBody, 409: ErrorBody },
      },
    },
    (req) => review.hint(req.user.id, req.params.id),
  );

  app.post(
    '/review/cards/:id/answer',
    {
      schema: {
        tags,
        summary: 'Answer and/or rate a card: judged, rescheduled with FSRS, XP for a correct answer',
        params: IdParams,
        body: AnswerBody,
        response: {
          200: AnswerResult,
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          502: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    (req, reply) =>
      review.answer(req.user.id, {
        id: req.params.id,
        answer: req.body.answer,
        rating: req.body.rating,
        signal: clientGone(reply),
        log: req.log,
      }),
  );
};
