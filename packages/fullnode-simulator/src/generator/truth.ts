import type {
  Truth,
  TruthAuthority,
  TruthBalance,
  TruthToken,
  TruthUtxo,
  TruthVertex,
  TruthWallet,
  TruthWalletAuthority,
  TruthWalletBalance,
} from '../truth/types';
import { isVoided, type Vertex } from './model';
import { FUTURE_TIMELOCK_MIN } from './pool';
import type { Sim } from './sim';
import { setupWallet } from './wallets';

/** Any instant between the expired and the far-future timelocks the generator uses. */
const TRUTH_NOW = FUTURE_TIMELOCK_MIN - 1;

function sortedRecord<T>(entries: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of [...entries.keys()].sort()) out[key] = entries.get(key) as T;
  return out;
}

function nested<T>(outer: Map<string, Map<string, T>>): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const key of [...outer.keys()].sort()) out[key] = sortedRecord(outer.get(key) as Map<string, T>);
  return out;
}

function entry<T>(outer: Map<string, Map<string, T>>, a: string, b: string, make: () => T): T {
  let inner = outer.get(a);
  if (!inner) outer.set(a, (inner = new Map()));
  let value = inner.get(b);
  if (value === undefined) inner.set(b, (value = make()));
  return value;
}

const present = (v: Vertex): boolean => !v.removed && !isVoided(v);

/** The final state a consumer must reach, computed from the generator's model (never from the events). */
export function computeTruth(sim: Sim): Truth {
  const { dag } = sim;
  const n = dag.rewardSpendMinBlocks;
  const best = dag.bestBlock;
  const all = [...dag.vertices.values()].sort((a, b) => a.seq - b.seq);
  const vertices = new Map<string, TruthVertex>();
  const utxos: TruthUtxo[] = [];
  const unaddressed: TruthUtxo[] = [];
  const balances = new Map<string, Map<string, TruthBalance>>();
  const authorities = new Map<string, Map<string, TruthAuthority>>();
  const txIds = new Map<string, Set<string>>();
  const tokenTxs = new Map<string, number>();
  const touch = (address: string | null, hash: string) => {
    if (address === null) return;
    let set = txIds.get(address);
    if (!set) txIds.set(address, (set = new Set()));
    set.add(hash);
  };

  for (const v of all) {
    if (v.removed) continue;
    vertices.set(v.hash, {
      kind: v.isBlock ? 'block' : 'tx',
      version: v.version,
      height: v.height,
      first_block: v.firstBlock,
      voided_by: [...v.voidedBy],
      conflict_with: [...v.conflictWith],
      twins: [...v.twins],
      nc_execution: v.ncExecution,
      last_event_id: v.lastEventId,
    });
    if (isVoided(v)) continue;
    const tokens = new Set<string>();
    v.outputs.forEach((o, index) => {
      touch(o.script.address, v.hash);
      if (o.script.address !== null) tokens.add(o.token);
      const spent = (v.spentBy[index] ?? []).some((h) => present(dag.get(h)));
      if (spent) return;
      const authority = (o.tokenData & 0x80) !== 0;
      const rewardLocked = v.isBlock && best.height < v.height + n;
      const utxo: TruthUtxo = {
        tx_id: v.hash,
        index,
        value: o.value,
        token: o.token,
        token_data: o.tokenData,
        authority,
        address: o.script.address,
        timelock: o.script.timelock,
        script: o.script.base64,
        from_block: v.isBlock,
        ...(v.isBlock ? { block_height: v.height, reward_unlock_height: v.height + n } : {}),
        reward_locked: rewardLocked,
      };
      if (o.script.address === null) {
        unaddressed.push(utxo);
        return;
      }
      utxos.push(utxo);
      const locked = rewardLocked || (o.script.timelock !== null && o.script.timelock > TRUTH_NOW);
      if (authority) {
        const a = entry(authorities, o.script.address, o.token, () => ({ utxos: 0, mask: 0, unlocked_mask: 0, locked_mask: 0 }));
        const mask = Number(o.value);
        a.utxos += 1;
        a.mask |= mask;
        if (locked) a.locked_mask = (a.locked_mask ?? 0) | mask;
        else a.unlocked_mask = (a.unlocked_mask ?? 0) | mask;
      } else {
        const b = entry(balances, o.script.address, o.token, () => ({ total: 0n, unlocked: 0n, locked: 0n, utxos: 0 }));
        b.total += o.value;
        if (locked) b.locked += o.value;
        else b.unlocked += o.value;
        b.utxos += 1;
      }
    });
    for (const ref of v.inputs) {
      const spent = dag.get(ref.txId).outputs[ref.index];
      touch(spent.script.address, v.hash);
      if (spent.script.address !== null) tokens.add(spent.token);
    }
    if (v.nano) touch(v.nano.header.address, v.hash);
    for (const t of tokens) tokenTxs.set(t, (tokenTxs.get(t) ?? 0) + 1);
  }

  const tokens = new Map<string, TruthToken>();
  for (const v of all) {
    if (!present(v)) continue;
    // The token exists while its creation tx stands, announced by TOKEN_CREATED or not (load phase: the
    // node emits none, and the version is then unknown to a consumer, taken as 1).
    if (v.version === 2 && v.tokenName !== null && v.tokenSymbol !== null) {
      const version = v.tokenAnnounced ? v.tokenVersion : 1;
      tokens.set(v.hash, { name: v.tokenName, symbol: v.tokenSymbol, version, transactions: tokenTxs.get(v.hash) ?? 0 });
    }
    if (v.nano && v.ncExecution === 'success') {
      v.nanoTokens.forEach((uid, i) => {
        const t = (v.nano as NonNullable<Vertex['nano']>).tokens[i];
        tokens.set(uid, { name: t.name, symbol: t.symbol, version: 1, transactions: tokenTxs.get(uid) ?? 0 });
      });
    }
  }

  const addressTxIds = new Map<string, string[]>();
  for (const [address, set] of txIds) addressTxIds.set(address, [...set].sort());
  const voided = all.filter((v) => !v.removed && isVoided(v)).map((v) => v.hash);
  const byOutpoint = (a: TruthUtxo, b: TruthUtxo) => (a.tx_id < b.tx_id ? -1 : a.tx_id > b.tx_id ? 1 : a.index - b.index);
  const truth: Truth = {
    scenario: sim.options.scenario,
    reward_spend_min_blocks: n,
    events: sim.emitter.count,
    last_event_id: sim.emitter.lastEventId,
    best_block: { hash: best.hash, height: best.height },
    vertex_count: vertices.size,
    voided: voided.sort(),
    removed: all.filter((v) => v.removed).map((v) => v.hash).sort(),
    vertices: Object.fromEntries(vertices),
    utxos: utxos.sort(byOutpoint),
    unaddressed_utxos: unaddressed.sort(byOutpoint),
    balances: nested(balances),
    authorities: nested(authorities),
    address_tx_ids: sortedRecord(addressTxIds),
    tokens: sortedRecord(tokens),
  };
  if (sim.wallets.length > 0) {
    truth.wallets = walletTruths(sim, truth);
    truth.setup = { wallets: sim.wallets.map(setupWallet) };
  }
  return truth;
}

function walletTruths(sim: Sim, truth: Truth): Record<string, TruthWallet> {
  const out = new Map<string, TruthWallet>();
  for (const w of sim.wallets) {
    const balances = new Map<string, TruthWalletBalance>();
    const auths = new Map<string, TruthWalletAuthority>();
    const txs = new Set<string>();
    // every address the generator used is derived already; the ones it did not use hold nothing
    for (const { base58: address } of w.addresses) {
      for (const [token, b] of Object.entries(truth.balances[address] ?? {})) {
        const acc = balances.get(token) ?? { unlocked: 0n, locked: 0n };
        balances.set(token, { unlocked: acc.unlocked + b.unlocked, locked: acc.locked + b.locked });
      }
      for (const [token, a] of Object.entries(truth.authorities[address] ?? {})) {
        const acc = auths.get(token) ?? { unlocked_mask: 0, locked_mask: 0 };
        auths.set(token, { unlocked_mask: acc.unlocked_mask | (a.unlocked_mask ?? 0), locked_mask: acc.locked_mask | (a.locked_mask ?? 0) });
      }
      for (const tx of truth.address_tx_ids[address] ?? []) txs.add(tx);
    }
    for (const [token, b] of balances) if (b.unlocked === 0n && b.locked === 0n) balances.delete(token);
    out.set(w.id, {
      xpubkey: w.known.xpubkey,
      auth_xpubkey: w.known.authXpubkey,
      max_gap: w.maxGap,
      balances: sortedRecord(balances),
      authorities: sortedRecord(auths),
      tx_ids: [...txs].sort(),
    });
  }
  return sortedRecord(out);
}
