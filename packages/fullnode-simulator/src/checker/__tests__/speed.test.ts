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

describe('checkStream speed', () => {
  it('checks a 10,000-event stream in well under a second', () => {
    const { stream, events } = bigStream();
    expect(events).toBeGreaterThanOrEqual(10_000);
    checkStream(stream, { rewardSpendMinBlocks: 10, now: 1_800_000_000 }); // warm-up (JIT)
    const started = process.hrtime.bigint();
    const truth = checkStream(stream, { rewardSpendMinBlocks: 10, now: 1_800_000_000 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`checkStream: ${events} events in ${ms.toFixed(0)} ms\n`);
    expect(Object.keys(truth.address_tx_ids)).toHaveLength(200);
    expect(ms).toBeLessThan(1000);
  });
});
