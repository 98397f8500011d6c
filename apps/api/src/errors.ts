// An error with an HTTP status and a stable code, thrown anywhere (features, platform adapters such
// as the AI provider) and turned into the one error shape by http/errors.ts. It lives here, not in
// http/, so that the platform layer does not depend on the HTTP layer.
import type { ErrorCode } from '@chitchat/contracts';

export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}
