import type { PushRequest, TxNotification } from '../notify/derive';
import type { Alert } from '../sync/contract';
import {
  type AddressState,
  type BalanceState,
  type HistoryState,
  type MinerState,
  type OutputState,
  type Scope,
  type TokenCreationState,
  type TokenState,
  type TxState,
  type WalletState,
} from './rows';
import { Table } from './table';
import type { LoadRequest } from './view';

export type SpendOrigin = Pick<OutputState, 'spentBy' | 'voided'>;

const beforeColon = (key: string) => key.slice(0, key.lastIndexOf(':'));
const beforePipe = (key: string) => key.slice(0, key.indexOf('|'));

/** Keys: balances and history are `${scope}:${owner}|${token}[|${txId}]`, grouped by `${scope}:${owner}`. */
export const ownerKey = (scope: Scope, owner: string) => `${scope}:${owner}`;
export const balanceKey = (scope: Scope, owner: string, token: string) => `${scope}:${owner}|${token}`;
export const historyRowKey = (scope: Scope, owner: string, token: string, txId: string) =>
  `${scope}:${owner}|${token}|${txId}`;
export const creationKey = (txId: string, tokenId: string) => `${txId}|${tokenId}`;

function ownerRequest(kind: 'balances' | 'history', group: string): LoadRequest {
  const [scope, owner] = [group.slice(0, group.indexOf(':')), group.slice(group.indexOf(':') + 1)];
  if (scope === 'wallet') return { kind: 'wallet', walletId: owner };
  return kind === 'balances' ? { kind: 'address', address: owner } : { kind: 'addressHistory', address: owner };
}

function historyRequest(key: string, group: string): LoadRequest {
  if (group.startsWith('wallet:')) {
    const [owner, token, txId] = key.slice('wallet:'.length).split('|');
    return { kind: 'walletHistory', walletId: owner, token, txId };
  }
  return ownerRequest('history', group);
}

/**
 * The working set of one batch: every row the planner has read or written, layered so that one event's
 * plan can be thrown away (when it needs rows that are not loaded) without touching the rest.
 */
export class State {
  readonly txs: Table<TxState>;
  readonly outputs: Table<OutputState>;
  readonly addresses: Table<AddressState>;
  readonly balances: Table<BalanceState>;
  readonly history: Table<HistoryState>;
  readonly wallets: Table<WalletState>;
  readonly tokens: Table<TokenState>;
  readonly creations: Table<TokenCreationState>;
  readonly miners: Table<MinerState>;
  /** (scope, owner, token) pairs whose authorities / timelock_expires must be recomputed from outputs. */
  readonly dirtyAuthorities = new Set<string>();
  /** Tokens (re)created in this batch: their transaction count is computed from the data at the end. */
  readonly newTokens = new Set<string>();
  /** Miners that lost a block: count, first and last block are recomputed at the end. */
  readonly dirtyMiners = new Set<string>();
  /**
   * Outputs whose spend (spent_by, voided) changed or that were removed in this batch, with that spend as
   * it was before the first change (null: the output is new in this batch). A proposal's hold on such an
   * output ends; the flush needs the original spend to see the changes that came back to it.
   */
  private readonly spendOrigins = new Map<string, SpendOrigin | null>();
  readonly alerts: Alert[] = [];
  /**
   * Inputs that spend a standard-address output the database does not have (an output with an
   * undecodable script has no row by design, so it is not listed). Logged by the store, never fatal.
   */
  readonly unknownSpends: { spender: string; txId: string; index: number }[] = [];
  /** Notifications owed for what this batch changed, in event order; written to the outbox with the batch. */
  readonly notifications: TxNotification[] = [];
  readonly pushRequests: PushRequest[] = [];
  /** Height of the best block as far as this batch knows; `bestHeightStale` when a block was voided. */
  bestHeight: number;
  bestHeightStale: boolean;

  constructor(
    private readonly parent: State | null,
    bestHeight = -1,
  ) {
    const p = parent;
    this.txs = p ? p.txs.child() : new Table(null, null, (k) => ({ kind: 'tx', txId: k }));
    this.outputs = p ? p.outputs.child() : new Table(null, beforeColon, (_k, g) => ({ kind: 'outputs', txId: g }));
    this.addresses = p ? p.addresses.child() : new Table(null, null, (k) => ({ kind: 'address', address: k }));
    this.balances = p ? p.balances.child() : new Table(null, beforePipe, (_k, g) => ownerRequest('balances', g));
    this.history = p ? p.history.child() : new Table(null, beforePipe, historyRequest);
    this.wallets = p ? p.wallets.child() : new Table(null, null, (k) => ({ kind: 'wallet', walletId: k }));
    this.tokens = p ? p.tokens.child() : new Table(null, null, (k) => ({ kind: 'token', tokenId: k }));
    this.creations = p
      ? p.creations.child()
      : new Table(null, beforePipe, (_k, g) => ({ kind: 'tokenCreations', txId: g }));
    this.miners = p ? p.miners.child() : new Table(null, null, (k) => ({ kind: 'miner', address: k }));
    this.bestHeight = p ? p.bestHeight : bestHeight;
    this.bestHeightStale = p ? p.bestHeightStale : false;
  }

  child(): State {
    return new State(this);
  }

  /** A root whose tables hold everything there is (planner tests without a database). */
  static complete(bestHeight = -1): State {
    const s = new State(null, bestHeight);
    for (const t of [s.txs, s.outputs, s.addresses, s.balances, s.history, s.wallets, s.tokens, s.creations, s.miners]) {
      t.complete = true;
    }
    return s;
  }

  /** Records the spend `before` had, unless an earlier change of this batch already did. */
  noteSpendChange(key: string, before: SpendOrigin | null): void {
    if (this.spendOrigin(key) !== undefined) return;
    this.spendOrigins.set(key, before && { spentBy: before.spentBy, voided: before.voided });
  }

  /** undefined: the output's spend has not changed in this batch. */
  spendOrigin(key: string): SpendOrigin | null | undefined {
    return this.spendOrigins.has(key) ? this.spendOrigins.get(key) : this.parent?.spendOrigin(key);
  }

  /** Hands this layer's writes to its parent (the plan of one event succeeded). */
  commit(): void {
    const p = this.parent;
    if (!p) throw new Error('the root state has no parent to commit to');
    this.txs.commitTo(p.txs);
    this.outputs.commitTo(p.outputs);
    this.addresses.commitTo(p.addresses);
    this.balances.commitTo(p.balances);
    this.history.commitTo(p.history);
    this.wallets.commitTo(p.wallets);
    this.tokens.commitTo(p.tokens);
    this.creations.commitTo(p.creations);
    this.miners.commitTo(p.miners);
    for (const k of this.dirtyAuthorities) p.dirtyAuthorities.add(k);
    for (const k of this.newTokens) p.newTokens.add(k);
    for (const k of this.dirtyMiners) p.dirtyMiners.add(k);
    for (const [k, origin] of this.spendOrigins) p.noteSpendChange(k, origin);
    p.alerts.push(...this.alerts);
    p.unknownSpends.push(...this.unknownSpends);
    p.notifications.push(...this.notifications);
    p.pushRequests.push(...this.pushRequests);
    p.bestHeight = this.bestHeight;
    p.bestHeightStale = this.bestHeightStale;
  }
}
