import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { LearnerFacingError, learnerError } from './learnerError';

const DEVELOPER_WORDS = /Invalid params|UUID|HTTP \d{3}|ai_[a-z_]+|provider/;

describe('learnerError', () => {
  it('never passes on a message written for developers', () => {
    const raw = [
      new ApiError(400, 'validation_error', 'Invalid params: id: must be a UUID'),
      new ApiError(502, 'ai_upstream_error', 'The AI provider failed (HTTP 500). Please retry shortly.'),
      new ApiError(
        503,
        'ai_unreachable',
        'The AI provider (gemini) could not be reached. Please retry shortly.',
      ),
      new ApiError(500, 'internal', 'Something went wrong on our side.'),
      new ApiError(429, 'rate_limited', 'Rate limit exceeded, retry in 12 seconds'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    ];
    for (const e of raw) expect(learnerError(e)).not.toMatch(DEVELOPER_WORDS);
  });

  it('says which files it can read, not the MIME type it refused', () => {
    const said = learnerError(
      new ApiError(
        415,
        'unsupported_type',
        'Files of type "application/x-ms-dos-executable" are not accepted',
      ),
    );
    expect(said).toMatch(/can’t read this kind of file.*PDF/);
    expect(said).not.toContain('application/');
  });

  it('shows a message already written for the learner as it is, and hides any other thrown text', () => {
    expect(learnerError(new LearnerFacingError('That email and password don’t match.'))).toBe(
      'That email and password don’t match.',
    );
    expect(learnerError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      'Something went wrong. Please try again.',
    );
  });

  it('says what happened and what to do', () => {
    expect(learnerError(new ApiError(0, 'network_error', 'x'))).toMatch(/connection/);
    expect(
      learnerError(new ApiError(404, 'not_found', 'Chat session not found.'), {
        notFound: 'This conversation is gone.',
      }),
    ).toBe('This conversation is gone.');
    expect(
      learnerError(new ApiError(503, 'ai_timeout', 'The AI model did not answer within 60 s. Please retry.')),
    ).toBe('ChitChat took too long to answer. Try again in a moment.');
    expect(
      learnerError(
        new ApiError(
          409,
          'not_retryable',
          'This message is answered or being answered: only failed messages can be retried.',
        ),
      ),
    ).toMatch(/may still be answering/);
    // The server's own learner-facing words pass through.
    expect(
      learnerError(
        new ApiError(
          409,
          'busy',
          'This question is being answered right now. Wait for the answer, then try again.',
        ),
      ),
    ).toMatch(/being answered/);
    expect(
      learnerError(
        new ApiError(
          502,
          'ai_empty_reply',
          'The AI model declined to answer this (its safety filter blocked the reply). Try rephrasing.',
        ),
      ),
    ).toMatch(/^ChitChat declined/);
  });
});
