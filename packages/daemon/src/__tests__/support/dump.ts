import {
  selectRows,
  toBigInt,
  type AddressBalanceRow,
  type Queryable,
  type TokenRow,
  type TxOutputRow,
  type WalletBalanceRow,
} from '@wallet-service/common';

/** The database, read back in the shape of the expected-state files, for comparisons in tests. */
export interface DbSnapshot {
  voided: string[];
  utxos: { tx_id: string; index: number; address: string; token: string; value: bigint; authorities: number; locked: boolean }[];
  balances: Record<string, Record<string, { unlocked: bigint; locked: bigint }>>;
  authorities: Record<string, Record<string, { unlocked: number; locked: number }>>;
  addressTxIds: Record<string, string[]>;
  txIds: string[];
  /** custom tokens (HTR left out) */
  tokens: Record<string, { name: string; symbol: string; version: number; transactions: number }>;
  wallets: Record<
    string,
    {
      balances: Record<string, { unlocked: bigint; locked: bigint }>;
      authorities: Record<string, { unlocked: number; locked: number }>;
      txIds: string[];
    }
  >;
}

export async function snapshot(db: Queryable): Promise<DbSnapshot> {
  const q = <R>(sql: string) => selectRows<R>(db, sql);
  const voided = (await q<{ tx_id: string }>('SELECT tx_id FROM `transaction` WHERE voided = TRUE ORDER BY tx_id')).map((r) => r.tx_id);
  const txIds = (await q<{ tx_id: string }>('SELECT tx_id FROM `transaction` ORDER BY tx_id')).map((r) => r.tx_id);
  const utxos = (
    await q<Pick<TxOutputRow, 'tx_id' | 'index' | 'address' | 'token_id' | 'value' | 'authorities' | 'locked'>>(
      'SELECT tx_id, `index`, address, token_id, value, authorities, locked FROM tx_output WHERE spent_by IS NULL AND voided = FALSE ORDER BY tx_id, `index`',
    )
  ).map((r) => ({
    tx_id: r.tx_id,
    index: r.index,
    address: r.address,
    token: r.token_id,
    value: toBigInt(r.value),
    authorities: r.authorities ?? 0,
    locked: Boolean(r.locked),
  }));
  const balances: DbSnapshot['balances'] = {};
  const authorities: DbSnapshot['authorities'] = {};
  for (const r of await q<AddressBalanceRow>(
    'SELECT * FROM address_balance',
  )) {
    (balances[r.address] ??= {})[r.token_id] = { unlocked: toBigInt(r.unlocked_balance), locked: toBigInt(r.locked_balance) };
    (authorities[r.address] ??= {})[r.token_id] = { unlocked: r.unlocked_authorities, locked: r.locked_authorities };
  }
  const addressTxIds: Record<string, string[]> = {};
  for (const r of await q<{ address: string; tx_id: string }>(
    'SELECT DISTINCT address, tx_id FROM address_tx_history WHERE voided = FALSE ORDER BY address, tx_id',
  )) {
    (addressTxIds[r.address] ??= []).push(r.tx_id);
  }
  const tokens: DbSnapshot['tokens'] = {};
  for (const r of await q<TokenRow>(
    "SELECT id, name, symbol, version, transactions FROM token WHERE id <> '00'",
  )) {
    tokens[r.id] = { name: r.name, symbol: r.symbol, version: r.version, transactions: r.transactions };
  }
  const wallets: DbSnapshot['wallets'] = {};
  const wallet = (id: string) => (wallets[id] ??= { balances: {}, authorities: {}, txIds: [] });
  for (const r of await q<WalletBalanceRow>(
    'SELECT * FROM wallet_balance',
  )) {
    wallet(r.wallet_id).balances[r.token_id] = { unlocked: toBigInt(r.unlocked_balance), locked: toBigInt(r.locked_balance) };
    wallet(r.wallet_id).authorities[r.token_id] = { unlocked: r.unlocked_authorities, locked: r.locked_authorities };
  }
  for (const r of await q<{ wallet_id: string; tx_id: string }>(
    'SELECT DISTINCT wallet_id, tx_id FROM wallet_tx_history WHERE voided = FALSE ORDER BY wallet_id, tx_id',
  )) {
    wallet(r.wallet_id).txIds.push(r.tx_id);
  }
  return { voided, utxos, balances, authorities, addressTxIds, txIds, tokens, wallets };
}

/** Every table, every row, in primary-key order: for "same database" comparisons (timestamps left out). */
export async function dumpTables(db: Queryable): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    transaction: 'SELECT tx_id, timestamp, version, voided, height, weight, first_block FROM `transaction` ORDER BY tx_id',
    // Every column but the surrogate id, which numbers rows in the order they were first written.
    tx_output: 'SELECT tx_id, `index`, token_id, address, value, authorities, timelock, heightlock, locked, tx_proposal, tx_proposal_index, spent_by, voided FROM tx_output ORDER BY tx_id, `index`',
    address: 'SELECT * FROM address ORDER BY address',
    address_balance: 'SELECT address, token_id, unlocked_balance, locked_balance, unlocked_authorities, locked_authorities, timelock_expires, transactions, total_received FROM address_balance ORDER BY address, token_id',
    address_tx_history: 'SELECT * FROM address_tx_history ORDER BY address, tx_id, token_id',
    wallet: 'SELECT id, last_used_address_index FROM wallet ORDER BY id',
    wallet_balance: 'SELECT * FROM wallet_balance ORDER BY wallet_id, token_id',
    wallet_tx_history: 'SELECT * FROM wallet_tx_history ORDER BY wallet_id, token_id, tx_id',
    token: 'SELECT id, name, symbol, version, transactions FROM token ORDER BY id',
    token_creation: 'SELECT token_id, tx_id, first_block FROM token_creation ORDER BY token_id',
    miner: 'SELECT * FROM miner ORDER BY address',
    sync_metadata: 'SELECT id, last_event_id, stream_id, peer_id, network FROM sync_metadata',
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) out[name] = await selectRows<unknown>(db, sql);
  return out;
}
