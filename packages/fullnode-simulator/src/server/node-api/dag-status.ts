import type { VertexIndex } from './vertex-index';

/** How many best-chain blocks the node lists in `best_blockchain` (DEFAULT_BEST_BLOCKCHAIN_BLOCKS). */
const BEST_BLOCKCHAIN_BLOCKS = 10;

export interface DagStatus {
  latest_timestamp: number;
  best_block_tips: Array<{ hash: string; height: number }>;
  best_block: { hash: string; height: number } | null;
  best_blockchain: Array<[number, string]>;
}

/**
 * The chain part of the node's GET /v1a/status `dag`, from the chain the simulator knows: the best block is the
 * highest non-voided block, the only tip (the node reports one), and best_blockchain is [height, hash] of it
 * and the blocks below it, highest first. latest_timestamp is the newest vertex's timestamp, as the node's
 * storage reports it (the clock while no vertex is known). A log without blocks has best_block null.
 *
 * Status answers at once, from what is indexed so far: a daemon asks it for the peer id at start, and a big
 * log may still be indexing in the background (then status looks like a node still loading its storage).
 * The first slice of a catch-up runs before the answer, so a log of a few thousand events is always complete.
 */
export function dagStatus(index: VertexIndex): DagStatus {
  // Failures of the catch-up reach the node-API routes, which wait for it; status only reads.
  index.catchUp().catch(() => undefined);
  const best = index.bestBlock();
  const latest = index.latestTimestamp ?? Math.floor(Date.now() / 1000);
  if (best === undefined) return { latest_timestamp: latest, best_block_tips: [], best_block: null, best_blockchain: [] };
  const tip = { hash: index.hashOf(best), height: index.height(best) };
  const chain: Array<[number, string]> = [];
  for (let h = tip.height; h >= 0 && chain.length < BEST_BLOCKCHAIN_BLOCKS; h--) {
    const vid = index.blockAt(h);
    if (vid !== undefined) chain.push([h, index.hashOf(vid)]);
  }
  return { latest_timestamp: latest, best_block_tips: [tip], best_block: tip, best_blockchain: chain };
}
