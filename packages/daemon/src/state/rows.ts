/**
 * In-memory forms of the rows the data side reads and writes (amounts as bigint, flags as booleans).
 * The working set holds these; apply/ turns them back into SQL rows.
 */
export interface TxState {
  txId: string;
  timestamp: number;
  version: number;
  voided: boolean;
  height: number | null;
  weight: number | null;
  firstBlock: string | null;
}

export interface OutputState {
  /**
   * tx_output.id, a decimal string: as read, or given by the flush to a new row (apply/outputIds.ts).
   * Null until then. A hint for addressing the row, never its identity: (txId, index) is.
   */
  id: string | null;
  txId: string;
  index: number;
  token: string;
  address: string;
  value: bigint;
  authorities: number;
  timelock: number | null;
  heightlock: number | null;
  locked: boolean;
  spentBy: string | null;
  voided: boolean;
  /** As read; never written back (the wallet API owns them; apply/flush.ts only keeps or clears them). */
  txProposal: string | null;
  txProposalIndex: number | null;
}

export interface AddressState {
  address: string;
  index: number | null;
  walletId: string | null;
  transactions: number;
  seqnum: number;
}

/** address_balance / wallet_balance. Authorities and timelock_expires are recomputed in SQL when dirty. */
export interface BalanceState {
  unlocked: bigint;
  locked: bigint;
  totalReceived: bigint;
  transactions: number;
  unlockedAuthorities: number;
  lockedAuthorities: number;
  timelockExpires: number | null;
}

export interface HistoryState {
  balance: bigint;
  timestamp: number;
}

export interface WalletState {
  id: string;
  xpubkey: string;
  status: 'creating' | 'ready' | 'error';
  maxGap: number;
  lastUsedAddressIndex: number;
  /** Highest `index` among the wallet's address rows (null: none yet). */
  maxAddressIndex: number | null;
}

export interface TokenState {
  id: string;
  name: string;
  symbol: string;
  version: number;
  transactions: number;
}

export interface TokenCreationState {
  tokenId: string;
  txId: string;
  firstBlock: string | null;
}

export interface MinerState {
  address: string;
  firstBlock: string;
  lastBlock: string;
  count: number;
}

export type Scope = 'address' | 'wallet';

export const zeroBalance = (): BalanceState => ({
  unlocked: 0n,
  locked: 0n,
  totalReceived: 0n,
  transactions: 0,
  unlockedAuthorities: 0,
  lockedAuthorities: 0,
  timelockExpires: null,
});

export const outputKey = (txId: string, index: number) => `${txId}:${index}`;
export const pairKey = (owner: string, token: string) => `${owner}|${token}`;
export const historyKey = (owner: string, token: string, txId: string) => `${owner}|${token}|${txId}`;

export function splitPair(key: string): [string, string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
}
