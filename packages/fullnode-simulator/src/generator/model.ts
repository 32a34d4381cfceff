import { createHash } from 'node:crypto';
import type { ScriptInfo } from './scripts';

/**
 * The generator's own view of the DAG: every vertex with its immutable body and its current metadata, the
 * best chain, and the mempool. Consensus (consensus-*.ts) mutates it; the emitter serialises it; the
 * truth is computed from it.
 */

export type NcExecution = 'pending' | 'success' | 'failure' | null;

export interface OutputRef {
  txId: string;
  index: number;
}

export interface Output {
  value: bigint;
  tokenData: number;
  /** token uid the output carries ('00' = HTR): what token_data resolves to through the vertex's tokens */
  token: string;
  script: ScriptInfo;
}

export interface NanoHeader {
  seqnum: number;
  ncId: string;
  method: string;
  address: string;
}

/** What executing a nano tx does; fixed when the tx is built, so a re-execution gives the same result. */
export interface NanoPlan {
  header: NanoHeader;
  succeeds: boolean;
  /** data_hex of each NC_EVENT the execution emits */
  events: string[];
  /** tokens created by the execution (TOKEN_CREATED with nc_exec_info) */
  tokens: Array<{ name: string; symbol: string; amount: bigint }>;
}

/** voided_by marker the node adds when a nano execution fails (b'nc-fail'). */
export const NC_FAIL_MARKER = Buffer.from('nc-fail').toString('hex');

export interface Vertex {
  readonly hash: string;
  readonly isBlock: boolean;
  readonly version: number;
  readonly nonce: number | bigint;
  readonly timestamp: number;
  readonly weight: number;
  readonly work: bigint;
  readonly inputs: readonly OutputRef[];
  readonly outputs: readonly Output[];
  readonly parents: readonly string[];
  readonly tokens: readonly string[];
  readonly tokenName: string | null;
  readonly tokenSymbol: string | null;
  /** token_version announced on TOKEN_CREATED (token-creation txs only) */
  readonly tokenVersion: number;
  readonly nano: NanoPlan | null;
  /** creation order: a topological order of the DAG */
  readonly seq: number;
  readonly genesis: boolean;
  height: number;
  scoreRaw: bigint;
  accRaw: bigint;
  /** per output index: hashes of the (non-removed) txs that spend it, in arrival order */
  spentBy: Array<string[] | undefined>;
  voidedBy: string[];
  conflictWith: string[];
  twins: string[];
  firstBlock: string | null;
  ncExecution: NcExecution;
  removed: boolean;
  /** blocks only: txs this block is the first to confirm within its own chain */
  confirms: string[];
  /** vertices listing this one as a parent (txs and blocks) */
  children: string[];
  /** nano only: uids of the tokens created by the current successful execution */
  nanoTokens: string[];
  /** nano only: has executed successfully at least once (its outputs may then be spent) */
  nanoSettled: boolean;
  /** TOKEN_CREATED was emitted for this token-creation tx */
  tokenAnnounced: boolean;
  lastEventId: number;
}

export function isVoided(v: Vertex): boolean {
  return v.voidedBy.length > 0;
}

/** Proof-of-work of a weight, as the node rounds it: round(2^weight). */
export function workOf(weight: number): bigint {
  return BigInt(Math.round(2 ** weight));
}

export class Dag {
  readonly vertices = new Map<string, Vertex>();
  /** vertices by creation order (`seq`) */
  readonly bySeq: Vertex[] = [];
  /** best chain: block hash per height, up to the effective best tip */
  readonly path: string[] = [];
  /** tips with the best score; several when they tie (then all of them are voided) */
  bestTips: string[] = [];
  /** unconfirmed, non-removed, non-voided transactions (kept in sync by `syncMempool`) */
  readonly mempool = new Set<string>();
  readonly genesisTxs: string[] = [];
  /**
   * Serialised bodies of the most recently used vertices (a body never changes). Bounded, so that a
   * million-event stream does not keep every body in memory; most metadata changes of a vertex happen
   * soon after it arrives.
   */
  readonly bodies = new Map<string, string>();
  static readonly BODY_CACHE_SIZE = 20_000;
  private counter = 0;

  constructor(
    readonly hashSeed: string,
    readonly rewardSpendMinBlocks: number,
  ) {}

  /** A fresh deterministic 32-byte hash. */
  nextHash(): string {
    return createHash('sha256').update(`${this.hashSeed}:${this.counter++}`).digest('hex');
  }

  nextSeq(): number {
    return this.vertices.size;
  }

  get(hash: string): Vertex {
    const v = this.vertices.get(hash);
    if (!v) throw new Error(`generator: unknown vertex ${hash}`);
    return v;
  }

  add(v: Vertex): void {
    if (this.vertices.has(v.hash)) throw new Error(`generator: duplicate vertex ${v.hash}`);
    if (v.seq !== this.bySeq.length) throw new Error(`generator: vertex ${v.hash} added out of order`);
    this.vertices.set(v.hash, v);
    this.bySeq.push(v);
  }

  get bestHeight(): number {
    return this.path.length - 1;
  }

  get bestBlock(): Vertex {
    return this.get(this.path[this.path.length - 1]);
  }

  onBestPath(block: Vertex): boolean {
    return this.path[block.height] === block.hash;
  }

  /** A block output may be spent once `height + reward_spend_min_blocks <= best height`. */
  rewardUnlocked(block: Vertex, bestHeight = this.bestHeight): boolean {
    return block.height + this.rewardSpendMinBlocks <= bestHeight;
  }

  /** Highest block on the best path that is an ancestor-or-self of `block`. */
  forkPoint(block: Vertex): Vertex {
    let b = block;
    while (!this.onBestPath(b)) b = this.get(b.parents[0]);
    return b;
  }

  /** Common ancestor of two blocks. */
  commonAncestor(a: Vertex, b: Vertex): Vertex {
    let x = a;
    let y = b;
    while (x.hash !== y.hash) {
      if (x.height >= y.height) x = this.get(x.parents[0]);
      else y = this.get(y.parents[0]);
    }
    return x;
  }

  /** Mempool transactions a new vertex may choose as parents: valid and not yet verified by another. */
  mempoolTips(): Vertex[] {
    const tips: Vertex[] = [];
    for (const hash of this.mempool) {
      const tx = this.get(hash);
      const verified = tx.children.some((c) => {
        const child = this.get(c);
        return !child.isBlock && !child.removed && !isVoided(child);
      });
      if (!verified) tips.push(tx);
    }
    return tips.sort((x, y) => x.seq - y.seq);
  }

  syncMempool(v: Vertex): void {
    if (!v.isBlock && !v.removed && v.voidedBy.length === 0 && v.firstBlock === null) this.mempool.add(v.hash);
    else this.mempool.delete(v.hash);
  }

  newVertex(fields: {
    hash: string;
    isBlock: boolean;
    version: number;
    nonce: number | bigint;
    timestamp: number;
    weight: number;
    inputs: OutputRef[];
    outputs: Output[];
    parents: string[];
    tokens?: string[];
    tokenName?: string | null;
    tokenSymbol?: string | null;
    tokenVersion?: number;
    nano?: NanoPlan | null;
    genesis?: boolean;
  }): Vertex {
    const work = workOf(fields.weight);
    return {
      hash: fields.hash,
      isBlock: fields.isBlock,
      version: fields.version,
      nonce: fields.nonce,
      timestamp: fields.timestamp,
      weight: fields.weight,
      work,
      inputs: fields.inputs,
      outputs: fields.outputs,
      parents: fields.parents,
      tokens: fields.tokens ?? [],
      tokenName: fields.tokenName ?? null,
      tokenSymbol: fields.tokenSymbol ?? null,
      tokenVersion: fields.tokenVersion ?? 0,
      nano: fields.nano ?? null,
      seq: this.nextSeq(),
      genesis: fields.genesis ?? false,
      height: 0,
      scoreRaw: 0n,
      accRaw: work,
      spentBy: [],
      voidedBy: [],
      conflictWith: [],
      twins: [],
      firstBlock: null,
      ncExecution: fields.nano ? 'pending' : null,
      removed: false,
      confirms: [],
      children: [],
      nanoTokens: [],
      nanoSettled: false,
      tokenAnnounced: false,
      lastEventId: -1,
    };
  }
}

export function insertSorted(list: string[], item: string): boolean {
  if (list.includes(item)) return false;
  list.push(item);
  list.sort();
  return true;
}

export function removeItem(list: string[], item: string): boolean {
  const i = list.indexOf(item);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}
