/**
 * Ground truth: the final state a correct consumer must reach after processing a whole event stream.
 * Written by the generator (from its own model of the DAG) and derived independently by the checker (from
 * the stream's final metadata); both must agree. It is a superset of the recorded fixtures'
 * `.expected.json` files, with one deliberate difference: `unaddressed_utxos` is the list of those outputs
 * (the fixtures only carry their count).
 *
 * Amounts are `bigint` in memory and plain JSON integers on disk (they may exceed 2^53): write with
 * `stringifyJson` and read back with `parseTruth` (or `parseJson` + your own bigint conversion).
 *
 * Definitions (same as the fixtures' README "Oracle", plus the generator extras):
 * - A vertex is voided when its final `voided_by` is non-empty; a removed vertex (last word VERTEX_REMOVED)
 *   is neither in `vertices` nor anywhere else except `removed`.
 * - An output is spent when a non-voided, non-removed transaction spends it.
 * - `utxos`: unspent outputs of non-voided vertices whose script decodes to an address; block outputs carry
 *   `block_height`, `reward_unlock_height = block_height + reward_spend_min_blocks` and
 *   `reward_locked = best height < reward_unlock_height`. Outputs with `decoded: {}` go to
 *   `unaddressed_utxos` and belong to no balance.
 * - An output is locked when it is reward-locked or its timelock is in the future. Generated timelocks are
 *   either < 1,700,000,000 (long expired) or between 3,000,000,000 and 4,000,000,000 (far future), so this
 *   never depends on the wall clock.
 * - `balances[address][token]`: sums over the address's non-authority utxos of that token (an entry exists
 *   only when there is at least one such utxo). `total = unlocked + locked`.
 * - `authorities[address][token]`: authority utxos (token_data bit 0x80; `value` is the mask, mint 1,
 *   melt 2): count, OR of all masks, and the OR split by lock state (an entry exists only when there is at
 *   least one authority utxo).
 * - `address_tx_ids[address]`: sorted hashes of the non-voided vertices (blocks included) that touch the
 *   address through an output, a spent input, or as the `nc_address` of a nano header.
 */

export type Amount = bigint;

export interface TruthVertex {
  kind: 'block' | 'tx';
  version: number;
  height: number;
  first_block: string | null;
  voided_by: string[];
  conflict_with: string[];
  twins: string[];
  nc_execution: string | null;
  /** id of the last NEW_VERTEX_ACCEPTED / VERTEX_METADATA_CHANGED carrying this vertex's metadata */
  last_event_id: number;
}

export interface TruthUtxo {
  tx_id: string;
  index: number;
  /** amount, or the authority mask when `authority` is true */
  value: Amount;
  /** token uid ('00' = HTR) */
  token: string;
  token_data: number;
  authority: boolean;
  /** null only in `unaddressed_utxos` */
  address: string | null;
  timelock: number | null;
  /** base64 script bytes as the node sends them */
  script: string;
  from_block: boolean;
  /** present when from_block */
  block_height?: number;
  /** present when from_block */
  reward_unlock_height?: number;
  reward_locked: boolean;
}

export interface TruthBalance {
  total: Amount;
  unlocked: Amount;
  locked: Amount;
  /** number of non-authority utxos */
  utxos: number;
}

export interface TruthAuthority {
  /** number of authority utxos */
  utxos: number;
  /** OR of all authority masks (mint 1, melt 2) */
  mask: number;
  /** generator extra: OR of the masks of unlocked / locked authority utxos */
  unlocked_mask?: number;
  locked_mask?: number;
}

/**
 * Generator extra: a custom token that stands at the end. A token-creation tx's token (uid = tx hash)
 * exists while that tx is present and not voided, whether or not the node announced it (it sends no
 * TOKEN_CREATED for load-phase vertices; the version is then taken as 1). A nano-created token (TOKEN_CREATED
 * with nc_exec_info) exists while its tx is present, not voided, and finally executed ('success') in the
 * block of the last TOKEN_CREATED for the uid.
 */
export interface TruthToken {
  name: string;
  symbol: string;
  /** TOKEN_CREATED token_version: 1 deposit-based, 2 fee-based */
  version: number;
  /**
   * non-voided, non-removed vertices (blocks included) that have an output of the token whose script
   * decodes to an address, or that spend such an output (a consumer stores no row for `decoded: {}`)
   */
  transactions: number;
}

export interface TruthWalletBalance {
  unlocked: Amount;
  locked: Amount;
}

export interface TruthWalletAuthority {
  unlocked_mask: number;
  locked_mask: number;
}

/** Generator extra: per registered wallet, the aggregate over the addresses it owns. */
export interface TruthWallet {
  xpubkey: string;
  auth_xpubkey: string;
  max_gap: number;
  /** per token; only tokens with a non-zero unlocked or locked amount */
  balances: Record<string, TruthWalletBalance>;
  /** per token; only tokens with at least one authority utxo */
  authorities: Record<string, TruthWalletAuthority>;
  /** sorted union of `address_tx_ids` of the wallet's addresses */
  tx_ids: string[];
}

/** A wallet a consumer must register (status 'ready') before syncing the stream. */
export interface SetupWallet {
  /** sha256d(xpubkey) hex, as the wallet service computes it */
  id: string;
  /** account-level xpub (m/44'/280'/0'); addresses are child 0 (external chain) / child index */
  xpubkey: string;
  /** m/280'/280' */
  auth_xpubkey: string;
  max_gap: number;
  /** indices 0..max_gap-1 */
  addresses: Array<{ address: string; index: number }>;
}

export interface Truth {
  scenario: string;
  reward_spend_min_blocks: number;
  /** number of events in the stream */
  events: number;
  last_event_id: number;
  best_block: { hash: string; height: number };
  /** number of entries in `vertices` */
  vertex_count: number;
  /** sorted hashes of voided (non-removed) vertices */
  voided: string[];
  /** sorted hashes of removed vertices */
  removed: string[];
  vertices: Record<string, TruthVertex>;
  /** sorted by (tx_id, index) */
  utxos: TruthUtxo[];
  /** sorted by (tx_id, index) */
  unaddressed_utxos: TruthUtxo[];
  balances: Record<string, Record<string, TruthBalance>>;
  authorities: Record<string, Record<string, TruthAuthority>>;
  address_tx_ids: Record<string, string[]>;
  /** generator extra: custom tokens by uid (HTR is not listed) */
  tokens?: Record<string, TruthToken>;
  /** generator extra: present when the scenario registers wallets */
  wallets?: Record<string, TruthWallet>;
  setup?: { wallets: SetupWallet[] };
}

const toAmount = (v: unknown, where: string): Amount => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new Error(`truth: ${where} must be an integer amount, got ${String(v)}`);
};

/** Turns parsed truth JSON (numbers or bigints from parseJson) into a Truth with bigint amounts. */
export function normalizeTruth(parsed: unknown): Truth {
  if (typeof parsed !== 'object' || parsed === null) throw new Error('truth: expected a JSON object');
  const t = parsed as Truth;
  const utxo = (u: TruthUtxo, i: number, list: string): TruthUtxo => ({ ...u, value: toAmount(u.value, `${list}[${i}].value`) });
  const balances: Truth['balances'] = {};
  for (const [address, perToken] of Object.entries(t.balances ?? {})) {
    balances[address] = {};
    for (const [token, b] of Object.entries(perToken)) {
      const where = `balances.${address}.${token}`;
      balances[address][token] = {
        ...b,
        total: toAmount(b.total, `${where}.total`),
        unlocked: toAmount(b.unlocked, `${where}.unlocked`),
        locked: toAmount(b.locked, `${where}.locked`),
      };
    }
  }
  let wallets: Truth['wallets'];
  if (t.wallets) {
    wallets = {};
    for (const [id, w] of Object.entries(t.wallets)) {
      const wb: Record<string, TruthWalletBalance> = {};
      for (const [token, b] of Object.entries(w.balances)) {
        wb[token] = { unlocked: toAmount(b.unlocked, `wallets.${id}.${token}.unlocked`), locked: toAmount(b.locked, `wallets.${id}.${token}.locked`) };
      }
      wallets[id] = { ...w, balances: wb };
    }
  }
  return {
    ...t,
    utxos: (t.utxos ?? []).map((u, i) => utxo(u, i, 'utxos')),
    unaddressed_utxos: Array.isArray(t.unaddressed_utxos) ? t.unaddressed_utxos.map((u, i) => utxo(u, i, 'unaddressed_utxos')) : [],
    balances,
    ...(wallets ? { wallets } : {}),
  };
}
