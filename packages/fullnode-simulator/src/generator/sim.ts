import type { StreamMeta } from '../stream';
import { acceptBlock } from './consensus/block';
import type { Step } from './consensus/step';
import { acceptTx } from './consensus/tx';
import { Emitter, type EventSink, textSink } from './emitter';
import { type Dag, isVoided, type NanoPlan, type Output, type OutputRef, type Vertex } from './model';
import { createGenesis, GENESIS_TIMESTAMP } from './genesis';
import { UtxoPool } from './pool';
import { Rng, type Seed } from './rng';
import { type Address, addressScript, encodeAddress, type ScriptInfo } from './scripts';
import { type GenWallet, walletAddress } from './wallets';

export const BLOCK_REWARD = 6400n;
export const BLOCK_WEIGHT = 2.0;

export interface SimOptions {
  scenario: string;
  seed?: Seed;
  network?: string;
  peerId?: string;
  streamId?: string;
  rewardSpendMinBlocks?: number;
  /** extra maturity blocks before a reward is offered for spending (reorg safety) */
  rewardMargin?: number;
  /**
   * how deep a block must be before the wallet addresses it (and the txs it confirms) uses extend the
   * gap-limit reach; at least the deepest reorg that follows, so the reach never rests on a vertex that
   * could still be voided or removed (default: rewardMargin)
   */
  reachDepth?: number;
  /** where events go; default: kept in `events` */
  sink?: EventSink;
  /** called by `checkpoint(name)`: lets the caller record the truth of the stream so far */
  onCheckpoint?: (sim: Sim, name: string) => void;
}

/** An output before token_data is known (it depends on the tx's tokens list). */
export interface OutDraft {
  script: ScriptInfo;
  value: bigint;
  token: string;
  authority: boolean;
}

export interface TxDraft {
  hash?: string;
  inputs: OutputRef[];
  outputs: OutDraft[];
  version?: number;
  weight?: number;
  parents?: Vertex[];
  timestamp?: number;
  tokenName?: string;
  tokenSymbol?: string;
  tokenVersion?: number;
  nano?: NanoPlan;
}

export interface BlockDraft {
  to?: Address | ScriptInfo;
  outputs?: OutDraft[];
  parent?: Vertex;
  txParents?: Vertex[];
  weight?: number;
  nonce?: number | bigint;
}

/** The envelope values and reward lock of a generated stream (the recorded streams' defaults). */
export function streamMeta(o: Pick<SimOptions, 'peerId' | 'network' | 'streamId' | 'rewardSpendMinBlocks'>): StreamMeta {
  const rewardSpendMinBlocks = o.rewardSpendMinBlocks ?? 10;
  if (!Number.isInteger(rewardSpendMinBlocks) || rewardSpendMinBlocks < 1) {
    throw new Error(`rewardSpendMinBlocks must be a positive integer, got ${String(o.rewardSpendMinBlocks)}`);
  }
  return {
    peerId: o.peerId ?? 'simulator_peer_id',
    network: o.network ?? 'unittests',
    streamId: o.streamId ?? 'simulator_stream_id',
    rewardSpendMinBlocks,
  };
}

/** The generator's world: DAG + consensus + event emission + spendable outputs + clock. */
export class Sim {
  readonly rng: Rng;
  readonly dag: Dag;
  readonly emitter: Emitter;
  readonly pool: UtxoPool;
  readonly meta: StreamMeta;
  readonly events: string[] = [];
  readonly wallets: GenWallet[] = [];
  /** per wallet id: the highest address index a consumer has surely derived (gap-limit discovery) */
  readonly walletReach = new Map<string, number>();
  private readonly reachDepth: number;
  /** best-path blocks up to this one were scanned for wallet addresses */
  private reachScanned: { height: number; hash: string };
  private readonly walletIndex = new Map<string, { wallet: GenWallet; index: number }>();
  private readonly scripts = new Map<string, ScriptInfo>();
  /** last nano seqnum used per caller address */
  readonly nanoSeqnums = new Map<string, number>();
  readonly genesisAddress: Address;
  clock = GENESIS_TIMESTAMP + 3600;

  constructor(readonly options: SimOptions) {
    const seed = options.seed ?? 1;
    this.rng = new Rng(`${options.scenario}:${seed}`);
    this.meta = streamMeta(options);
    const hashSeed = `${this.meta.network}:${options.scenario}:${seed}`;
    const genesis = createGenesis(this.meta.network, hashSeed, this.meta.rewardSpendMinBlocks);
    this.dag = genesis.dag;
    this.genesisAddress = genesis.address;
    this.emitter = new Emitter(this.dag, options.sink ?? textSink((text) => this.events.push(text)));
    this.pool = new UtxoPool(this.dag, options.rewardMargin ?? 0);
    this.pool.offerAll(this.dag.path[0]);
    this.reachDepth = options.reachDepth ?? options.rewardMargin ?? 0;
    this.reachScanned = { height: 0, hash: this.dag.path[0] };
  }

  /** Emits the load phase; vertices built by `build` are part of it (no live events for them). */
  load(build?: () => void): void {
    if (build) {
      this.emitter.muted = true;
      build();
      this.emitter.muted = false;
    }
    this.emitter.emitLoadPhase(this.clock);
  }

  /**
   * Marks a point of the stream (between two steps) whose state a consumer can be checked against: a
   * test serves the events up to here, then the rest. Emits nothing and draws no random numbers, so the
   * stream is the same with or without checkpoints.
   */
  checkpoint(name: string): void {
    this.options.onCheckpoint?.(this, name);
  }

  tick(min = 1, max = 20): number {
    this.clock += this.rng.range(min, max);
    return this.clock;
  }

  address(kind: 'P2PKH' | 'MultiSig' = 'P2PKH'): Address {
    return encodeAddress(this.rng.bytes(20), kind, this.meta.network);
  }

  addWallet(wallet: GenWallet): void {
    this.wallets.push(wallet);
    this.walletReach.set(wallet.id, wallet.maxGap - 1);
    for (let i = 0; i < wallet.maxGap; i++) this.walletIndex.set(walletAddress(wallet, i).base58, { wallet, index: i });
  }

  /** A wallet address a consumer can already attribute (within gap-limit reach); throws beyond it. */
  walletAddr(wallet: GenWallet, index: number): Address {
    const reach = this.walletReach.get(wallet.id) ?? -1;
    if (index > reach) throw new Error(`generator: wallet address #${index} is beyond the gap-limit reach (${reach})`);
    const address = walletAddress(wallet, index);
    this.walletIndex.set(address.base58, { wallet, index });
    return address;
  }

  out(to: Address | ScriptInfo, value: bigint | number, opts: { token?: string; timelock?: number; authority?: boolean } = {}): OutDraft {
    let script: ScriptInfo;
    if (!('base58' in to)) script = to;
    else if (opts.timelock !== undefined) script = addressScript(to, opts.timelock);
    else {
      // one shared script object per address keeps million-output streams small in memory
      script = this.scripts.get(to.base58) ?? addressScript(to);
      this.scripts.set(to.base58, script);
    }
    return { script, value: BigInt(value), token: opts.token ?? '00', authority: opts.authority ?? false };
  }

  txWeight(): number {
    return 15 + this.rng.float() * 4;
  }

  /** Two parents for a new tx: unverified mempool tips first, then recently confirmed valid txs. */
  pickTxParents(exclude: ReadonlySet<string> = new Set()): Vertex[] {
    const tips = this.dag.mempoolTips().filter((t) => !exclude.has(t.hash));
    const chosen: Vertex[] = [];
    while (chosen.length < 2 && tips.length > 0) chosen.push(tips.splice(this.rng.int(tips.length), 1)[0]);
    for (const t of this.confirmedTxs(this.dag.bestBlock)) {
      if (chosen.length >= 2) break;
      if (!chosen.includes(t) && !exclude.has(t.hash)) chosen.push(t);
    }
    return chosen;
  }

  /** Valid txs confirmed at or below `block`: its tx parents, else those of its ancestors, else genesis. */
  confirmedTxs(block: Vertex): Vertex[] {
    for (let b = block; ; b = this.dag.get(b.parents[0])) {
      const txs = b.parents.slice(1).map((h) => this.dag.get(h));
      if (txs.length === 2 && txs.every((t) => !isVoided(t) && !t.removed && t.firstBlock !== null)) return txs;
      if (b.parents.length === 0) return this.dag.genesisTxs.map((h) => this.dag.get(h));
    }
  }

  /** Finalises outputs: tokens list (inputs keep their token index) and token_data. */
  private layout(inputs: OutputRef[], outputs: OutDraft[]): { tokens: string[]; outputs: Output[] } {
    const tokens: string[] = [];
    for (const ref of inputs) {
      const o = this.dag.get(ref.txId).outputs[ref.index];
      const slot = o.tokenData & 0x7f;
      if (slot === 0) continue;
      if (tokens[slot - 1] !== undefined && tokens[slot - 1] !== o.token) {
        throw new Error(`generator: inputs need different tokens at index ${slot}`);
      }
      tokens[slot - 1] = o.token;
    }
    for (const d of outputs) {
      if (d.token === '00' || tokens.includes(d.token)) continue;
      const free = tokens.findIndex((t) => t === undefined);
      tokens[free < 0 ? tokens.length : free] = d.token;
    }
    if (tokens.some((t) => t === undefined)) throw new Error('generator: a tx lists a token index no input or output uses');
    const out = outputs.map((d) => {
      const index = d.token === '00' ? 0 : tokens.indexOf(d.token) + 1;
      return { value: d.value, tokenData: index | (d.authority ? 0x80 : 0), token: d.token, script: d.script };
    });
    return { tokens, outputs: out };
  }

  tx(draft: TxDraft): Vertex {
    const timestamp = draft.timestamp ?? this.tick();
    const { tokens, outputs } = this.layout(draft.inputs, draft.outputs);
    const step = acceptTx(this.dag, {
      hash: draft.hash,
      version: draft.version ?? 1,
      nonce: this.rng.u32(),
      timestamp,
      weight: draft.weight ?? this.txWeight(),
      inputs: draft.inputs,
      outputs,
      parents: (draft.parents ?? this.pickTxParents()).map((p) => p.hash),
      tokens,
      tokenName: draft.tokenName ?? null,
      tokenSymbol: draft.tokenSymbol ?? null,
      tokenVersion: draft.tokenVersion,
      nano: draft.nano ?? null,
    });
    this.apply(step);
    return step.vertex;
  }

  mine(draft: BlockDraft = {}): Vertex {
    const parent = draft.parent ?? this.dag.get(this.dag.bestTips[0]);
    const onBest = this.dag.bestTips.length === 1 && this.dag.bestTips[0] === parent.hash;
    const txParents = draft.txParents ?? (onBest ? this.pickTxParents() : this.confirmedTxs(this.dag.forkPoint(parent)));
    const outputs = draft.outputs ?? [this.out(draft.to ?? this.address(), BLOCK_REWARD)];
    const step = acceptBlock(this.dag, {
      parent: parent.hash,
      txParents: txParents.map((t) => t.hash),
      outputs: this.layout([], outputs).outputs,
      weight: draft.weight ?? BLOCK_WEIGHT,
      timestamp: this.tick(20, 40),
      nonce: draft.nonce ?? this.rng.u32(),
    });
    this.apply(step);
    return step.vertex;
  }

  mineMany(n: number, draft: BlockDraft = {}): Vertex[] {
    const blocks: Vertex[] = [];
    for (let i = 0; i < n; i++) blocks.push(this.mine(draft));
    return blocks;
  }

  /** Emits a step and keeps the spendable pool and wallet reach in line with it. */
  private apply(step: Step): void {
    this.emitter.emitStep(step);
    const v = step.vertex;
    for (const ref of v.inputs) this.pool.forget(ref);
    if (!isVoided(v) && (!v.nano || v.nanoSettled)) this.pool.offerAll(v.hash);
    for (const [x, wasVoided] of step.touched) {
      if (x.removed || isVoided(x)) continue;
      if ((wasVoided && !x.isBlock) || (x.nano && x.nanoSettled)) this.pool.offerAll(x.hash);
    }
    for (const r of step.removals) for (const ref of r.inputs) this.pool.offer(ref);
    this.pool.mature();
    this.scanReach();
  }

  /**
   * Gap-limit discovery as a consumer does it, counting only vertices buried `reachDepth` blocks deep (they
   * stay valid whatever reorg follows), so the reach also holds for the final state alone.
   */
  private scanReach(): void {
    const { dag } = this;
    let { height, hash } = this.reachScanned;
    while (height > 0 && dag.path[height] !== hash) hash = dag.path[--height] ?? '';
    while (height < dag.bestHeight - this.reachDepth) {
      const block = dag.get(dag.path[++height]);
      this.extendReach(block);
      for (const h of block.confirms) {
        const tx = dag.get(h);
        if (!tx.removed && !isVoided(tx) && tx.firstBlock === block.hash) this.extendReach(tx);
      }
      hash = block.hash;
    }
    this.reachScanned = { height, hash: dag.path[height] };
  }

  private extendReach(v: Vertex): void {
    const addresses = v.outputs.map((o) => o.script.address);
    for (const ref of v.inputs) addresses.push(this.dag.get(ref.txId).outputs[ref.index].script.address);
    if (v.nano) addresses.push(v.nano.header.address);
    for (const a of addresses) {
      const owner = a === null ? undefined : this.walletIndex.get(a);
      if (!owner) continue;
      const reach = Math.max(this.walletReach.get(owner.wallet.id) ?? -1, owner.index + owner.wallet.maxGap);
      this.walletReach.set(owner.wallet.id, reach);
    }
  }
}
