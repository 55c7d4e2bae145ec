import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { localLambdaContext } from '../../infra/local/lambdaContext';

export interface HttpEventInput {
  method?: string;
  path?: string;
  body?: unknown;
  /** Sent as is, for malformed-body tests. */
  rawBody?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}

/** An API Gateway HTTP API (payload 2.0) event, as serverless-offline and AWS send it. */
export function httpEvent(input: HttpEventInput = {}): APIGatewayProxyEventV2 {
  const method = input.method ?? (input.body !== undefined || input.rawBody !== undefined ? 'POST' : 'GET');
  const path = input.path ?? '/';
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...input.headers,
  };
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers,
    queryStringParameters: input.query,
    pathParameters: input.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'offline',
      apiId: 'offline',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

/** The context Lambda passes alongside an event. */
export function lambdaContext(functionName = 'test'): Context {
  return localLambdaContext(functionName);
}

export interface ParsedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: any;
}

/** Runs an HTTP handler on an event and parses its JSON reply. */
export async function invokeHttp(
  handler: (event: any, context: Context) => Promise<any>,
  input: HttpEventInput,
): Promise<ParsedResponse> {
  const result = await handler(httpEvent(input), lambdaContext());
  return {
    statusCode: result.statusCode,
    headers: result.headers ?? {},
    body: result.body ? JSON.parse(result.body) : undefined,
  };
}
