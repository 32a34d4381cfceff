import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createLogger, parseConfig, type Logger } from '@wallet-service/common';
import { createSqsServer } from 'local-aws-sqs';
import type { AlertBody } from '../alerts';
import { opsSpec, type OpsConfig } from '../settings';

/** Ops settings parsed from env-style strings exactly as the daemon would read them. */
export function opsConfig(env: Record<string, string> = {}): OpsConfig & { NETWORK: string } {
  return { ...parseConfig(opsSpec, env), NETWORK: 'unittests' };
}

/** A logger whose JSON lines are kept for assertions. */
export function captureLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const log = createLogger({ service: 'test', level: 'debug', write: (line) => raw.push(line) });
  return { log, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export { freePort } from '@wallet-service/common/testing/ports';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export interface LocalSqs {
  endpoint: string;
  queueUrl: string;
  /** Receives (and deletes) messages until `count` arrived or `timeoutMs` passed. */
  receive(count: number, timeoutMs?: number): Promise<AlertBody[]>;
  close(): Promise<void>;
}

/** A real SQS-compatible server (local-aws-sqs, JSON protocol) on a free loopback port, one queue. */
export async function startLocalSqs(queueName = 'alerts'): Promise<LocalSqs> {
  const server: Server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
    queues: [{ QueueName: queueName }],
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const queueUrl = `${endpoint}/123456789012/${queueName}`;
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint,
    queueUrl,
    async receive(count, timeoutMs = 3_000) {
      const out: AlertBody[] = [];
      const deadline = Date.now() + timeoutMs;
      while (out.length < count && Date.now() < deadline) {
        const res = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
        for (const m of res.Messages ?? []) {
          out.push(JSON.parse(m.Body ?? 'null') as AlertBody);
          await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
        if ((res.Messages ?? []).length === 0) await sleep(20);
      }
      return out;
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
