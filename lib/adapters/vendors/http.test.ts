import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VendorUnavailableError } from '../../errors';
import { createLogger } from '../../logger';
import { retryAfterMs, VendorHttp, type VendorHttpOptions } from './http';

/** A vendor whose answers each test scripts; `hits` counts the requests it got. */
let answer: (res: http.ServerResponse) => void;
let hits = 0;
const server = http.createServer((_req, res) => {
  hits += 1;
  answer(res);
});
let baseUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vendors/v`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = 0;
});

function client(options: Partial<VendorHttpOptions> = {}) {
  return new VendorHttp({ timeoutMs: 300, maxRetries: 2, retryBaseDelayMs: 5, logger: createLogger('test', 'SILENT'), ...options });
}

const reply = (status: number, headers: Record<string, string> = {}) => (res: http.ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end('{}');
};

function inTurn(...answers: ((res: http.ServerResponse) => void)[]) {
  return (res: http.ServerResponse) => answers[Math.min(hits, answers.length) - 1]!(res);
}

const neverAnswer = () => {};

describe('VendorHttp', () => {
  it('retries a 503 and returns the answer that follows', async () => {
    answer = inTurn(reply(503), reply(503), reply(200));

    const res = await client().request({ vendorId: 'v', baseUrl }, { path: '/products' });

    expect(res.status).toBe(200);
    expect(hits).toBe(3);
  });

  it('gives up after its retries with VendorUnavailableError naming the status', async () => {
    answer = reply(503);

    const call = client().request({ vendorId: 'v', baseUrl }, { path: '/products' });

    await expect(call).rejects.toThrow(VendorUnavailableError);
    await expect(call).rejects.toThrow('vendor v: GET /vendors/v/products answered HTTP 503');
    expect(hits).toBe(3);
  });

  it('waits at least as long as Retry-After asks before trying again', async () => {
    answer = inTurn(reply(429, { 'retry-after': '1' }), reply(200));
    const started = Date.now();

    const res = await client().request({ vendorId: 'v', baseUrl }, { path: '/products' });

    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('does not retry when the vendor asks for a longer wait than a call is worth', async () => {
    answer = reply(429, { 'retry-after': '120' });

    const error = await client().request({ vendorId: 'v', baseUrl }, { path: '/products' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(VendorUnavailableError);
    expect((error as VendorUnavailableError).retryAfterMs).toBe(120_000);
    expect(hits).toBe(1);
  });

  it('times out an attempt that gets no answer', async () => {
    answer = neverAnswer;
    const started = Date.now();

    const call = client({ maxRetries: 0 }).request({ vendorId: 'v', baseUrl }, { path: '/products' });

    await expect(call).rejects.toThrow('got no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops at once, without retrying, when the caller gives up', async () => {
    answer = neverAnswer;
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);

    const call = client({ timeoutMs: 10_000 }).request({ vendorId: 'v', baseUrl }, { path: '/products' }, caller.signal);

    await expect(call).rejects.toThrow("abandoned: the caller's deadline passed");
    expect(hits).toBe(1);
  });

  it('returns any other answer as it is, without retrying', async () => {
    answer = reply(409);

    const res = await client().request({ vendorId: 'v', baseUrl }, { method: 'POST', path: '/orders', body: { reference: 'r' } });

    expect(res.status).toBe(409);
    expect(hits).toBe(1);
  });

  it('opens the circuit after repeated failures and then fails fast without calling the vendor', async () => {
    answer = reply(503);
    const vendor = client({ maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    for (let i = 0; i < 3; i++) await expect(vendor.request({ vendorId: 'v', baseUrl }, { path: '/products' })).rejects.toThrow('HTTP 503');

    const call = vendor.request({ vendorId: 'v', baseUrl }, { path: '/products' });

    await expect(call).rejects.toThrow('circuit open');
    await expect(call).rejects.toBeInstanceOf(VendorUnavailableError);
    expect(hits).toBe(3);
  });

  it('keeps one circuit per vendor: a broken vendor does not stop calls to another', async () => {
    answer = reply(503);
    const vendors = client({ maxRetries: 0, breakerThreshold: 1, breakerHalfOpenAfterMs: 60_000 });
    await expect(vendors.request({ vendorId: 'broken', baseUrl }, { path: '/products' })).rejects.toThrow('HTTP 503');
    answer = reply(200);

    const res = await vendors.request({ vendorId: 'healthy', baseUrl }, { path: '/products' });

    expect(res.status).toBe(200);
  });

  it('reports a vendor that cannot be reached as unavailable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const call = client({ maxRetries: 0 }).request({ vendorId: 'v', baseUrl: `http://127.0.0.1:${port}` }, { path: '/products' });

    await expect(call).rejects.toThrow('ECONNREFUSED');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
