import type { Context } from 'aws-lambda';
import { httpHandler } from '../../lib/http/handler';
import type { HttpEvent, HttpResult } from '../../lib/http/middleware';
import { serveVendorMock } from '../../lib/vendorMock/routes';

const withJsonBody = httpHandler(serveVendorMock, { body: true });
const withoutBody = httpHandler(serveVendorMock);

/**
 * GET /vendors and ANY /vendors/{proxy+}: the simulated vendor APIs. Requests that carry
 * a body go through the shared JSON parsing (400 bad JSON, 415, 413); GETs, DELETEs and
 * POST /vendors/_reset carry none, and a route that needs one says so itself.
 */
export const handler = (event: HttpEvent, context: Context): Promise<HttpResult> => (event.body ? withJsonBody : withoutBody)(event, context);
