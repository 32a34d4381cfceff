import autocannon from 'autocannon';
import { dbEnv, type DbConfig, type Logger } from '@wallet-service/common';
import { startOfflineProcess, type OfflineProcess } from '../offline/process';
import { casePath, type BenchCase } from './cases';
import type { Summary } from './stats';

/** The API through serverless offline against the whale's database, with the authorizer in front. */
export type OfflineApi = OfflineProcess;

export async function startOfflineApi(db: DbConfig, secret: string, log: Logger): Promise<OfflineApi> {
  const api = await startOfflineProcess({
    env: { ...dbEnv(db), NETWORK: 'mainnet', AUTH_SECRET: secret, LOG_LEVEL: 'warn' },
    timeoutMs: 180_000,
    outputLimit: 20_000,
    killAfterMs: 8_000,
  });
  log.info('serverless offline is up', { port: api.httpPort });
  return api;
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
  await autocannon({ url, connections: o.connections, duration: 3, headers });
  const r = await autocannon({ url, connections: o.connections, duration: o.seconds, headers });
  // Failed answers under load are reported with the figures, not hidden: the table marks the case.
  const failed = r.non2xx + r.errors + r.timeouts;
  return { requests: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean, rps: Math.round((r.requests.total / r.duration) * 100) / 100, failed };
}
