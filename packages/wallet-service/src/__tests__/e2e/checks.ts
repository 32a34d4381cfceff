import type { GetHistoryObject } from '@hathor/wallet-lib';
import { HTR_UID, type TxData } from '@wallet-service/common';
import type { TruthUtxo } from 'fullnode-simulator';
import type { RemoteWallet } from './client';
import { isLockedUtxo, txEffect, type WalletView } from './truth';

/**
 * One check per client method: the method is called on the real client and what it returns must equal
 * what the generator says the wallet holds. Each returns nothing but fails with a readable diff.
 */
const outpoint = (txId: string, index: number) => `${txId}:${index}`;
const maskOf = (m: number) => ({ mint: (m & 1) !== 0, melt: (m & 2) !== 0 });

function tokenInfo(view: WalletView, uid: string) {
  if (uid === HTR_UID) return { id: HTR_UID, name: 'Hathor', symbol: 'HTR', version: 0 };
  const t = view.truth.tokens?.[uid];
  if (!t) throw new Error(`token ${uid} is not in the truth`);
  return { id: uid, name: t.name, symbol: t.symbol, version: t.version };
}

/** Every token the wallet has history in (by the stream), HTR first as the API lists it. */
export function tokensOf(view: WalletView, bodies: Map<string, TxData>): string[] {
  const mine = new Set(view.indexOf.keys());
  const tokens = new Set<string>();
  for (const txId of view.txIds) for (const t of txEffect(bodies, txId, mine).balances.keys()) tokens.add(t);
  return [...tokens].sort();
}

/** getBalance() and getBalance(token): amounts, authorities and token info per token; tx counts returned. */
export async function checkBalances(w: RemoteWallet, view: WalletView): Promise<Map<string, number>> {
  const entries = await w.call('getBalance');
  const amounts = Object.fromEntries(
    entries.filter((e) => e.balance.unlocked !== 0n || e.balance.locked !== 0n).map((e) => [e.token.id, { unlocked: e.balance.unlocked, locked: e.balance.locked }]),
  );
  expect(amounts).toEqual(view.balances);
  for (const e of entries) {
    const a = view.authorities[e.token.id] ?? { unlocked_mask: 0, locked_mask: 0 };
    // When the next timelock of the token's outputs (value or authority) expires; heights have no time.
    const timelocks = view.utxos.filter((u) => u.token === e.token.id && u.timelock !== null && u.timelock > Date.now() / 1000).map((u) => u.timelock as number);
    expect({ token: e.token, authorities: e.tokenAuthorities, lockExpires: e.lockExpires }).toEqual({
      token: tokenInfo(view, e.token.id),
      authorities: { unlocked: maskOf(a.unlocked_mask), locked: maskOf(a.locked_mask) },
      lockExpires: timelocks.length > 0 ? Math.min(...timelocks) : null,
    });
    const one = await w.call('getBalance', e.token.id);
    expect(one).toEqual([e]);
  }
  for (const uid of Object.keys(view.authorities)) expect(entries.map((e) => e.token.id)).toContain(uid);
  expect(await w.call('getBalance', 'ab'.repeat(32))).toEqual([]);
  return new Map(entries.map((e) => [e.token.id, e.transactions]));
}

/**
 * getTokens() and getTxHistory({token_id, count, skip}) page by page: per token, exactly the wallet's
 * transactions touching it, newest first, each with the balance, timestamp and version of the stream's
 * vertex; the balances sum to the token's total; together they are the truth's tx ids.
 */
export async function checkHistory(w: RemoteWallet, view: WalletView, bodies: Map<string, TxData>, counts: Map<string, number>, pageSize: number): Promise<void> {
  const mine = new Set(view.indexOf.keys());
  const tokens = tokensOf(view, bodies);
  expect([...(await w.call('getTokens'))].sort()).toEqual(tokens);
  const seen = new Set<string>();
  let pages = 0;
  for (const token of tokens) {
    const paged: GetHistoryObject[] = [];
    for (let skip = 0; ; skip += pageSize) {
      const page = await w.call('getTxHistory', { token_id: token, count: pageSize, skip });
      expect(page.length).toBeLessThanOrEqual(pageSize);
      if (page.length === 0) break;
      paged.push(...page);
      pages++;
    }
    const expected = view.txIds
      .map((txId) => ({ txId, effect: txEffect(bodies, txId, mine) }))
      .filter(({ effect }) => effect.balances.has(token))
      .map(({ txId, effect }) => ({ txId, balance: effect.balances.get(token), timestamp: effect.timestamp, voided: false, version: effect.version }));
    const byId = (a: { txId: string }, b: { txId: string }) => (a.txId < b.txId ? -1 : 1);
    expect({ token, history: [...paged].sort(byId) }).toEqual({ token, history: expected.sort(byId) });
    expect(paged.every((h, i) => i === 0 || paged[i - 1].timestamp >= h.timestamp)).toBe(true);
    const total = (view.balances[token]?.unlocked ?? 0n) + (view.balances[token]?.locked ?? 0n);
    expect({ token, sum: paged.reduce((s, h) => s + h.balance, 0n) }).toEqual({ token, sum: total });
    expect({ token, transactions: counts.get(token) }).toEqual({ token, transactions: paged.length });
    paged.forEach((h) => seen.add(h.txId));
  }
  expect([...seen].sort()).toEqual(view.txIds);
  expect(pages).toBeGreaterThan(tokens.length);
  // Without options the client asks for the API's default: HTR, newest first.
  const plain = await w.call('getTxHistory');
  const firstHtr = await w.call('getTxHistory', { token_id: HTR_UID, count: plain.length, skip: 0 });
  expect(plain).toEqual(firstHtr);
}

/**
 * getAllAddresses(): the wallet's addresses 0 .. last used + gap, each with its transaction count;
 * getAddressAtIndex(i) one of them; hasTxOutsideFirstAddress() whether any but #0 was used.
 */
export async function checkAllAddresses(w: RemoteWallet, view: WalletView): Promise<void> {
  const listed = await w.call('getAllAddresses');
  expect(listed.map(({ address, index, transactions }) => ({ address, index, transactions }))).toEqual(view.addresses);
  const last = view.addresses[view.addresses.length - 1];
  expect(await w.call('getAddressAtIndex', last.index)).toBe(last.address);
  expect(await w.call('hasTxOutsideFirstAddress')).toBe(view.addresses.some((a) => a.index > 0 && a.transactions > 0));
}

/** getCurrentAddress(): what start() cached from addresses/new — the first unused address after the last used. */
export async function checkCurrentAddress(w: RemoteWallet, view: WalletView): Promise<void> {
  const lastUsed = Math.max(-1, ...view.addresses.filter((a) => a.transactions > 0).map((a) => a.index));
  const next = view.addresses[lastUsed + 1];
  expect(await w.call('getCurrentAddress')).toEqual({ address: next.address, index: next.index, addressPath: `m/44'/280'/0'/0/${next.index}` });
}

const unlockedValueUtxos = (view: WalletView, token: string): TruthUtxo[] =>
  view.utxos.filter((u) => u.token === token && !u.authority && !isLockedUtxo(u)).sort((a, b) => (a.value === b.value ? 0 : a.value > b.value ? -1 : 1));

/**
 * getUtxos(): per token, the wallet's unspent, unlocked value outputs (the client asks with
 * ignoreLocked=true), with totals; authority outputs by mask; by address; capped by max_utxos.
 */
export async function checkUtxos(w: RemoteWallet, view: WalletView, tokens: string[], bodies: Map<string, TxData>): Promise<void> {
  for (const token of tokens) {
    // only_available_utxos: false drops skipSpent: every unlocked value output the wallet ever received
    // in a standing transaction, spent or not.
    const received = await w.call('getUtxos', { token, only_available_utxos: false });
    expect({ token, received: received.utxos.map((u) => `${outpoint(u.tx_id, u.index)}=${u.amount}`).sort() }).toEqual({ token, received: receivedOutputs(view, bodies, token).sort() });
    const want = unlockedValueUtxos(view, token);
    const got = token === HTR_UID ? await w.call('getUtxos') : await w.call('getUtxos', { token });
    const shape = (u: TruthUtxo) => ({ tx_id: u.tx_id, index: u.index, address: u.address, amount: u.value, locked: false });
    expect({ token, utxos: [...got.utxos].sort((a, b) => outpoint(a.tx_id, a.index).localeCompare(outpoint(b.tx_id, b.index))) }).toEqual({
      token,
      utxos: want.map(shape).sort((a, b) => outpoint(a.tx_id, a.index).localeCompare(outpoint(b.tx_id, b.index))),
    });
    expect(got.total_amount_available).toBe(view.balances[token]?.unlocked ?? 0n);
    expect(got.total_utxos_available).toBe(BigInt(want.length));
    if (want.length > 1) {
      const capped = await w.call('getUtxos', { token, max_utxos: 1 });
      expect(capped.utxos.map((u) => u.amount)).toEqual([want[0].value]);
      const address = want[0].address as string;
      const atAddress = await w.call('getUtxos', { token, filter_address: address });
      expect(atAddress.utxos.map((u) => outpoint(u.tx_id, u.index)).sort()).toEqual(want.filter((u) => u.address === address).map((u) => outpoint(u.tx_id, u.index)).sort());
    }
    if (want.length > 2 && want[0].value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      // (the lib takes these bounds as numbers)
      // Exclusive bounds, as the lib's own full-node wallet filters.
      const [top, bottom] = [want[0].value, want[want.length - 1].value];
      const between = await w.call('getUtxos', { token, amount_bigger_than: Number(bottom), amount_smaller_than: Number(top) });
      expect(between.utxos.map((u) => u.amount).sort()).toEqual(want.filter((u) => u.value > bottom && u.value < top).map((u) => u.value).sort());
    }
    for (const mask of [1, 2]) {
      // Authority outputs: getUtxos asks for unlocked ones; getMint/MeltAuthority ask with no lock filter.
      const all = view.utxos.filter((u) => u.token === token && u.authority && (Number(u.value) & mask) !== 0);
      const found = mask === 1 ? await w.call('getMintAuthority', token, { many: true }) : await w.call('getMeltAuthority', token, { many: true });
      const byOutpoint = (a: { txId: string; index: number }, b: { txId: string; index: number }) => outpoint(a.txId, a.index).localeCompare(outpoint(b.txId, b.index));
      expect({ token, mask, found: found.map((u) => ({ txId: u.txId, index: u.index, address: u.address, authorities: BigInt(u.authorities) })).sort(byOutpoint) }).toEqual({
        token,
        mask,
        found: all.map((u) => ({ txId: u.tx_id, index: u.index, address: u.address, authorities: u.value })).sort(byOutpoint),
      });
      const held = await w.call('getUtxos', { token, authorities: mask });
      const authorities = view.utxos.filter((u) => u.token === token && u.authority && (Number(u.value) & mask) !== 0 && !isLockedUtxo(u));
      expect({ token, mask, held: held.utxos.map((u) => outpoint(u.tx_id, u.index)).sort() }).toEqual({ token, mask, held: authorities.map((u) => outpoint(u.tx_id, u.index)).sort() });
    }
  }
}

/** `txId:index=value` of the unlocked value outputs of `token` paying the wallet in standing vertices. */
function receivedOutputs(view: WalletView, bodies: Map<string, TxData>, token: string): string[] {
  const { truth } = view;
  const out: string[] = [];
  for (const [hash, tx] of bodies) {
    const v = truth.vertices[hash];
    if (!v || v.voided_by.length > 0) continue;
    const rewardLocked = v.kind === 'block' && truth.best_block.height < v.height + truth.reward_spend_min_blocks;
    tx.outputs.forEach((o, index) => {
      const slot = o.token_data & 0x7f;
      const uid = slot === 0 ? HTR_UID : tx.tokens[slot - 1];
      const timelocked = o.decoded?.timelock != null && o.decoded.timelock > Date.now() / 1000;
      if (uid !== token || (o.token_data & 0x80) !== 0 || !o.decoded?.address || !view.indexOf.has(o.decoded.address) || rewardLocked || timelocked) return;
      out.push(`${outpoint(hash, index)}=${o.value}`);
    });
  }
  return out;
}

/** A tx_outputs entry as the client parses it, for one of the wallet's unspent outputs. */
function outputEntry(view: WalletView, u: TruthUtxo) {
  return {
    txId: u.tx_id,
    index: u.index,
    tokenId: u.token,
    address: u.address,
    value: u.value,
    authorities: u.authority ? u.value : 0n,
    timelock: u.timelock,
    heightlock: u.from_block ? u.reward_unlock_height : null,
    locked: isLockedUtxo(u),
    addressPath: `m/44'/280'/0'/0/${view.indexOf.get(u.address as string)}`,
  };
}

/**
 * getUtxoFromId(txId, index) — how a send with chosen inputs looks each one up: the entry of an unspent
 * output of the wallet (locked ones too: the lookup has no lock filter), null for a spent one and for
 * one of another wallet (the client then names the bad input).
 */
export async function checkUtxoFromId(w: RemoteWallet, view: WalletView, other: WalletView, bodies: Map<string, TxData>): Promise<void> {
  const unlocked = view.utxos.find((u) => !isLockedUtxo(u));
  const locked = view.utxos.find((u) => isLockedUtxo(u));
  for (const u of [unlocked, locked]) {
    if (!u) throw new Error('the wallet needs an unlocked and a locked output here');
    expect(await w.call('getUtxoFromId', u.tx_id, u.index)).toEqual(outputEntry(view, u));
  }
  const unspent = new Set(view.utxos.map((u) => outpoint(u.tx_id, u.index)));
  const spent = [...bodies].flatMap(([hash, tx]) =>
    view.truth.vertices[hash]?.voided_by.length === 0
      ? tx.outputs.flatMap((o, index) => (o.decoded?.address && view.indexOf.has(o.decoded.address) && !unspent.has(outpoint(hash, index)) ? [{ hash, index }] : []))
      : [],
  );
  expect(spent.length).toBeGreaterThan(0);
  expect(await w.call('getUtxoFromId', spent[0].hash, spent[0].index)).toBeNull();
  const theirs = other.utxos[0];
  expect(await w.call('getUtxoFromId', theirs.tx_id, theirs.index)).toBeNull();
}

/**
 * getUtxosForAmount(): the full output entries (lock fields, signing path) for the whole unlocked
 * balance, the single smallest covering output for 1, and insufficient funds beyond the balance.
 */
export async function checkUtxosForAmount(w: RemoteWallet, view: WalletView, tokens: string[]): Promise<void> {
  for (const token of tokens) {
    const want = unlockedValueUtxos(view, token);
    const total = view.balances[token]?.unlocked ?? 0n;
    if (total === 0n) {
      await expect(w.call('getUtxosForAmount', 1n, { token })).rejects.toMatchObject({ kind: 'UtxoError' });
      continue;
    }
    const all = await w.call('getUtxosForAmount', total, { token });
    expect(all.changeAmount).toBe(0n);
    const entry = (u: TruthUtxo) => outputEntry(view, u);
    const key = (u: { txId: string; index: number }) => outpoint(u.txId, u.index);
    expect([...all.utxos].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(want.map(entry).sort((a, b) => key(a).localeCompare(key(b))));
    const one = await w.call('getUtxosForAmount', 1n, { token });
    const smallest = want[want.length - 1];
    expect(one).toEqual({ utxos: [entry(smallest)], changeAmount: smallest.value - 1n });
    await expect(w.call('getUtxosForAmount', total + 1n, { token })).rejects.toMatchObject({ kind: 'UtxoError' });
  }
}

/** getTokenDetails(uid): info from the truth; supply, authorities and tx count over every address. */
export async function checkTokenDetails(w: RemoteWallet, view: WalletView): Promise<void> {
  const tokens = Object.entries(view.truth.tokens ?? {});
  expect(tokens.length).toBeGreaterThan(0);
  for (const [uid, t] of tokens) {
    const supply = view.truth.utxos.filter((u) => u.token === uid && !u.authority).reduce((s, u) => s + u.value, 0n);
    const masks = view.truth.utxos.filter((u) => u.token === uid && u.authority).reduce((m, u) => m | Number(u.value), 0);
    expect(await w.call('getTokenDetails', uid)).toEqual({ tokenInfo: tokenInfo(view, uid), totalSupply: supply, totalTransactions: t.transactions, authorities: maskOf(masks) });
  }
  await expect(w.call('getTokenDetails', 'ab'.repeat(32))).rejects.toMatchObject({ kind: 'WalletRequestError' });
}

/** getTxById(id): one entry per token the wallet moved, as in the stream; a voided tx is not found. */
export async function checkTxById(w: RemoteWallet, view: WalletView, bodies: Map<string, TxData>, voided: string[]): Promise<void> {
  const mine = new Set(view.indexOf.keys());
  for (const txId of view.txIds) {
    const { txTokens } = await w.call('getTxById', txId);
    const effect = txEffect(bodies, txId, mine);
    const tx = bodies.get(txId) as TxData;
    const expected = [...effect.balances].map(([token, balance]) => {
      const info = tokenInfo(view, token);
      return { txId, timestamp: tx.timestamp, version: tx.version, voided: false, weight: tx.weight, balance, tokenId: token, tokenName: info.name, tokenSymbol: info.symbol };
    });
    const byToken = (a: { tokenId: string }, b: { tokenId: string }) => a.tokenId.localeCompare(b.tokenId);
    expect([...txTokens].map(({ height: _height, ...rest }) => rest).sort(byToken)).toEqual(expected.sort(byToken));
    const vertex = view.truth.vertices[txId];
    if (vertex.kind === 'block') expect({ txId, heights: txTokens.map((t) => t.height) }).toEqual({ txId, heights: txTokens.map(() => vertex.height) });
  }
  expect(voided.length).toBeGreaterThan(0);
  for (const txId of voided) await expect(w.call('getTxById', txId)).rejects.toMatchObject({ kind: 'TxNotFoundError' });
}

/** checkAddressesMine(): true exactly for the wallet's own addresses (the caller holds a full token). */
export async function checkAddressesMine(w: RemoteWallet, view: WalletView, others: string[]): Promise<void> {
  const own = [view.addresses[0], view.addresses[view.addresses.length - 1], ...view.addresses.filter((a) => a.transactions > 0)].map((a) => a.address);
  const answer = await w.call('checkAddressesMine', [...own, ...others]);
  expect(answer).toEqual(Object.fromEntries([...own.map((a) => [a, true]), ...others.map((a) => [a, false])]));
}

/** getAddressDetails(address): index, tx count and nano seqnum; an address of another wallet is refused. */
export async function checkAddressDetails(w: RemoteWallet, view: WalletView, seqnum: (address: string) => number, foreign: string): Promise<void> {
  const sample = [view.addresses[0], view.addresses[view.addresses.length - 1], ...view.addresses.filter((a) => a.transactions > 0)];
  for (const a of sample) expect(await w.call('getAddressDetails', a.address)).toEqual({ ...a, seqnum: seqnum(a.address) });
  await expect(w.call('getAddressDetails', foreign)).rejects.toMatchObject({ kind: 'WalletRequestError' });
}
