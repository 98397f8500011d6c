import { ApiError } from './api';

/** An error whose message is already written for the learner (e.g. a sign-in refused): shown as it is. */
export class LearnerFacingError extends Error {
  override name = 'LearnerFacingError';
}

/**
 * What went wrong, in words a learner can act on, for the chat's actions. The API's messages are
 * written for whoever calls it (a developer may see "Invalid params: id: must be a UUID" or "The AI
 * provider failed (HTTP 500)"); this says what it means for the learner and what to do.
 */
export function learnerError(error: unknown, what: { notFound?: string } = {}): string {
  if (error instanceof LearnerFacingError) return error.message;
  const e = error instanceof ApiError ? error : null;
  if (!e) {
    if ((error as { name?: string })?.name === 'AbortError') return 'Stopped.';
    return 'Something went wrong. Please try again.';
  }
  const code = e.code;
  if (e.status === 0 || code === 'network_error')
    return 'Could not reach ChitChat. Check your connection and try again.';
  if (e.status === 401) return 'Your session has ended. Sign in again, then try once more.';
  if (e.status === 404)
    return what.notFound ?? 'This is no longer here — it may have been deleted, perhaps on another device.';
  if (code === 'busy' || code === 'not_latest' || code === 'not_editable' || code === 'not_regenerable')
    return e.message;
  if (code === 'client_disconnected') return 'The answer was stopped.';
  if (code === 'not_retryable')
    return 'ChitChat may still be answering this question. Wait a minute, then try again.';
  if (e.status === 429 || code === 'ai_rate_limited')
    return 'ChitChat is very busy right now. Wait a moment, then try again.';
  if (code === 'ai_timeout') return 'ChitChat took too long to answer. Try again in a moment.';
  if (code === 'ai_empty_reply') return e.message.replace(/^The AI model/, 'ChitChat');
  if (code.startsWith('ai_') || e.status === 502 || e.status === 503)
    return 'ChitChat couldn’t answer just now. Try again in a moment.';
  if (e.status === 415)
    return 'ChitChat can’t read this kind of file. Attach a PDF, a Word or text document, an image (JPEG, PNG, WebP, GIF) or a video (MP4, WebM, MOV).';
  if (e.status === 400) return 'ChitChat couldn’t accept that. Check it and try again.';
  if (e.status >= 500) return 'Something went wrong on our side. Please try again.';
  return e.message || 'Something went wrong. Please try again.';
}
