import { timingSafeEqual, createHash } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { problemFor } from './problems';
import { nestingDepth, nulCharacterPath } from './validation';

export type HttpEvent = APIGatewayProxyEventV2 & { parsedBody?: unknown };
export type HttpResult = APIGatewayProxyStructuredResultV2;
type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context>;

/** The invocation's id: unique under serverless-offline too, whose API Gateway request id is a constant. */
export function requestId(event: APIGatewayProxyEventV2, context: Context): string {
  return context?.awsRequestId || event.requestContext?.requestId;
}

/** Lower-cases header names, as HTTP API does in AWS; offline and tests may not. */
export function normaliseHeaders(): Middleware {
  return {
    before: ({ event }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.headers ?? {})) {
        if (value !== undefined) headers[name.toLowerCase()] = value;
      }
      event.headers = headers;
    },
  };
}

/**
 * The only place errors become HTTP: known errors by their code, dependency outages as
 * 503, everything else as a 500 that names the request id but never the cause.
 */
export function problemResponses(logger: Logger): Middleware {
  return {
    onError: (request) => {
      const id = requestId(request.event, request.context);
      const { problem, headers, expected } = problemFor(request.error, id);
      if (!expected) logger.error('request failed', { requestId: id, error: request.error as Error });
      request.response = {
        statusCode: problem.status,
        headers: { 'content-type': 'application/problem+json', 'x-request-id': id, ...headers },
        body: JSON.stringify(problem),
      };
    },
    after: (request) => {
      const id = requestId(request.event, request.context);
      request.response = { ...request.response, headers: { 'x-request-id': id, ...request.response?.headers } };
    },
  };
}

/**
 * Caps the body of every request, whether or not its route reads one: 413 over the limit.
 * A base64 body (binary payloads under API Gateway) counts by its decoded size, measured
 * without decoding it.
 */
export function bodyLimit(maxBytes: number): Middleware {
  return {
    before: ({ event }) => {
      const raw = event.body ?? '';
      const size = event.isBase64Encoded ? Buffer.byteLength(raw, 'base64') : Buffer.byteLength(raw, 'utf8');
      if (size > maxBytes) throw new PayloadTooLargeError(`request body exceeds ${maxBytes} bytes`);
    },
  };
}

/** Deeper than any body this API accepts; refused before validation walks it. */
const MAX_JSON_DEPTH = 16;

/**
 * Parses a JSON body: 415 for another content type, 400 for malformed JSON (not 415,
 * which is what a generic parser would say), for nesting deeper than any request of this
 * API, and for NUL characters, which no text column can store.
 */
export function jsonBody(required = true): Middleware {
  return {
    before: ({ event }) => {
      const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const raw = event.body ?? '';
      const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (!required && text.trim() === '') return;
      if (contentType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(contentType)) {
        throw new UnsupportedMediaTypeError('request body must be application/json');
      }
      if (text.trim() === '') throw new ValidationError('request body is empty', [{ path: '(root)', message: 'a JSON body is required' }]);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ValidationError('request body is not valid JSON', [{ path: '(root)', message: 'malformed JSON' }]);
      }
      if (nestingDepth(parsed) > MAX_JSON_DEPTH) {
        throw new ValidationError('request body is nested too deeply', [{ path: '(root)', message: `nests more than ${MAX_JSON_DEPTH} levels` }]);
      }
      const nulAt = nulCharacterPath(parsed);
      if (nulAt) throw new ValidationError(`invalid request: ${nulAt} contains a NUL character`, [{ path: nulAt, message: 'must not contain NUL characters' }]);
      event.parsedBody = parsed;
    },
  };
}

/** Path and query parameters with a NUL character are refused for the same reason as such bodies. */
export function nulFreeParameters(): Middleware {
  return {
    before: ({ event }) => {
      const nulAt = nulCharacterPath({ path: event.pathParameters ?? {}, query: event.queryStringParameters ?? {} });
      if (nulAt) throw new ValidationError(`invalid parameter ${nulAt}: contains a NUL character`, [{ path: nulAt, message: 'must not contain NUL characters' }]);
    },
  };
}

/** Admin routes: the `x-api-key` header, compared in constant time (hashing first equalises lengths). */
export function adminApiKey(expected: string): Middleware {
  const expectedDigest = createHash('sha256').update(expected).digest();
  return {
    before: ({ event }) => {
      const given = event.headers['x-api-key'] ?? '';
      const givenDigest = createHash('sha256').update(given).digest();
      if (!timingSafeEqual(givenDigest, expectedDigest) || given.length === 0) {
        throw new UnauthorizedError('a valid x-api-key header is required');
      }
    },
  };
}
