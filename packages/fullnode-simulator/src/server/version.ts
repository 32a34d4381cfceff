import { HTR_NAME, HTR_SYMBOL } from '@wallet-service/common';

/** The body of a full node's GET /v1a/version (the fields the wallet service and its client read). */
export interface VersionInfo {
  version: string;
  network: string;
  nano_contracts_enabled: boolean | 'disabled' | 'enabled' | 'feature_activation';
  min_weight: number;
  min_tx_weight: number;
  min_tx_weight_coefficient: number;
  min_tx_weight_k: number;
  token_deposit_percentage: number;
  reward_spend_min_blocks: number;
  max_number_inputs: number;
  max_number_outputs: number;
  decimal_places: number;
  genesis_block_hash: string | null;
  genesis_tx1_hash: string | null;
  genesis_tx2_hash: string | null;
  native_token: { name: string; symbol: string };
}

export interface GenesisInfo {
  block: string | null;
  tx1: string | null;
  tx2: string | null;
  /** The genesis block's timestamp (unix seconds). */
  blockTimestamp: number | null;
}

/** The simulator reports a recent node release so version-gated client code takes its current path. */
export const SIMULATED_NODE_VERSION = '0.67.0';

/**
 * Weights follow the node's settings: mainnet/testnet use the production minimums; the test networks
 * (`unittests`, `privatenet`, …) use weight 2 like the recorded streams' vertices.
 */
function weightsFor(network: string): Pick<VersionInfo, 'min_weight' | 'min_tx_weight' | 'min_tx_weight_coefficient' | 'min_tx_weight_k'> {
  if (network === 'mainnet' || network.startsWith('testnet')) {
    return { min_weight: 21, min_tx_weight: 14, min_tx_weight_coefficient: 1.6, min_tx_weight_k: 100 };
  }
  return { min_weight: 2, min_tx_weight: 2, min_tx_weight_coefficient: 0, min_tx_weight_k: 0 };
}

export function buildVersionInfo(
  network: string,
  rewardSpendMinBlocks: number,
  genesis: GenesisInfo,
  overrides: Partial<VersionInfo> = {},
): VersionInfo {
  return {
    version: SIMULATED_NODE_VERSION,
    network,
    nano_contracts_enabled: true,
    ...weightsFor(network),
    token_deposit_percentage: 0.01,
    reward_spend_min_blocks: rewardSpendMinBlocks,
    max_number_inputs: 255,
    max_number_outputs: 255,
    decimal_places: 2,
    genesis_block_hash: genesis.block,
    genesis_tx1_hash: genesis.tx1,
    genesis_tx2_hash: genesis.tx2,
    native_token: { name: HTR_NAME, symbol: HTR_SYMBOL },
    ...overrides,
  };
}

interface VertexSummary {
  type?: unknown;
  data?: { hash?: unknown; version?: unknown; parents?: unknown; timestamp?: unknown };
}

/** How far into the stream to look; genesis vertices come right after LOAD_STARTED. */
const GENESIS_SCAN_LIMIT = 64;

/**
 * Genesis vertices are the load-phase vertices without parents: one block (version 0) and two
 * transactions. Only the first few events are parsed, so this is cheap on huge streams.
 */
export function findGenesis(events: readonly string[]): GenesisInfo {
  const found: GenesisInfo = { block: null, tx1: null, tx2: null, blockTimestamp: null };
  for (const raw of events.slice(0, GENESIS_SCAN_LIMIT)) {
    const event = JSON.parse(raw) as VertexSummary;
    if (event.type === 'LOAD_FINISHED') break;
    const data = event.data;
    if (event.type !== 'NEW_VERTEX_ACCEPTED' || data === undefined) continue;
    if (!Array.isArray(data.parents) || data.parents.length > 0 || typeof data.hash !== 'string') continue;
    if (data.version === 0) {
      if (found.block !== null) continue;
      found.block = data.hash;
      found.blockTimestamp = typeof data.timestamp === 'number' ? data.timestamp : null;
    } else if (found.tx1 === null) {
      found.tx1 = data.hash;
    } else {
      found.tx2 ??= data.hash;
    }
  }
  return found;
}
