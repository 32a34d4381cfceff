import { spawn } from 'child_process';
import path from 'path';
import autocannon from 'autocannon';
import type { DbConfig, Logger } from '@wallet-service/common';
import { freePort } from '@wallet-service/common/testing/ports';
import { casePath, type BenchCase } from './cases';
import type { Summary } from './stats';

/**
 * The API as a wallet reaches it locally: scripts/offline.cjs (bundle, then serverless offline, with
 * the authorizer in front of every route) on free ports against the whale's database, and autocannon
 * against it at a fixed concurrency.
 */
export interface OfflineApi {
  baseUrl: string;
  stop(): Promise<void>;
}

const SERVICE_DIR = path.resolve(__dirname, '../..');

export async function startOfflineApi(db: DbConfig, secret: string, log: Logger): Promise<OfflineApi> {
  const [http, ws, lambda] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [path.join(SERVICE_DIR, 'scripts/offline.cjs')], {
    cwd: SERVICE_DIR,
    env: {
      ...process.env,
      DB_ENDPOINT: db.DB_ENDPOINT,
      DB_PORT: String(db.DB_PORT),
      DB_USER: db.DB_USER,
      DB_PASS: db.DB_PASS,
      DB_NAME: db.DB_NAME,
      NETWORK: 'mainnet',
      AUTH_SECRET: secret,
      LOG_LEVEL: 'warn',
      API_PORT: String(http),
      API_WS_PORT: String(ws),
      API_LAMBDA_PORT: String(lambda),
      LAMBDA_ENDPOINT: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless offline did not start within 180 s:\n${out.slice(-3000)}`)), 180_000);
    const check = setInterval(() => {
      if (!out.includes('wallet API ready at')) return;
      clearInterval(check);
      clearTimeout(timer);
      resolve();
    }, 200);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`serverless offline exited with ${String(code)}:\n${out.slice(-3000)}`));
    });
  });
  log.info('serverless offline is up', { port: http });
  return {
    baseUrl: `http://127.0.0.1:${http}/dev/`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface HttpOptions {
  connections: number;
  seconds: number;
}

export async function measureHttp(c: BenchCase, api: OfflineApi, token: string, o: HttpOptions): Promise<Summary> {
  const url = `${api.baseUrl}${casePath(c)}`;
  const headers = { Authorization: `Bearer ${token}` };
  const probe = await fetch(url, { headers });
  if (probe.status !== 200) throw new Error(`${c.label}: GET ${url} answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
  // A short warm-up first: every offline worker loads the bundle and opens its pool once.
  await autocannon({ url, connections: o.connections, duration: 1, headers });
  const r = await autocannon({ url, connections: o.connections, duration: o.seconds, headers });
  // Failed answers under load are reported with the figures, not hidden: the table marks the case.
  const failed = r.non2xx + r.errors + r.timeouts;
  return { requests: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean, rps: Math.round((r.requests.total / r.duration) * 100) / 100, failed };
}
