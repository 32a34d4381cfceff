import { ConfigError, silentLogger } from '@wallet-service/common';
import { createOps } from '../index';
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
});
