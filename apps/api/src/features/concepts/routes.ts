import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConceptDetail,
  ConceptsPage,
  ConceptsQuery,
  ErrorBody,
  IdParams,
  MakeCardsBody,
  MakeCardsResult,
  NextStep,
  PracticeBody,
  PracticeSession,
} from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import { clientGone } from '../../http/abort.ts';
import { createConceptsService } from './service.ts';
import { nextStep } from './next-step.ts';

export const conceptRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const concepts = createConceptsService(ctx);
  const tags = ['concepts'];

  app.get(
    '/concepts',
    {
      schema: {
        tags,
        summary:
          'My concepts by strength (mastery from their cards’ FSRS state and recent answers), weakest or strongest first; concepts not known yet come last',
        querystring: ConceptsQuery,
        response: { 200: ConceptsPage, 400: ErrorBody },
      },
    },
    (req) => concepts.list(req.user.id, req.query),
  );

  app.get(
    '/concepts/next-step',
    {
      schema: {
        tags,
        summary:
          'The one best next step (practise fading concepts, review due cards, the next lesson of a path, make cards) with the reason',
        response: { 200: NextStep },
      },
    },
    (req) => nextStep(ctx, req.user.id),
  );

  app.get(
    '/concepts/:id',
    {
      schema: {
        tags,
        summary: 'One concept: its mastery, where it came from, its cards and latest answers',
        params: IdParams,
        response: { 200: ConceptDetail, 404: ErrorBody },
      },
    },
    (req) => concepts.get(req.user.id, req.params.id),
  );

  app.post(
    '/concepts/cards',
    {
      schema: {
        tags,
        summary:
          'Make review cards from a document, a lesson or a chat: its concepts are saved, and each concept without a card from this source gets one (asking again makes nothing new)',
        body: MakeCardsBody,
        response: {
          200: MakeCardsResult,
          400: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
          502: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    (req, reply) =>
      concepts.makeCards(req.user.id, req.body.source, { signal: clientGone(reply), log: req.log }),
  );

  app.post(
    '/concepts/practice',
    {
      schema: {
        tags,
        summary:
          'A weak-spots session: cards of my weakest concepts, due ones first, then the most at risk of being forgotten; answer them with POST /review/cards/{id}/answer',
        body: PracticeBody,
        response: { 200: PracticeSession, 400: ErrorBody, 404: ErrorBody },
      },
    },
    (req) => concepts.practice(req.user.id, req.body),
  );
};
