import { handler as adminOperations } from '../../functions/adminOperations/handler';
import { handler as placeOrderHandler } from '../../functions/placeOrder/handler';
import { invokeHttp } from '../factories/http';
import { useIsolatedServices } from '../support/suite';

/**
 * A production process whose database is gone: every request that needs it fails and is
 * logged with its cause. Those lines must name the problem, not the secrets around it.
 */
const KEY = 'prod-admin-key-7c1e9b';
const DB_PASSWORD = 'Db-Pa55w0rd-4f2a8d';
const DATABASE_URL = `postgres://postgres:${DB_PASSWORD}@127.0.0.1:5432/oa_no_such_database`;
useIsolatedServices({ STAGE: 'prod', ADMIN_API_KEY: KEY, LOG_LEVEL: 'DEBUG', DATABASE_URL });

/** Everything the process writes to stdout and stderr while `work` runs (and only then). */
async function captureOutput(work: () => Promise<void>): Promise<string> {
  let output = '';
  const capture = (chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  try {
    await work();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return output;
}

describe('logs of failing requests', () => {
  it('name the failure but neither the database password nor the caller’s API key', async () => {
    // Prepare
    const statuses: number[] = [];

    // Act
    const output = await captureOutput(async () => {
      statuses.push((await invokeHttp(adminOperations, { method: 'GET', path: '/admin/metrics', headers: { 'x-api-key': KEY } })).statusCode);
      statuses.push(
        (
          await invokeHttp(placeOrderHandler, {
            method: 'POST',
            path: '/orders',
            body: { productId: '3f0c6a4e-8d3b-4c1e-9a57-2b6d0e8f1a93', quantity: 1 },
            headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}` },
          })
        ).statusCode,
      );
      statuses.push((await invokeHttp(adminOperations, { method: 'GET', path: '/admin/metrics', headers: { 'x-api-key': `${KEY}-guess` } })).statusCode);
    });

    // Assess
    expect(statuses).toEqual([500, 500, 401]);
    const failures = output.split('\n').filter((line) => line.includes('"request failed"'));
    expect(failures).toHaveLength(2);
    expect(output).toContain('oa_no_such_database');
    expect(output).not.toContain(DB_PASSWORD);
    expect(output).not.toContain(KEY);
  });
});
