import type { TruthAuthority, TruthBalance, TruthToken } from '../truth/types';
import type { FinalState, FinalVertex } from './final-state';
import { inputToken, outputToken, type CheckedUtxo } from './utxos';

type PerAddressToken<T> = Record<string, Record<string, T>>;

function slot<T>(map: PerAddressToken<T>, address: string, token: string, make: () => T): T {
  const perToken = (map[address] ??= {});
  return (perToken[token] ??= make());
}

/** Step 5 of the oracle: balances of non-authority UTXOs, authority masks of authority UTXOs. */
export function sumUtxos(utxos: CheckedUtxo[]): {
  balances: PerAddressToken<TruthBalance>;
  authorities: PerAddressToken<TruthAuthority>;
} {
  const balances: PerAddressToken<TruthBalance> = {};
  const authorities: PerAddressToken<TruthAuthority> = {};
  for (const u of utxos) {
    const address = u.output.address;
    if (address === null) continue;
    if (u.authority) {
      const a = slot(authorities, address, u.token, () => ({ utxos: 0, mask: 0, unlocked_mask: 0, locked_mask: 0 }));
      // masks are small (mint 1, melt 2); anything wider than 32 bits would be a broken stream anyway
      const mask = Number(u.output.value & 0xffffffffn);
      a.utxos += 1;
      a.mask |= mask;
      if (u.locked) a.locked_mask = (a.locked_mask ?? 0) | mask;
      else a.unlocked_mask = (a.unlocked_mask ?? 0) | mask;
      continue;
    }
    const b = slot(balances, address, u.token, () => ({ total: 0n, unlocked: 0n, locked: 0n, utxos: 0 }));
    b.total += u.output.value;
    if (u.locked) b.locked += u.output.value;
    else b.unlocked += u.output.value;
    b.utxos += 1;
  }
  return { balances, authorities };
}

/**
 * Addresses a vertex touches: its outputs' addresses, the addresses of the outputs its inputs spend, and
 * the `nc_address` of its nano headers (the caller of a nano method is involved in the tx).
 */
export function touchedAddresses(v: FinalVertex): Set<string> {
  const touched = new Set<string>();
  for (const o of v.vertex.outputs) if (o.address !== null) touched.add(o.address);
  for (const i of v.vertex.inputs) if (i.spentOutput.address !== null) touched.add(i.spentOutput.address);
  for (const a of v.vertex.ncAddresses) touched.add(a);
  return touched;
}

/** address -> sorted ids of the non-voided, present vertices touching it. */
export function addressTxIds(live: FinalVertex[]): Record<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const v of live) {
    for (const address of touchedAddresses(v)) {
      const list = byAddress.get(address);
      if (list) list.push(v.vertex.hash);
      else byAddress.set(address, [v.vertex.hash]);
    }
  }
  const out: Record<string, string[]> = {};
  for (const address of [...byAddress.keys()].sort()) out[address] = byAddress.get(address)!.sort();
  return out;
}

/**
 * Tokens whose creation stands at the end. The creating vertex (nc_exec_info.nc_tx, else the token uid)
 * must be present and non-voided; a nano-created token also needs that vertex's final execution to be
 * 'success' with first_block equal to the block that executed it when TOKEN_CREATED was emitted (a
 * re-execution elsewhere emits a new TOKEN_CREATED, and the last one per uid is what `foldStream` keeps).
 *
 * `transactions` counts the present, non-voided vertices (blocks included) with at least one output of the
 * token whose script decodes, or at least one input spending such an output. Outputs with `decoded: {}`
 * have no address, so a consumer stores no row for them and cannot count them, on either side; this is
 * the count the HTR seed computes from the database. Authority outputs and inputs count like any other.
 */
export function standingTokens(state: FinalState, live: FinalVertex[]): Record<string, TruthToken> {
  const tokens: Record<string, TruthToken> = {};
  for (const c of state.tokenCreations.values()) {
    const creator = state.vertices.get(c.ncExecInfo?.ncTx ?? c.tokenUid);
    if (!creator || creator.metadata.voidedBy.length > 0) continue;
    if (c.ncExecInfo && (creator.metadata.ncExecution !== 'success' || creator.metadata.firstBlock !== c.ncExecInfo.ncBlock)) continue;
    tokens[c.tokenUid] = { name: c.name, symbol: c.symbol, version: c.version, transactions: 0 };
  }
  // A token-creation tx defines its token in its own data: the token exists while the tx stands, even
  // when the node emitted no TOKEN_CREATED for it (load phase). Without that event the version is unknown
  // and taken as 1 (deposit-based).
  for (const v of live) {
    const { hash, version, tokenName, tokenSymbol } = v.vertex;
    if (version === 2 && tokenName !== null && tokenSymbol !== null && !tokens[hash]) {
      tokens[hash] = { name: tokenName, symbol: tokenSymbol, version: 1, transactions: 0 };
    }
  }
  for (const v of live) {
    const seen = new Set<string>();
    for (const o of v.vertex.outputs) if (o.decodedType !== null) seen.add(outputToken(v, o));
    for (const i of v.vertex.inputs) {
      if (i.spentOutput.decodedType !== null) seen.add(inputToken(state, v, i.txId, i.spentOutput.tokenData));
    }
    for (const token of seen) if (tokens[token]) tokens[token].transactions += 1;
  }
  return tokens;
}
