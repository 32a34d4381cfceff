import type { EventSink } from './emitter';
import type { Vertex } from './model';
import { nanoCall } from './ops-nano';
import { createToken, fundsDescendants, gather, HTR, melt, mint, moveAuthority, reorg, rivalOf, transfer, twinOf } from './ops';
import type { Seed } from './rng';
import { type Address, customScript, EMPTY_SCRIPT, type ScriptInfo } from './scripts';
import { Sim } from './sim';
import { expiredTimelock, futureTimelock } from './scenarios/common';
import { type GenWallet, openWallet } from './wallets';

export interface RandomOptions {
  seed: Seed;
  /** blocks to mine after the warm-up (default 30); ignored when `events` is set */
  blocks?: number;
  /** stop at the first block boundary once this many events were emitted */
  events?: number;
  /** mean transactions between blocks (default 4) */
  txsPerBlock?: number;
  /** size of the random address book (default 40) */
  addresses?: number;
  /** probability that a block round ends in a reorg instead of a plain block (default 0.05) */
  reorgRate?: number;
  /** deepest reorg (default 3; at most reward_spend_min_blocks) */
  maxReorgDepth?: number;
  /** probability that a tx is followed by a double spend or a twin of it (default 0.08) */
  conflictRate?: number;
  /** share of txs creating, minting, melting or moving authorities of tokens (default 0.12) */
  tokenRate?: number;
  /** share of nano-contract calls (default 0.06) */
  nanoRate?: number;
  /** share of outputs with a timelock, half expired and half far-future (default 0.1) */
  timelockRate?: number;
  /** share of outputs with an empty or non-standard script (default 0.03) */
  scriptRate?: number;
  /** number of known wallets whose addresses take part (0..2, default 1) */
  wallets?: number;
  rewardSpendMinBlocks?: number;
  network?: string;
  peerId?: string;
  streamId?: string;
}

interface Ctx {
  sim: Sim;
  o: Required<Omit<RandomOptions, 'events' | 'network' | 'peerId' | 'streamId' | 'seed'>> & { events?: number };
  book: Address[];
  wallets: GenWallet[];
  tokens: Array<{ uid: string; version: number }>;
  contracts: string[];
}

function withDefaults(o: RandomOptions): Ctx['o'] {
  const n = o.rewardSpendMinBlocks ?? 10;
  return {
    blocks: o.blocks ?? 30,
    events: o.events,
    txsPerBlock: o.txsPerBlock ?? 4,
    addresses: o.addresses ?? 40,
    reorgRate: o.reorgRate ?? 0.05,
    maxReorgDepth: Math.min(o.maxReorgDepth ?? 3, n),
    conflictRate: o.conflictRate ?? 0.08,
    tokenRate: o.tokenRate ?? 0.12,
    nanoRate: o.nanoRate ?? 0.06,
    timelockRate: o.timelockRate ?? 0.1,
    scriptRate: o.scriptRate ?? 0.03,
    wallets: Math.max(0, Math.min(o.wallets ?? 1, 2)),
    rewardSpendMinBlocks: n,
  };
}

/** Wallet addresses stay below this index: enough to need gap-limit discovery, cheap to derive. */
const WALLET_INDEX_CAP = 64;

function recipient(c: Ctx): Address {
  const { sim } = c;
  if (c.wallets.length > 0 && sim.rng.chance(0.25)) {
    const w = sim.rng.pick(c.wallets);
    const reach = Math.min(sim.walletReach.get(w.id) ?? 0, WALLET_INDEX_CAP);
    return sim.walletAddr(w, sim.rng.int(reach + 1));
  }
  return sim.rng.pick(c.book);
}

function destination(c: Ctx, value: bigint, token: string): ReturnType<Sim['out']> {
  const { sim, o } = c;
  if (sim.rng.chance(o.scriptRate)) {
    const script: ScriptInfo = sim.rng.chance(0.5) ? EMPTY_SCRIPT : customScript(`data-${sim.rng.hex(3)}`);
    return { script, value, token, authority: false };
  }
  const timelock = sim.rng.chance(o.timelockRate) ? (sim.rng.chance(0.5) ? expiredTimelock(sim) : futureTimelock(sim)) : undefined;
  return sim.out(recipient(c), value, { token, timelock });
}

/** Spends one or two outputs (like most real txs) into 1-2 payments plus change, sometimes with a token part. */
function randomTransfer(c: Ctx): Vertex | null {
  const { sim } = c;
  const funds = gather(sim, HTR, 1n, 0, new Set(), sim.rng.chance(0.7) ? 1 : 2);
  if (!funds) return null;
  const second = sim.rng.chance(0.4) ? gather(sim, HTR, funds.total + 1n, 0, new Set(funds.inputs.map((r) => sim.pool.key(r))), 1) : null;
  const inputs = second ? [...funds.inputs, ...second.inputs] : funds.inputs;
  let left = second ? funds.total + second.total : funds.total;
  const to = [];
  for (let i = sim.rng.range(1, 2); i > 0 && left > 1n; i--) {
    const value = 1n + sim.rng.bigRange(0n, left - 1n) / (sim.rng.chance(0.5) ? 1n : 4n);
    to.push(destination(c, value, HTR));
    left -= value;
  }
  const token = c.tokens.length > 0 && sim.rng.chance(0.25) ? sim.rng.pick(c.tokens) : null;
  if (token) {
    const amount = token.version === 2 ? sim.rng.bigRange(1n << 50n, 1n << 56n) : BigInt(sim.rng.range(1, 500));
    to.push(destination(c, amount, token.uid));
  }
  return transfer(sim, { inputs, to, changeTo: recipient(c) });
}

function randomTokenOp(c: Ctx): Vertex | null {
  const { sim } = c;
  const roll = sim.rng.int(c.tokens.length === 0 ? 1 : 5);
  if (roll === 0) {
    const huge = sim.rng.chance(0.25);
    const amount = huge ? sim.rng.bigRange(1n << 54n, 1n << 62n) : BigInt(sim.rng.range(100, 200_000));
    const symbol = `T${sim.rng.hex(2).toUpperCase()}`;
    const v = createToken(sim, { name: `Token ${symbol}`, symbol, amount, to: recipient(c), version: huge ? 2 : 1, authoritiesTo: recipient(c) });
    if (v && v.voidedBy.length === 0) c.tokens.push({ uid: v.hash, version: huge ? 2 : 1 });
    return v;
  }
  const token = sim.rng.pick(c.tokens);
  const small = token.version === 1;
  if (roll === 1) return mint(sim, token.uid, small ? BigInt(sim.rng.range(1, 10_000)) : 1n << 55n, recipient(c), recipient(c), token.version);
  if (roll === 2) return melt(sim, token.uid, small ? BigInt(sim.rng.range(1, 500)) : 1n << 40n, recipient(c), token.version);
  const timelock = sim.rng.chance(0.2) ? futureTimelock(sim) : undefined;
  return moveAuthority(sim, token.uid, roll === 3 ? 1n : 2n, recipient(c), { timelock });
}

function randomNano(c: Ctx): Vertex | null {
  const { sim } = c;
  const caller = recipient(c);
  if (c.contracts.length === 0 || sim.rng.chance(0.15)) {
    const v = nanoCall(sim, { caller, ncId: sim.rng.hex(32), method: 'initialize', version: 4 });
    if (v) c.contracts.push(v.hash);
    return v;
  }
  const tokens = sim.rng.chance(0.2) ? [{ name: 'Nano Made', symbol: `N${sim.rng.hex(1).toUpperCase()}`, amount: BigInt(sim.rng.range(1, 1_000_000)) }] : [];
  return nanoCall(sim, {
    caller,
    ncId: sim.rng.pick(c.contracts),
    method: sim.rng.pick(['deposit', 'withdraw', 'swap', 'bet']),
    succeeds: sim.rng.chance(0.8),
    events: sim.rng.int(3),
    tokens,
    version: sim.rng.chance(0.5) ? 4 : 1,
    deposit: BigInt(sim.rng.range(1, 2000)),
    payer: sim.rng.chance(0.2) ? 'other' : 'caller',
  });
}

/** A double spend of `tx` (heavier wins, lighter loses) or a lighter twin, sometimes flipped by the next block. */
function randomConflict(c: Ctx, tx: Vertex): Vertex | null {
  const { sim } = c;
  if (tx.voidedBy.length > 0 || tx.firstBlock !== null || tx.nano) return null;
  const roll = sim.rng.int(tx.tokenName === null ? 3 : 2);
  if (roll === 0) return rivalOf(sim, tx, tx.weight + 0.5 + sim.rng.float());
  if (roll === 1) return rivalOf(sim, tx, tx.weight - 0.5 - sim.rng.float(), recipient(c));
  return twinOf(sim, tx, tx.weight - 0.25);
}

/** Spends a reward exactly at its unlock height, so a reorg lowering the chain makes the spender invalid. */
function edgeSpend(c: Ctx): void {
  const { sim } = c;
  const height = sim.dag.bestHeight - c.o.rewardSpendMinBlocks;
  if (height < 1) return;
  const block = sim.dag.get(sim.dag.path[height]);
  if (block.spentBy[0] !== undefined || block.outputs.length === 0) return;
  sim.tx({ inputs: [{ txId: block.hash, index: 0 }], outputs: [sim.out(recipient(c), block.outputs[0].value)] });
}

function round(c: Ctx, flip: { twin: Vertex } | null): { twin: Vertex } | null {
  const { sim, o } = c;
  let nextFlip: { twin: Vertex } | null = null;
  const count = sim.rng.int(2 * o.txsPerBlock + 1);
  for (let i = 0; i < count; i++) {
    const roll = sim.rng.float();
    const v = roll < o.tokenRate ? randomTokenOp(c) : roll < o.tokenRate + o.nanoRate ? randomNano(c) : randomTransfer(c);
    if (v && sim.rng.chance(o.conflictRate)) {
      const rival = randomConflict(c, v);
      if (rival && rival.voidedBy.length === 1 && rival.twins.length > 0 && sim.rng.chance(0.4)) nextFlip = { twin: rival };
    }
  }
  const depth = sim.rng.range(1, o.maxReorgDepth);
  if (sim.rng.chance(o.reorgRate) && sim.dag.bestHeight > depth + 1) {
    if (sim.rng.chance(0.5)) edgeSpend(c);
    reorg(sim, depth, sim.rng.range(1, depth), recipient(c));
    return null;
  }
  const twin = flip?.twin;
  const rivalsOpen = twin && twin.voidedBy.length === 1 && twin.conflictWith.every((h) => sim.dag.get(h).firstBlock === null);
  if (twin && rivalsOpen) {
    const others = sim.pickTxParents(new Set([...twin.conflictWith.flatMap((h) => [...fundsDescendants(sim, sim.dag.get(h))]), twin.hash]));
    sim.mine({ to: recipient(c), txParents: [twin, others[0]] });
  } else {
    sim.mine({ to: recipient(c), nonce: sim.rng.chance(0.05) ? sim.rng.bigRange(1n << 64n, 1n << 120n) : undefined });
  }
  return nextFlip;
}

/** Builds a random stream on a Sim (events go to `sink`, or are kept in `sim.events`). */
export function runRandom(opts: RandomOptions, sink?: EventSink): Sim {
  const o = withDefaults(opts);
  const sim = new Sim({
    scenario: 'RANDOM',
    seed: opts.seed,
    network: opts.network,
    peerId: opts.peerId,
    streamId: opts.streamId,
    rewardSpendMinBlocks: o.rewardSpendMinBlocks,
    rewardMargin: o.maxReorgDepth,
    reachDepth: o.maxReorgDepth,
    sink,
  });
  const wallets: GenWallet[] = [];
  for (let i = 0; i < o.wallets; i++) {
    wallets.push(openWallet(i, sim.meta.network));
    sim.addWallet(wallets[i]);
  }
  const book: Address[] = [];
  for (let i = 0; i < Math.max(1, o.addresses); i++) book.push(sim.address(sim.rng.chance(0.15) ? 'MultiSig' : 'P2PKH'));
  const c: Ctx = { sim, o, book, wallets, tokens: [], contracts: [] };
  sim.load();
  const warmup = o.rewardSpendMinBlocks + o.maxReorgDepth + 1;
  for (let i = 0; i < warmup; i++) sim.mine({ to: recipient(c) });
  let flip: { twin: Vertex } | null = null;
  for (let mined = 0; o.events !== undefined ? sim.emitter.count < o.events : mined < o.blocks; mined++) flip = round(c, flip);
  return sim;
}
