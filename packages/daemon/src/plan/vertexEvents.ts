import { VertexVersion, type TxData, type TxDataWithoutMeta } from '@wallet-service/common';
import { outputKey, type OutputState, type TxState } from '../state/rows';
import type { State } from '../state/state';
import { readAll } from '../state/view';
import { deleteTokensCreatedBy, setActive } from './activation';
import { putOutput } from './ledger';
import { isLocked, type Rules } from './rules';
import { toVertex, toVertexMeta, type Vertex, type VertexMeta } from './vertex';

const NANO_CONTRACT = VertexVersion.NANO_CONTRACT;

/**
 * NEW_VERTEX_ACCEPTED and VERTEX_METADATA_CHANGED both carry the vertex with its current metadata, so
 * both are handled the same way: bring the stored vertex in line with that metadata. Whatever the
 * order, repetition or replay of these events, the result depends only on the last metadata seen.
 */
export function reconcileVertex(s: State, data: TxData, rules: Rules): void {
  const v = toVertex(data);
  const meta = toVertexMeta(data);
  const stored = s.txs.get(v.hash);
  if (!stored) insertVertex(s, v, meta, rules);
  const tx = s.txs.get(v.hash) as TxState;
  if (tx.voided !== meta.voided) setActive(s, v, !meta.voided, rules);
  updatePlacement(s, v, meta);
  if (!meta.voided && meta.ncExecution !== 'success' && (v.nano.length > 0 || v.version === NANO_CONTRACT)) {
    // Tokens a nano execution created exist only while that execution stands.
    deleteTokensCreatedBy(s, v.hash, (tokenId) => tokenId !== v.hash);
  }
}

/** A new vertex is stored inactive (voided outputs, no effects); activation then applies every effect. */
function insertVertex(s: State, v: Vertex, meta: VertexMeta, rules: Rules): void {
  s.txs.set(v.hash, {
    txId: v.hash,
    timestamp: v.timestamp,
    version: v.version,
    voided: true,
    height: v.isBlock ? meta.height : null,
    weight: v.weight,
    firstBlock: null,
  });
  for (const o of v.outputs) {
    if (o.address === null) continue;
    const heightlock = v.isBlock ? meta.height + rules.rewardSpendMinBlocks : null;
    const row: OutputState = {
      id: null,
      txId: v.hash,
      index: o.index,
      token: o.token,
      address: o.address,
      value: o.value,
      authorities: o.authorities,
      timelock: o.timelock,
      heightlock,
      locked: isLocked({ heightlock, timelock: o.timelock }, s.bestHeight, rules.now),
      spentBy: null,
      voided: true,
      txProposal: null,
      txProposalIndex: null,
    };
    putOutput(s, null, row);
  }
}

/**
 * Height and first block. A block's height is its own; a transaction's is the height of the block that
 * first confirmed it (null while in the mempool) — the node reports 0 for transactions, which says
 * nothing.
 */
function updatePlacement(s: State, v: Vertex, meta: VertexMeta): void {
  const tx = s.txs.get(v.hash) as TxState;
  if (v.isBlock) {
    if (tx.height !== meta.height) s.txs.set(v.hash, { ...tx, height: meta.height });
    return;
  }
  const firstBlock = meta.firstBlock;
  const block = firstBlock ? s.txs.get(firstBlock) : null;
  const height = block ? block.height : null;
  if (tx.firstBlock !== firstBlock || tx.height !== height) s.txs.set(v.hash, { ...tx, firstBlock, height });
}

/**
 * VERTEX_REMOVED: the node deleted the vertex (e.g. a mempool tx a reorg made invalid). Its effects are
 * undone exactly as for a void, then its rows go. A vertex we never stored is nothing to remove.
 */
export function removeVertex(s: State, data: TxDataWithoutMeta, rules: Rules): boolean {
  const v = toVertex(data);
  const tx = s.txs.get(v.hash);
  if (!tx) return false;
  if (!tx.voided) setActive(s, v, false, rules);
  const own = readAll(v.outputs.filter((o) => o.address !== null).map((o) => () => s.outputs.get(outputKey(v.hash, o.index))));
  for (const row of own) if (row) putOutput(s, row, null);
  s.txs.set(v.hash, null);
  return true;
}
