import { timingSafeEqual, createHash } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { problemFor } from './problems';

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
 * Parses a JSON body: 415 for another content type, 413 over the size limit, 400 for
 * malformed JSON (not 415, which is what a generic parser would say).
 */
export function jsonBody(maxBytes: number, required = true): Middleware {
  return {
    before: ({ event }) => {
      const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const raw = event.body ?? '';
      const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (!required && text.trim() === '') return;
      if (Buffer.byteLength(text, 'utf8') > maxBytes) {
        throw new PayloadTooLargeError(`request body exceeds ${maxBytes} bytes`);
      }
      if (contentType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(contentType)) {
        throw new UnsupportedMediaTypeError('request body must be application/json');
      }
      if (text.trim() === '') throw new ValidationError('request body is empty', [{ path: '(root)', message: 'a JSON body is required' }]);
      try {
        event.parsedBody = JSON.parse(text);
      } catch {
        throw new ValidationError('request body is not valid JSON', [{ path: '(root)', message: 'malformed JSON' }]);
      }
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
