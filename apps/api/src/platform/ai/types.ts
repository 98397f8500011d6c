// The one AI interface every feature uses. Providers: local, gemini, openai-compatible, offline.
import type { z } from 'zod';
import type { ErrorCode } from '@chitchat/contracts';
import { HttpError } from '../../errors.ts';

export type AiTask =
  | 'chat'
  | 'session_title'
  | 'learning_path'
  | 'lesson'
  | 'review_questions'
  | 'judge_answer'
  | 'curiosity_tiles'
  | 'document_analysis'
  | 'image_description'
  | 'video_analysis';

export interface AiImage {
  mediaType: string; // image/png, image/jpeg, ...
  data: Uint8Array;
}

export interface AiMessage {
  role: 'user' | 'assistant';
  content: string;
  images?: AiImage[];
}

/** What a call cost and which model answered; stored in message metadata. */
export interface AiUsage {
  provider: 'local' | 'gemini' | 'openai-compatible' | 'offline';
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  /** How many HTTP attempts the call took (1 = no retry). */
  attempts?: number;
  /** Why the model stopped (stop, length, content-filter, ...). */
  finishReason?: string;
}

/** A piece of the learner's own material that can ground an answer (and be cited). */
export interface Passage {
  sourceType: 'document' | 'lesson' | 'message';
  sourceId: string; // upload id, learning path id, or message id
  title: string;
  page?: number;
  lessonId?: string;
  text: string;
  score: number;
}

/** Where a call reports its retries (a request's logger; pino and Fastify's fit). */
export interface AiLog {
  warn(obj: object, msg: string): void;
}

export interface TextRequest {
  task: AiTask;
  /** Whose request this is: the local model's queue takes turns between learners. */
  userId?: string;
  system: string;
  messages: AiMessage[];
  signal?: AbortSignal;
  log?: AiLog;
  /** Told about each retry of this call (observe.ts counts them for /metrics). */
  onRetry?: () => void;
  /**
   * The offline provider's answer: deterministic text processing over the learner's own
   * material. Never called by a real model provider.
   */
  offline: () => string | Promise<string>;
}

export interface ObjectRequest<T> {
  task: AiTask;
  /** Whose request this is: the local model's queue takes turns between learners. */
  userId?: string;
  /** The reply must validate against this; it is also sent to the provider as the response schema. */
  schema: z.ZodType<T>;
  system: string;
  prompt: string;
  images?: AiImage[];
  signal?: AbortSignal;
  log?: AiLog;
  /** Told about each retry of this call (observe.ts counts them for /metrics). */
  onRetry?: () => void;
  /** The offline provider's answer (extractive summaries, keyphrases, cloze questions, templates). */
  offline: () => T | Promise<T>;
  /**
   * When a model's reply does not validate as a whole: what is usable of its parsed JSON (per-item
   * repair and dropping, see salvage.ts), or undefined. The result is validated against `schema`
   * again, so the schema's minimums decide when nothing usable remains.
   */
  salvage?: (raw: unknown, log?: AiLog) => T | undefined;
}

export interface TextStream {
  /** Text deltas as they arrive. */
  deltas: AsyncIterable<string>;
  /** The whole text and usage once the stream ends (rejects if it fails). */
  done: Promise<{ text: string; usage: AiUsage }>;
}

/**
 * What the AI is doing, as GET /api/v1/info reports it and the app shows it: `ready` (a model
 * answers), `downloading` / `loading` (the local model is being set up; the offline engine answers
 * meanwhile), `failed` (it could not be set up; the offline engine answers) or `offline` (chosen).
 */
export interface AiStatus {
  provider: AiUsage['provider'];
  state: 'ready' | 'downloading' | 'loading' | 'failed' | 'offline';
  /** The model answering (or being set up). */
  model?: string;
  /** Download progress (state `downloading`). */
  percent?: number;
  bytes?: number;
  totalBytes?: number;
  /** Why setting up failed (state `failed`). */
  reason?: string;
  /** One sentence for people: "Setting up the local tutor: 43 %". */
  message: string;
}

export interface AiProvider {
  readonly name: AiUsage['provider'];
  /** What the provider is doing right now (a model provider that needs no set-up is always ready). */
  status?(): AiStatus;
  /** Frees what the provider holds (the local model's memory, a download in progress). */
  close?(): Promise<void>;
  generateText(req: TextRequest): Promise<{ text: string; usage: AiUsage }>;
  streamText(req: TextRequest): TextStream;
  generateObject<T>(req: ObjectRequest<T>): Promise<{ object: T; usage: AiUsage }>;
  /** Embeddings where the provider has them; undefined means "use full-text search only". */
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/**
 * A model call that failed after retries: the API answers 502/503 (in the one error shape, through
 * the error handler, since this is an HttpError) and keeps the learner's input. Codes:
 * ai_rate_limited, ai_unavailable, ai_unreachable, ai_timeout (503); ai_upstream_error,
 * ai_request_rejected, ai_invalid_output, ai_stream_interrupted (502).
 */
export class AiUnavailableError extends HttpError {
  constructor(
    message: string,
    public readonly status: 502 | 503 | 504 = 503,
    public readonly retryAfterSeconds?: number,
    code: ErrorCode = status === 503 ? 'ai_unavailable' : 'ai_upstream_error',
  ) {
    super(
      status,
      code,
      message,
      undefined,
      retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : undefined,
    );
  }
}

/** The model's reply did not validate against the schema, even after one repair attempt. */
export class AiInvalidOutputError extends AiUnavailableError {
  constructor(
    message = "The AI model's reply did not have the expected structure, even after one repair attempt. Please retry.",
  ) {
    super(message, 502, undefined, 'ai_invalid_output');
  }
}

/**
 * The caller went away (client disconnected): not an error to report, the work just stops. A 499
 * ("client closed request", as nginx logs it) if it ever reaches the error handler.
 */
export class AiAbortedError extends HttpError {
  constructor() {
    super(499, 'client_closed_request', 'The AI call was cancelled because the client disconnected.');
  }
}
