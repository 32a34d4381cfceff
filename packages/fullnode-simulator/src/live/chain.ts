import { createHash } from 'node:crypto';
import { acceptBlock } from '../generator/consensus/block';
import type { Step } from '../generator/consensus/step';
import { acceptTx, type TxSpec } from '../generator/consensus/tx';
import { Emitter, textSink } from '../generator/emitter';
import { createGenesis } from '../generator/genesis';
import { type Dag, isVoided, type Vertex } from '../generator/model';
import { type Address, addressScript, encodeAddress } from '../generator/scripts';
import { BLOCK_REWARD, BLOCK_WEIGHT, streamMeta } from '../generator/sim';
import type { StreamMeta } from '../stream';

export interface ChainOptions {
  premine: Address;
  miner: Address;
  network?: string;
  peerId?: string;
  streamId?: string;
  rewardSpendMinBlocks?: number;
  /** unix seconds; injectable so tests can move time (timelocks) */
  clock?: () => number;
}

/** The miner address used when none is given: fixed per network and owned by nobody. */
export function defaultMinerAddress(network: string): Address {
  return encodeAddress(createHash('sha256').update(`live-miner:${network}`).digest().subarray(0, 20), 'P2PKH', network);
}

/**
 * The live node's DAG: the generator's model and consensus, fed by pushed txs and mined blocks instead of a
 * scenario. Events accumulate in `pending` until the server takes them, so every step reaches every stream
 * as one append, in the order consensus produced them.
 */
export class LiveChain {
  readonly dag: Dag;
  readonly meta: StreamMeta;
  private readonly emitter: Emitter;
  private pending: string[] = [];
  private blockNonce = 0;
  readonly clock: () => number;

  constructor(readonly options: ChainOptions) {
    this.meta = streamMeta(options);
    this.clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
    this.dag = createGenesis(this.meta.network, `${this.meta.network}:live`, this.meta.rewardSpendMinBlocks, options.premine).dag;
    this.emitter = new Emitter(this.dag, textSink((text) => this.pending.push(text)));
    // The premine is a block reward, locked for reward_spend_min_blocks: bury it so the dev wallet can spend
    // at once. These blocks are part of the load phase, as a node restarted on an existing chain reports them.
    this.emitter.muted = true;
    const start = this.clock() - this.meta.rewardSpendMinBlocks - 1;
    for (let i = 0; i < this.meta.rewardSpendMinBlocks; i++) this.mine(start + i);
    this.emitter.muted = false;
    this.emitter.emitLoadPhase(this.clock());
  }

  /** Events produced since the last call. */
  takeEvents(): string[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  get eventCount(): number {
    return this.emitter.count;
  }

  /**
   * Two tx parents for a new vertex: unverified mempool tips first, then txs the best block confirms. With
   * `olderThan`, only vertices older than it qualify: a tx on them may carry that timestamp, so bursts of
   * txs do not push each other's timestamps ever further into the future (a tx must be newer than its
   * parents). Txs take the oldest tips first, so tips merge and none waits forever.
   */
  pickTxParents(olderThan = Infinity): string[] {
    const usable = (tx: Vertex) => !isVoided(tx) && !tx.removed && tx.timestamp < olderThan;
    const chosen = this.dag
      .mempoolTips()
      .filter(usable)
      .slice(0, 2)
      .map((t) => t.hash);
    for (let b = this.dag.bestBlock; chosen.length < 2; b = this.dag.get(b.parents[0])) {
      const candidates = b.parents.length === 0 ? this.dag.genesisTxs : b.parents.slice(1);
      for (const h of candidates) {
        if (chosen.length < 2 && !chosen.includes(h) && usable(this.dag.get(h))) chosen.push(h);
      }
      if (b.parents.length === 0) break;
    }
    return chosen;
  }

  /** The mempool txs a tx's parents reach (what a block on it would confirm). */
  private unconfirmedReach(hash: string): Set<string> {
    const reach = new Set<string>();
    const stack = [hash];
    while (stack.length > 0) {
      const h = stack.pop() as string;
      if (reach.has(h) || !this.dag.mempool.has(h)) continue;
      reach.add(h);
      stack.push(...this.dag.get(h).parents);
    }
    return reach;
  }

  /** A block's two tx parents: the tips that confirm the most of the mempool (greedily), then as for txs. */
  private blockTxParents(): string[] {
    const tips = this.dag.mempoolTips().map((t) => ({ hash: t.hash, reach: this.unconfirmedReach(t.hash) }));
    const chosen: string[] = [];
    const covered = new Set<string>();
    while (chosen.length < 2 && tips.length > 0) {
      let best = 0;
      let bestGain = -1;
      tips.forEach((t, i) => {
        const gain = [...t.reach].filter((h) => !covered.has(h)).length;
        if (gain > bestGain) [best, bestGain] = [i, gain];
      });
      const [tip] = tips.splice(best, 1);
      chosen.push(tip.hash);
      tip.reach.forEach((h) => covered.add(h));
    }
    for (const h of this.pickTxParents()) if (chosen.length < 2 && !chosen.includes(h)) chosen.push(h);
    return chosen;
  }

  /** The earliest timestamp a vertex on these parents (and spending these owners) may carry, at least now. */
  minTimestamp(hashes: readonly string[], now = this.clock()): number {
    let ts = now;
    for (const h of hashes) {
      const v = this.dag.vertices.get(h);
      if (v) ts = Math.max(ts, v.timestamp + 1);
    }
    return ts;
  }

  acceptTx(spec: TxSpec): Vertex {
    const step = acceptTx(this.dag, spec);
    this.emitter.emitStep(step);
    return step.vertex;
  }

  /** Mines one block on the best tip confirming what its tx parents reach, paying the miner (height-locked). */
  mine(notBefore = 0): Vertex {
    const parent = this.dag.bestBlock;
    const txParents = this.blockTxParents();
    const step: Step = acceptBlock(this.dag, {
      parent: parent.hash,
      txParents,
      outputs: [{ value: BLOCK_REWARD, tokenData: 0, token: '00', script: addressScript(this.options.miner) }],
      weight: BLOCK_WEIGHT,
      timestamp: Math.max(notBefore, this.minTimestamp([parent.hash, ...txParents], notBefore > 0 ? notBefore : undefined)),
      nonce: this.blockNonce++,
    });
    this.emitter.emitStep(step);
    return step.vertex;
  }
}
