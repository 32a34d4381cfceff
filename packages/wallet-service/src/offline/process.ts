import { spawn } from 'child_process';
import path from 'path';
import { freePorts } from '@wallet-service/common/testing/ports';

/**
 * The API as a wallet reaches it locally, for tests and benchmarks: scripts/offline.cjs (bundle, then
 * serverless offline, the authorizer in front of every route) as a child process on free ports.
 * Resolves once the start script says the API answers.
 */
export interface OfflineProcess {
  baseUrl: string;
  httpPort: number;
  lambdaPort: number;
  /** The new-tx queue offline serves and polls. */
  newTxQueue: string;
  /** serverless-offline's websocket (and @connections) port: ws://127.0.0.1:wsPort/. */
  wsPort: number;
  /** What offline printed (the last `outputLimit` characters). */
  output(): string;
  stop(): Promise<void>;
}

export interface OfflineProcessOptions {
  /** The API's settings (database, network, secret …); the ports are chosen here. */
  env: Record<string, string>;
  timeoutMs: number;
  /** Offline prints a few lines per request: a long benchmark keeps only the tail. */
  outputLimit?: number;
  killAfterMs?: number;
}

const SERVICE_DIR = path.resolve(__dirname, '../..');
/** What scripts/offline.cjs prints once the API answers. */
const READY_LINE = 'wallet API ready at';

export async function startOfflineProcess(o: OfflineProcessOptions): Promise<OfflineProcess> {
  const [httpPort, wsPort, lambdaPort, queuePort] = await freePorts(4);
  // A queue of its own unless the caller names one: two offline processes on one queue would take each
  // other's records.
  const newTxQueue = o.env.NEW_TX_SQS ?? `http://127.0.0.1:${queuePort}/000000000000/new-tx`;
  const child = spawn(process.execPath, [path.join(SERVICE_DIR, 'scripts/offline.cjs')], {
    cwd: SERVICE_DIR,
    env: {
      ...process.env,
      ...o.env,
      API_PORT: String(httpPort),
      API_WS_PORT: String(wsPort),
      API_LAMBDA_PORT: String(lambdaPort),
      LAMBDA_ENDPOINT: '',
      WS_ENDPOINT: '',
      NEW_TX_SQS: newTxQueue,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const limit = o.outputLimit ?? Infinity;
  let out = '';
  let ready: (() => void) | undefined;
  const collect = (d: Buffer) => {
    out += d.toString();
    // Looked for before the output is trimmed, so a long first burst cannot hide it.
    if (ready && out.includes(READY_LINE)) ready();
    if (out.length > limit) out = out.slice(-limit);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless offline did not start within ${o.timeoutMs} ms:\n${out.slice(-3000)}`)), o.timeoutMs);
    ready = () => {
      ready = undefined;
      clearTimeout(timer);
      resolve();
    };
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serverless offline exited with ${String(code)}:\n${out.slice(-3000)}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${httpPort}/dev/`,
    httpPort,
    lambdaPort,
    wsPort,
    newTxQueue,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), o.killAfterMs ?? 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
