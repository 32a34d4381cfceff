import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError, parseConfig, silentLogger } from '@wallet-service/common';
import { createOps } from '../index';
import { opsSpec } from '../settings';
import { opsConfig } from './support';

describe('ops settings', () => {
  it('HEALTHCHECK_ENABLED without HEALTHCHECK_SERVER_URL names the missing variable', () => {
    expect(() => createOps({ config: opsConfig({ HEALTHCHECK_ENABLED: 'true' }), log: silentLogger })).toThrow(
      /HEALTHCHECK_SERVER_URL is not set/,
    );
  });

  it('reorg thresholds out of order name the offending variable', () => {
    expect(() => createOps({ config: opsConfig({ REORG_SIZE_MAJOR: '2' }), log: silentLogger })).toThrow(ConfigError);
    expect(() => createOps({ config: opsConfig({ REORG_SIZE_MAJOR: '2' }), log: silentLogger })).toThrow(/REORG_SIZE_MAJOR/);
  });

  it('a malformed value is rejected naming the variable', () => {
    expect(() => opsConfig({ IDLE_EVENT_SEVERITY: 'loud' })).toThrow(/IDLE_EVENT_SEVERITY="loud" is invalid \(expected one of critical/);
    expect(() => opsConfig({ HEALTH_PORT: '70000' })).toThrow(/HEALTH_PORT/);
  });

  it('defaults match the documented ones', () => {
    expect(opsConfig()).toMatchObject({
      HEALTH_PORT: 8090,
      AWS_REGION: 'us-east-1',
      APPLICATION_NAME: 'hathor-wallet-service-daemon',
      IDLE_EVENT_TIMEOUT_MS: 300000,
      IDLE_EVENT_SEVERITY: 'major',
      STUCK_PROCESSING_TIMEOUT_MS: 3600000,
      RECONNECTION_STORM_THRESHOLD: 10,
      RECONNECTION_STORM_WINDOW_MS: 300000,
      REORG_SIZE_INFO: 1,
      REORG_SIZE_MINOR: 3,
      REORG_SIZE_MAJOR: 5,
      REORG_SIZE_CRITICAL: 10,
      HEALTHCHECK_ENABLED: false,
      HEALTHCHECK_PING_INTERVAL: 10000,
      PROGRESS_INTERVAL_MS: 5000,
      LOG_LEVEL: 'info',
    });
  });

  it('.env.example documents every operations variable with its default', () => {
    const example = parseDotenv(readFileSync(join(__dirname, '../../../../../.env.example'), 'utf8'));
    for (const name of Object.keys(opsSpec)) expect(example).toHaveProperty(name);
    expect(parseConfig(opsSpec, example)).toEqual(parseConfig(opsSpec, {}));
  });
});
