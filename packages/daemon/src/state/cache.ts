import { Lru } from '@wallet-service/common';
import type { BalanceState, MinerState, OutputState, TokenCreationState, TokenState, TxState } from './rows';
import type { State } from './state';
import type { Table } from './table';

/** A whole group of a table (every row of it that exists), as `Table.rowsOf` returns it. */
type Group<V> = [string, V][];

export interface CacheCounts {
  hits: number;
  misses: number;
}

/** Rows by key (null: known absent). */
class RowLru<V> extends Lru<V | null> {
  constructor(max: number, private readonly counts: CacheCounts) {
    super(max);
  }

  /** Puts the held rows of `keys` into `table`; returns the keys not held, to be read from the database. */
  serve(table: Table<V>, keys: string[]): string[] {
    const misses = keys.filter((k) => {
      const v = this.get(k);
      if (v === undefined) return true;
      table.load(k, v);
      return false;
    });
    count(this.counts, keys.length, misses.length);
    return misses;
  }

  /** Every row the root holds, except the `recounted` keys, which are dropped. */
  keep(table: Table<V>, recounted: ReadonlySet<string> = new Set()): void {
    for (const [k, v] of table.entries()) {
      if (recounted.has(k)) this.delete(k);
      else this.set(k, v);
    }
  }
}

/** Whole groups (a tx's outputs or creations, an address's balances), so absence within one is known too. */
class GroupLru<V> extends Lru<Group<V>> {
  constructor(max: number, private readonly counts: CacheCounts) {
    super(max);
  }

  /** `groups` named as the caller asks for them; `groupKey` gives the table's group of each. */
  serve(table: Table<V>, groups: string[], groupKey = (g: string) => g): string[] {
    const misses = groups.filter((g) => {
      const rows = this.get(groupKey(g));
      if (rows === undefined) return true;
      for (const [k, v] of rows) table.load(k, v);
      table.markGroupLoaded(groupKey(g));
      return false;
    });
    count(this.counts, groups.length, misses.length);
    return misses;
  }

  /** Groups the root read whole are kept; a changed row of a group it did not read whole evicts that group. */
  keep(table: Table<V>, recounted: ReadonlySet<string> = new Set(), wanted: (group: string) => boolean = () => true): void {
    for (const g of table.loadedGroupNames()) {
      if (!wanted(g)) continue;
      if (recounted.has(g)) this.delete(g);
      else this.set(g, table.rowsOf(g));
    }
    for (const k of table.dirty) {
      const g = table.groupOfKey(k);
      if (!table.isGroupLoaded(g)) this.delete(g);
    }
  }
}

function count(counts: CacheCounts, asked: number, missed: number): void {
  counts.hits += asked - missed;
  counts.misses += missed;
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
  readonly counts: CacheCounts = { hits: 0, misses: 0 };
  readonly txs: RowLru<TxState>;
  readonly outputs: GroupLru<OutputState>;
  readonly creations: GroupLru<TokenCreationState>;
  readonly balances: GroupLru<BalanceState>;
  readonly tokens: RowLru<TokenState>;
  readonly miners: RowLru<MinerState>;
  /** The last event id the cached rows are as of; undefined: nothing is known yet. */
  private validAt: number | undefined;

  constructor(readonly size: number) {
    this.txs = new RowLru(size, this.counts);
    this.outputs = new GroupLru(size, this.counts);
    this.creations = new GroupLru(size, this.counts);
    this.balances = new GroupLru(size, this.counts);
    this.tokens = new RowLru(size, this.counts);
    this.miners = new RowLru(size, this.counts);
  }

  private all(): Lru<unknown>[] {
    return [this.txs, this.outputs, this.creations, this.balances, this.tokens, this.miners];
  }

  /** Entries held, all kinds together. */
  get held(): number {
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

  /** After the COMMIT of the batch (or settle) whose root state is `s`, which left the cursor at `lastEventId`. */
  remember(s: State, lastEventId: number | undefined): void {
    this.txs.keep(s.txs);
    this.tokens.keep(s.tokens, s.newTokens);
    this.miners.keep(s.miners, s.dirtyMiners);
    this.outputs.keep(s.outputs);
    const recounted = new Set([...s.dirtyAuthorities].map((k) => k.slice(0, k.indexOf('|'))));
    this.balances.keep(s.balances, recounted, (g) => g.startsWith('address:'));
    // A creation can move to another tx (its key is the token), which one group's rows cannot show.
    if (s.creations.dirty.size > 0) this.creations.clear();
    else this.creations.keep(s.creations);
    this.validAt = lastEventId;
  }
}
