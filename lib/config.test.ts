import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('runs locally with no environment at all', () => {
    const cfg = parseConfig({});
    expect(cfg.stage).toBe('local');
    expect(cfg.database.url).toBe('postgres://postgres:postgres@localhost:5432/order_aggregator');
    expect(cfg.queue.rabbitmqUrl).toBe('amqp://guest:guest@localhost:5672');
    expect(cfg.adminApiKey).toBe('local-admin-key');
    expect(cfg.vendors.mockControlEnabled).toBe(true);
  });

  it('treats empty values (unset serverless params) as absent', () => {
    expect(parseConfig({ ADMIN_API_KEY: '', SQS_QUEUE_URL: '' }).adminApiKey).toBe('local-admin-key');
  });

  it('refuses to start outside stage local without an admin key, naming the variable', () => {
    expect(() => parseConfig({ STAGE: 'prod' })).toThrow(ConfigError);
    expect(() => parseConfig({ STAGE: 'prod' })).toThrow(/ADMIN_API_KEY is required outside stage local/);
  });

  it('turns the vendor mock controls off outside stage local unless configured', () => {
    expect(parseConfig({ STAGE: 'prod', ADMIN_API_KEY: 'a-long-secret-key' }).vendors.mockControlEnabled).toBe(false);
    expect(parseConfig({ STAGE: 'prod', ADMIN_API_KEY: 'a-long-secret-key', VENDOR_MOCK_CONTROL: 'true' }).vendors.mockControlEnabled).toBe(true);
  });

  it('rejects malformed values in one line', () => {
    expect(() => parseConfig({ DATABASE_POOL_MAX: 'many' })).toThrow(/^invalid configuration: DATABASE_POOL_MAX/);
  });
});
