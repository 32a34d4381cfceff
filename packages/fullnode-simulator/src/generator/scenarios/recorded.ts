import { createToken, reorg, transfer, twinOf } from '../ops';
import { customScript, EMPTY_SCRIPT, type ScriptInfo } from '../scripts';
import type { Sim } from '../sim';
import { expiredTimelock, futureTimelock, must, type ScenarioDef } from './common';

/**
 * The eight scenarios of the recorded fixtures, re-created with this generator and extended with custom
 * tokens and timelocked outputs (which the recordings lack).
 */

function onlyLoad(sim: Sim): void {
  sim.load(() => {
    const miner = sim.address();
    sim.mineMany(12, { to: miner });
    const a = sim.address();
    must(
      transfer(sim, {
        to: [sim.out(a, 1000n), sim.out(a, 500n, { timelock: futureTimelock(sim) }), sim.out(sim.address('MultiSig'), 300n, { timelock: expiredTimelock(sim) })],
      }),
    );
    must(createToken(sim, { name: 'Loaded Token', symbol: 'LDT', amount: 10_000n, to: a }));
    sim.mine();
    must(transfer(sim, { to: [sim.out(sim.address(), 2500n)] }));
  });
}

function singleChainOneBlock(sim: Sim): void {
  sim.load();
  const miner = sim.address();
  sim.mine({ outputs: [sim.out(miner, 6000n), sim.out(sim.address(), 400n, { timelock: futureTimelock(sim) })] });
}

function blocksAndTransactions(sim: Sim): void {
  sim.load();
  const [first] = sim.mineMany(11);
  const owner = first.outputs[0].script;
  const tx1 = sim.tx({ inputs: [{ txId: first.hash, index: 0 }], outputs: [sim.out(sim.address(), 5400n), { script: owner, value: 1000n, token: '00', authority: false }] });
  sim.tx({ inputs: [{ txId: tx1.hash, index: 0 }], outputs: [sim.out(sim.address(), 3400n), { script: owner, value: 2000n, token: '00', authority: false }] });
  const holder = sim.address();
  const token = must(createToken(sim, { name: 'Chain Token', symbol: 'CHT', amount: 50_000n, to: holder }));
  must(
    transfer(sim, {
      to: [
        sim.out(sim.address(), 20_000n, { token: token.hash, timelock: futureTimelock(sim) }),
        sim.out(sim.address(), 10_000n, { token: token.hash, timelock: expiredTimelock(sim) }),
        sim.out(holder, 700n, { timelock: futureTimelock(sim) }),
      ],
      changeTo: holder,
    }),
  );
  sim.mine();
}

function reorgScenario(sim: Sim): void {
  sim.load();
  const blocks = sim.mineMany(11);
  const token = must(createToken(sim, { name: 'Reorg Token', symbol: 'RGT', amount: 9_000n, to: sim.address() }));
  const tip = sim.mine();
  // a second peer's block at the same height confirming the same txs: equal score, both end voided
  const rival = sim.mine({ parent: blocks[10], txParents: tip.parents.slice(1).map((h) => sim.dag.get(h)) });
  // its next block makes that chain the best one: the first block stays voided, the token moves to it
  sim.mine({ parent: rival });
  must(transfer(sim, { to: [sim.out(sim.address(), 4_000n, { token: token.hash, timelock: futureTimelock(sim) })] }));
}

function unvoidedTransaction(sim: Sim): void {
  sim.load();
  sim.mineMany(11);
  const holder = sim.address();
  const token = must(createToken(sim, { name: 'Twin Token', symbol: 'TWN', amount: 8_000n, to: holder }));
  sim.mine();
  const original = must(
    transfer(sim, {
      to: [sim.out(sim.address(), 5400n), sim.out(sim.address(), 3_000n, { token: token.hash, timelock: futureTimelock(sim) })],
      changeTo: holder,
      weight: 19.0005,
    }),
  );
  const twin = twinOf(sim, original, 19.0);
  // a block confirming the lighter twin gives it the block's weight: the twin wins, the original is voided
  sim.mine({ txParents: [twin, sim.confirmedTxs(sim.dag.bestBlock)[0]] });
}

function invalidMempool(sim: Sim): void {
  sim.load();
  const [first] = sim.mineMany(11);
  // spends the height-1 reward as soon as it unlocks (best height 11): a token creation, and a tx spending its change
  const created = must(
    createToken(sim, {
      name: 'Doomed Token',
      symbol: 'DMD',
      amount: 100_000n,
      to: sim.address(),
      timelock: futureTimelock(sim),
      inputs: [{ txId: first.hash, index: 0 }],
    }),
  );
  const change = created.outputs.findIndex((o) => o.token === '00');
  sim.tx({
    inputs: [{ txId: created.hash, index: change }],
    outputs: [sim.out(sim.address(), 5000n), sim.out(sim.address(), 400n, { timelock: expiredTimelock(sim) })],
  });
  // unaffected: spends the genesis output and verifies only confirmed txs
  const parents = sim.confirmedTxs(sim.dag.bestBlock);
  must(transfer(sim, { inputs: [{ txId: sim.dag.path[0], index: 0 }], to: [sim.out(sim.address(), 1234n)], parents }));
  // one heavier block (paying to an empty script) replaces the last two: best height 10 locks the reward again
  reorg(sim, 2, 1, EMPTY_SCRIPT);
}

function scriptRoundTrip(script: ScriptInfo) {
  return (sim: Sim): void => {
    sim.load();
    const [first] = sim.mineMany(11);
    const tx1 = sim.tx({
      inputs: [{ txId: first.hash, index: 0 }],
      outputs: [sim.out(sim.address(), 5400n), { script, value: 1000n, token: '00', authority: false }],
    });
    sim.tx({ inputs: [{ txId: tx1.hash, index: 1 }], outputs: [sim.out(sim.address(), 1000n)] });
    const holder = sim.address();
    const token = must(createToken(sim, { name: 'Script Token', symbol: 'SCT', amount: 3_000n, to: holder }));
    must(
      transfer(sim, {
        to: [{ script, value: 1_000n, token: token.hash, authority: false }, sim.out(sim.address(), 500n, { token: token.hash, timelock: futureTimelock(sim) })],
        changeTo: holder,
      }),
    );
    sim.mine();
  };
}

export const RECORDED_SCENARIOS: ScenarioDef[] = [
  { name: 'ONLY_LOAD', run: onlyLoad, covers: 'load phase only, with a stored DAG: blocks, a token creation, timelocked and multisig outputs, a mempool tx' },
  { name: 'SINGLE_CHAIN_ONE_BLOCK', run: singleChainOneBlock, covers: 'one block with two outputs, one far-future timelocked' },
  {
    name: 'SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS',
    run: blocksAndTransactions,
    covers: '11 blocks, two txs spending a reward, a token creation and token outputs with future/expired timelocks, a confirming block',
  },
  { name: 'REORG', run: reorgScenario, covers: 'tie between two blocks (both voided), then the second chain wins (REORG group); a token creation changes first_block; a timelocked token transfer' },
  { name: 'UNVOIDED_TRANSACTION', run: unvoidedTransaction, covers: 'a token transfer and its lighter twin; a block confirming the twin swaps their voided state' },
  {
    name: 'INVALID_MEMPOOL_TRANSACTION',
    run: invalidMempool,
    covers: 'a reorg to a lower height relocks a spent reward: the spender and its descendant are removed (VERTEX_REMOVED); the new block has an empty script',
  },
  { name: 'EMPTY_SCRIPT', run: scriptRoundTrip(EMPTY_SCRIPT), covers: 'HTR and token outputs with an empty script (decoded {}), one spent back' },
  { name: 'CUSTOM_SCRIPT', run: scriptRoundTrip(customScript('some_data')), covers: 'HTR and token outputs with a non-standard script (decoded {}), one spent back' },
];
