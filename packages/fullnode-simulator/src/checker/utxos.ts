import { isAuthority, isBlockVersion, tokenUidOf } from '@wallet-service/common';
import { isVoided, type FinalState, type FinalVertex } from './final-state';
import type { OutputView, VertexView } from './read-events';

export interface BestBlock {
  hash: string;
  height: number;
}

/** An unspent output of a non-voided vertex, with the lock facts the balances need. */
export interface CheckedUtxo {
  txId: string;
  index: number;
  output: OutputView;
  token: string;
  authority: boolean;
  fromBlock: boolean;
  blockHeight: number | null;
  rewardUnlockHeight: number | null;
  rewardLocked: boolean;
  /** reward-locked, or timelock > now */
  locked: boolean;
}

/** Present, non-voided vertices: the only ones whose outputs exist and whose inputs spend. */
export function liveVertices(state: FinalState): FinalVertex[] {
  const live: FinalVertex[] = [];
  for (const v of state.vertices.values()) if (!isVoided(v)) live.push(v);
  return live;
}

/**
 * The best block is the non-voided block with the greatest height. The node voids every block of a tied
 * best height (see the REORG recording: both height-1 blocks are voided until the height-2 block arrives),
 * so two non-voided blocks at the top height do not occur in a node's final state; should a stream contain
 * them anyway, the smallest hash is taken so the answer does not depend on event order.
 */
export function findBestBlock(live: FinalVertex[]): BestBlock | null {
  let best: BestBlock | null = null;
  for (const v of live) {
    if (!isBlockVersion(v.vertex.version)) continue;
    const candidate = { hash: v.vertex.hash, height: v.metadata.height };
    if (best === null || candidate.height > best.height || (candidate.height === best.height && candidate.hash < best.hash)) {
      best = candidate;
    }
  }
  return best;
}

export function outpointKey(txId: string, index: number): string {
  return `${txId}:${index}`;
}

/** Outpoints spent by a non-voided, non-removed vertex. */
export function spentOutpoints(live: FinalVertex[]): Set<string> {
  const spent = new Set<string>();
  for (const v of live) for (const input of v.vertex.inputs) spent.add(outpointKey(input.txId, input.index));
  return spent;
}

/**
 * The token of an input's spent output. `token_data` indexes the *spent* vertex's `tokens` list, so the
 * spent vertex is looked up; a stream that starts mid-history may lack it, and then the spending vertex's
 * list is the best available guess (a node requires it to list every token it moves).
 */
export function inputToken(state: FinalState, spending: FinalVertex, txId: string, tokenData: number): string {
  const spentBody = state.bodies.get(txId);
  return tokenOf(spentBody ?? spending.vertex, tokenData);
}

export function outputToken(v: FinalVertex, output: OutputView): string {
  return tokenOf(v.vertex, output.tokenData);
}

function tokenOf(vertex: VertexView, tokenData: number): string {
  try {
    return tokenUidOf(tokenData, vertex.tokens);
  } catch (err) {
    throw new Error(`vertex ${vertex.hash}: ${(err as Error).message}`);
  }
}

/** Step 4 of the oracle. Sorted by (tx_id, index). */
export function collectUtxos(
  live: FinalVertex[],
  spent: Set<string>,
  bestHeight: number,
  rewardSpendMinBlocks: number,
  now: number,
): CheckedUtxo[] {
  const utxos: CheckedUtxo[] = [];
  for (const v of live) {
    const fromBlock = isBlockVersion(v.vertex.version);
    const blockHeight = fromBlock ? v.metadata.height : null;
    const rewardUnlockHeight = blockHeight === null ? null : blockHeight + rewardSpendMinBlocks;
    const rewardLocked = rewardUnlockHeight !== null && bestHeight < rewardUnlockHeight;
    v.vertex.outputs.forEach((output, index) => {
      if (spent.has(outpointKey(v.vertex.hash, index))) return;
      const timeLocked = output.timelock !== null && output.timelock > now;
      utxos.push({
        txId: v.vertex.hash,
        index,
        output,
        token: outputToken(v, output),
        authority: isAuthority(output.tokenData),
        fromBlock,
        blockHeight,
        rewardUnlockHeight,
        rewardLocked,
        locked: rewardLocked || timeLocked,
      });
    });
  }
  utxos.sort((a, b) => (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : a.index - b.index));
  return utxos;
}
