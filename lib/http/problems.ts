import { AppError, ValidationError } from '../errors';
import { isTransientDatabaseError } from '../adapters/postgres/client';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  [extra: string]: unknown;
}

/** The one table from error code to HTTP status. */
const STATUS_BY_CODE: Record<string, { status: number; title: string }> = {
  validation_error: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  not_found: { status: 404, title: 'Not found' },
  product_not_found: { status: 404, title: 'Product not found' },
  route_not_found: { status: 404, title: 'No such route' },
  insufficient_stock: { status: 409, title: 'Insufficient stock' },
  invalid_state: { status: 409, title: 'Invalid state' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal_error: { status: 500, title: 'Internal error' },
};

export function problemFor(error: unknown, requestId: string): { problem: Problem; headers: Record<string, string>; expected: boolean } {
  if (error instanceof AppError && STATUS_BY_CODE[error.code]) {
    const { status, title } = STATUS_BY_CODE[error.code]!;
    const problem: Problem = { ...base(error.code, status, title, requestId), detail: error.message, ...error.details };
    if (error instanceof ValidationError && error.errors.length) problem.errors = error.errors;
    const headers: Record<string, string> = status === 503 ? { 'retry-after': '1' } : {};
    return { problem, headers, expected: true };
  }
  if (isTransientDatabaseError(error) || isConnectionFailure(error)) {
    return {
      problem: { ...base('unavailable', 503, 'Service unavailable', requestId), detail: 'a dependency is unavailable, retry shortly; nothing was changed' },
      headers: { 'retry-after': '1' },
      expected: false,
    };
  }
  return {
    problem: { ...base('internal_error', 500, 'Internal error', requestId), detail: `an unexpected error occurred; quote request id ${requestId}` },
    headers: {},
    expected: false,
  };
}

function base(code: string, status: number, title: string, requestId: string) {
  return { type: `https://order-aggregator.dev/problems/${code.replace(/_/g, '-')}`, title, status, detail: '', code, requestId };
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|CONNECT_TIMEOUT|CONNECTION_\w+)$/.test(code);
}
