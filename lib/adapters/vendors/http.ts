import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  wrap,
  type IBackoff,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { VendorUnavailableError } from '../../errors';
import type { Logger } from '../../logger';
import { VendorProtocolError } from './errors';

/** Where one vendor's API lives. */
export interface VendorEndpoint {
  vendorId: string;
  baseUrl: string;
}

/** A vendor row's base URL; none means the simulated vendor this stack serves at VENDOR_BASE_URL/{id}. */
export function vendorEndpoint(vendor: { vendorId: string; baseUrl: string | null }, defaultBaseUrl: string): VendorEndpoint {
  const baseUrl = vendor.baseUrl ?? `${defaultBaseUrl}/${encodeURIComponent(vendor.vendorId)}`;
  return { vendorId: vendor.vendorId, baseUrl: baseUrl.replace(/\/+$/, '') };
}

export interface VendorRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Appended to the vendor's base URL, e.g. `/products`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** An answer the caller has to interpret: anything but 5xx and 429, which are thrown. */
export interface VendorResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface VendorHttpOptions {
  /** Per attempt, covering the body as well as the headers. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  retryBaseDelayMs: number;
  logger: Logger;
  /** Failed attempts in a row that open a vendor's circuit. */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before letting one trial call through. */
  breakerHalfOpenAfterMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails and the caller retries later. */
  maxRetryAfterMs?: number;
  maxResponseBytes?: number;
}

/**
 * HTTP to vendors, with one resilience policy per vendor: each attempt has its own
 * timeout; 5xx, 429, timeouts and network errors are retried with exponential backoff
 * and jitter (at least as long as the vendor's Retry-After); repeated failures open that
 * vendor's circuit so later calls fail fast instead of queueing behind a dead vendor.
 * Circuits are per process (per Lambda container): each container learns on its own.
 */
export class VendorHttp {
  private readonly policies = new Map<string, IPolicy>();
  private readonly options: Required<VendorHttpOptions>;

  constructor(options: VendorHttpOptions) {
    this.options = {
      breakerThreshold: 5,
      breakerHalfOpenAfterMs: 10_000,
      maxRetryAfterMs: 5_000,
      maxResponseBytes: 20 * 1024 * 1024,
      ...options,
    };
  }

  /**
   * Sends a request through the vendor's policy. Throws VendorUnavailableError when the
   * vendor cannot be reached (after retries, or at once while its circuit is open, or
   * when `signal` aborts); returns every other answer.
   */
  async request(endpoint: VendorEndpoint, request: VendorRequest, signal?: AbortSignal): Promise<VendorResponse> {
    try {
      return await this.policyFor(endpoint.vendorId).execute(({ signal: attemptSignal }) => this.attempt(endpoint, request, attemptSignal), signal);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new VendorUnavailableError(endpoint.vendorId, 'circuit open after repeated failures: not calling it for now', { cause: error });
      }
      throw error;
    }
  }

  private async attempt(endpoint: VendorEndpoint, request: VendorRequest, callerSignal: AbortSignal): Promise<VendorResponse> {
    const method = request.method ?? 'GET';
    const url = new URL(`${endpoint.baseUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const what = `${method} ${url.pathname}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json, text/csv;q=0.9', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.any([callerSignal, timeout]),
      });
      text = await readBody(response, this.options.maxResponseBytes, endpoint.vendorId);
    } catch (error) {
      if (error instanceof VendorProtocolError) throw error;
      if (callerSignal.aborted) throw new VendorUnavailableError(endpoint.vendorId, `${what} abandoned: the caller's deadline passed`, { cause: error });
      if (timeout.aborted) throw new VendorUnavailableError(endpoint.vendorId, `${what} got no answer within ${this.options.timeoutMs} ms`, { cause: error });
      throw new VendorUnavailableError(endpoint.vendorId, `${what} failed: ${networkReason(error)}`, { cause: error });
    }
    if (response.status >= 500 || response.status === 429) {
      throw new VendorUnavailableError(endpoint.vendorId, `${what} answered HTTP ${response.status}`, {
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    }
    return { status: response.status, headers: response.headers, text };
  }

  private policyFor(vendorId: string): IPolicy {
    let policy = this.policies.get(vendorId);
    if (policy) return policy;
    const { logger, maxRetries, retryBaseDelayMs, maxRetryAfterMs } = this.options;

    // A vendor asking us to wait longer than we would is not retried now: the failure
    // goes back to the caller (the next sync, the queue's own retry) instead.
    const retryable = handleWhen((e) => e instanceof VendorUnavailableError && (e.retryAfterMs ?? 0) <= maxRetryAfterMs);
    const exponential = new ExponentialBackoff({ initialDelay: Math.max(1, retryBaseDelayMs), maxDelay: Math.max(retryBaseDelayMs, 10_000) });
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>((context, previous) => {
      const next = previous ? previous.next(context) : exponential.next();
      const error = 'error' in context.result ? context.result.error : undefined;
      const asked = error instanceof VendorUnavailableError ? (error.retryAfterMs ?? 0) : 0;
      return { delay: Math.max(next.duration, asked), state: next };
    });
    const retries = retry(retryable, { maxAttempts: maxRetries, backoff });
    retries.onRetry(({ delay, attempt, ...reason }) =>
      logger.warn('vendor call failed, retrying', { vendorId, attempt, delayMs: Math.round(delay), error: 'error' in reason ? reason.error : undefined }),
    );

    const breaker = circuitBreaker(handleType(VendorUnavailableError), {
      halfOpenAfter: this.options.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.options.breakerThreshold),
    });
    breaker.onBreak(() => logger.warn('vendor circuit opened: failing fast', { vendorId }));
    breaker.onReset(() => logger.info('vendor circuit closed again', { vendorId }));

    // Retry outside, breaker inside: every attempt counts towards opening the circuit, and
    // once it is open the retry stops at once (BrokenCircuitError is not retryable).
    policy = wrap(retries, breaker);
    this.policies.set(vendorId, policy);
    return policy;
  }
}

async function readBody(response: Response, maxBytes: number, vendorId: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new VendorProtocolError(vendorId, `response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** Parses a JSON answer's body; a vendor that sends something else is broken, not busy. */
export function parseJsonBody(vendorId: string, response: VendorResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch (error) {
    throw new VendorProtocolError(vendorId, `answered HTTP ${response.status} with a body that is not JSON`, { cause: error });
  }
}
