import { selectRows, type Pool } from '@wallet-service/common';
import type { RemoteWallet } from './client';

/**
 * What the wallets of the send test must hold, kept from what the test itself sent: every transaction's
 * effect per wallet and token, the authorities each wallet holds, and every output a transaction spent.
 * The checks compare the real client's answers (through the API) and the database with it.
 */
export type Deltas = Record<string, Record<string, bigint>>;
export interface Outpoint {
  hash: string;
  index: number;
}

const key = (txId: string, index: number) => `${txId}:${index}`;

export class Ledger {
  readonly balances = new Map<string, Map<string, bigint>>();
  readonly history = new Map<string, Map<string, { txId: string; balance: bigint }[]>>();
  /** Authority masks (1 mint, 2 melt) per wallet and token. */
  readonly authorities = new Map<string, Map<string, number>>();
  /** outpoint → the tx that spent it */
  readonly spent = new Map<string, string>();

  /** A transaction the test made: its inputs must never have been spent before. */
  record(txId: string, inputs: readonly Outpoint[], deltas: Deltas): void {
    for (const i of inputs) {
      const earlier = this.spent.get(key(i.hash, i.index));
      if (earlier !== undefined) throw new Error(`${txId} spends ${key(i.hash, i.index)}, which ${earlier} spent already`);
      this.spent.set(key(i.hash, i.index), txId);
    }
    for (const [wallet, tokens] of Object.entries(deltas)) {
      const balances = this.balances.get(wallet) ?? new Map<string, bigint>();
      const history = this.history.get(wallet) ?? new Map<string, { txId: string; balance: bigint }[]>();
      for (const [token, delta] of Object.entries(tokens)) {
        balances.set(token, (balances.get(token) ?? 0n) + delta);
        history.set(token, [...(history.get(token) ?? []), { txId, balance: delta }]);
      }
      this.balances.set(wallet, balances);
      this.history.set(wallet, history);
    }
  }

  setAuthorities(wallet: string, token: string, mask: number): void {
    const m = this.authorities.get(wallet) ?? new Map<string, number>();
    m.set(token, mask);
    this.authorities.set(wallet, m);
  }

  tokensOf(wallet: string): string[] {
    return [...(this.balances.get(wallet)?.keys() ?? [])].sort();
  }
}

const byTxId = <T extends { txId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : 0));
const byOutpoint = <T extends { txId: string; index: number }>(rows: T[]) => [...rows].sort((a, b) => (key(a.txId, a.index) < key(b.txId, b.index) ? -1 : 1));
const maskOf = (m: number) => ({ mint: (m & 1) !== 0, melt: (m & 2) !== 0 });

/**
 * getBalance(), getTxHistory() and getUtxos() of one wallet through the API, per token: each equals the
 * ledger and the database (wallet_balance, wallet_tx_history, the unspent outputs of the wallet's
 * addresses), and no output a transaction spent is offered again.
 */
export async function checkWallet(w: RemoteWallet, walletId: string, ledger: Ledger, pool: Pool): Promise<void> {
  const expected = ledger.balances.get(w.name) ?? new Map<string, bigint>();
  const authorities = ledger.authorities.get(w.name) ?? new Map<string, number>();
  const tokens = ledger.tokensOf(w.name);

  const entries = await w.call('getBalance');
  const nonZero = (e: { balance: { unlocked: bigint; locked: bigint } }) => e.balance.unlocked !== 0n || e.balance.locked !== 0n;
  const apiBalances = Object.fromEntries(entries.filter(nonZero).map((e) => [e.token.id, e.balance]));
  const want = Object.fromEntries([...expected].filter(([, v]) => v !== 0n).map(([t, v]) => [t, { unlocked: v, locked: 0n }]));
  expect({ wallet: w.name, balances: apiBalances }).toEqual({ wallet: w.name, balances: want });
  const apiAuthorities = Object.fromEntries(entries.map((e) => [e.token.id, e.tokenAuthorities]));
  for (const token of new Set([...tokens, ...authorities.keys()])) {
    expect({ wallet: w.name, token, authorities: apiAuthorities[token] }).toEqual({
      wallet: w.name,
      token,
      authorities: { unlocked: maskOf(authorities.get(token) ?? 0), locked: maskOf(0) },
    });
  }
  const dbBalances = await selectRows<{ token_id: string; unlocked_balance: string; locked_balance: string; unlocked_authorities: number }>(
    pool,
    'SELECT token_id, unlocked_balance, locked_balance, unlocked_authorities FROM wallet_balance WHERE wallet_id = ?',
    [walletId],
  );
  expect({
    wallet: w.name,
    db: Object.fromEntries(
      dbBalances
        .filter((r) => BigInt(r.unlocked_balance) !== 0n || BigInt(r.locked_balance) !== 0n)
        .map((r) => [r.token_id, { unlocked: BigInt(r.unlocked_balance), locked: BigInt(r.locked_balance) }]),
    ),
  }).toEqual({ wallet: w.name, db: want });
  for (const r of dbBalances) expect({ token: r.token_id, mask: Number(r.unlocked_authorities) }).toEqual({ token: r.token_id, mask: authorities.get(r.token_id) ?? 0 });

  for (const token of tokens) {
    const page = await w.call('getTxHistory', { token_id: token, count: 50 });
    expect(page.every((h, i) => i === 0 || page[i - 1].timestamp >= h.timestamp)).toBe(true);
    expect(page.every((h) => !h.voided)).toBe(true);
    const wantHistory = byTxId(ledger.history.get(w.name)?.get(token) ?? []);
    expect({ wallet: w.name, token, history: byTxId(page.map((h) => ({ txId: h.txId, balance: h.balance }))) }).toEqual({ wallet: w.name, token, history: wantHistory });
    const dbHistory = await selectRows<{ tx_id: string; balance: string; voided: number }>(
      pool,
      'SELECT tx_id, balance, voided FROM wallet_tx_history WHERE wallet_id = ? AND token_id = ?',
      [walletId, token],
    );
    expect({ wallet: w.name, token, db: byTxId(dbHistory.map((r) => ({ txId: r.tx_id, balance: BigInt(r.balance) }))) }).toEqual({ wallet: w.name, token, db: wantHistory });

    const utxos = await w.call('getUtxos', { token });
    const apiUtxos = byOutpoint(utxos.utxos.map((u) => ({ txId: u.tx_id, index: u.index, value: u.amount, address: u.address, locked: u.locked })));
    const dbUtxos = await selectRows<{ tx_id: string; index: number; value: string; address: string }>(
      pool,
      'SELECT o.tx_id, o.`index`, o.value, o.address FROM tx_output o JOIN address a ON a.address = o.address ' +
        'WHERE a.wallet_id = ? AND o.token_id = ? AND COALESCE(o.authorities, 0) = 0 AND o.spent_by IS NULL AND o.voided = FALSE',
      [walletId, token],
    );
    expect({ wallet: w.name, token, utxos: apiUtxos }).toEqual({
      wallet: w.name,
      token,
      utxos: byOutpoint(dbUtxos.map((r) => ({ txId: r.tx_id, index: Number(r.index), value: BigInt(r.value), address: r.address, locked: false }))),
    });
    expect({ token, total: utxos.total_amount_available, sum: apiUtxos.reduce((s, u) => s + u.value, 0n) }).toEqual({ token, total: expected.get(token), sum: expected.get(token) });
    expect({ token, offeredAgain: apiUtxos.filter((u) => ledger.spent.has(key(u.txId, u.index))) }).toEqual({ token, offeredAgain: [] });
  }
}

/** Every output the test's transactions spent is spent, by that transaction, in the database too. */
export async function checkSpentInDatabase(ledger: Ledger, pool: Pool): Promise<void> {
  const want = [...ledger.spent].map(([k, by]) => ({ outpoint: k, spentBy: by })).sort((a, b) => (a.outpoint < b.outpoint ? -1 : 1));
  if (want.length === 0) return;
  const rows = await selectRows<{ tx_id: string; index: number; spent_by: string | null }>(
    pool,
    `SELECT tx_id, \`index\`, spent_by FROM tx_output WHERE ${want.map(() => '(tx_id = ? AND `index` = ?)').join(' OR ')}`,
    want.flatMap((w) => {
      const [txId, index] = w.outpoint.split(':');
      return [txId, Number(index)];
    }),
  );
  expect(rows.map((r) => ({ outpoint: key(r.tx_id, Number(r.index)), spentBy: r.spent_by })).sort((a, b) => (a.outpoint < b.outpoint ? -1 : 1))).toEqual(want);
}

