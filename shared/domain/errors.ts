/**
 * The registry's error hierarchy. Each error carries the HTTP status it maps to; the single HTTP
 * error middleware (shared/http/error-response.ts) turns them into responses. Messages of errors
 * below 500 are written for the API user and may be shown; nothing else is.
 */

/** One broken rule, located by a path into the request (e.g. `subprocessors[3].safeguard`). */
export interface Issue {
  path: string;
  rule: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  readonly issues: readonly Issue[];

  constructor(message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = new.target.name;
    this.issues = issues;
  }
}

export class ValidationError extends AppError {
  readonly statusCode = 400;
  readonly code = 'validation_failed';
}

export class UnauthorizedError extends AppError {
  readonly statusCode = 401;
  readonly code = 'unauthorized';
}

export class ForbiddenError extends AppError {
  readonly statusCode = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  readonly statusCode = 404;
  readonly code = 'not_found';
}

export class ConflictError extends AppError {
  readonly statusCode = 409;
  readonly code = 'conflict';
}

/** If-Match names a version that is no longer current (RFC 9110 §13.1.1). */
export class PreconditionFailedError extends AppError {
  readonly statusCode = 412;
  readonly code = 'precondition_failed';
}

export class PayloadTooLargeError extends AppError {
  readonly statusCode = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly statusCode = 415;
  readonly code = 'unsupported_media_type';
}

/** A write that needs If-Match was sent without it (RFC 6585 §3). */
export class PreconditionRequiredError extends AppError {
  readonly statusCode = 428;
  readonly code = 'precondition_required';
}
