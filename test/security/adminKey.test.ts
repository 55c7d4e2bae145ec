import crypto from 'node:crypto';
import type middy from '@middy/core';
import { ConfigError, parseConfig } from '../../lib/config';
import { UnauthorizedError } from '../../lib/errors';
import { adminApiKey } from '../../lib/http/middleware';

const KEY = 'a-production-secret-key';

/** Runs the admin-key middleware on a request carrying `given` as its x-api-key (none if undefined). */
function check(given: string | undefined): unknown {
  const event = { headers: given === undefined ? {} : { 'x-api-key': given } };
  const middleware = adminApiKey(KEY) as middy.MiddlewareObj;
  return middleware.before!({ event } as middy.Request);
}

describe('the admin API key', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lets the configured key through', () => {
    expect(check(KEY)).toBeUndefined();
  });

  it.each([
    ['no key', undefined],
    ['an empty key', ''],
    ['the key minus its last character', KEY.slice(0, -1)],
    ['the key plus one character', `${KEY}!`],
    ['the key with its last character changed', `${KEY.slice(0, -1)}x`],
    ['the key with its first character changed', `x${KEY.slice(1)}`],
    ['the key in upper case', KEY.toUpperCase()],
    ['the local key', 'local-admin-key'],
  ])('refuses %s with UnauthorizedError', (_name, given) => {
    expect(() => check(given)).toThrow(UnauthorizedError);
  });

  it('compares every candidate, whatever its length, as two equal-length digests in constant time', () => {
    // Prepare: a comparison whose cost depended on the candidate would let an attacker
    // find the key's length, then its characters, by timing the answers
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    const candidates = ['', 'a', KEY.slice(0, -1), `${KEY.slice(0, -1)}x`, KEY, `${KEY}x`, 'k'.repeat(10_000)];

    // Act
    for (const candidate of candidates) {
      try {
        check(candidate);
      } catch {
        // refused: what matters here is how it was compared
      }
    }

    // Assess
    expect(compare).toHaveBeenCalledTimes(candidates.length);
    for (const [given, expected] of compare.mock.calls) {
      expect([Buffer.byteLength(given as Buffer), Buffer.byteLength(expected as Buffer)]).toEqual([32, 32]);
    }
  });
});

describe('admin key configuration', () => {
  it('is required outside stage local', () => {
    expect(() => parseConfig({ STAGE: 'prod' })).toThrow(/ADMIN_API_KEY is required outside stage local/);
  });

  it('refuses the published local key outside stage local', () => {
    expect(() => parseConfig({ STAGE: 'prod', ADMIN_API_KEY: 'local-admin-key' })).toThrow(ConfigError);
    expect(() => parseConfig({ STAGE: 'prod', ADMIN_API_KEY: 'local-admin-key' })).toThrow(/must not be the published local key/);
  });

  it('refuses a key shorter than 8 characters', () => {
    expect(() => parseConfig({ STAGE: 'prod', ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY/);
  });

  it('uses the configured key outside stage local, and the local key only in stage local', () => {
    expect(parseConfig({ STAGE: 'prod', ADMIN_API_KEY: KEY }).adminApiKey).toBe(KEY);
    expect(parseConfig({}).adminApiKey).toBe('local-admin-key');
  });
});
