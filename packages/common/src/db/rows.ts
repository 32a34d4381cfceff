/**
 * Row shapes of the shared schema (db/migrations), as mysql2 returns them with bigNumberStrings: BIGINT
 * columns arrive as strings and are converted with `toBigInt`; booleans arrive as 0/1.
 */
export type Bool = 0 | 1;

export interface TransactionRow {
  tx_id: string;
  timestamp: number;
  version: number;
  voided: Bool;
  height: number | null;
  weight: number | null;
  first_block: string | null;
}

export interface TxOutputRow {
  /** Sequential key (BIGINT, a decimal string): rows are addressed by it once known. */
  id: string;
  tx_id: string;
  index: number;
  token_id: string;
  address: string;
  value: string;
  authorities: number | null;
  timelock: number | null;
  heightlock: number | null;
  locked: Bool;
  tx_proposal: string | null;
  tx_proposal_index: number | null;
  spent_by: string | null;
  voided: Bool;
}

export interface AddressRow {
  address: string;
  index: number | null;
  wallet_id: string | null;
  transactions: number;
  seqnum: number;
}

export interface BalanceColumns {
  unlocked_balance: string;
  locked_balance: string;
  unlocked_authorities: number;
  locked_authorities: number;
  timelock_expires: number | null;
  transactions: number;
  total_received: string;
}

export interface AddressBalanceRow extends BalanceColumns {
  address: string;
  token_id: string;
}

export interface WalletBalanceRow extends BalanceColumns {
  wallet_id: string;
  token_id: string;
}

export interface AddressTxHistoryRow {
  address: string;
  tx_id: string;
  token_id: string;
  balance: string;
  timestamp: number;
  voided: Bool;
}

export interface WalletTxHistoryRow {
  wallet_id: string;
  token_id: string;
  tx_id: string;
  balance: string;
  timestamp: number;
  voided: Bool;
}

export type WalletStatus = 'creating' | 'ready' | 'error';

export interface WalletRow {
  id: string;
  xpubkey: string;
  status: WalletStatus;
  max_gap: number;
  created_at: number;
  ready_at: number | null;
  retry_count: number;
  auth_xpubkey: string;
  last_used_address_index: number;
}

export interface TokenRow {
  id: string;
  name: string;
  symbol: string;
  transactions: number;
  version: number;
}

export interface TokenCreationRow {
  token_id: string;
  tx_id: string;
  first_block: string | null;
}

export interface MinerRow {
  address: string;
  first_block: string;
  last_block: string;
  count: string;
}

export interface SyncMetadataRow {
  id: number;
  last_event_id: number;
  stream_id: string | null;
  peer_id: string | null;
  network: string | null;
}

export function toBigInt(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(value);
}
