import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dependencies, type Dependencies } from '../dependencies';
import { withLogKeys } from '../logger';
import { adminApiKey, bodyLimit, jsonBody, normaliseHeaders, nulFreeParameters, problemResponses, requestId, type HttpEvent, type HttpResult } from './middleware';

export interface HttpRequest {
  event: HttpEvent;
  body: unknown;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  /** This invocation's id: on every log line of the request, in problem bodies, and carried to the queue as correlation id. */
  requestId: string;
  deps: Dependencies;
}

export interface HttpOptions {
  /** Parse and size-check a JSON body; 'optional' accepts a request without one. */
  body?: boolean | 'optional';
  /** Require the admin API key. */
  admin?: boolean;
}

/**
 * Wraps a route in the shared middy chain. The route gets the parsed request and the
 * process's dependencies and returns a response; errors it throws become problem+json.
 */
export function httpHandler(route: (request: HttpRequest) => Promise<HttpResult>, options: HttpOptions = {}) {
  // Built on the first invocation, not at import: configuration is read when the process
  // starts serving, which is also what lets a test point the handler at its own database.
  let chain: ((event: HttpEvent, context: Context) => Promise<HttpResult>) | undefined;
  const build = () => {
    const deps = dependencies();
    const handler = middy<HttpEvent, HttpResult, Error, Context>()
      .use(normaliseHeaders())
      .use(problemResponses(deps.logger));
    if (options.admin) handler.use(adminApiKey(deps.config.adminApiKey));
    // Every route caps its body and refuses NUL in its parameters, whether or not it reads them.
    handler.use(bodyLimit(deps.config.limits.maxBodyBytes)).use(nulFreeParameters());
    if (options.body) handler.use(jsonBody(options.body === true));
    return handler.handler(async (event, context) =>
      route({
        event,
        body: event.parsedBody,
        params: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
        headers: event.headers,
        requestId: requestId(event, context),
        deps: dependencies(),
      }),
    );
  };
  return (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const run = (chain ??= build());
    return withLogKeys({ requestId: requestId(event, context) }, async () => {
      try {
        return await run(event, context);
      } finally {
        // Whatever the request recorded leaves as one metrics record, success or not.
        dependencies().metrics.flush();
      }
    });
  };
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
