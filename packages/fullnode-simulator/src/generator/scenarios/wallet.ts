import { nanoCall } from '../ops-nano';
import { createToken, mint, moveAuthority, reorg, rivalOf, transfer } from '../ops';
import type { Sim } from '../sim';
import { openWallet } from '../wallets';
import { expiredTimelock, futureTimelock, must, type ScenarioDef } from './common';

/**
 * Two wallets with known xpubs (registered with their first max_gap addresses). Funds reach addresses
 * beyond the initial gap step by step, each within the reach a consumer has after the previous step, so a
 * consumer must run gap-limit discovery to attribute everything.
 */
function walletActivity(sim: Sim): void {
  const w1 = openWallet(0, sim.meta.network);
  const w2 = openWallet(1, sim.meta.network);
  sim.addWallet(w1);
  sim.addWallet(w2);
  sim.load();
  sim.mineMany(3, { to: sim.walletAddr(w1, 0) });
  sim.mineMany(9);
  const a = (i: number) => sim.walletAddr(w1, i);
  const b = (i: number) => sim.walletAddr(w2, i);

  must(
    transfer(sim, {
      inputs: [{ txId: sim.dag.path[0], index: 0 }],
      to: [sim.out(a(3), 50_000n), sim.out(a(15), 20_000n), sim.out(b(0), 10_000n)],
      changeTo: sim.address(),
    }),
  );
  sim.mine();
  // walk past the initial gap: 19 -> reach 39 -> 35 -> reach 55 -> 50 -> reach 70
  must(transfer(sim, { to: [sim.out(a(19), 1_900n)] }));
  sim.mine();
  must(transfer(sim, { to: [sim.out(a(35), 3_500n)] }));
  sim.mine();
  must(transfer(sim, { to: [sim.out(a(50), 5_000n), sim.out(b(19), 1_000n)] }));
  sim.mine();
  must(transfer(sim, { to: [sim.out(b(30), 3_000n), sim.out(a(69), 6_900n, { timelock: futureTimelock(sim) })] }));

  // a transfer between two addresses of the same wallet
  must(transfer(sim, { to: [sim.out(a(4), 4_000n)], changeTo: a(5) }));

  // tokens: created by w1, authorities held by w2, minted to both
  const token = must(createToken(sim, { name: 'Wallet Token', symbol: 'WLT', amount: 100_000n, to: a(1), authoritiesTo: b(2) }));
  sim.mine();
  must(mint(sim, token.hash, 25_000n, b(5), b(2)));
  must(transfer(sim, { to: [sim.out(b(6), 10_000n, { token: token.hash }), sim.out(b(7), 2_000n, { token: token.hash, timelock: futureTimelock(sim) })], changeTo: a(1) }));
  must(
    transfer(sim, {
      to: [sim.out(b(8), 800n, { timelock: expiredTimelock(sim) }), sim.out(b(9), 900n, { timelock: futureTimelock(sim) }), sim.out(a(6), 700n, { timelock: expiredTimelock(sim) })],
    }),
  );
  must(moveAuthority(sim, token.hash, 2n, a(2), { timelock: futureTimelock(sim) }));
  sim.mine();

  // a fee-based token in large amounts, still within 2^53: wallet-lib 4.1.0 reads answers with plain
  // JSON.parse, so only those are exact in the official client (amounts beyond are exact on the wire)
  const huge = must(createToken(sim, { name: 'Huge Wallet Token', symbol: 'HWT', amount: (1n << 52n) + 1n, to: a(10), version: 2 }));
  must(transfer(sim, { to: [sim.out(b(12), (1n << 50n) + 3n, { token: huge.hash })], changeTo: a(10) }));
  sim.mine();

  // a wallet payment that loses a double spend, and a wallet reward lost in a reorg
  const lost = must(transfer(sim, { to: [sim.out(b(10), 1_234n)] }));
  must(rivalOf(sim, lost, lost.weight + 1));
  sim.mine({ to: a(7) });
  reorg(sim, 1, 1);
  // the wallet's nano call, touching its address only through the header
  must(nanoCall(sim, { caller: b(11), ncId: sim.rng.hex(32), method: 'initialize', payer: 'other' }));
  // Tests serve the stream in two parts: up to here (one reward of w1 still height-locked), then the rest.
  sim.mine({ to: a(8) });
  sim.checkpoint('WALLET_ACTIVITY_PART_1');
  sim.mine({ to: a(8) });
  must(transfer(sim, { to: [sim.out(a(60), 600n), sim.out(b(40), 400n)] }));
}

export const WALLET_SCENARIOS: ScenarioDef[] = [
  {
    name: 'WALLET_ACTIVITY',
    run: walletActivity,
    covers:
      'two wallets with known xpubs (setup.wallets): payments reaching addresses beyond the initial gap via gap-limit discovery, a transfer within a wallet, token and authority outputs, timelocks (expired and future, for both wallets), a fee token held in large amounts (up to 2^52), a lost double spend, a reward lost in a reorg, a nano call, height-locked rewards; a checkpoint (WALLET_ACTIVITY_PART_1) before the last block',
  },
];
