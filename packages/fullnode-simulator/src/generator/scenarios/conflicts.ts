import type { Vertex } from '../model';
import { createToken, reorg, rivalOf, transfer, twinOf } from '../ops';
import type { Sim } from '../sim';
import { expiredTimelock, futureTimelock, must, type ScenarioDef } from './common';

/** A plain transfer to 1-2 fresh addresses, sometimes timelocked. */
function pay(sim: Sim, amount: bigint): Vertex {
  const to = [sim.out(sim.address(), amount)];
  if (sim.rng.chance(0.5)) to.push(sim.out(sim.address('MultiSig'), amount / 2n + 1n, { timelock: sim.rng.chance(0.5) ? futureTimelock(sim) : expiredTimelock(sim) }));
  return must(transfer(sim, { to }));
}

/** Spends the reward of the best-chain block at `height` (which must be unlocked and unspent). */
function spendReward(sim: Sim, height: number): Vertex {
  const block = sim.dag.get(sim.dag.path[height]);
  return sim.tx({ inputs: [{ txId: block.hash, index: 0 }], outputs: [sim.out(sim.address(), 4000n), sim.out(sim.address(), 2400n)] });
}

/** Splits the genesis output into spendable change, so scenarios can pay before any reward matures. */
export function splitGenesis(sim: Sim, parts = 8): Vertex {
  const each = 100_000_000_000n / BigInt(parts + 1);
  const to = [];
  for (let i = 0; i < parts; i++) to.push(sim.out(sim.address(), each));
  return must(transfer(sim, { inputs: [{ txId: sim.dag.path[0], index: 0 }], to }));
}

function deepReorg(sim: Sim): void {
  sim.load();
  sim.mineMany(14);
  splitGenesis(sim);
  for (let round = 0; round < 10; round++) {
    pay(sim, BigInt(sim.rng.range(100, 5000)));
    pay(sim, BigInt(sim.rng.range(100, 5000)));
    if (round === 3) must(createToken(sim, { name: 'Deep Token', symbol: 'DEEP', amount: 40_000n, to: sim.address() }));
    sim.mine();
  }
  // best height 24: spend a reward that the reorg voids (height 14) and one it locks again (height 12)
  spendReward(sim, 14);
  const edge = spendReward(sim, 12);
  sim.tx({ inputs: [{ txId: edge.hash, index: 0 }], outputs: [sim.out(sim.address(), 4000n)] });
  pay(sim, 777n);
  // twelve blocks replaced by three: best height 24 -> 15; voided blocks' txs go back to the mempool
  reorg(sim, 12, 3);
  pay(sim, 1500n);
  sim.mineMany(12);
  pay(sim, 900n);
  reorg(sim, 3, 2);
  sim.mineMany(2);
  pay(sim, 321n);
}

function doubleSpendStorm(sim: Sim): void {
  sim.load();
  sim.mineMany(13);
  for (let i = 0; i < 6; i++) {
    const victim = pay(sim, BigInt(sim.rng.range(500, 3000)));
    const kind = i % 3;
    if (kind === 0) rivalOf(sim, victim, victim.weight + 1); // heavier newcomer wins: the victim is voided
    else if (kind === 1) rivalOf(sim, victim, victim.weight - 1); // lighter newcomer arrives voided
    else twinOf(sim, victim, victim.weight - 0.5); // a twin, voided
  }
  // a chain of spends voided at once when its root loses
  const root = pay(sim, 5000n);
  const child = sim.tx({ inputs: [{ txId: root.hash, index: 0 }], outputs: [sim.out(sim.address(), 5000n)] });
  sim.tx({ inputs: [{ txId: child.hash, index: 0 }], outputs: [sim.out(sim.address(), 3000n), sim.out(sim.address(), 2000n)] });
  must(rivalOf(sim, root, root.weight + 2));
  // three-way: B beats A, C loses against B
  const a = pay(sim, 2500n);
  const b = must(rivalOf(sim, a, a.weight + 1));
  rivalOf(sim, a, b.weight - 0.25);
  sim.mine();
  // a rival of a confirmed tx always loses
  rivalOf(sim, b, b.weight + 5);
  // a block confirming a voided twin flips it
  const original = pay(sim, 1800n);
  const twin = twinOf(sim, original, original.weight - 0.1);
  sim.mine({ txParents: [twin, sim.confirmedTxs(sim.dag.bestBlock)[0]] });
  pay(sim, 600n);
  sim.mine();
}

export const CONFLICT_SCENARIOS: ScenarioDef[] = [
  {
    name: 'DEEP_REORG',
    run: deepReorg,
    // rewards are spent explicitly here; keep the random picks away from them
    rewardMargin: 30,
    covers:
      'a 12-block reorg to a 3-block chain (best height drops by 9): txs back to the mempool and re-confirmed, spenders of a voided and of a relocked reward removed, then a 3-block reorg',
  },
  {
    name: 'DOUBLE_SPEND_STORM',
    run: doubleSpendStorm,
    covers: 'heavier and lighter double spends, twins, a voided chain of spends, a three-way conflict, a rival of a confirmed tx, a twin flipped by a block',
  },
];
