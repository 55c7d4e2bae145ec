import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import YAML from 'yaml';
import { localLambdaContext } from './lambdaContext';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Route {
  method: string;
  path: string;
  functionName: string;
  handler: Handler;
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * The httpApi routes declared in serverless.yml, with their handlers loaded in this
 * process. Routing is read from the same file serverless-offline reads, so the two
 * cannot disagree about which function serves a path.
 */
export function routesFromServerlessYml(only?: string[]): Route[] {
  const doc = YAML.parse(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
    functions: Record<string, { handler: string; events?: { httpApi?: { method: string; path: string } }[] }>;
  };
  const routes: Route[] = [];
  for (const [functionName, fn] of Object.entries(doc.functions)) {
    if (only && !only.includes(functionName)) continue;
    const httpEvents = (fn.events ?? []).flatMap((e) => (e.httpApi ? [e.httpApi] : []));
    if (!httpEvents.length) continue;
    const [file, exportName] = splitHandler(fn.handler);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler = require(path.join(ROOT, file))[exportName] as Handler;
    for (const e of httpEvents) routes.push({ method: e.method.toUpperCase(), path: e.path, functionName, handler });
  }
  return routes;
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

function matchRoute(routes: Route[], method: string, pathname: string) {
  let best: { route: Route; params: Record<string, string>; score: number } | undefined;
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    // Prefer literal segments over parameters, as API Gateway does.
    const score = route.path.split('/').filter((s) => !s.startsWith('{')).length * 10 + (route.method === 'ANY' ? 0 : 1);
    if (!best || score > best.score) best = { route, params, score };
  }
  return best;
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const greedy = /^\{(\w+)\+\}$/.exec(segment);
    if (greedy) {
      if (i >= got.length) return undefined;
      params[greedy[1]!] = got.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    const value = got[i];
    if (value === undefined) return undefined;
    const param = /^\{(\w+)\}$/.exec(segment);
    if (param) params[param[1]!] = decodeURIComponent(value);
    else if (segment !== value) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

/**
 * Serves handlers over plain node:http with API Gateway HTTP API (2.0) events: for tests
 * that need a real HTTP peer (the vendor mocks) and for measuring how much of the
 * latency is serverless-offline's.
 */
export async function serveHttp(routes: Route[], port = 0, host = '127.0.0.1'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = matchRoute(routes, method, url.pathname);
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, code: 'route_not_found', detail: `no route for ${method} ${url.pathname}` }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const body = Buffer.concat(chunks);
    const query = Object.fromEntries(url.searchParams);
    const requestId = randomUUID();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: `${match.route.method} ${match.route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.searchParams.toString(),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: Object.keys(match.params).length ? match.params : undefined,
      body: body.length ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey: `${match.route.method} ${match.route.path}`,
        stage: '$default',
        time: new Date().toISOString(),
        timeEpoch: Date.now(),
      },
    };
    try {
      const result = await match.route.handler(event, localLambdaContext(match.route.functionName, { requestId }));
      res.writeHead(result.statusCode ?? 200, result.headers as http.OutgoingHttpHeaders);
      res.end(result.body ?? '');
    } catch {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: 'Bad gateway', status: 502, code: 'internal_error', detail: 'the function failed', requestId }));
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
