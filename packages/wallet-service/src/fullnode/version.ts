import { parseJson, type Queryable } from '@wallet-service/common';
import { z } from 'zod';
import type { App } from '../app';
import { ApiError } from '../http/errors';
import { readCachedVersion, storeVersion } from '../data/versionData';

/** The node's /version fields the API relies on (a node missing one is a node failure, not our 500). */
const nodeVersion = z.object({
  version: z.string(),
  network: z.string(),
  nano_contracts_enabled: z.union([z.boolean(), z.enum(['disabled', 'enabled', 'feature_activation'])]).optional(),
  min_weight: z.number(),
  min_tx_weight: z.number(),
  min_tx_weight_coefficient: z.number(),
  min_tx_weight_k: z.number(),
  token_deposit_percentage: z.number().optional(),
  token_deposit_percentage_numerator: z.number().optional(),
  token_deposit_percentage_denominator: z.number().optional(),
  reward_spend_min_blocks: z.number(),
  max_number_inputs: z.number(),
  max_number_outputs: z.number(),
  decimal_places: z.number().nullable().optional(),
  genesis_block_hash: z.string().nullable().optional(),
  genesis_tx1_hash: z.string().nullable().optional(),
  genesis_tx2_hash: z.string().nullable().optional(),
  native_token: z.object({ name: z.string(), symbol: z.string() }).nullable().optional(),
});

export type NodeVersion = z.infer<typeof nodeVersion>;

function parseNodeVersion(text: string, baseUrl: string): NodeVersion {
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch {
    throw new ApiError('fullnode-error', { message: `the full node at ${baseUrl} answered version with something that is not JSON` });
  }
  const result = nodeVersion.safeParse(parsed);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new ApiError('fullnode-error', { message: `the full node at ${baseUrl} answered version without valid ${fields}` });
  }
  return result.data;
}

/** The cached node version, refreshed when older than VERSION_CACHE_TTL_S; a stale copy beats no answer. */
export async function nodeVersionOf(app: App, db: Queryable, now: number): Promise<NodeVersion> {
  const cached = await readCachedVersion(db);
  if (cached && now - cached.timestamp < app.config.VERSION_CACHE_TTL_S) return parseNodeVersion(cached.data, app.fullNode.baseUrl);
  try {
    const answer = await app.fullNode.get('version');
    if (answer.status >= 400) throw new ApiError('fullnode-error', { message: `the full node at ${app.fullNode.baseUrl} answered version with HTTP ${answer.status}` });
    const fresh = parseNodeVersion(answer.text, app.fullNode.baseUrl);
    await storeVersion(db, answer.text, now);
    return fresh;
  } catch (err) {
    if (!cached || !(err instanceof ApiError)) throw err;
    app.log.warn('serving a stale node version: the node did not answer', { err: err.message });
    return parseNodeVersion(cached.data, app.fullNode.baseUrl);
  }
}
