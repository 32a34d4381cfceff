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
