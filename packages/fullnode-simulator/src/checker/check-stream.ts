import { isBlockVersion } from '@wallet-service/common';
import type { EventStream } from '../stream';
import type { SetupWallet, Truth, TruthUtxo, TruthVertex, TruthWallet } from '../truth/types';
import { addressTxIds, standingTokens, sumUtxos } from './aggregates';
import { foldStream, isVoided, type FinalVertex } from './final-state';
import { collectUtxos, findBestBlock, liveVertices, spentOutpoints, type CheckedUtxo } from './utxos';
import { walletAddresses, walletTruth } from './wallets';

export interface CheckOptions {
  rewardSpendMinBlocks: number;
  /** unix seconds deciding whether a timelock is still in the future (default: the wall clock) */
  now?: number;
  /** wallets to aggregate (`wallets` in the result); registered addresses are extended by gap-limit discovery */
  wallets?: SetupWallet[];
  /** copied into `scenario` (default '') */
  scenario?: string;
}

function vertexTruth(v: FinalVertex): TruthVertex {
  return {
    kind: isBlockVersion(v.vertex.version) ? 'block' : 'tx',
    version: v.vertex.version,
    height: v.metadata.height,
    first_block: v.metadata.firstBlock,
    voided_by: v.metadata.voidedBy,
    conflict_with: v.metadata.conflictWith,
    twins: v.metadata.twins,
    nc_execution: v.metadata.ncExecution,
    last_event_id: v.lastEventId,
  };
}

function utxoTruth(u: CheckedUtxo): TruthUtxo {
  const out: TruthUtxo = {
    tx_id: u.txId,
    index: u.index,
    value: u.output.value,
    token: u.token,
    token_data: u.output.tokenData,
    authority: u.authority,
    address: u.output.address,
    timelock: u.output.timelock,
    script: u.output.script,
    from_block: u.fromBlock,
    reward_locked: u.rewardLocked,
  };
  if (u.blockHeight !== null && u.rewardUnlockHeight !== null) {
    out.block_height = u.blockHeight;
    out.reward_unlock_height = u.rewardUnlockHeight;
  }
  return out;
}

function checkOptions(opts: CheckOptions): number {
  if (!Number.isInteger(opts.rewardSpendMinBlocks) || opts.rewardSpendMinBlocks < 0) {
    throw new Error(`checkStream: rewardSpendMinBlocks must be a non-negative integer, got ${String(opts.rewardSpendMinBlocks)}`);
  }
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(now)) throw new Error(`checkStream: now must be a number of unix seconds, got ${String(opts.now)}`);
  return now;
}

/**
 * Derives the final state a correct consumer must reach from the stream's events alone (the oracle of the
 * recorded fixtures' README), independently of how the stream was produced.
 */
export function checkStream(stream: EventStream, opts: CheckOptions): Truth {
  const now = checkOptions(opts);
  const state = foldStream(stream);
  const live = liveVertices(state);
  const best = findBestBlock(live);
  if (best === null) throw new Error('checkStream: the stream has no non-voided block, so there is no best block');

  const checked = collectUtxos(live, spentOutpoints(live), best.height, opts.rewardSpendMinBlocks, now);
  const { balances, authorities } = sumUtxos(checked);
  const txIds = addressTxIds(live);

  const vertices: Record<string, TruthVertex> = {};
  const voided: string[] = [];
  for (const v of state.vertices.values()) {
    vertices[v.vertex.hash] = vertexTruth(v);
    if (isVoided(v)) voided.push(v.vertex.hash);
  }
  const utxos: TruthUtxo[] = [];
  const unaddressed: TruthUtxo[] = [];
  for (const u of checked) (u.output.address === null ? unaddressed : utxos).push(utxoTruth(u));

  const truth: Truth = {
    scenario: opts.scenario ?? '',
    reward_spend_min_blocks: opts.rewardSpendMinBlocks,
    events: state.eventCount,
    last_event_id: state.eventCount - 1,
    best_block: best,
    vertex_count: state.vertices.size,
    voided: voided.sort(),
    removed: [...state.removed].sort(),
    vertices,
    utxos,
    unaddressed_utxos: unaddressed,
    balances,
    authorities,
    address_tx_ids: txIds,
    tokens: standingTokens(state, live),
  };
  if (opts.wallets) {
    const touched = new Set(Object.keys(txIds));
    const wallets: Record<string, TruthWallet> = {};
    for (const setup of opts.wallets) {
      const owned = walletAddresses(setup, touched, stream.meta.network);
      wallets[setup.id] = walletTruth(setup, owned, balances, authorities, txIds);
    }
    truth.wallets = wallets;
  }
  return truth;
}
