import type { HttpResult } from '../http/middleware';

/**
 * Answers a simulated vendor gives on its own (faults, refusals), as problem+json like
 * the rest of the stack. Errors thrown as AppError go through the shared middleware;
 * these are not errors of ours but the vendor's behaviour.
 */
export function vendorProblem(
  status: number,
  code: string,
  title: string,
  detail: string,
  options: { extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...options.headers },
    body: JSON.stringify({
      type: `https://order-aggregator.dev/problems/vendor-mock/${code.replace(/_/g, '-')}`,
      title,
      status,
      detail,
      code,
      ...options.extra,
    }),
  };
}
