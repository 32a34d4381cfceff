import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { placeholderCredentialsFor, type Env } from '@wallet-service/common';
import { createSqsClient } from '../ops/sqs';
import type { OutboxConfig } from './settings';
import type { Channel } from './write';

/** A row waiting to be published. */
export interface PendingRow {
  id: number;
  notificationId: string;
  body: string;
  createdAtMs: number;
}

export interface SendResult {
  /** Row ids the destination accepted. */
  accepted: number[];
  failed: { id: number; reason: string }[];
}

/** Where one channel's rows go. `send` rejects when the request itself failed (nothing accepted). */
export interface Sink {
  channel: Channel;
  /** Splits a page of rows into the requests `send` takes, in order. */
  chunk(rows: PendingRow[]): PendingRow[][];
  send(rows: PendingRow[]): Promise<SendResult>;
  close(): void;
}

/** SendMessageBatch limits: 10 entries, 256 KiB of bodies per request. */
const SQS_BATCH_ENTRIES = 10;
const SQS_BATCH_BYTES = 256 * 1024;

export function sqsSink(queueUrl: string, region: string, timeoutMs: number, environment: Env): Sink {
  const endpoint = new URL(queueUrl).origin;
  const client = createSqsClient({ region, endpoint, credentials: placeholderCredentialsFor(endpoint, environment), requestTimeoutMs: timeoutMs });
  return {
    channel: 'new-tx',
    chunk(rows) {
      const out: PendingRow[][] = [];
      let current: PendingRow[] = [];
      let bytes = 0;
      for (const r of rows) {
        const size = Buffer.byteLength(r.body);
        if (current.length > 0 && (current.length >= SQS_BATCH_ENTRIES || bytes + size > SQS_BATCH_BYTES)) {
          out.push(current);
          current = [];
          bytes = 0;
        }
        current.push(r);
        bytes += size;
      }
      if (current.length > 0) out.push(current);
      return out;
    },
    async send(rows) {
      const res = await client.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: rows.map((r) => ({ Id: String(r.id), MessageBody: r.body })) }),
      );
      return {
        accepted: (res.Successful ?? []).map((s) => Number(s.Id)),
        failed: (res.Failed ?? []).map((f) => ({ id: Number(f.Id), reason: `${f.Code ?? ''} ${f.Message ?? ''}`.trim() })),
      };
    },
    close: () => client.destroy(),
  };
}

/** Push requests: one asynchronous invoke (InvocationType Event) of the push-request function per row. */
export function lambdaSink(c: OutboxConfig, region: string, environment: Env): Sink {
  const endpoint = c.WALLET_SERVICE_LAMBDA_ENDPOINT;
  const timeout = c.OUTBOX_REQUEST_TIMEOUT_MS;
  const client = new LambdaClient({
    region,
    endpoint,
    credentials: placeholderCredentialsFor(endpoint, environment),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
  });
  return {
    channel: 'push',
    chunk: (rows) => rows.map((r) => [r]),
    async send([row]) {
      const res = await client.send(
        new InvokeCommand({
          FunctionName: c.ON_TX_PUSH_NOTIFICATION_REQUESTED_FUNCTION_NAME,
          InvocationType: 'Event',
          // Lambda hands the function JSON.parse of the payload, which would round amounts above 2^53: the
          // lossless body goes as one JSON string, which txPushRequested parses losslessly itself.
          Payload: Buffer.from(JSON.stringify(row.body)),
        }),
      );
      if (res.StatusCode === 202) return { accepted: [row.id], failed: [] };
      return { accepted: [], failed: [{ id: row.id, reason: `invoke answered status ${res.StatusCode}` }] };
    },
    close: () => client.destroy(),
  };
}
