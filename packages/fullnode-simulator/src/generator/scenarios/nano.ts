import { nanoCall, nanoPlan } from '../ops-nano';
import { createToken, reorg, transfer } from '../ops';
import type { Sim } from '../sim';
import { must, type ScenarioDef } from './common';
import { splitGenesis } from './conflicts';

function nanoContracts(sim: Sim): void {
  sim.load();
  sim.mineMany(11);
  splitGenesis(sim, 6);
  const alice = sim.address();
  const bob = sim.address();
  const carol = sim.address();
  const blueprint = sim.rng.hex(32);

  const init = must(nanoCall(sim, { caller: alice, ncId: blueprint, method: 'initialize', version: 4, events: 1, deposit: 1_000n }));
  sim.mine();
  const contract = init.hash;
  const deposit = must(nanoCall(sim, { caller: bob, ncId: contract, method: 'deposit', events: 2, deposit: 5_000n }));
  must(
    nanoCall(sim, {
      caller: alice,
      ncId: contract,
      method: 'create_token',
      tokens: [
        { name: 'Nano Token', symbol: 'NNT', amount: 1_000n },
        { name: 'Nano Huge', symbol: 'NHG', amount: (1n << 60n) + 5n },
      ],
    }),
  );
  must(nanoCall(sim, { caller: bob, ncId: contract, method: 'withdraw', succeeds: false, version: 4 }));
  // the caller moves no funds: it is touched only as the header's nc_address
  must(nanoCall(sim, { caller: carol, ncId: contract, method: 'ping', payer: 'other' }));
  // a token creation with a nano header (hybrid): TOKEN_CREATED on arrival, and another on execution
  must(
    createToken(sim, {
      name: 'Hybrid',
      symbol: 'HYB',
      amount: 5_000n,
      to: alice,
      nano: nanoPlan(sim, { caller: alice, ncId: contract, method: 'create_extra_token', tokens: [{ name: 'Extra', symbol: 'NCX', amount: 777n }] }),
    }),
  );
  sim.mine();
  // spend the successful call's change once it is executed
  must(transfer(sim, { inputs: [{ txId: deposit.hash, index: 0 }], to: [sim.out(carol, 100n)] }));
  // the executing block is replaced: the calls go back to pending (the failed one un-voided), then run again
  reorg(sim, 1, 1);
  sim.mine();
  must(nanoCall(sim, { caller: bob, ncId: contract, method: 'deposit', deposit: 300n }));
  sim.mine();
  // still pending at the end
  must(nanoCall(sim, { caller: alice, ncId: contract, method: 'deposit', deposit: 200n, version: 4 }));
}

export const NANO_SCENARIOS: ScenarioDef[] = [
  {
    name: 'NANO_CONTRACTS',
    run: nanoContracts,
    covers:
      'nano txs (version 4 and version 1 with a nano header), NC_EVENTs, nano-created tokens (one above 2^60), a failing call (voided with the nc-fail marker), a caller touched only as nc_address, a hybrid token creation, re-execution after a reorg with new token uids, a pending call at the end',
  },
];
