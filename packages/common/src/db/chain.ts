import { BLOCK_VERSIONS } from '../hathor/constants';
import { selectRows } from './query';
import type { Queryable } from './pool';

/**
 * The best chain as the daemon keeps it: active (non-voided) blocks are exactly the node's best chain,
 * so the best block is the highest active one. Read per block version so each query walks the
 * (voided, version, height) index from the top instead of sorting every block. Shared by the daemon
 * (locks, rewards) and the wallet API (locks at read time, health).
 */
export interface ActiveBlock {
  tx_id: string;
  height: number;
  timestamp: number;
}

/** The `limit` highest active blocks of each block version (not merged: callers take what they need). */
export async function readTopActiveBlocks(db: Queryable, limit: number): Promise<ActiveBlock[]> {
  const part = '(SELECT tx_id, height, timestamp FROM `transaction` WHERE voided = FALSE AND version = ? AND height IS NOT NULL ORDER BY height DESC LIMIT ?)';
  return selectRows<ActiveBlock>(db, BLOCK_VERSIONS.map(() => part).join(' UNION ALL '), BLOCK_VERSIONS.flatMap((v) => [v, limit]));
}

export async function readBestBlock(db: Queryable): Promise<ActiveBlock | null> {
  let best: ActiveBlock | null = null;
  for (const r of await readTopActiveBlocks(db, 1)) if (!best || r.height > best.height) best = r;
  return best;
}

/** Height of the best block; -1 before the first block. */
export async function readBestHeight(db: Queryable): Promise<number> {
  return (await readBestBlock(db))?.height ?? -1;
}

