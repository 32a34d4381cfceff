import { createToken, melt, mint, moveAuthority, rivalOf, transfer } from '../ops';
import type { Sim } from '../sim';
import { expiredTimelock, futureTimelock, must, type ScenarioDef } from './common';

/** 2^62 + change: supplies and balances above 2^53 must survive every JSON round trip. */
const HUGE_SUPPLY = (1n << 62n) + 123_456_789n;

function tokenLifecycle(sim: Sim): void {
  sim.load();
  sim.mineMany(12);
  const alice = sim.address();
  const bob = sim.address();
  const carol = sim.address('MultiSig');
  const dave = sim.address();

  // create, mint, melt
  const alpha = must(createToken(sim, { name: 'Alpha', symbol: 'ALP', amount: 1_000_000n, to: alice }));
  sim.mine();
  must(mint(sim, alpha.hash, 500_000n, bob, alice));
  must(melt(sim, alpha.hash, 200_000n, alice));
  sim.mine();

  // hand the authorities over: mint to bob, melt to a multisig address
  must(moveAuthority(sim, alpha.hash, 1n, bob));
  must(moveAuthority(sim, alpha.hash, 2n, carol));
  sim.mine();

  // a voided authority transfer: two transfers of bob's mint authority, the heavier one wins
  const first = must(moveAuthority(sim, alpha.hash, 1n, dave, { weight: 19 }));
  must(moveAuthority(sim, alpha.hash, 1n, alice, { input: first.inputs[0], weight: 25 }));
  sim.mine();
  must(mint(sim, alpha.hash, 42_000n, alice, alice));

  // a locked authority (far-future timelock) and token outputs with expired and future timelocks
  must(moveAuthority(sim, alpha.hash, 2n, dave, { timelock: futureTimelock(sim) }));
  must(
    transfer(sim, {
      to: [
        sim.out(carol, 10_000n, { token: alpha.hash, timelock: futureTimelock(sim) }),
        sim.out(dave, 20_000n, { token: alpha.hash, timelock: expiredTimelock(sim) }),
      ],
      changeTo: bob,
    }),
  );
  sim.mine();

  // a token creation voided after its TOKEN_CREATED (a heavier rival spends its deposit)
  const beta = must(createToken(sim, { name: 'Beta', symbol: 'BET', amount: 30_000n, to: bob }));
  must(rivalOf(sim, beta, beta.weight + 1));
  // a token creation that arrives voided (its input is already spent by a heavier confirmed-to-be tx)
  const spent = must(transfer(sim, { to: [sim.out(dave, 3_000n)], weight: 20 }));
  must(createToken(sim, { name: 'Gamma', symbol: 'GAM', amount: 7_000n, to: dave, inputs: [spent.inputs[0]], weight: 16 }));
  sim.mine();

  // a fee-based token with a supply above 2^63 / 2, moved around in amounts above 2^53
  const huge = must(createToken(sim, { name: 'Huge Supply', symbol: 'HUGE', amount: HUGE_SUPPLY, to: alice, version: 2 }));
  must(transfer(sim, { to: [sim.out(bob, (1n << 60n) + 1n, { token: huge.hash }), sim.out(carol, (1n << 55n) + 7n, { token: huge.hash })], changeTo: alice }));
  sim.mine();
  must(mint(sim, huge.hash, 1n << 54n, dave, alice, 2));
  must(melt(sim, huge.hash, 1n << 53n, bob, 2));
  const unicode = must(createToken(sim, { name: 'Ünïcødé Tøkèn ✓', symbol: 'ÜNI', amount: 12_345n, to: carol }));
  must(transfer(sim, { to: [sim.out(dave, 345n, { token: unicode.hash })], changeTo: carol }));
  sim.mine();
  // left in the mempool
  must(transfer(sim, { to: [sim.out(sim.address(), 1_000n, { token: alpha.hash })], changeTo: alice }));
}

export const TOKEN_SCENARIOS: ScenarioDef[] = [
  {
    name: 'TOKEN_LIFECYCLE',
    run: tokenLifecycle,
    covers:
      'create, mint, melt, authority transfers (to a multisig address, a timelocked one), a voided authority transfer, a creation voided after TOKEN_CREATED and one voided on arrival, a fee token with a supply above 2^62 and transfers above 2^53, a unicode token name',
  },
];
