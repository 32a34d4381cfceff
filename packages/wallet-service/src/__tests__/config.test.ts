import { ConfigError } from '@wallet-service/common';
import { parseApiConfig } from '../config';
import { TEST_SECRET } from './support/api';

const base = { DB_NAME: 'wallet_service', NETWORK: 'mainnet', AUTH_SECRET: TEST_SECRET };

describe('wallet API settings: database pool', () => {
  it('closes idle connections after 5 s by default and names an out-of-range DB_IDLE_TIMEOUT_MS', () => {
    expect(parseApiConfig(base).DB_IDLE_TIMEOUT_MS).toBe(5000);
    expect(parseApiConfig({ ...base, DB_IDLE_TIMEOUT_MS: '60000' }).DB_IDLE_TIMEOUT_MS).toBe(60_000);
    let err: unknown;
    try {
      parseApiConfig({ ...base, DB_IDLE_TIMEOUT_MS: '10' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe('DB_IDLE_TIMEOUT_MS="10" is invalid (expected an integer between 1000 and 3600000)');
  });
});

describe('wallet API settings: authorizer', () => {
  it('remembers 10,000 proof outcomes by default, 0 turns it off, and a negative or huge AUTH_PROOF_CACHE_SIZE is named', () => {
    expect(parseApiConfig(base).AUTH_PROOF_CACHE_SIZE).toBe(10_000);
    expect(parseApiConfig({ ...base, AUTH_PROOF_CACHE_SIZE: '0' }).AUTH_PROOF_CACHE_SIZE).toBe(0);
    for (const bad of ['-1', '1000001', 'lots']) {
      expect(() => parseApiConfig({ ...base, AUTH_PROOF_CACHE_SIZE: bad })).toThrow(
        `AUTH_PROOF_CACHE_SIZE="${bad}" is invalid (expected an integer between 0 and 1000000)`,
      );
    }
  });
});
