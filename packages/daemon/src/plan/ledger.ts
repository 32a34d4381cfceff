import { outputKey, zeroBalance, type BalanceState, type HistoryState, type OutputState, type Scope } from '../state/rows';
import { balanceKey, historyRowKey, type State } from '../state/state';

/**
 * The aggregates (address_balance, wallet_balance) follow the outputs: each output contributes to its
 * (address, token) according to its state, and every change of an output goes through `putOutput`, which
 * adds the difference between the output's contribution before and after. Any sequence of changes
 * therefore sums to exactly the aggregate of the current outputs — voids, unvoids, re-spends, lock
 * flips and removals included — with no special case for any of them.
 */
interface Contribution {
  unlocked: bigint;
  locked: bigint;
  totalReceived: bigint;
}

function contribution(o: OutputState | null): Contribution {
  if (!o || o.voided) return { unlocked: 0n, locked: 0n, totalReceived: 0n };
  const unspent = o.spentBy === null;
  return {
    unlocked: unspent && !o.locked ? o.value : 0n,
    locked: unspent && o.locked ? o.value : 0n,
    totalReceived: o.value,
  };
}

/**
 * The OR / MIN aggregates (unlocked and locked authorities, earliest timelock of a locked output). An
 * output joining them is folded in directly (OR, MIN); one leaving them cannot be subtracted, so its pair
 * is marked for a recount from the outputs when the batch ends.
 */
interface Marks {
  unlockedAuthorities: number;
  lockedAuthorities: number;
  timelock: number | null;
}

function marks(o: OutputState | null): Marks {
  const none = { unlockedAuthorities: 0, lockedAuthorities: 0, timelock: null };
  if (!o || o.voided || o.spentBy !== null) return none;
  return {
    unlockedAuthorities: o.locked ? 0 : o.authorities,
    lockedAuthorities: o.locked ? o.authorities : 0,
    timelock: o.locked ? o.timelock : null,
  };
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

function foldMarks(s: State, scope: Scope, owner: string, token: string, before: Marks, after: Marks): void {
  const lost =
    (before.unlockedAuthorities & ~after.unlockedAuthorities) !== 0 ||
    (before.lockedAuthorities & ~after.lockedAuthorities) !== 0 ||
    (before.timelock !== null && before.timelock !== after.timelock);
  if (lost) markAuthoritiesDirty(s, scope, owner, token);
  const key = balanceKey(scope, owner, token);
  const row = s.balances.get(key) ?? zeroBalance();
  s.balances.set(key, {
    ...row,
    unlockedAuthorities: row.unlockedAuthorities | after.unlockedAuthorities,
    lockedAuthorities: row.lockedAuthorities | after.lockedAuthorities,
    timelockExpires: minOf(row.timelockExpires, after.timelock),
  });
}

export interface BalanceDelta {
  unlocked?: bigint;
  locked?: bigint;
  totalReceived?: bigint;
  transactions?: number;
}

export function addBalance(s: State, scope: Scope, owner: string, token: string, d: BalanceDelta): void {
  const key = balanceKey(scope, owner, token);
  const row: BalanceState = s.balances.get(key) ?? zeroBalance();
  s.balances.set(key, {
    ...row,
    unlocked: row.unlocked + (d.unlocked ?? 0n),
    locked: row.locked + (d.locked ?? 0n),
    totalReceived: row.totalReceived + (d.totalReceived ?? 0n),
    transactions: row.transactions + (d.transactions ?? 0),
  });
}

export function markAuthoritiesDirty(s: State, scope: Scope, owner: string, token: string): void {
  s.dirtyAuthorities.add(balanceKey(scope, owner, token));
}

/** The wallet whose balances include `address`: only wallets that finished loading ('ready'). */
export function readyWalletOf(s: State, address: string): string | null {
  const row = s.addresses.get(address);
  if (!row || row.walletId === null) return null;
  const wallet = s.wallets.get(row.walletId);
  return wallet && wallet.status === 'ready' ? wallet.id : null;
}

/**
 * Every change of an output row goes through here. Besides the aggregates, it notes the changes that end
 * a tx proposal's hold on the output (spent, unspent, voided, unvoided, removed); a lock flip is not one.
 */
export function putOutput(s: State, before: OutputState | null, after: OutputState | null): void {
  const ref = (after ?? before) as OutputState;
  const key = outputKey(ref.txId, ref.index);
  s.outputs.set(key, after);
  if (!before || !after || before.spentBy !== after.spentBy || before.voided !== after.voided) s.noteSpendChange(key, before);
  const a = contribution(before);
  const b = contribution(after);
  const delta = {
    unlocked: b.unlocked - a.unlocked,
    locked: b.locked - a.locked,
    totalReceived: b.totalReceived - a.totalReceived,
  };
  const changed = delta.unlocked !== 0n || delta.locked !== 0n || delta.totalReceived !== 0n;
  const mb = marks(before);
  const ma = marks(after);
  const special =
    mb.unlockedAuthorities !== ma.unlockedAuthorities || mb.lockedAuthorities !== ma.lockedAuthorities || mb.timelock !== ma.timelock;
  if (!changed && !special) return;
  const wallet = readyWalletOf(s, ref.address);
  if (changed) {
    addBalance(s, 'address', ref.address, ref.token, delta);
    if (wallet) addBalance(s, 'wallet', wallet, ref.token, delta);
  }
  if (special) {
    foldMarks(s, 'address', ref.address, ref.token, mb, ma);
    if (wallet) foldMarks(s, 'wallet', wallet, ref.token, mb, ma);
  }
}

/** Adds (row) or removes (null) one history row, keeping the pair's transaction count in step. */
export function putHistory(
  s: State,
  scope: Scope,
  owner: string,
  token: string,
  txId: string,
  row: HistoryState | null,
): void {
  const key = historyRowKey(scope, owner, token, txId);
  s.history.set(key, row);
  addBalance(s, scope, owner, token, { transactions: row ? 1 : -1 });
}
