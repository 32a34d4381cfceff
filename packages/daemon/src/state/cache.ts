import type { BalanceState, MinerState, OutputState, TokenCreationState, TokenState, TxState } from './rows';
import type { State } from './state';
import type { Table } from './table';

/** Least recently used first: a Map keeps insertion order, and a hit moves the key to the end. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** A whole group of a table (every row of it that exists), as `Table.rowsOf` returns it. */
type Group<V> = [string, V][];

export interface CacheCounts {
  hits: number;
  misses: number;
}

/**
 * Rows as they were committed, kept from one batch to the next so a batch does not read again what the
 * previous one wrote or read (a tx is stored by one event and confirmed by a later one; a spent output's
 * tx was usually stored shortly before). Bounded: at most `size` entries of each kind.
 *
 * Only tables no other process writes are kept: transactions, their outputs and token creations, address
 * balances, tokens and miners. The wallet API writes address rows (wallet load), wallet tables and the
 * outputs' tx_proposal columns, which the planner never reads (the flush keeps the stored value), so the
 * cache is exact as long as this process is the only daemon. It is filled only after a COMMIT, emptied on
 * any failure (a batch whose outcome is unknown may have landed), and dropped whenever the cursor is not
 * where the cache left it (another writer advanced it).
 *
 * What a batch changes in SQL after the flush (recompute.ts: authorities and timelocks of address
 * balances, a new token's count, a miner's blocks) is not what memory holds, so those entries are dropped
 * rather than kept.
 */
export class RowCache {
  private readonly txs: Lru<TxState | null>;
  private readonly outputs: Lru<Group<OutputState>>;
  private readonly creations: Lru<Group<TokenCreationState>>;
  private readonly balances: Lru<Group<BalanceState>>;
  private readonly tokens: Lru<TokenState | null>;
  private readonly miners: Lru<MinerState | null>;
  /** The last event id the cached rows are as of; undefined: nothing is known yet. */
  private validAt: number | undefined;
  readonly counts: CacheCounts = { hits: 0, misses: 0 };

  constructor(readonly size: number) {
    this.txs = new Lru(size);
    this.outputs = new Lru(size);
    this.creations = new Lru(size);
    this.balances = new Lru(size);
    this.tokens = new Lru(size);
    this.miners = new Lru(size);
  }

  private all() {
    return [this.txs, this.outputs, this.creations, this.balances, this.tokens, this.miners];
  }

  get entries(): number {
    return this.all().reduce((n, c) => n + c.size, 0);
  }

  clear(): void {
    for (const c of this.all()) c.clear();
    this.validAt = undefined;
  }

  /** At the start of a batch, under the sync lock: a cursor elsewhere than the cache's empties it. */
  checkCursor(lastEventId: number | undefined): void {
    if (lastEventId !== this.validAt) this.clear();
  }

  /** Puts what the cache holds into `s`; returns the keys it does not hold, to be read from the database. */
  serveRows<V>(kind: 'txs' | 'tokens' | 'miners', table: Table<V>, keys: string[]): string[] {
    const lru = this[kind] as unknown as Lru<V | null>;
    return this.count(keys.length, keys.filter((k) => {
      const v = lru.get(k);
      if (v === undefined) return true;
      table.load(k, v);
      return false;
    }));
  }

  /** Same for whole groups (a tx's outputs or creations, an address's balances by the address). */
  serveGroups<V>(kind: 'outputs' | 'creations' | 'balances', table: Table<V>, groups: string[], groupKey = (g: string) => g): string[] {
    const lru = this[kind] as unknown as Lru<Group<V>>;
    return this.count(groups.length, groups.filter((g) => {
      const rows = lru.get(groupKey(g));
      if (rows === undefined) return true;
      for (const [k, v] of rows) table.load(k, v);
      table.markGroupLoaded(groupKey(g));
      return false;
    }));
  }

  private count(asked: number, misses: string[]): string[] {
    this.counts.hits += asked - misses.length;
    this.counts.misses += misses.length;
    return misses;
  }

  /** After the COMMIT of the batch (or settle) whose root state is `s`, which left the cursor at `lastEventId`. */
  remember(s: State, lastEventId: number | undefined): void {
    keepRows(this.txs, s.txs, new Set());
    keepRows(this.tokens, s.tokens, s.newTokens);
    keepRows(this.miners, s.miners, s.dirtyMiners);
    keepGroups(this.outputs, s.outputs, new Set());
    const recounted = new Set([...s.dirtyAuthorities].map((k) => k.slice(0, k.indexOf('|'))));
    keepGroups(this.balances, s.balances, recounted, (g) => g.startsWith('address:'));
    // A creation can move to another tx (its key is the token), which one group's rows cannot show.
    if (s.creations.dirty.size > 0) this.creations.clear();
    else keepGroups(this.creations, s.creations, new Set());
    this.validAt = lastEventId;
  }
}

function keepRows<V>(lru: Lru<V | null>, table: Table<V>, recounted: Set<string>): void {
  for (const [k, v] of table.entries()) {
    if (recounted.has(k)) lru.delete(k);
    else lru.set(k, v);
  }
}

/** Groups the root read whole are kept; a changed row of a group it did not read whole evicts that group. */
function keepGroups<V>(lru: Lru<Group<V>>, table: Table<V>, recounted: Set<string>, wanted: (group: string) => boolean = () => true): void {
  for (const g of table.loadedGroupNames()) {
    if (!wanted(g)) continue;
    if (recounted.has(g)) lru.delete(g);
    else lru.set(g, table.rowsOf(g));
  }
  for (const k of table.dirty) {
    const g = table.groupOfKey(k);
    if (!table.isGroupLoaded(g)) lru.delete(g);
  }
}
