import { executeWrite, selectOne, type Queryable, type WalletRow, type WalletStatus } from '@wallet-service/common';
import { ApiError } from '../http/errors';

/** The wallet aggregate: its row, its status machine (creating → ready | error → creating …). */
export async function findWallet(db: Queryable, id: string, forUpdate = false): Promise<WalletRow | null> {
  return selectOne<WalletRow>(db, `SELECT * FROM wallet WHERE id = ?${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
}

/**
 * The wallet gate: 404 when the wallet does not exist; with `ready`, 400 wallet-not-ready until its
 * load has finished. The gate reads `status` — the API we replace read `ready_at`, which a failed load
 * also sets, and so served the half-built tables of errored wallets.
 */
export async function requireWallet(db: Queryable, id: string, gate: 'exists' | 'ready'): Promise<WalletRow> {
  const wallet = await findWallet(db, id);
  if (!wallet) throw new ApiError('wallet-not-found', { message: `no wallet ${id}` });
  if (gate === 'ready' && wallet.status !== 'ready') {
    throw new ApiError('wallet-not-ready', { status: wallet.status, message: `the wallet is ${wallet.status}, not ready` });
  }
  return wallet;
}

export interface NewWallet {
  id: string;
  xpubkey: string;
  authXpubkey: string;
  maxGap: number;
  now: number;
}

/** Inserts a wallet in `creating`; false when a concurrent request inserted it first. */
export async function insertWallet(db: Queryable, w: NewWallet): Promise<boolean> {
  const r = await executeWrite(
    db,
    "INSERT IGNORE INTO wallet (id, xpubkey, auth_xpubkey, status, max_gap, created_at, last_used_address_index, retry_count) VALUES (?, ?, ?, 'creating', ?, ?, -1, 0)",
    [w.id, w.xpubkey, w.authXpubkey, w.maxGap, w.now],
  );
  return r.affectedRows === 1;
}

/** error → creating, for one retry; only the request whose update changed the row starts the load. */
export async function retryErroredWallet(db: Queryable, id: string, maxRetries: number): Promise<boolean> {
  const r = await executeWrite(
    db,
    "UPDATE wallet SET status = 'creating', ready_at = NULL WHERE id = ? AND status = 'error' AND retry_count < ?",
    [id, maxRetries],
  );
  return r.affectedRows === 1;
}

/** A failed load or invoke: error, one more retry counted; never demotes a wallet that became ready. */
export async function markLoadFailed(db: Queryable, id: string, now: number): Promise<void> {
  await executeWrite(
    db,
    "UPDATE wallet SET status = 'error', ready_at = ?, retry_count = retry_count + 1 WHERE id = ? AND status IN ('creating', 'error')",
    [now, id],
  );
}

/** A load that crashed: error with no retries left (a ready wallet is never demoted). */
export async function pinLoadFailed(db: Queryable, id: string, maxRetries: number, now: number): Promise<void> {
  await executeWrite(
    db,
    "UPDATE wallet SET status = 'error', ready_at = ?, retry_count = ? WHERE id = ? AND status IN ('creating', 'error')",
    [now, maxRetries, id],
  );
}

export async function setAuthXpub(db: Queryable, id: string, authXpubkey: string): Promise<void> {
  await executeWrite(db, 'UPDATE wallet SET auth_xpubkey = ? WHERE id = ?', [authXpubkey, id]);
}

export async function markReady(db: Queryable, id: string, lastUsedIndex: number, now: number): Promise<void> {
  await executeWrite(
    db,
    "UPDATE wallet SET status = 'ready', ready_at = ?, retry_count = 0, last_used_address_index = GREATEST(last_used_address_index, ?) WHERE id = ?",
    [now, lastUsedIndex, id],
  );
}

export type { WalletStatus };
