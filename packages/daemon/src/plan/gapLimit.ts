import type { State } from '../state/state';
import { readAll } from '../state/view';
import { historyRowKey, ownerKey } from '../state/state';
import { addBalance, markAuthoritiesDirty, putHistory } from './ledger';
import type { Rules } from './rules';

/**
 * Gap-limit address discovery: a wallet always has `max_gap` derived addresses after the highest one a
 * transaction has used. Derived addresses that the chain has already seen (rows without a wallet) are
 * claimed: their balances and history join the wallet's, and if they were used, discovery goes on past
 * them. An address owned by another wallet is never taken over.
 */
export function extendWallets(s: State, addresses: Iterable<string>, rules: Rules): void {
  const used = new Map<string, number>();
  for (const address of addresses) {
    const row = s.addresses.get(address);
    if (row?.walletId && row.index !== null) used.set(row.walletId, Math.max(used.get(row.walletId) ?? -1, row.index));
  }
  for (const [walletId, maxUsed] of used) extendWallet(s, walletId, maxUsed, rules);
}

function extendWallet(s: State, walletId: string, maxUsed: number, rules: Rules): void {
  const wallet = s.wallets.get(walletId);
  if (!wallet) return;
  let lastUsed = Math.max(wallet.lastUsedAddressIndex, maxUsed);
  let derivedUpTo = wallet.maxAddressIndex ?? -1;
  while (derivedUpTo < lastUsed + wallet.maxGap) {
    const indices: number[] = [];
    for (let i = derivedUpTo + 1; i <= lastUsed + wallet.maxGap; i++) indices.push(i);
    const derived = indices.map((i) => ({ index: i, address: rules.deriveAddress(wallet.xpubkey, i) }));
    const existing = readAll(derived.map((d) => () => s.addresses.get(d.address)));
    const claimed = derived.filter((_, n) => existing[n] && existing[n].walletId === null);
    if (wallet.status === 'ready') {
      readAll(claimed.map((c) => () => s.balances.keysOf(ownerKey('address', c.address))));
      readAll(claimed.map((c) => () => s.history.keysOf(ownerKey('address', c.address))));
    }
    derived.forEach((d, n) => {
      const row = existing[n];
      if (row && row.walletId !== null) {
        s.alerts.push({
          title: 'Derived address owned by another wallet',
          message: `address ${d.address} (index ${d.index} of wallet ${walletId}) already belongs to wallet ${row.walletId}`,
          severity: 'major',
          metadata: { address: d.address, walletId, owner: row.walletId },
        });
        return;
      }
      s.addresses.set(d.address, {
        address: d.address,
        index: d.index,
        walletId,
        transactions: row?.transactions ?? 0,
        seqnum: row?.seqnum ?? 0,
      });
      if (row && wallet.status === 'ready') mergeIntoWallet(s, d.address, walletId);
      if (row && row.transactions > 0) lastUsed = Math.max(lastUsed, d.index);
    });
    derivedUpTo = indices[indices.length - 1];
  }
  s.wallets.set(walletId, { ...wallet, maxAddressIndex: derivedUpTo, lastUsedAddressIndex: lastUsed });
}

/** A claimed address brings what it already holds into its wallet's balances and history. */
function mergeIntoWallet(s: State, address: string, walletId: string): void {
  for (const key of s.balances.keysOf(ownerKey('address', address))) {
    const row = s.balances.get(key);
    const token = key.slice(key.indexOf('|') + 1);
    if (!row) continue;
    addBalance(s, 'wallet', walletId, token, {
      unlocked: row.unlocked,
      locked: row.locked,
      totalReceived: row.totalReceived,
    });
    markAuthoritiesDirty(s, 'wallet', walletId, token);
  }
  const rows = s.history.keysOf(ownerKey('address', address)).map((key) => {
    const [token, txId] = key.slice(key.indexOf('|') + 1).split('|');
    return { token, txId, row: s.history.get(key) };
  });
  const existing = readAll(rows.map((r) => () => s.history.get(historyRowKey('wallet', walletId, r.token, r.txId))));
  rows.forEach((r, n) => {
    if (!r.row) return;
    const current = existing[n];
    if (current) {
      s.history.set(historyRowKey('wallet', walletId, r.token, r.txId), {
        ...current,
        balance: current.balance + r.row.balance,
      });
    } else {
      putHistory(s, 'wallet', walletId, r.token, r.txId, { ...r.row });
    }
  });
}
