/**
 * Errors the product knows about carry a stable machine-readable `code`; the HTTP layer
 * maps codes to statuses in one place (lib/http/problems.ts). Anything that is not an
 * AppError is a bug or an outage and becomes a 500 (or 503) without its message.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  /** Extra fields a client may rely on (e.g. the validation errors list). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }
}

export interface FieldError {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly code = 'validation_error';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type';
}

/** A dependency (database, broker) is down; the client should retry later. */
export class ServiceUnavailableError extends AppError {
  readonly code = 'unavailable';
}

/** A vendor API failed in a way worth retrying later (5xx, 429, timeout, network). */
export class VendorUnavailableError extends AppError {
  readonly code = 'vendor_unavailable';
  constructor(
    readonly vendorId: string,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(`vendor ${vendorId}: ${message}`, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}
