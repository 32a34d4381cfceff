import type { Pool } from '@wallet-service/common';
import { storeVersion } from '../../data/versionData';

/** A mainnet node's /version, for tests whose node is a stub: routes that need its limits find it cached. */
export const NODE_VERSION = {
  version: '0.63.0',
  network: 'mainnet',
  min_weight: 14,
  min_tx_weight: 14,
  min_tx_weight_coefficient: 1.6,
  min_tx_weight_k: 100,
  token_deposit_percentage: 0.01,
  reward_spend_min_blocks: 300,
  max_number_inputs: 255,
  max_number_outputs: 255,
};

export const cacheNodeVersion = (pool: Pool, now: number) => storeVersion(pool, JSON.stringify(NODE_VERSION), now);
