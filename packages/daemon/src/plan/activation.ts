import { HTR_UID, TOKEN_VERSION_DEPOSIT } from '@wallet-service/common';
import { outputKey, pairKey, splitPair, type OutputState } from '../state/rows';
import { creationKey, type State } from '../state/state';
import { readAll } from '../state/view';
import { extendWallets } from './gapLimit';
import { putHistory, putOutput, readyWalletOf } from './ledger';
import { updateMiner } from './miner';
import type { Rules } from './rules';
import type { Vertex } from './vertex';

/**
 * A vertex is either active (not voided: its outputs count, its inputs are spent by it, it has history
 * rows and is counted everywhere) or inactive (voided: stored, with voided outputs, nothing else).
 * `setActive` moves a stored vertex between the two; it is the one place that knows every effect, so
 * activation and deactivation are exact mirrors.
 */

/** Outputs a vertex spends that we store (outputs with undecodable scripts have no row). */
function spentRows(s: State, v: Vertex): OutputState[] {
  const rows = readAll(v.inputs.map((i) => () => s.outputs.get(outputKey(i.txId, i.index))));
  v.inputs.forEach((input, i) => {
    if (rows[i] === null && input.address !== null) s.unknownSpends.push({ spender: v.hash, txId: input.txId, index: input.index });
  });
  return rows.filter((r): r is OutputState => r !== null);
}

function ownRows(s: State, v: Vertex): OutputState[] {
  const rows = readAll(v.outputs.filter((o) => o.address !== null).map((o) => () => s.outputs.get(outputKey(v.hash, o.index))));
  return rows.filter((r): r is OutputState => r !== null);
}

/**
 * Net change per (address, token) the vertex makes: what it pays the address minus what it spends from
 * it. A nano caller whose address moves nothing still gets a zero HTR entry, so its history shows the call.
 */
export function addressEffects(v: Vertex, own: OutputState[], spent: OutputState[]): Map<string, bigint> {
  const map = new Map<string, bigint>();
  const add = (address: string, token: string, amount: bigint) => {
    const k = pairKey(address, token);
    map.set(k, (map.get(k) ?? 0n) + amount);
  };
  for (const o of own) add(o.address, o.token, o.value);
  for (const o of spent) add(o.address, o.token, -o.value);
  for (const call of v.nano) {
    const touched = [...map.keys()].some((k) => splitPair(k)[0] === call.address);
    if (!touched) add(call.address, HTR_UID, 0n);
  }
  return map;
}

export function setActive(s: State, v: Vertex, active: boolean, rules: Rules): void {
  const tx = s.txs.get(v.hash);
  if (!tx) throw new Error(`vertex ${v.hash} is not stored`);
  if (!tx.voided === active) return;
  const own = ownRows(s, v);
  const spent = spentRows(s, v);
  const effects = addressEffects(v, own, spent);
  const addresses = new Set([...effects.keys()].map((k) => splitPair(k)[0]));
  // Everything the effects below read, fetched in one round trip.
  readAll([...addresses].map((a) => () => readyWalletOf(s, a)));
  readAll([...new Set([...own, ...spent].map((o) => o.token))].map((t) => () => s.tokens.get(t)));

  s.txs.set(v.hash, { ...tx, voided: !active });
  if (v.isBlock) {
    // Active blocks are exactly the best chain, so the best height is the highest active block.
    if (active) s.bestHeight = Math.max(s.bestHeight, tx.height ?? 0);
    else s.bestHeightStale = true;
  }
  for (const o of own) putOutput(s, o, { ...o, voided: !active });
  for (const o of spent) {
    if (active && o.spentBy !== v.hash) putOutput(s, o, { ...o, spentBy: v.hash });
    if (!active && o.spentBy === v.hash) putOutput(s, o, { ...o, spentBy: null });
  }

  const walletEffects = new Map<string, bigint>();
  for (const [key, amount] of effects) {
    const [address, token] = splitPair(key);
    putHistory(s, 'address', address, token, v.hash, active ? { balance: amount, timestamp: v.timestamp } : null);
    const wallet = readyWalletOf(s, address);
    if (wallet) {
      const wk = pairKey(wallet, token);
      walletEffects.set(wk, (walletEffects.get(wk) ?? 0n) + amount);
    }
  }
  for (const [key, amount] of walletEffects) {
    const [wallet, token] = splitPair(key);
    putHistory(s, 'wallet', wallet, token, v.hash, active ? { balance: amount, timestamp: v.timestamp } : null);
  }

  for (const address of addresses) {
    const row = s.addresses.get(address) ?? { address, index: null, walletId: null, transactions: 0, seqnum: 0 };
    const seqnum = active
      ? Math.max(row.seqnum, ...v.nano.filter((c) => c.address === address).map((c) => c.seqnum))
      : row.seqnum;
    s.addresses.set(address, { ...row, transactions: row.transactions + (active ? 1 : -1), seqnum });
  }

  countTokenTransactions(s, own, spent, active ? 1 : -1);
  if (active) createOwnToken(s, v);
  else deleteTokensCreatedBy(s, v.hash, () => true);
  if (v.isBlock) updateMiner(s, v, active);
  if (active) extendWallets(s, addresses, rules);
}

/** token.transactions: distinct tokens among the outputs a vertex creates or spends (stored rows only). */
function countTokenTransactions(s: State, own: OutputState[], spent: OutputState[], delta: number): void {
  for (const token of new Set([...own, ...spent].map((o) => o.token))) {
    if (s.newTokens.has(token)) continue; // counted from the data when the batch ends
    const row = s.tokens.get(token);
    if (row) s.tokens.set(token, { ...row, transactions: row.transactions + delta });
  }
}

/**
 * A token-creation tx defines its token (uid = tx hash) in its own data, so the token exists exactly
 * while the tx is active — including after an unvoid, when the node sends no new TOKEN_CREATED. The
 * TOKEN_CREATED event, when it comes, fills in the version.
 */
function createOwnToken(s: State, v: Vertex): void {
  if (v.version !== 2 || v.tokenName === null || v.tokenSymbol === null) return;
  if (!s.tokens.get(v.hash)) {
    s.tokens.set(v.hash, {
      id: v.hash,
      name: v.tokenName,
      symbol: v.tokenSymbol,
      version: TOKEN_VERSION_DEPOSIT,
      transactions: 0,
    });
    s.newTokens.add(v.hash);
  }
  s.creations.set(creationKey(v.hash, v.hash), { tokenId: v.hash, txId: v.hash, firstBlock: null });
}

export function deleteTokensCreatedBy(s: State, txId: string, which: (tokenId: string, firstBlock: string | null) => boolean): void {
  for (const key of s.creations.keysOf(txId)) {
    const creation = s.creations.get(key);
    if (!creation || !which(creation.tokenId, creation.firstBlock)) continue;
    s.creations.set(key, null);
    s.tokens.set(creation.tokenId, null);
    s.newTokens.delete(creation.tokenId);
  }
}
