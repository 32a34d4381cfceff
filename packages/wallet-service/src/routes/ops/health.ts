import { selectOne } from '@wallet-service/common';
import { z } from 'zod';
import type { App } from '../../app';
import { Reply } from '../../http/response';
import { defineRoute } from '../../http/route';
import { readBestHeight } from '../../data/sync';

/**
 * GET /health (API key): the database answers, the synced best block is within
 * HEALTHCHECK_MAXIMUM_HEIGHT_DIFFERENCE of the node's, and the node reports itself healthy. 200 when
 * all pass, 503 otherwise — each check says what it saw.
 */
interface Check {
  componentName: string;
  componentType: 'datastore' | 'internal' | 'http';
  status: 'pass' | 'fail';
  output: string;
  time: string;
  affectsServiceHealth: true;
}

async function timed(name: string, type: Check['componentType'], fn: () => Promise<string>): Promise<Check> {
  const time = new Date().toISOString();
  try {
    return { componentName: name, componentType: type, status: 'pass', output: await fn(), time, affectsServiceHealth: true };
  } catch (err) {
    return { componentName: name, componentType: type, status: 'fail', output: (err as Error).message, time, affectsServiceHealth: true };
  }
}

async function nodeJson(app: App, path: string): Promise<Record<string, unknown>> {
  const answer = await app.fullNode.get(path);
  if (answer.status >= 400) throw new Error(`the full node answered ${path} with HTTP ${answer.status}`);
  return JSON.parse(answer.text) as Record<string, unknown>;
}

export const health = defineRoute({
  name: 'health',
  method: 'GET',
  path: '/health',
  summary: 'Health of the service: database, sync lag behind the node, node health (API key)',
  auth: 'apiKey',
  db: 'none',
  query: z.strictObject({}),
  async run({ app }) {
    const database = await timed('mysql:connection', 'datastore', async () => {
      await selectOne(app.pool, 'SELECT 1 AS one');
      return 'the database answers';
    });
    const height = await timed('mysql:block_height', 'internal', async () => {
      const status = await nodeJson(app, 'status');
      const nodeHeight = Number((status.dag as { best_block?: { height?: unknown } } | undefined)?.best_block?.height);
      if (!Number.isFinite(nodeHeight)) throw new Error("the full node's status has no dag.best_block.height");
      const ours = await readBestHeight(app.pool);
      const behind = nodeHeight - ours;
      const max = app.config.HEALTHCHECK_MAXIMUM_HEIGHT_DIFFERENCE;
      if (behind >= max) throw new Error(`synced best height ${ours} is ${behind} blocks behind the node's ${nodeHeight} (limit ${max})`);
      return `synced best height ${ours}, node ${nodeHeight}`;
    });
    const node = await timed('fullnode:health', 'http', async () => {
      const body = await nodeJson(app, 'health');
      if (body.status !== 'pass') throw new Error(`the full node reports its health as ${String(body.status)}`);
      return 'the full node reports pass';
    });
    const checks = [database, height, node];
    const pass = checks.every((c) => c.status === 'pass');
    const httpStatusCode = pass ? 200 : 503;
    return new Reply(httpStatusCode, {
      status: pass ? 'pass' : 'fail',
      description: 'Health status of hathor-wallet-service',
      httpStatusCode,
      checks: Object.fromEntries(checks.map((c) => [c.componentName, [c]])),
    });
  },
});
