import {
  selectRows,
  toBigInt,
  type AddressBalanceRow,
  type AddressRow,
  type AddressTxHistoryRow,
  type MinerRow,
  type Queryable,
  type TokenCreationRow,
  type TokenRow,
  type TransactionRow,
  type TxOutputRow,
  type WalletBalanceRow,
  type WalletRow,
  type WalletTxHistoryRow,
} from '@wallet-service/common';
import type { BalanceColumns } from '@wallet-service/common';
import { outputKey, type BalanceState, type HistoryState, type OutputState, type TxState } from './rows';
import { balanceKey, creationKey, historyRowKey, ownerKey, type State } from './state';
import { forKeyChunks } from '../apply/sql';
import type { LoadRequest } from './view';
import { RowCache } from './cache';

/**
 * Reads what the planner asked for into the root state: one query per kind of request, whatever the
 * number of keys, each key once however often it was asked for. Rows already in memory are never
 * overwritten (the working set is newer than the DB).
 */
const CHUNK = 1000;

/** `sql` has one `IN (?)`, run once per CHUNK keys. */
async function select<R>(db: Queryable, sql: string, keys: unknown[]): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await selectRows<R>(db, sql, [keys.slice(i, i + CHUNK)])));
  return out;
}

export const toTxState = (r: TransactionRow): TxState => ({
  txId: r.tx_id,
  timestamp: r.timestamp,
  version: r.version,
  voided: Boolean(r.voided),
  height: r.height,
  weight: r.weight,
  firstBlock: r.first_block,
});

export const toOutputState = (r: TxOutputRow): OutputState => ({
  id: String(r.id),
  txId: r.tx_id,
  index: r.index,
  token: r.token_id,
  address: r.address,
  value: toBigInt(r.value),
  authorities: r.authorities ?? 0,
  timelock: r.timelock,
  heightlock: r.heightlock,
  locked: Boolean(r.locked),
  spentBy: r.spent_by,
  voided: Boolean(r.voided),
  txProposal: r.tx_proposal,
  txProposalIndex: r.tx_proposal_index,
});

const toBalance = (r: BalanceColumns): BalanceState => ({
  unlocked: toBigInt(r.unlocked_balance),
  locked: toBigInt(r.locked_balance),
  totalReceived: toBigInt(r.total_received),
  transactions: r.transactions,
  unlockedAuthorities: r.unlocked_authorities,
  lockedAuthorities: r.locked_authorities,
  timelockExpires: r.timelock_expires,
});

const toHistory = (r: Pick<AddressTxHistoryRow | WalletTxHistoryRow, 'balance' | 'timestamp'>): HistoryState => ({
  balance: toBigInt(r.balance),
  timestamp: r.timestamp,
});

type RequestOf<K extends LoadRequest['kind']> = Extract<LoadRequest, { kind: K }>;

function requestsOf<K extends LoadRequest['kind']>(requests: LoadRequest[], kind: K): RequestOf<K>[] {
  return requests.filter((r): r is RequestOf<K> => r.kind === kind);
}

/** Keeps nothing: every row is read from the database. */
const NO_CACHE = new RowCache(0);

/** `cache`: rows kept from earlier batches are taken from it and only the rest is read. */
export async function load(db: Queryable, s: State, requests: LoadRequest[], cache = NO_CACHE): Promise<void> {
  const ids = <K extends LoadRequest['kind']>(kind: K, key: (r: RequestOf<K>) => string) => [
    ...new Set(requestsOf(requests, kind).map(key)),
  ];

  const txIds = cache.txs.serve(s.txs, ids('tx', (r) => r.txId));
  if (txIds.length) {
    const rows = await select<TransactionRow>(db, 'SELECT * FROM `transaction` WHERE tx_id IN (?)', txIds);
    for (const r of rows) s.txs.load(r.tx_id, toTxState(r));
    for (const id of txIds) s.txs.load(id, null);
  }

  // The tx_output and address_balance loads name their index: with a long IN list and the statistics of a
  // table that grew fast, MariaDB 10.11 was seen (slow log) to scan the whole table instead.
  const outputTxs = cache.outputs.serve(s.outputs, ids('outputs', (r) => r.txId));
  if (outputTxs.length) {
    const rows = await select<TxOutputRow>(db, 'SELECT * FROM tx_output FORCE INDEX (tx_output_output_key) WHERE tx_id IN (?)', outputTxs);
    for (const r of rows) s.outputs.load(outputKey(r.tx_id, r.index), toOutputState(r));
    for (const id of outputTxs) s.outputs.markGroupLoaded(id);
  }

  const addresses = ids('address', (r) => r.address);
  if (addresses.length) {
    const rows = await select<AddressRow>(db, 'SELECT * FROM address WHERE address IN (?)', addresses);
    for (const r of rows) {
      s.addresses.load(r.address, {
        address: r.address,
        index: r.index,
        walletId: r.wallet_id,
        transactions: r.transactions,
        seqnum: r.seqnum,
      });
    }
    for (const a of addresses) s.addresses.load(a, null);
    // Address rows are always read: the wallet API's wallet load assigns them to wallets.
    const unknown = cache.balances.serve(s.balances, addresses, (a) => ownerKey('address', a));
    if (unknown.length) {
      const balances = await select<AddressBalanceRow>(db, 'SELECT * FROM address_balance FORCE INDEX (PRIMARY) WHERE address IN (?)', unknown);
      for (const r of balances) s.balances.load(balanceKey('address', r.address, r.token_id), toBalance(r));
      for (const a of unknown) s.balances.markGroupLoaded(ownerKey('address', a));
    }
  }

  const histories = ids('addressHistory', (r) => r.address);
  if (histories.length) {
    const rows = await select<Pick<AddressTxHistoryRow, 'address' | 'tx_id' | 'token_id' | 'balance' | 'timestamp'>>(
      db,
      'SELECT address, tx_id, token_id, balance, timestamp FROM address_tx_history WHERE address IN (?) AND voided = FALSE',
      histories,
    );
    for (const r of rows) {
      s.history.load(historyRowKey('address', r.address, r.token_id, r.tx_id), toHistory(r));
    }
    for (const a of histories) s.history.markGroupLoaded(ownerKey('address', a));
  }

  const wallets = ids('wallet', (r) => r.walletId);
  if (wallets.length) {
    const rows = await select<WalletRow & { max_index: number | null }>(
      db,
      'SELECT w.*, (SELECT MAX(a.`index`) FROM address a WHERE a.wallet_id = w.id) AS max_index FROM wallet w WHERE w.id IN (?)',
      wallets,
    );
    for (const r of rows) {
      s.wallets.load(r.id, {
        id: r.id,
        xpubkey: r.xpubkey,
        status: r.status,
        maxGap: r.max_gap,
        lastUsedAddressIndex: r.last_used_address_index,
        maxAddressIndex: r.max_index === null ? null : Number(r.max_index),
      });
    }
    for (const w of wallets) s.wallets.load(w, null);
    const balances = await select<WalletBalanceRow>(db, 'SELECT * FROM wallet_balance WHERE wallet_id IN (?)', wallets);
    for (const r of balances) s.balances.load(balanceKey('wallet', r.wallet_id, r.token_id), toBalance(r));
    for (const w of wallets) s.balances.markGroupLoaded(ownerKey('wallet', w));
  }

  const walletHistory = [...new Map(requestsOf(requests, 'walletHistory').map((r) => [`${r.walletId}|${r.token}|${r.txId}`, r])).values()];
  if (walletHistory.length) {
    const keys = walletHistory.map((r) => [r.walletId, r.token, r.txId]);
    const rows: Pick<WalletTxHistoryRow, 'wallet_id' | 'token_id' | 'tx_id' | 'balance' | 'timestamp'>[] = [];
    await forKeyChunks(['wallet_id', 'token_id', 'tx_id'], keys, async (m) =>
      rows.push(...(await selectRows<(typeof rows)[number]>(db, `SELECT wallet_id, token_id, tx_id, balance, timestamp FROM wallet_tx_history WHERE ${m.sql}`, m.values))),
    );
    for (const r of rows) {
      s.history.load(historyRowKey('wallet', r.wallet_id, r.token_id, r.tx_id), toHistory(r));
    }
    for (const r of walletHistory) s.history.load(historyRowKey('wallet', r.walletId, r.token, r.txId), null);
  }

  const tokens = cache.tokens.serve(s.tokens, ids('token', (r) => r.tokenId));
  if (tokens.length) {
    const rows = await select<TokenRow>(db, 'SELECT id, name, symbol, version, transactions FROM token WHERE id IN (?)', tokens);
    for (const r of rows) s.tokens.load(r.id, { ...r });
    for (const t of tokens) s.tokens.load(t, null);
  }

  const creationTxs = cache.creations.serve(s.creations, ids('tokenCreations', (r) => r.txId));
  if (creationTxs.length) {
    const rows = await select<TokenCreationRow>(db, 'SELECT token_id, tx_id, first_block FROM token_creation WHERE tx_id IN (?)', creationTxs);
    for (const r of rows) {
      s.creations.load(creationKey(r.tx_id, r.token_id), { tokenId: r.token_id, txId: r.tx_id, firstBlock: r.first_block });
    }
    for (const t of creationTxs) s.creations.markGroupLoaded(t);
  }

  const miners = cache.miners.serve(s.miners, ids('miner', (r) => r.address));
  if (miners.length) {
    const rows = await select<MinerRow>(db, 'SELECT * FROM miner WHERE address IN (?)', miners);
    for (const r of rows) {
      s.miners.load(r.address, { address: r.address, firstBlock: r.first_block, lastBlock: r.last_block, count: Number(r.count) });
    }
    for (const m of miners) s.miners.load(m, null);
  }
}
