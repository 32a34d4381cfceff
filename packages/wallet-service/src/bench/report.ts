import type { Summary } from './stats';

export interface CaseResult {
  label: string;
  inProcess: Summary | null;
  http: Summary | null;
}

/** Targets of the issue: p99 per read route, in-process and through serverless offline. */
export const P99_TARGET_MS = { inProcess: 50, http: 100 };
export const LOAD_TARGET_S = 10;

const cells = (s: Summary | null, target: number) =>
  s === null ? ['-', '-', '-', '-'].map((x) => x.padStart(9)) : [s.p50, s.p99, s.mean, s.rps].map((x, i) => `${x.toFixed(1)}${i === 1 && s.p99 > target ? '!' : ''}`.padStart(9));

export function printTable(meta: { server: string; loadAverage: number[]; txs: number; addresses: number; walletLoadSeconds: number; connections: number; cpus: number }, results: CaseResult[]): void {
  const w = (s: string) => process.stdout.write(`${s}\n`);
  w('');
  w(`whale: ${meta.txs} transactions over ${meta.addresses} addresses; ${meta.server}; ${meta.cpus} CPUs, load average ${meta.loadAverage.join(' ')}`);
  w(`wallet load: ${meta.walletLoadSeconds.toFixed(2)} s (target < ${LOAD_TARGET_S} s)${meta.walletLoadSeconds > LOAD_TARGET_S ? '  MISSED' : ''}`);
  w(`latency in ms; in-process = handler called directly, one at a time; http = serverless offline, ${meta.connections} connections (autocannon); ! = p99 over target (${P99_TARGET_MS.inProcess} / ${P99_TARGET_MS.http} ms)`);
  const head = ['p50', 'p99', 'mean', 'req/s'];
  w(`${''.padEnd(26)}${'in-process'.padEnd(36).padStart(38)}http`);
  w(`${'case'.padEnd(26)}${head.map((h) => h.padStart(9)).join('')}  ${head.map((h) => h.padStart(9)).join('')}`);
  for (const r of results) {
    const failed = r.http?.failed ? `  (${r.http.failed} failed)` : '';
    w(`${r.label.padEnd(26)}${cells(r.inProcess, P99_TARGET_MS.inProcess).join('')}  ${cells(r.http, P99_TARGET_MS.http).join('')}${failed}`);
  }
}
