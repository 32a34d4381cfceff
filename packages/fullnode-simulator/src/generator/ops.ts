import { type OutputRef, type Vertex, workOf } from './model';
import type { Address, ScriptInfo } from './scripts';
import type { OutDraft, Sim, TxDraft } from './sim';

/**
 * Transaction builders on top of Sim: funded transfers with change, and the token operations. They pick
 * spendable outputs from the pool and return null when the pool cannot fund the request.
 */

export const HTR = '00';

/** Deposit-based tokens lock 1% of the minted amount in HTR (rounded up); melting returns 1% (rounded down). */
export const depositFor = (amount: bigint): bigint => (amount + 99n) / 100n;
export const withdrawFor = (amount: bigint): bigint => amount / 100n;

export interface Gathered {
  inputs: OutputRef[];
  total: bigint;
}

/** Picks spendable outputs of `token` (at token index `slot`) until they cover `amount`. */
export function gather(sim: Sim, token: string, amount: bigint, slot: number, exclude = new Set<number>(), maxInputs = 6): Gathered | null {
  const inputs: OutputRef[] = [];
  let total = 0n;
  while (total < amount && inputs.length < maxInputs) {
    const ref = sim.pool.pick(sim.rng, token, slot, 'value', exclude);
    if (!ref) return null;
    exclude.add(sim.pool.key(ref));
    inputs.push(ref);
    total += sim.dag.get(ref.txId).outputs[ref.index].value;
  }
  return total >= amount ? { inputs, total } : null;
}

export interface TransferOptions extends Omit<TxDraft, 'inputs' | 'outputs'> {
  to: OutDraft[];
  /** inputs the tx must spend (authorities, specific outputs); the rest is gathered */
  inputs?: OutputRef[];
  /** extra HTR the inputs must cover beyond the HTR outputs (token deposits, fees) */
  htrExtra?: bigint;
  /** HTR the tx creates out of melted tokens (reduces what must be gathered) */
  htrCredit?: bigint;
  changeTo?: Address;
}

/** A tx paying `to`, funded from the pool per token, with change outputs; null when it cannot be funded. */
export function transfer(sim: Sim, opts: TransferOptions): Vertex | null {
  const { to, inputs: fixed = [], htrExtra = 0n, htrCredit = 0n, changeTo, ...draft } = opts;
  const inputs = [...fixed];
  const exclude = new Set(inputs.map((r) => sim.pool.key(r)));
  const have = new Map<string, bigint>();
  const customs: string[] = [];
  for (const ref of inputs) {
    const o = sim.dag.get(ref.txId).outputs[ref.index];
    if ((o.tokenData & 0x7f) !== 0) customs[(o.tokenData & 0x7f) - 1] = o.token;
    if ((o.tokenData & 0x80) === 0) have.set(o.token, (have.get(o.token) ?? 0n) + o.value);
  }
  const need = new Map<string, bigint>([[HTR, htrExtra - htrCredit]]);
  for (const d of to) {
    if (d.token !== HTR && !customs.includes(d.token) && d.token !== draft.hash) customs.push(d.token);
    if (!d.authority) need.set(d.token, (need.get(d.token) ?? 0n) + d.value);
  }
  const outputs = [...to];
  for (const [token, amount] of need) {
    if (token === draft.hash) continue; // a token being created is minted, not gathered
    let got = have.get(token) ?? 0n;
    if (got < amount) {
      const slot = token === HTR ? 0 : customs.indexOf(token) + 1;
      const g = gather(sim, token, amount - got, slot, exclude);
      if (!g) return null;
      inputs.push(...g.inputs);
      got += g.total;
    }
    if (got > amount) outputs.push(sim.out(changeTo ?? sim.address(), got - amount, { token }));
  }
  if (inputs.length === 0) return null;
  return sim.tx({ ...draft, inputs, outputs });
}

export interface CreateTokenOptions {
  name: string;
  symbol: string;
  amount: bigint;
  to: Address;
  /** 1: deposit-based (1% HTR deposit); 2: fee-based (no deposit, any supply) */
  version?: number;
  authoritiesTo?: Address | null;
  timelock?: number;
  weight?: number;
  parents?: Vertex[];
  /** outputs the creation must spend (the rest of the deposit is gathered) */
  inputs?: OutputRef[];
  /** a nano header makes it a hybrid token creation */
  nano?: TxDraft['nano'];
}

/** A token-creation tx (version 2): the supply, mint and melt authorities, HTR deposit and change. */
export function createToken(sim: Sim, o: CreateTokenOptions): Vertex | null {
  const hash = sim.dag.nextHash();
  const version = o.version ?? 1;
  const to = [sim.out(o.to, o.amount, { token: hash, timelock: o.timelock })];
  if (o.authoritiesTo !== null) {
    const holder = o.authoritiesTo ?? o.to;
    to.push(sim.out(holder, 1n, { token: hash, authority: true }), sim.out(holder, 2n, { token: hash, authority: true }));
  }
  return transfer(sim, {
    hash,
    version: 2,
    to,
    htrExtra: version === 1 ? depositFor(o.amount) : 1n,
    tokenName: o.name,
    tokenSymbol: o.symbol,
    tokenVersion: version,
    weight: o.weight,
    parents: o.parents,
    inputs: o.inputs,
    nano: o.nano,
  });
}

function authorityInput(sim: Sim, token: string, mask: bigint): OutputRef | null {
  for (let attempt = 0; attempt < 16; attempt++) {
    const ref = sim.pool.pick(sim.rng, token, 1, 'authority');
    if (!ref) return null;
    if (sim.dag.get(ref.txId).outputs[ref.index].value & mask) return ref;
  }
  return null;
}

/** Mints `amount` of a deposit-based token with a mint authority, which goes back to `authorityTo`. */
export function mint(sim: Sim, token: string, amount: bigint, to: Address, authorityTo: Address, tokenVersion = 1): Vertex | null {
  const auth = authorityInput(sim, token, 1n);
  if (!auth) return null;
  const mask = sim.dag.get(auth.txId).outputs[auth.index].value;
  return transfer(sim, {
    inputs: [auth],
    to: [sim.out(to, amount, { token }), sim.out(authorityTo, mask, { token, authority: true })],
    htrExtra: tokenVersion === 1 ? depositFor(amount) : 1n,
  });
}

/** Melts `amount` with a melt authority; a deposit-based token gives 1% back in HTR to `withdrawTo`. */
export function melt(sim: Sim, token: string, amount: bigint, withdrawTo: Address, tokenVersion = 1): Vertex | null {
  const auth = authorityInput(sim, token, 2n);
  if (!auth) return null;
  const mask = sim.dag.get(auth.txId).outputs[auth.index].value;
  const owned = gather(sim, token, amount, 1, new Set([sim.pool.key(auth)]));
  if (!owned) return null;
  const withdraw = tokenVersion === 1 ? withdrawFor(amount) : 0n;
  const to = [sim.out(withdrawTo, mask, { token, authority: true })];
  if (owned.total > amount) to.push(sim.out(withdrawTo, owned.total - amount, { token }));
  if (withdraw > 0n) to.push(sim.out(withdrawTo, withdraw));
  return sim.tx({ inputs: [auth, ...owned.inputs], outputs: to });
}

/** Moves an authority output to another holder (optionally a specific one, e.g. to double-spend it). */
export function moveAuthority(
  sim: Sim,
  token: string,
  mask: bigint,
  to: Address,
  opts: { input?: OutputRef; weight?: number; timelock?: number; parents?: Vertex[] } = {},
): Vertex | null {
  const auth = opts.input ?? authorityInput(sim, token, mask);
  if (!auth) return null;
  const value = sim.dag.get(auth.txId).outputs[auth.index].value;
  const outputs = [sim.out(to, value, { token, authority: true, timelock: opts.timelock })];
  return sim.tx({ inputs: [auth], outputs, weight: opts.weight, parents: opts.parents });
}

/** A twin: same inputs and outputs as `tx`, later and with another weight (the lighter one ends voided). */
export function twinOf(sim: Sim, tx: Vertex, weight: number): Vertex {
  // a token-creation twin would mint another token (its own hash), so it would not be a twin
  if (tx.tokenName !== null) throw new Error(`generator: cannot twin the token creation ${tx.hash}`);
  const outputs = tx.outputs.map((o) => ({ script: o.script, value: o.value, token: o.token, authority: (o.tokenData & 0x80) !== 0 }));
  return sim.tx({ inputs: [...tx.inputs], outputs, weight, version: tx.version, parents: sim.pickTxParents(fundsDescendants(sim, tx)) });
}

/** A rival of `tx` spending its first input to someone else; heavier than `tx` it wins while `tx` is unconfirmed. */
export function rivalOf(sim: Sim, tx: Vertex, weight: number, to: Address = sim.address()): Vertex | null {
  const ref = tx.inputs.find((r) => (sim.dag.get(r.txId).outputs[r.index].tokenData & 0x7f) <= 1);
  if (!ref) return null;
  const spent = sim.dag.get(ref.txId).outputs[ref.index];
  const authority = (spent.tokenData & 0x80) !== 0;
  return sim.tx({
    inputs: [ref],
    outputs: [sim.out(to, spent.value, { token: spent.token, authority })],
    weight,
    parents: sim.pickTxParents(fundsDescendants(sim, tx)),
  });
}

/** `tx` and every non-removed tx spending its outputs, transitively: what a lost conflict voids. */
export function fundsDescendants(sim: Sim, tx: Vertex): Set<string> {
  const out = new Set<string>();
  const queue = [tx];
  while (queue.length > 0) {
    const v = queue.pop() as Vertex;
    if (out.has(v.hash)) continue;
    out.add(v.hash);
    for (const list of v.spentBy) for (const h of list ?? []) if (!sim.dag.get(h).removed) queue.push(sim.dag.get(h));
  }
  return out;
}

/**
 * Replaces the best chain's top `depth` blocks with `sideLength` (1..depth) blocks forked below them; the
 * last one is heavy enough to win. The side blocks confirm nothing new, so the old blocks' txs go back to
 * the mempool. Returns the new blocks.
 */
export function reorg(sim: Sim, depth: number, sideLength = 1, lastTo?: Address | ScriptInfo): Vertex[] {
  const { dag } = sim;
  if (depth < 1 || depth > dag.bestHeight) throw new Error(`generator: cannot reorg ${depth} blocks of a chain of height ${dag.bestHeight}`);
  if (sideLength < 1 || sideLength > depth) throw new Error(`generator: side chain length must be 1..${depth}, got ${sideLength}`);
  const previous = dag.bestBlock;
  let parent = dag.get(dag.path[dag.bestHeight - depth]);
  const blocks: Vertex[] = [];
  for (let i = 1; i < sideLength; i++) {
    parent = sim.mine({ parent });
    blocks.push(parent);
  }
  const deficit = previous.scoreRaw - parent.scoreRaw;
  let weight = Math.ceil(Math.log2(Number(deficit) + 1) * 4) / 4;
  while (workOf(weight) <= deficit) weight += 0.25;
  blocks.push(sim.mine({ parent, weight, to: lastTo }));
  return blocks;
}
