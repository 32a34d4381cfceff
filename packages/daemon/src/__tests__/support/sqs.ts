import type { Server } from 'http';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { freePort } from '@wallet-service/common/testing/ports';
import { createSqsServer } from 'local-aws-sqs';

/**
 * A real SQS-compatible server (local-aws-sqs) in the test process, with the new-tx queue, that can be
 * stopped and started again on the same port (its messages live in memory: consume before stopping).
 */
export interface LocalSqs {
  queueUrl: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  isUp(): Promise<boolean>;
  /** Receives (and deletes) until `count` bodies arrived in total or nothing came for `idleMs`. */
  receive(count: number, timeoutMs?: number): Promise<string[]>;
  /** Everything received so far, in receive order. */
  received: string[];
  close(): Promise<void>;
}

const ACCOUNT = '000000000000';

export async function startLocalSqs(): Promise<LocalSqs> {
  const port = await freePort();
  const queueUrl = `http://127.0.0.1:${port}/${ACCOUNT}/new-tx`;
  let server: Server | null = null;
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const received: string[] = [];
  const sqs: LocalSqs = {
    queueUrl,
    port,
    received,
    async start() {
      server = await createSqsServer({
        port,
        hostname: '127.0.0.1',
        accountId: ACCOUNT,
        emulateQueueCreationLifecycle: false,
        queues: [{ QueueName: 'new-tx' }],
      });
    },
    isUp: async () => server !== null,
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async receive(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) {
        const res = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        const messages = res.Messages ?? [];
        if (messages.length === 0) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        for (const m of messages) received.push(m.Body as string);
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
          }),
        );
      }
      return received;
    },
    async close() {
      await sqs.stop();
      client.destroy();
    },
  };
  await sqs.start();
  return sqs;
}
