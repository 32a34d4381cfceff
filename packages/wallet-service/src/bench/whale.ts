import { createHash } from 'crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { base58CheckEncode, HTR_UID, receivingAddressDeriver } from '@wallet-service/common';
import { walletIdOf } from '../auth/signature';

/**
 * A whale wallet's chain, as rows the daemon would have written for it before the wallet existed
 * (addresses seen on chain, no owner yet): `txs` transactions paying `addresses` receiving addresses of
 * one xpub round-robin, every other transaction also spending an older output of the wallet, a custom
 * token (created by tx 0, with mint/melt authorities) moving in every tenth, a far-future timelock every
 * thousandth, and a change output to one of a few outside addresses. Everything is a pure function of
 * the sizes, so two runs build the same database and the daemon's `verify` can audit it.
 */
export interface WhaleSizes {
  txs: number;
  addresses: number;
}

export interface WhaleKeys {
  xpubkey: string;
  walletId: string;
}

export interface WhaleRows {
  keys: WhaleKeys;
  tokenId: string;
  transactions: unknown[][];
  outputs: unknown[][];
  addressHistory: unknown[][];
  addresses: unknown[][];
  addressBalances: unknown[][];
  tokenTransactions: Map<string, number>;
  /** The wallet's receiving addresses, by index (what its load derives). */
  walletAddresses: string[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest();
const T0 = 1_700_000_000;
const FAR_FUTURE = 4_000_000_000;
const OUTSIDE_ADDRESSES = 200;
/** How far back (in txs) an output is when it is spent: far enough that every address has both kinds. */
const SPEND_DISTANCE = 2_500;

/** An account-level xpub (depth 3, m/44'/280'/0') from a fixed label: the same wallet on every run. */
export function whaleKeys(label: string): WhaleKeys {
  const pub = Buffer.from(secp256k1.getPublicKey(sha256(`${label}:key`), true));
  const payload = Buffer.alloc(78);
  payload.writeUInt32BE(0x0488b21e, 0);
  payload[4] = 3;
  payload.writeUInt32BE(0x80000000, 9);
  sha256(`${label}:chain`).copy(payload, 13);
  pub.copy(payload, 45);
  const xpubkey = base58CheckEncode(payload);
  return { xpubkey, walletId: walletIdOf(xpubkey) };
}

interface Output {
  txId: string;
  index: number;
  token: string;
  address: string;
  value: bigint;
  authorities: number;
  timelock: number | null;
  spentBy: string | null;
}

interface Balance {
  unlocked: bigint;
  locked: bigint;
  received: bigint;
  ua: number;
  la: number;
  timelock: number | null;
  txs: number;
}

export function buildWhale(sizes: WhaleSizes, label = 'bench-whale'): WhaleRows {
  const keys = whaleKeys(label);
  const derive = receivingAddressDeriver(keys.xpubkey, 'mainnet');
  const wallet = Array.from({ length: sizes.addresses }, (_, i) => derive(i));
  const outsideDerive = receivingAddressDeriver(whaleKeys(`${label}:outside`).xpubkey, 'mainnet');
  const outside = Array.from({ length: OUTSIDE_ADDRESSES }, (_, i) => outsideDerive(i));
  const txId = (i: number) => sha256(`${label}:tx:${i}`).toString('hex');
  const tokenId = txId(0);

  const transactions: unknown[][] = [];
  const outputs: Output[] = [];
  const firstOutput: Output[] = [];
  for (let i = 0; i < sizes.txs; i++) {
    const id = txId(i);
    transactions.push([id, T0 + i * 30, i === 0 ? 2 : 1, 0, null, 17.5, null]);
    const locked = i % 1000 === 999;
    const out: Output[] = [
      { txId: id, index: 0, token: HTR_UID, address: wallet[i % sizes.addresses], value: BigInt(1000 + ((i * 7919) % 100_000)), authorities: 0, timelock: locked ? FAR_FUTURE : null, spentBy: null },
      { txId: id, index: 1, token: HTR_UID, address: outside[i % OUTSIDE_ADDRESSES], value: 1n, authorities: 0, timelock: null, spentBy: null },
    ];
    if (i % 10 === 0) out.push({ txId: id, index: out.length, token: tokenId, address: wallet[(i * 3) % sizes.addresses], value: BigInt(100 + (i % 50)), authorities: 0, timelock: null, spentBy: null });
    if (i === 0) out.push({ txId: id, index: out.length, token: tokenId, address: wallet[0], value: 0n, authorities: 3, timelock: null, spentBy: null });
    const spent = i >= SPEND_DISTANCE && i % 2 === 0 ? firstOutput[i - SPEND_DISTANCE] : undefined;
    if (spent && spent.timelock === null) spent.spentBy = id;
    firstOutput.push(out[0]);
    outputs.push(...out);
  }
  return { keys, tokenId, transactions, walletAddresses: wallet, ...aggregates(outputs, new Map(transactions.map((t) => [t[0] as string, t[1] as number]))) };
}

/** History, balances and counts from the outputs, with the definitions of the daemon's `verify`. */
function aggregates(outputs: Output[], timestamps: Map<string, number>) {
  const moves = new Map<string, bigint>();
  const move = (address: string, tx: string, token: string, amount: bigint) => {
    const key = `${address}|${tx}|${token}`;
    moves.set(key, (moves.get(key) ?? 0n) + amount);
  };
  const balances = new Map<string, Balance>();
  const tokenTxs = new Map<string, Set<string>>();
  for (const o of outputs) {
    move(o.address, o.txId, o.token, o.value);
    if (o.spentBy) move(o.address, o.spentBy, o.token, -o.value);
    for (const tx of o.spentBy ? [o.txId, o.spentBy] : [o.txId]) {
      const set = tokenTxs.get(o.token) ?? new Set<string>();
      set.add(tx);
      tokenTxs.set(o.token, set);
    }
    const key = `${o.address}|${o.token}`;
    const b = balances.get(key) ?? { unlocked: 0n, locked: 0n, received: 0n, ua: 0, la: 0, timelock: null, txs: 0 };
    b.received += o.value;
    if (o.spentBy === null) {
      if (o.timelock !== null) {
        b.locked += o.value;
        b.la |= o.authorities;
        b.timelock = b.timelock === null ? o.timelock : Math.min(b.timelock, o.timelock);
      } else {
        b.unlocked += o.value;
        b.ua |= o.authorities;
      }
    }
    balances.set(key, b);
  }
  const addressTxs = new Map<string, number>();
  const addressHistory: unknown[][] = [];
  for (const [key, amount] of moves) {
    const [address, tx, token] = key.split('|');
    addressHistory.push([address, tx, token, amount.toString(), timestamps.get(tx), 0]);
    const b = balances.get(`${address}|${token}`)!;
    b.txs++;
  }
  for (const key of new Set([...moves.keys()].map((k) => k.split('|').slice(0, 2).join('|')))) {
    const address = key.split('|')[0];
    addressTxs.set(address, (addressTxs.get(address) ?? 0) + 1);
  }
  return {
    outputs: outputs.map((o) => [o.txId, o.index, o.token, o.address, o.value.toString(), o.authorities, o.timelock, null, o.timelock !== null ? 1 : 0, null, null, o.spentBy, 0]),
    addressHistory,
    addresses: [...addressTxs].map(([address, n]) => [address, null, null, n, 0]),
    addressBalances: [...balances].map(([key, b]) => {
      const [address, token] = key.split('|');
      return [address, token, b.unlocked.toString(), b.locked.toString(), b.ua, b.la, b.timelock, b.txs, b.received.toString()];
    }),
    tokenTransactions: new Map([...tokenTxs].map(([token, set]) => [token, set.size])),
  };
}
