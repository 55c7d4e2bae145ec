import { NotFoundError } from '../../lib/errors';
import { httpHandler, json } from '../../lib/http/handler';
import { htmlResponse } from '../../lib/http/html';
import { openApiDocument } from '../../lib/http/openapi';
import { renderApiReference } from '../../lib/http/openapiPage';

/**
 * GET /openapi.json → the OpenAPI 3.1 document, generated from the schemas the handlers validate with.
 * GET /docs → the same document rendered as a page (no script, nothing fetched from elsewhere).
 */
export const handler = httpHandler(async ({ event, deps }) => {
  const document = openApiDocument(deps.config.limits);
  switch (event.routeKey) {
    case 'GET /openapi.json':
      return json(200, document, { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
    case 'GET /docs':
      return htmlResponse(renderApiReference(document));
    default:
      throw new NotFoundError(`no documentation route ${event.routeKey}`);
  }
});
