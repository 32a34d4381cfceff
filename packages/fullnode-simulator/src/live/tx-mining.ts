import { randomUUID } from 'node:crypto';
import { stringifyJson } from '@wallet-service/common';
import type { HttpReply, HttpRoute } from '../server/http';
import { readJsonBody } from './body';
import { parseTxHex } from './parse-tx';

/**
 * The tx-mining service the wallet client calls (client-contract §5), on the node's own port. It mines
 * nothing (the live node accepts any nonce) but answers `done` at once with real values: the tx's nonce,
 * two parents from the live DAG, a timestamp the node will accept and the tx's weight. Never `failed` or
 * `cancelled` (the client would poll those forever) and never a null (the client would write 0).
 */
export const TX_MINING_PREFIX = '/tx-mining/';

/** Jobs kept for job-status; the oldest go first (a client polls within seconds of its submit). */
const MAX_JOBS = 10_000;

export interface MiningHooks {
  network: string;
  /** parents for a new tx */
  parents(): string[];
  /** the earliest timestamp a tx on these parents and spending these txs may carry (at least now) */
  minTimestamp(vertices: string[]): number;
}

interface Job {
  job_id: string;
  status: 'done';
  message: string;
  created_at: number;
  tx: { nonce: string; parents: string[]; timestamp: number; weight: number };
  timeout: number | null;
  submitted_at: number;
  total_time: number;
  expected_queue_time: number;
  expected_mining_time: number;
  expected_total_time: number;
}

const errorReply = (status: number, error: string, message?: string): HttpReply => ({
  status,
  body: JSON.stringify(message === undefined ? { error } : { error, message }),
});

export function txMiningRoutes(hooks: MiningHooks): HttpRoute[] {
  const jobs = new Map<string, Job>();

  const submit: HttpRoute = {
    method: 'POST',
    path: `${TX_MINING_PREFIX}submit-job`,
    async handle(_url, req): Promise<HttpReply> {
      const body = await readJsonBody(req);
      if (!body.ok) return errorReply(400, 'invalid-json', body.error);
      const { tx: hex, add_parents: addParents, timeout } = body.value as { tx?: unknown; add_parents?: unknown; timeout?: unknown };
      if (hex === undefined) return errorReply(400, 'missing-tx', 'the body needs "tx": the transaction hex');
      const parsed = parseTxHex(hex, hooks.network);
      if (!parsed.ok) return errorReply(400, 'invalid-tx', parsed.message);
      const tx = parsed.tx;
      const parents = addParents === true || tx.parents.length === 0 ? hooks.parents() : tx.parents;
      const now = Date.now() / 1000;
      const job: Job = {
        job_id: randomUUID(),
        status: 'done',
        message: '',
        created_at: now,
        tx: {
          nonce: tx.nonce.toString(16).padStart(8, '0'),
          parents,
          timestamp: Math.max(tx.timestamp, hooks.minTimestamp([...parents, ...tx.inputs.map((i) => i.txId)])),
          weight: tx.weight,
        },
        timeout: typeof timeout === 'number' ? timeout : null,
        submitted_at: now,
        total_time: 0,
        expected_queue_time: 0,
        expected_mining_time: 0,
        expected_total_time: 0,
      };
      jobs.set(job.job_id, job);
      if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value as string);
      return { status: 200, body: stringifyJson(job) };
    },
  };

  const status: HttpRoute = {
    method: 'GET',
    path: `${TX_MINING_PREFIX}job-status`,
    handle(url): HttpReply {
      const id = url.searchParams.get('job-id');
      if (id === null || id === '') return errorReply(400, 'missing-job-id', 'expected ?job-id=<id from submit-job>');
      const job = jobs.get(id);
      if (!job) return errorReply(404, 'job-not-found');
      return { status: 200, body: stringifyJson(job) };
    },
  };

  const health: HttpRoute = {
    method: 'GET',
    path: `${TX_MINING_PREFIX}health`,
    handle: (): HttpReply => ({ status: 200, body: JSON.stringify({ status: 'pass' }) }),
  };

  return [submit, status, health];
}
