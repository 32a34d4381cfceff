import { ConfigError, dbSpec, env, parseConfig, type ConfigOf, type Env } from '@wallet-service/common';

/**
 * Every variable the wallet API reads (keys are the variable names; .env.example documents each one).
 * Parsed once per Lambda container, on the first request, and injected from there: importing a handler
 * module never reads the environment.
 */
export const apiSpec = {
  ...dbSpec,
  NETWORK: env.oneOf(['mainnet', 'testnet', 'privatenet'] as const),
  AUTH_SECRET: env.secret(32),
  AUTH_TOKEN_LIFETIME_S: env.int(1800, 60, 86_400),
  AUTH_MAX_TIMESTAMP_SHIFT_S: env.int(30, 1, 3600),
  AUTH_PROOF_CACHE_SIZE: env.int(10_000, 0, 1_000_000),
  MAX_ADDRESS_GAP: env.int(20, 1, 1000),
  CONFIRM_FIRST_ADDRESS: env.bool(false),
  TX_HISTORY_MAX_COUNT: env.int(50, 1, 1000),
  MAX_LOAD_WALLET_RETRIES: env.int(5, 1, 100),
  TX_PROPOSAL_RELEASE_AFTER_S: env.int(300, 60, 86_400),
  DEFAULT_SERVER: env.url('http://127.0.0.1:8083/v1a/', ['http:', 'https:']),
  FULLNODE_TIMEOUT_MS: env.int(4000, 100, 60_000),
  VERSION_CACHE_TTL_S: env.int(3600, 0, 86_400),
  DB_CONNECT_TIMEOUT_MS: env.int(2000, 100, 60_000),
  DB_QUERY_TIMEOUT_MS: env.int(3000, 100, 600_000),
  DB_POOL_SIZE: env.int(2, 1, 100),
  /**
   * Each container (each serverless-offline worker) has its own pool: idle connections are closed soon, so
   * containers that served a burst do not hold the server's max_connections.
   */
  DB_IDLE_TIMEOUT_MS: env.int(5000, 1000, 3_600_000),
  DB_RETRY_AFTER_S: env.int(5, 1, 3600),
  STAGE: env.string('dev'),
  SERVICE_NAME: env.string('hathor-wallet-service'),
  WALLET_LOAD_INVOKER: env.oneOf(['lambda', 'in-process'] as const, 'lambda'),
  LAMBDA_ENDPOINT: env.optionalUrl(['http:', 'https:']),
  AWS_REGION: env.string('us-east-1'),
  HEALTH_API_KEY: env.optionalSecret(16),
  HEALTHCHECK_MAXIMUM_HEIGHT_DIFFERENCE: env.int(5, 0, 1_000_000),
  METRICS_FLUSH_INTERVAL_MS: env.int(10_000, 0, 3_600_000),
  LOG_LEVEL: env.oneOf(['debug', 'info', 'warn', 'error', 'fatal'] as const, 'info'),
  NODE_ENV: env.string('development'),
  PUSH_NOTIFICATION_ENABLED: env.bool(false),
  PUSH_ALLOWED_PROVIDERS: env.string('android,ios'),
  PUSH_DEVICE_STALE_AFTER_DAYS: env.int(30, 1, 3650),
  // Only the three service-account fields firebase-admin's cert() reads; the other FIREBASE_* variables of
  // the API we replace (key id, client id, auth / token / cert URLs) are fields it ignores.
  FIREBASE_PROJECT_ID: env.optionalString(),
  FIREBASE_CLIENT_EMAIL: env.optionalString(),
  FIREBASE_PRIVATE_KEY: env.optionalSecret(64),
  // Realtime (src/ws/). The new-tx queue: deployed, the consumer is fed by its event source mapping and
  // never reads this; offline, the start script serves and polls it (scripts/sqs-offline.cjs).
  NEW_TX_SQS: env.url('http://127.0.0.1:9324/000000000000/new-tx', ['http:', 'https:']),
  /** The websocket API's @connections endpoint (https://<id>.execute-api.<region>.amazonaws.com/<stage>, or a custom domain). */
  WS_ENDPOINT: env.optionalUrl(['http:', 'https:']),
  WS_JOIN_REQUIRES_TOKEN: env.bool(false),
  WS_TX_NOTIFY_BATCH_SIZE: env.int(10, 1, 10),
  WS_DELIVERED_TTL_S: env.int(345_600, 60, 1_209_600),
  WS_DELIVERY_LEASE_S: env.int(60, 5, 3600),
  WS_POST_TIMEOUT_MS: env.int(3000, 100, 25_000),
};

export type ApiConfig = ConfigOf<typeof apiSpec>;

/** The providers push_devices.push_provider can hold. */
export const PUSH_PROVIDERS = ['android', 'ios'] as const;
export type PushProvider = (typeof PUSH_PROVIDERS)[number];

export function parseApiConfig(source: Env = process.env): ApiConfig {
  const config = parseConfig(apiSpec, source);
  pushProvidersOf(config);
  return config;
}

/**
 * PUSH_ALLOWED_PROVIDERS as a list. A name the database cannot store is a configuration error rather
 * than a register route that fails at the INSERT.
 */
export function pushProvidersOf(c: Pick<ApiConfig, 'PUSH_ALLOWED_PROVIDERS'>): PushProvider[] {
  const names = c.PUSH_ALLOWED_PROVIDERS.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set<string>(PUSH_PROVIDERS);
  if (names.length === 0 || names.some((n) => !known.has(n))) {
    throw new ConfigError('PUSH_ALLOWED_PROVIDERS', `a comma-separated list of ${PUSH_PROVIDERS.join(', ')}`, c.PUSH_ALLOWED_PROVIDERS);
  }
  return [...new Set(names)] as PushProvider[];
}

/** The name serverless gives the load function: `${service}-${stage}-loadWalletAsync`. */
export function loadFunctionName(c: Pick<ApiConfig, 'SERVICE_NAME' | 'STAGE'>): string {
  return `${c.SERVICE_NAME}-${c.STAGE}-loadWalletAsync`;
}
