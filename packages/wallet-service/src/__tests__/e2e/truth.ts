import { FullNodeEvent, HTR_UID, parseJson, TOKEN_AUTHORITY_MASK, TOKEN_INDEX_MASK, type TxData, type TxOutput } from '@wallet-service/common';
import type { Generated, Truth, TruthUtxo } from 'fullnode-simulator';
import { expectedAddresses } from '../support/scenario';

/**
 * What one wallet must see, from the generator alone: its truth (balances, authorities, tx ids), the
 * unspent outputs of its addresses, and — for what the truth does not itemise (each transaction's
 * balance, timestamp and version, nano seqnums) — the vertices the generator put in the stream.
 */
export interface WalletView {
  id: string;
  xpubkey: string;
  truth: Truth;
  balances: Record<string, { unlocked: bigint; locked: bigint }>;
  authorities: Record<string, { unlocked_mask: number; locked_mask: number }>;
  txIds: string[];
  /** Indices 0 .. last used + gap, with each address's transaction count. */
  addresses: { address: string; index: number; transactions: number }[];
  indexOf: Map<string, number>;
  /** Unspent outputs paying the wallet (value and authority outputs). */
  utxos: TruthUtxo[];
}

export function walletView(truth: Truth, id: string): WalletView {
  const w = truth.wallets?.[id];
  if (!w) throw new Error(`the truth has no wallet ${id}`);
  const addresses = expectedAddresses(truth, w);
  const indexOf = new Map(addresses.map((a) => [a.address, a.index]));
  return {
    id,
    xpubkey: w.xpubkey,
    truth,
    balances: w.balances,
    authorities: w.authorities,
    txIds: w.tx_ids,
    addresses,
    indexOf,
    utxos: truth.utxos.filter((u) => u.address !== null && indexOf.has(u.address)),
  };
}

/** Locked as the truth defines it (its timelocks are either long past or far ahead of any clock). */
export const isLockedUtxo = (u: TruthUtxo) => u.reward_locked || (u.timelock !== null && u.timelock > Date.now() / 1000);

/** Every vertex body of the stream by hash (bodies never change; only metadata does). */
export function vertexBodies(g: Generated): Map<string, TxData> {
  const bodies = new Map<string, TxData>();
  for (const text of g.stream.events) {
    if (!text.includes('"NEW_VERTEX_ACCEPTED"')) continue;
    const event = FullNodeEvent.parse(parseJson(text));
    if (event.type === 'NEW_VERTEX_ACCEPTED') bodies.set(event.data.hash, event.data);
  }
  return bodies;
}

function tokenOf(tx: TxData, output: TxOutput): string {
  const slot = output.token_data & TOKEN_INDEX_MASK;
  if (slot === 0) return HTR_UID;
  const uid = tx.tokens[slot - 1];
  if (!uid) throw new Error(`${tx.hash}: token_data ${output.token_data} names no token`);
  return uid;
}

export interface TxEffect {
  timestamp: number;
  version: number;
  /** Per token the tx touches at the wallet's addresses: the change of its value outputs (authorities move none). */
  balances: Map<string, bigint>;
}

/**
 * How a transaction changes a wallet: outputs to its addresses minus the outputs it spends from them, per
 * token. A token touched only through authority outputs shows with 0; a tx that touches the wallet only
 * through a nano header's caller address counts under HTR with 0.
 */
export function txEffect(bodies: Map<string, TxData>, txId: string, mine: ReadonlySet<string>): TxEffect {
  const tx = bodies.get(txId);
  if (!tx) throw new Error(`no vertex ${txId} in the stream`);
  const balances = new Map<string, bigint>();
  const add = (token: string, output: TxOutput, sign: 1n | -1n) => {
    const authority = (output.token_data & TOKEN_AUTHORITY_MASK) !== 0;
    balances.set(token, (balances.get(token) ?? 0n) + (authority ? 0n : sign * output.value));
  };
  for (const o of tx.outputs) if (o.decoded?.address && mine.has(o.decoded.address)) add(tokenOf(tx, o), o, 1n);
  for (const input of tx.inputs) {
    const spent = input.spent_output;
    if (!spent.decoded?.address || !mine.has(spent.decoded.address)) continue;
    const source = bodies.get(input.tx_id);
    if (!source) throw new Error(`${txId} spends ${input.tx_id}, which is not in the stream`);
    add(tokenOf(source, source.outputs[input.index]), spent, -1n);
  }
  if (balances.size === 0 && (tx.headers ?? []).some((h) => h.nc_address !== undefined && mine.has(h.nc_address))) balances.set(HTR_UID, 0n);
  return { timestamp: tx.timestamp, version: tx.version, balances };
}

/** The highest nano seqnum an address used as a caller in a standing (non-voided) transaction. */
export function seqnumOf(bodies: Map<string, TxData>, truth: Truth, address: string): number {
  let seqnum = 0;
  for (const [hash, tx] of bodies) {
    const v = truth.vertices[hash];
    if (!v || v.voided_by.length > 0) continue;
    for (const h of tx.headers ?? []) if (h.nc_address === address && h.nc_seqnum !== undefined) seqnum = Math.max(seqnum, h.nc_seqnum);
  }
  return seqnum;
}

/** Voided vertices that pay or spend one of the wallet's addresses (the API must not know them). */
export function voidedTouching(bodies: Map<string, TxData>, truth: Truth, mine: ReadonlySet<string>): string[] {
  return truth.voided.filter((hash) => {
    const tx = bodies.get(hash);
    return !!tx && (tx.outputs.some((o) => o.decoded?.address && mine.has(o.decoded.address)) || tx.inputs.some((i) => i.spent_output.decoded?.address && mine.has(i.spent_output.decoded.address)));
  });
}

export const toText = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
