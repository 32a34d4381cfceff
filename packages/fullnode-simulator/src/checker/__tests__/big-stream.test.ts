import { checkStream } from '..';
import { block, out, spend, StreamBuilder, tx, type Vtx } from './builder';

/**
 * 10,000 events shaped like a live node's: every vertex gets a VERTEX_METADATA_CHANGED, then its
 * NEW_VERTEX_ACCEPTED; txs spend the previous tx's change and pay 3 of 200 addresses.
 */
function bigStream(): { stream: ReturnType<StreamBuilder['stream']>; events: number } {
  const b = new StreamBuilder();
  let change: Vtx = block('genesis', [out(100_000_000_000_000, 'addr-0')]);
  b.accept(change, { height: 0 });
  let height = 0;
  for (let i = 0; b.size < 10_000; i++) {
    if (i % 5 === 0) {
      const blk = block(`b${++height}`, [out(6400, `addr-${height % 200}`)]);
      b.change(blk, { height }).accept(blk, { height });
      continue;
    }
    const left = BigInt(change.outputs[change.outputs.length - 1].value) - 300n;
    const t = tx(`t${i}`, [spend(change, change.outputs.length - 1)], [out(100, `addr-${i % 200}`), out(200, `addr-${(i * 7) % 200}`, { timelock: i % 2 ? 3_500_000_000 : null }), out(left, `addr-${(i * 13) % 200}`)]);
    b.change(t).accept(t);
    change = t;
  }
  const stream = b.stream();
  return { stream, events: stream.events.length };
}


// How fast it checks is measured by `yarn bench:checker` (src/bench/checker.ts), not by a timed test.
describe('checkStream on a live-node-shaped stream', () => {
  it('checks a 10,000-event stream: every address, every utxo chain', () => {
    const { stream, events } = bigStream();
    expect(events).toBeGreaterThanOrEqual(10_000);
    const truth = checkStream(stream, { rewardSpendMinBlocks: 10, now: 1_800_000_000 });
    expect(Object.keys(truth.address_tx_ids)).toHaveLength(200);
    // One unspent change output at the end of the chain of spends, plus what was paid out.
    expect(truth.utxos.length).toBeGreaterThan(events / 4);
  });
});
