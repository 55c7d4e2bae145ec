import { handler as docsHandler } from '../../functions/docs/handler';
import { closeDependencies } from '../../lib/dependencies';
import { openApiDocument } from '../../lib/http/openapi';
import { httpEvent, invokeHttp, lambdaContext } from '../factories/http';
import { declaredHttpRoutes, documentedOperations, undocumentedRoutes, unservedOperations, validateOpenApi } from '../support/openApi';

const LIMITS = { maxOrderLines: 50, maxLineQuantity: 1000 };

afterAll(closeDependencies);

describe('the OpenAPI document', () => {
  it('describes every HTTP route declared in serverless.yml', () => {
    // Prepare
    const routes = declaredHttpRoutes();

    // Act
    const missing = undocumentedRoutes(routes, documentedOperations(openApiDocument(LIMITS)));

    // Assess
    expect(routes.length).toBeGreaterThan(15);
    expect(missing.map((r) => `${r.method} ${r.path} (function ${r.functionName})`)).toEqual([]);
  });

  it('describes no operation that serverless.yml does not route', () => {
    const stale = unservedOperations(declaredHttpRoutes(), documentedOperations(openApiDocument(LIMITS)));
    expect(stale).toEqual([]);
  });

  it('notices a route that is declared but not documented', () => {
    const routes = [...declaredHttpRoutes(), { functionName: 'newFunction', method: 'GET', path: '/something-new' }];
    expect(undocumentedRoutes(routes, documentedOperations(openApiDocument(LIMITS)))).toEqual([
      { functionName: 'newFunction', method: 'GET', path: '/something-new' },
    ]);
  });

  it('is valid OpenAPI 3.1', async () => {
    const result = await validateOpenApi(openApiDocument(LIMITS));
    expect(result).toMatchObject({ valid: true, version: '3.1', errors: null });
  });

  it('would be refused by the validator if it broke the OpenAPI schema', async () => {
    const { info: _info, ...withoutInfo } = openApiDocument(LIMITS);
    const broken = { ...withoutInfo, paths: { '/orders': { post: { responses: { 202: { content: {} } } } } } };
    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it('states the order limits of the schemas that validate requests', () => {
    // Prepare: limits other than the defaults, as a deployment may configure them
    const document = openApiDocument({ maxOrderLines: 7, maxLineQuantity: 3 }) as any;

    // Act
    const [single, multi] = document.paths['/orders'].post.requestBody.content['application/json'].schema.anyOf;

    // Assess
    expect(single.properties.quantity).toMatchObject({ type: 'integer', maximum: 3 });
    expect(single.additionalProperties).toBe(false);
    expect(multi.properties.items).toMatchObject({ minItems: 1, maxItems: 7 });
    expect(multi.properties.items.items.properties.quantity.maximum).toBe(3);
  });

  it('marks admin operations as needing the x-api-key header and only those', () => {
    const document = openApiDocument(LIMITS) as any;
    expect(document.components.securitySchemes.adminApiKey).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    for (const operation of documentedOperations(document)) {
      const [method, path] = operation.split(' ') as [string, string];
      const secured = (document.paths[path][method.toLowerCase()].security ?? []).length > 0;
      expect([operation, secured]).toEqual([operation, path.startsWith('/admin/')]);
    }
  });
});

describe('the docs function', () => {
  it('serves the document as JSON at GET /openapi.json', async () => {
    const res = await invokeHttp(docsHandler, { method: 'GET', path: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument(LIMITS))));
    expect((await validateOpenApi(res.body)).valid).toBe(true);
  });

  it('renders every operation and schema at GET /docs, with nothing loaded from elsewhere', async () => {
    const result = await docsHandler(httpEvent({ method: 'GET', path: '/docs' }), lambdaContext('docs'));
    expect(result.statusCode).toBe(200);
    expect(result.headers!['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers!['content-security-policy']).toContain("default-src 'none'");
    const page = String(result.body);
    const document = openApiDocument(LIMITS) as any;
    for (const operation of documentedOperations(document)) {
      const [method, path] = operation.split(' ') as [string, string];
      expect(page).toContain(`id="op-${document.paths[path][method.toLowerCase()].operationId}"`);
    }
    for (const name of Object.keys(document.components.schemas)) expect(page).toContain(`id="schema-${name}"`);
    expect(page).not.toMatch(/<script|https?:\/\/(?!order-aggregator\.dev)/);
  });
});
