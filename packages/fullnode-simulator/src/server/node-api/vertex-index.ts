import { isBlockVersion, tokenUidOf, VertexVersion } from '@wallet-service/common';
import type { EventLog } from '../event-log';
import { BestChain } from './best-chain';
import { ChildLists, grown } from './child-lists';
import { NanoRegistry } from './nano-registry';
import { TokenLedger, type TokenResolver } from './token-ledger';
import {
  isNcEventData,
  isTokenCreatedData,
  isVertexBody,
  isVertexData,
  listedTokens,
  nanoCallOf,
  parseEvent,
  parseEventForIndex,
  vertexMetadataOf,
  type EventInput,
  type EventMetadata,
  type VertexBody,
  type VertexData,
} from './vertex-data';

const BLOCK = 1;
const VOIDED = 2;
const REMOVED = 4;
/** The vertex's contribution is in the token ledger. */
const IN_LEDGER = 8;
/** The vertex's execution is in the nano registry's balances. */
const IN_NANO = 16;

/** Events per slice of a catch-up: a few milliseconds of work between two turns of the event loop. */
const CATCH_UP_SLICE = 2000;

export interface VertexIndexOptions {
  /** The reward lock, for the min_height a tx spending a block reward inherits. */
  rewardSpendMinBlocks: number;
}

/**
 * The vertices the simulated node knows, built from its own event log: for each hash the id of the latest
 * NEW_VERTEX_ACCEPTED / VERTEX_METADATA_CHANGED (whose text holds the whole vertex and its current metadata,
 * so nothing else of it is copied), plus what no single event holds: children (from every vertex's parents),
 * min_height, the best chain by height, token totals and authorities, nano-contract calls and balances.
 *
 * Per vertex it keeps a few typed-array slots and the hash string; children are a linked list in typed arrays.
 * It is built on the first request (or in the background when the simulator is asked to), so serving a huge
 * stream to a daemon that never asks costs nothing, and from then on it follows every append to the log (a
 * live mode appends as it accepts and mines).
 */
export class VertexIndex {
  readonly tokens = new TokenLedger();
  readonly nano = new NanoRegistry();
  /** Events the index could not read (not a vertex or token outline); they are left out, not trusted. */
  skipped = 0;

  private readonly ids = new Map<string, number>();
  private readonly hashes: string[] = [];
  private capacity = 0;
  private latest = new Int32Array(0);
  private flags = new Uint8Array(0);
  private heights = new Int32Array(0);
  private minHeights = new Int32Array(0);
  private timestamps = new Float64Array(0);
  private readonly childLists = new ChildLists();
  /** Only vertices with tokens have an entry: most vertices move HTR alone. */
  private readonly tokenLists = new Map<number, readonly string[]>();
  private readonly chain = new BestChain();
  private cursor = 0;
  private maxTimestamp: number | null = null;
  private unsubscribe: (() => void) | undefined;
  private catching: Promise<void> | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly options: VertexIndexOptions,
  ) {}

  /** Reads every event not read yet, at once; the first call also starts following appends. */
  sync(): this {
    this.follow();
    for (; this.cursor < this.log.size; this.cursor++) this.ingest(this.cursor, this.log.get(this.cursor));
    return this;
  }

  /**
   * Reads the events not read yet in slices, yielding to I/O between slices, so indexing a huge log (some
   * 20 s of CPU per million events) never stalls the websocket or other requests. Concurrent callers share one pass.
   */
  catchUp(slice = CATCH_UP_SLICE): Promise<this> {
    this.follow();
    if (this.cursor >= this.log.size) return Promise.resolve(this);
    if (this.catching === undefined) {
      let finish: (err?: Error) => void = () => {};
      // Assigned before the first slice runs, so a pass that ends within it still clears the field.
      this.catching = new Promise<void>((resolve, reject) => {
        finish = (err) => (err === undefined ? resolve() : reject(err));
      });
      const step = () => {
        try {
          const end = Math.min(this.log.size, this.cursor + slice);
          for (; this.cursor < end; this.cursor++) this.ingest(this.cursor, this.log.get(this.cursor));
        } catch (err) {
          this.catching = undefined;
          finish(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (this.cursor < this.log.size) {
          setImmediate(step);
          return;
        }
        this.catching = undefined;
        finish();
      };
      step();
    }
    return (this.catching ?? Promise.resolve()).then(() => this);
  }

  /** Appends are indexed as they arrive, except during a sliced catch-up, which reaches them itself. */
  private follow(): void {
    this.unsubscribe ??= this.log.onAppend(() => {
      if (this.catching === undefined) this.sync();
    });
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  get size(): number {
    return this.hashes.length;
  }

  /** The id of a vertex the node would return: known and not removed. */
  lookup(hash: string): number | undefined {
    const vid = this.ids.get(hash);
    return vid !== undefined && (this.flags[vid] & REMOVED) === 0 ? vid : undefined;
  }

  /** The vertex and its latest metadata, parsed from the latest event about it. */
  data(vid: number): VertexData {
    const event = parseEvent(this.log.get(this.latest[vid]));
    if (event === null || !isVertexData(event.data)) throw new Error(`event ${this.latest[vid]} no longer holds vertex ${this.hashes[vid]}`);
    return event.data;
  }

  hashOf(vid: number): string {
    return this.hashes[vid];
  }

  isBlock(vid: number): boolean {
    return (this.flags[vid] & BLOCK) !== 0;
  }

  isVoided(vid: number): boolean {
    return (this.flags[vid] & VOIDED) !== 0;
  }

  isRemoved(vid: number): boolean {
    return (this.flags[vid] & REMOVED) !== 0;
  }

  /** Executed successfully, on a vertex that is live and not voided. */
  isExecuted(vid: number): boolean {
    return (this.flags[vid] & IN_NANO) !== 0;
  }

  height(vid: number): number {
    return this.heights[vid];
  }

  minHeight(vid: number): number {
    return this.minHeights[vid];
  }

  timestamp(vid: number): number {
    return this.timestamps[vid];
  }

  get latestTimestamp(): number | null {
    return this.maxTimestamp;
  }

  /** Children that are not removed, in the order they arrived. */
  children(vid: number): number[] {
    return this.childLists.of(vid).filter((child) => (this.flags[child] & REMOVED) === 0);
  }

  /** The vertex's token list as token_data indexes it (a token creation lists itself). */
  tokensOf(vid: number): readonly string[] {
    return this.tokenLists.get(vid) ?? [];
  }

  /** Resolves token_data of the vertex's outputs and of the outputs its inputs spend. */
  resolver(body: VertexBody): TokenResolver {
    const own = listedTokens(body);
    return {
      output: (tokenData) => safeTokenUid(tokenData, own),
      input: (input) => this.inputToken(input, own),
    };
  }

  /** An input's token_data indexes the token list of the tx that created the output. */
  inputToken(input: EventInput, spendingTokens: readonly string[]): string | null {
    const spent = this.ids.get(input.tx_id);
    const list = spent !== undefined ? this.tokensOf(spent) : spendingTokens;
    return safeTokenUid(input.spent_output.token_data, list) ?? safeTokenUid(input.spent_output.token_data, spendingTokens);
  }

  /** The best block: the highest non-voided block. */
  bestBlock(): number | undefined {
    return this.chain.tip();
  }

  /** The best chain's block at `height`, if any. */
  blockAt(height: number): number | undefined {
    return this.chain.at(height);
  }

  private ingest(eventId: number, raw: string): void {
    const quick = vertexMetadataOf(raw);
    const known = quick === null ? undefined : this.ids.get(quick.hash);
    if (quick !== null && known !== undefined) {
      this.onMetadata(eventId, known, quick.metadata, () => this.bodyOf(raw));
      return;
    }
    const event = parseEventForIndex(raw);
    if (event === null) {
      this.skipped++;
      return;
    }
    switch (event.type) {
      case 'NEW_VERTEX_ACCEPTED':
      case 'VERTEX_METADATA_CHANGED':
        if (isVertexData(event.data)) this.onVertex(eventId, event.data);
        else this.skipped++;
        return;
      case 'VERTEX_REMOVED':
        if (isVertexBody(event.data)) this.onRemoved(event.data);
        else this.skipped++;
        return;
      case 'TOKEN_CREATED':
        this.onTokenCreated(event.data);
        return;
      case 'NC_EVENT':
        this.onNcEvent(event.data);
        return;
      default:
        return;
    }
  }

  /** The body of a vertex event, parsed only when a ledger needs it. */
  private bodyOf(raw: string): VertexBody {
    const event = parseEventForIndex(raw);
    if (event === null || !isVertexBody(event.data)) throw new Error('vertex event without a vertex body');
    return event.data;
  }

  private onTokenCreated(data: unknown): void {
    if (!isTokenCreatedData(data)) {
      this.skipped++;
      return;
    }
    this.tokens.noteTokenCreated(data);
    const ncTx = data.nc_exec_info ? this.ids.get(data.nc_exec_info.nc_tx) : undefined;
    if (ncTx !== undefined) this.nano.noteTokenCreated(data.token_uid, ncTx);
  }

  private onVertex(eventId: number, data: VertexData): void {
    const vid = this.ids.get(data.hash) ?? this.add(data);
    this.onMetadata(eventId, vid, data.metadata, () => data);
  }

  /** The latest metadata of a vertex wins: voided state, the chain, and whether it counts in the ledgers. */
  private onMetadata(eventId: number, vid: number, metadata: EventMetadata, body: () => VertexBody): void {
    this.latest[vid] = eventId;
    const voided = metadata.voided_by.length > 0;
    this.flags[vid] = (this.flags[vid] & ~(VOIDED | REMOVED)) | (voided ? VOIDED : 0);
    if (this.isBlock(vid)) {
      this.heights[vid] = metadata.height;
      this.chain.place(vid, metadata.height, !voided);
    }
    this.settle(vid, body, !voided, !voided && metadata.nc_execution === 'success');
    const timestamp = this.timestamps[vid];
    if (this.maxTimestamp === null || timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  private onNcEvent(data: unknown): void {
    if (!isNcEventData(data)) {
      this.skipped++;
      return;
    }
    const vid = this.ids.get(data.vertex_id);
    if (vid !== undefined) this.nano.noteNcEvent(vid, data.nc_id, data.data_hex, data.first_block ?? null);
  }

  private onRemoved(body: VertexBody): void {
    const vid = this.ids.get(body.hash);
    if (vid === undefined) return;
    this.flags[vid] |= REMOVED;
    if (this.isBlock(vid)) this.chain.place(vid, this.heights[vid], false);
    this.settle(vid, () => body, false, false);
  }

  /** Moves the vertex's contributions in or out of the ledgers when whether it counts has changed. */
  private settle(vid: number, body: () => VertexBody, inLedger: boolean, inNano: boolean): void {
    const was = this.flags[vid];
    const ledgerFlips = inLedger !== ((was & IN_LEDGER) !== 0);
    const nanoFlips = inNano !== ((was & IN_NANO) !== 0);
    if (!ledgerFlips && !nanoFlips) return;
    const vertex = body();
    const tokens = this.resolver(vertex);
    if (ledgerFlips) {
      this.tokens.apply(vertex, tokens, inLedger ? 1 : -1);
      this.flags[vid] ^= IN_LEDGER;
    }
    if (nanoFlips) {
      this.nano.applyExecution(vid, vertex, tokens, inNano ? 1 : -1);
      this.flags[vid] ^= IN_NANO;
    }
  }

  /** Registers a vertex on its first event: what never changes about it is computed here, once. */
  private add(data: VertexData): number {
    const vid = this.hashes.length;
    if (vid === this.capacity) this.grow();
    this.hashes.push(data.hash);
    this.ids.set(data.hash, vid);
    const block = isBlockVersion(data.version);
    this.flags[vid] = block ? BLOCK : 0;
    this.heights[vid] = block ? data.metadata.height : 0;
    this.timestamps[vid] = data.timestamp;
    this.minHeights[vid] = this.computeMinHeight(data, block);
    for (const parent of data.parents) {
      const pv = this.ids.get(parent);
      if (pv !== undefined) this.childLists.add(pv, vid);
    }
    const tokens = listedTokens(data);
    if (tokens.length > 0) this.tokenLists.set(vid, tokens);
    if (data.version === VertexVersion.TOKEN_CREATION_TRANSACTION) this.tokens.noteCreationTx(data);
    const call = nanoCallOf(data);
    if (call !== null) this.nano.noteCall(vid, call);
    return vid;
  }

  /**
   * The node's static min_height: the highest min_height among tx parents and spent vertices, and for a tx
   * spending a block reward, that block's height plus the reward lock plus one.
   */
  private computeMinHeight(data: VertexData, block: boolean): number {
    let min = 0;
    for (const parent of data.parents) {
      const pv = this.ids.get(parent);
      if (pv !== undefined && !this.isBlock(pv)) min = Math.max(min, this.minHeights[pv]);
    }
    if (block) return min;
    for (const input of data.inputs) {
      const sv = this.ids.get(input.tx_id);
      if (sv === undefined) continue;
      min = Math.max(min, this.minHeights[sv]);
      if (this.isBlock(sv)) min = Math.max(min, this.heights[sv] + this.options.rewardSpendMinBlocks + 1);
    }
    return min;
  }

  private grow(): void {
    this.capacity = Math.max(1024, this.capacity * 2);
    this.latest = grown(this.latest, this.capacity);
    this.flags = grown(this.flags, this.capacity);
    this.heights = grown(this.heights, this.capacity);
    this.minHeights = grown(this.minHeights, this.capacity);
    this.timestamps = grown(this.timestamps, this.capacity);
    this.childLists.reserve(this.capacity);
  }
}

function safeTokenUid(tokenData: number, tokens: readonly string[]): string | null {
  try {
    return tokenUidOf(tokenData, tokens);
  } catch {
    return null;
  }
}
