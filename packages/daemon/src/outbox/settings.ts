import { env, type ConfigOf } from '@wallet-service/common';

const HTTP = ['http:', 'https:'];

/** Settings of the notification outbox and its publisher (names as the upstream daemon's operators know them). */
export const outboxSpec = {
  /** The new-tx queue URL; its origin is also the SQS endpoint. The default is a local SQS for development. */
  NEW_TX_SQS: env.url('http://127.0.0.1:9324/000000000000/new-tx', HTTP),
  PUSH_NOTIFICATION_ENABLED: env.bool(false),
  ON_TX_PUSH_NOTIFICATION_REQUESTED_FUNCTION_NAME: env.string('hathor-wallet-service-dev-txPushRequested'),
  /** Lambda endpoint of the wallet API (serverless-offline answers on 3002). */
  WALLET_SERVICE_LAMBDA_ENDPOINT: env.url('http://127.0.0.1:3002', HTTP),
  /** First delay after a failed publish; doubles up to OUTBOX_RETRY_MAX_MS while the destination keeps failing. */
  OUTBOX_RETRY_BASE_MS: env.int(200, 1, 60_000),
  OUTBOX_RETRY_MAX_MS: env.int(30_000, 1, 3_600_000),
  /** Time limit of one publish request (connection and response). */
  OUTBOX_REQUEST_TIMEOUT_MS: env.int(5_000, 100, 120_000),
};

export type OutboxConfig = ConfigOf<typeof outboxSpec>;
