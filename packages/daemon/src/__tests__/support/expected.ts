import { readFileSync } from 'fs';
import { parseJson } from '@wallet-service/common';
import type { DbSnapshot } from './dump';

/** The parts of an `.expected.json` (fixture oracle or generator truth) that a database can be held to. */
export interface Expected {
  voided: string[];
  removed: string[];
  utxos: { tx_id: string; index: number; value: number | bigint; token: string; address: string | null; authority?: boolean }[];
  balances: Record<string, Record<string, { unlocked: number | bigint; locked: number | bigint }>>;
  authorities: Record<string, Record<string, { mask: number; unlocked_mask?: number; locked_mask?: number }>>;
  address_tx_ids: Record<string, string[]>;
  tokens?: Record<string, { name: string; symbol: string; version: number; transactions: number }>;
  wallets?: Record<
    string,
    {
      balances: Record<string, { unlocked: number | bigint; locked: number | bigint }>;
      authorities: Record<string, { unlocked_mask: number; locked_mask: number }>;
      tx_ids: string[];
    }
  >;
}

export function readExpectedFile(path: string): Expected {
  return parseJson(readFileSync(path, 'utf8')) as Expected;
}

/** Human-readable differences between the database and the expected state (empty when they agree). */
export function compareWithExpected(db: DbSnapshot, exp: Expected): string[] {
  const diffs: string[] = [];
  const sorted = (a: string[]) => [...a].sort();
  if (JSON.stringify(sorted(db.voided)) !== JSON.stringify(sorted(exp.voided))) {
    diffs.push(`voided: db ${JSON.stringify(db.voided)} expected ${JSON.stringify(sorted(exp.voided))}`);
  }
  for (const id of exp.removed) if (db.txIds.includes(id)) diffs.push(`removed vertex ${id} is still stored`);
  const key = (u: { tx_id: string; index: number }) => `${u.tx_id}:${u.index}`;
  const expUtxos = new Map(exp.utxos.filter((u) => u.address !== null).map((u) => [key(u), u]));
  const dbUtxos = new Map(db.utxos.map((u) => [key(u), u]));
  for (const [k, u] of expUtxos) {
    const d = dbUtxos.get(k);
    if (!d) diffs.push(`utxo ${k} missing`);
    else if (d.address !== u.address || d.token !== u.token || (!u.authority && d.value !== BigInt(u.value))) {
      diffs.push(`utxo ${k}: db ${d.address} ${d.token} ${d.value} expected ${u.address} ${u.token} ${u.value}`);
    }
  }
  for (const k of dbUtxos.keys()) if (!expUtxos.has(k)) diffs.push(`utxo ${k} should not be unspent`);
  const addresses = new Set([...Object.keys(exp.balances), ...Object.keys(db.balances)]);
  for (const a of addresses) {
    const tokens = new Set([...Object.keys(exp.balances[a] ?? {}), ...Object.keys(db.balances[a] ?? {})]);
    for (const t of tokens) {
      const e = exp.balances[a]?.[t] ?? { unlocked: 0, locked: 0 };
      const d = db.balances[a]?.[t] ?? { unlocked: 0n, locked: 0n };
      if (d.unlocked !== BigInt(e.unlocked) || d.locked !== BigInt(e.locked)) {
        diffs.push(`balance ${a} ${t}: db ${d.unlocked}/${d.locked} expected ${e.unlocked}/${e.locked} (unlocked/locked)`);
      }
    }
  }
  const authAddresses = new Set([...Object.keys(exp.authorities ?? {}), ...Object.keys(db.authorities)]);
  for (const a of authAddresses) {
    const tokens = new Set([...Object.keys(exp.authorities?.[a] ?? {}), ...Object.keys(db.authorities[a] ?? {})]);
    for (const t of tokens) {
      const e = exp.authorities?.[a]?.[t];
      const d = db.authorities[a]?.[t] ?? { unlocked: 0, locked: 0 };
      const unlocked = e ? (e.unlocked_mask ?? e.mask) : 0;
      const locked = e ? (e.locked_mask ?? 0) : 0;
      if (d.unlocked !== unlocked || d.locked !== locked) {
        diffs.push(`authorities ${a} ${t}: db ${d.unlocked}/${d.locked} expected ${unlocked}/${locked}`);
      }
    }
  }
  const histAddresses = new Set([...Object.keys(exp.address_tx_ids), ...Object.keys(db.addressTxIds)]);
  for (const a of histAddresses) {
    const e = JSON.stringify(sorted(exp.address_tx_ids[a] ?? []));
    const d = JSON.stringify(sorted(db.addressTxIds[a] ?? []));
    if (e !== d) diffs.push(`history ${a}: db ${d} expected ${e}`);
  }
  return diffs;
}

/** Custom tokens and registered wallets, for generated streams whose truth lists them. */
export function compareExtras(db: DbSnapshot, exp: Expected): string[] {
  const diffs: string[] = [];
  if (exp.tokens) {
    const ids = new Set([...Object.keys(exp.tokens), ...Object.keys(db.tokens)]);
    for (const id of ids) {
      const e = exp.tokens[id];
      const d = db.tokens[id];
      if (JSON.stringify(e ?? null) !== JSON.stringify(d ?? null)) {
        diffs.push(`token ${id}: db ${JSON.stringify(d ?? null)} expected ${JSON.stringify(e ?? null)}`);
      }
    }
  }
  for (const [id, e] of Object.entries(exp.wallets ?? {})) {
    const d = db.wallets[id] ?? { balances: {}, authorities: {}, txIds: [] };
    const tokens = new Set([...Object.keys(e.balances), ...Object.keys(d.balances)]);
    for (const t of tokens) {
      const eb = e.balances[t] ?? { unlocked: 0, locked: 0 };
      const db_ = d.balances[t] ?? { unlocked: 0n, locked: 0n };
      if (db_.unlocked !== BigInt(eb.unlocked) || db_.locked !== BigInt(eb.locked)) {
        diffs.push(`wallet ${id} ${t}: db ${db_.unlocked}/${db_.locked} expected ${eb.unlocked}/${eb.locked}`);
      }
    }
    const authTokens = new Set([...Object.keys(e.authorities), ...Object.keys(d.authorities)]);
    for (const t of authTokens) {
      const ea = e.authorities[t] ?? { unlocked_mask: 0, locked_mask: 0 };
      const da = d.authorities[t] ?? { unlocked: 0, locked: 0 };
      if (da.unlocked !== ea.unlocked_mask || da.locked !== ea.locked_mask) {
        diffs.push(`wallet ${id} authorities ${t}: db ${da.unlocked}/${da.locked} expected ${ea.unlocked_mask}/${ea.locked_mask}`);
      }
    }
    if (JSON.stringify([...d.txIds].sort()) !== JSON.stringify([...e.tx_ids].sort())) {
      diffs.push(`wallet ${id} history: db ${d.txIds.length} txs, expected ${e.tx_ids.length}`);
    }
  }
  return diffs;
}
