import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * GET /ping : liveness without touching any dependency (GET /health is readiness). Also
 * the benchmark's floor: what the HTTP path costs when the function does nothing.
 */
export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"status":"alive"}',
});
