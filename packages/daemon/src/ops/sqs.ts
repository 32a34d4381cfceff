import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

export interface SqsClientOptions {
  region: string;
  /** Endpoint override for SQS-compatible servers. */
  endpoint?: string;
  credentials?: SQSClientConfig['credentials'];
  /** Per-request time limit (connection and response). */
  requestTimeoutMs?: number;
}

/**
 * The SQS client every sender of the daemon uses (alerts, the notification outbox). Retries belong to
 * the caller, which counts and backs off on its own terms: the SDK makes exactly one request per attempt.
 */
export function createSqsClient(o: SqsClientOptions): SQSClient {
  const timeout = o.requestTimeoutMs ?? 5_000;
  return new SQSClient({
    region: o.region,
    endpoint: o.endpoint,
    credentials: o.credentials,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
  });
}
