import { ConfigError, LEVELS, env, type ConfigOf } from '@wallet-service/common';
import type { Severity } from '../sync/contract';

export const SEVERITIES = ['critical', 'major', 'medium', 'minor', 'warning', 'info'] as const satisfies readonly Severity[];

const HTTP = ['http:', 'https:'];

/**
 * Settings of the operations side (health, metrics, alerts, monitors, progress). The daemon's config
 * spreads this spec next to its own; names follow what operators of the upstream daemon already use.
 */
export const opsSpec = {
  HEALTH_PORT: env.port(8090),
  /** No queue: alerts are only logged. */
  ALERT_QUEUE_URL: env.optionalUrl(HTTP),
  /** Endpoint override for SQS-compatible servers (local development, tests). */
  ALERT_SQS_ENDPOINT: env.optionalUrl(HTTP),
  AWS_REGION: env.string('us-east-1'),
  APPLICATION_NAME: env.string('hathor-wallet-service-daemon'),
  /** The `environment` of alert bodies; defaults to NETWORK. */
  ENVIRONMENT: env.optionalString(),
  ALERT_SEND_RETRIES: env.int(3, 0, 20),
  ALERT_RETRY_DELAY_MS: env.int(500, 1, 60_000),
  ALERT_BUFFER_SIZE: env.int(1000, 1, 100_000),
  REORG_SIZE_INFO: env.int(1, 1),
  REORG_SIZE_MINOR: env.int(3, 1),
  REORG_SIZE_MAJOR: env.int(5, 1),
  REORG_SIZE_CRITICAL: env.int(10, 1),
  IDLE_EVENT_TIMEOUT_MS: env.int(300_000, 1),
  IDLE_EVENT_SEVERITY: env.oneOf(SEVERITIES, 'major'),
  STUCK_PROCESSING_TIMEOUT_MS: env.int(3_600_000, 1),
  RECONNECTION_STORM_THRESHOLD: env.int(10, 1),
  RECONNECTION_STORM_WINDOW_MS: env.int(300_000, 1),
  RECONNECTION_STORM_SUPPRESS_MS: env.int(60_000, 0),
  HEALTH_MAX_DISCONNECTED_MS: env.int(60_000, 0),
  HEALTH_STUCK_MS: env.int(300_000, 1),
  HEALTHCHECK_ENABLED: env.bool(false),
  HEALTHCHECK_SERVER_URL: env.optionalUrl(HTTP),
  HEALTHCHECK_SERVER_API_KEY: env.optionalString(),
  HEALTHCHECK_PING_INTERVAL: env.int(10_000, 10),
  PROGRESS_INTERVAL_MS: env.int(5_000, 10),
  LOG_LEVEL: env.oneOf(LEVELS, 'info'),
};

export type OpsConfig = ConfigOf<typeof opsSpec>;

export interface ReorgThresholds {
  info: number;
  minor: number;
  major: number;
  critical: number;
}

export const reorgThresholds = (c: OpsConfig): ReorgThresholds => ({
  info: c.REORG_SIZE_INFO,
  minor: c.REORG_SIZE_MINOR,
  major: c.REORG_SIZE_MAJOR,
  critical: c.REORG_SIZE_CRITICAL,
});

/** Rules that span several variables (each one alone already parsed). Throws ConfigError naming the variable. */
export function checkOpsConfig(c: OpsConfig): void {
  if (c.HEALTHCHECK_ENABLED && c.HEALTHCHECK_SERVER_URL === undefined) {
    throw new ConfigError('HEALTHCHECK_SERVER_URL', 'a URL (http: or https:) when HEALTHCHECK_ENABLED=true', undefined);
  }
  const order = [
    ['REORG_SIZE_INFO', c.REORG_SIZE_INFO],
    ['REORG_SIZE_MINOR', c.REORG_SIZE_MINOR],
    ['REORG_SIZE_MAJOR', c.REORG_SIZE_MAJOR],
    ['REORG_SIZE_CRITICAL', c.REORG_SIZE_CRITICAL],
  ] as const;
  for (let i = 1; i < order.length; i++) {
    const [name, value] = order[i];
    const [prevName, prev] = order[i - 1];
    if (value < prev) throw new ConfigError(name, `an integer >= ${prevName} (${prev})`, String(value));
  }
}
