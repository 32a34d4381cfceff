import { checkStream } from '..';
import { block, chain, h, out, spend, StreamBuilder, tx } from './builder';

const now = 1_800_000_000;

function genesisStream(): { b: StreamBuilder; genesis: ReturnType<typeof block> } {
  const b = new StreamBuilder();
  const genesis = block('genesis', [out(100_000_000_000, 'alice')]);
  b.other('LOAD_STARTED').accept(genesis, { height: 0 }).other('LOAD_FINISHED');
  return { b, genesis };
}

describe('checkStream: voided, unvoided and removed vertices', () => {
  it('follows twins that swap voided state: the unvoided twin spends, the voided one does not', () => {
    const { b, genesis } = genesisStream();
    chain(b, 10);
    const a = tx('tx-a', [spend(genesis, 0)], [out(100_000_000_000, 'bob')]);
    const twin = tx('tx-b', [spend(genesis, 0)], [out(100_000_000_000, 'carol')]);
    b.accept(a);
    b.accept(twin, { voided_by: [twin.hash], twins: [a.hash], conflict_with: [a.hash] });
    // a block confirms the twin: consensus flips both
    const confirm = block('confirm', [out(6400, 'miner-x')]);
    b.change(a, { voided_by: [a.hash], twins: [twin.hash], conflict_with: [twin.hash] });
    b.change(twin, { voided_by: [], twins: [a.hash], conflict_with: [a.hash], first_block: confirm.hash });
    b.accept(confirm, { height: 11 });

    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.voided).toEqual([a.hash]);
    expect(truth.vertices[twin.hash]).toMatchObject({ voided_by: [], first_block: confirm.hash, twins: [a.hash] });
    expect(truth.balances.carol?.['00']).toEqual({ total: 100_000_000_000n, unlocked: 100_000_000_000n, locked: 0n, utxos: 1 });
    expect(truth.balances.bob).toBeUndefined();
    expect(truth.balances.alice).toBeUndefined();
    expect(truth.address_tx_ids.alice).toEqual([genesis.hash, twin.hash].sort());
    expect(truth.address_tx_ids.bob).toBeUndefined();
    expect(truth.utxos.some((u) => u.tx_id === a.hash)).toBe(false);
  });

  it('treats a removed vertex as never there: its inputs are unspent again and it is listed only in removed', () => {
    const { b, genesis } = genesisStream();
    const doomed = tx('doomed', [spend(genesis, 0)], [out(60_000_000_000, 'bob'), out(40_000_000_000, 'alice')]);
    b.change(doomed).accept(doomed);
    b.other('REORG_STARTED', { reorg_size: 1 }).remove(doomed).other('REORG_FINISHED');

    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.removed).toEqual([doomed.hash]);
    expect(truth.voided).toEqual([]);
    expect(truth.vertices[doomed.hash]).toBeUndefined();
    expect(truth.vertex_count).toBe(1);
    expect(truth.utxos.map((u) => u.tx_id)).toEqual([genesis.hash]);
    expect(truth.address_tx_ids).toEqual({ alice: [genesis.hash] });
  });

  it('brings a removed vertex back when the node accepts it again later', () => {
    const { b, genesis } = genesisStream();
    const t = tx('back', [spend(genesis, 0)], [out(100_000_000_000, 'bob')]);
    b.accept(t).remove(t).accept(t);
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.removed).toEqual([]);
    expect(truth.vertices[t.hash]?.last_event_id).toBe(5);
    expect(Object.keys(truth.balances)).toEqual(['bob']);
  });

  it('drops the outputs of voided blocks and picks the best block among the non-voided ones', () => {
    const { b } = genesisStream();
    const [b1] = chain(b, 1);
    const orphan = block('orphan2', [out(6400, 'orphan-miner')]);
    b.accept(orphan, { height: 2 });
    const winner2 = block('winner2', [out(6400, 'w2')]);
    const winner3 = block('winner3', [out(6400, 'w3')]);
    b.other('REORG_STARTED', { reorg_size: 1 });
    b.change(orphan, { height: 2, voided_by: [orphan.hash] });
    b.change(winner2, { height: 2 }).change(winner3, { height: 3 });
    b.other('REORG_FINISHED').accept(winner2, { height: 2 }).accept(winner3, { height: 3 });

    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.best_block).toEqual({ hash: winner3.hash, height: 3 });
    expect(truth.voided).toEqual([orphan.hash]);
    expect(truth.balances['orphan-miner']).toBeUndefined();
    expect(truth.address_tx_ids['orphan-miner']).toBeUndefined();
    expect(truth.utxos.find((u) => u.tx_id === b1.hash)).toMatchObject({ block_height: 1, reward_unlock_height: 11, reward_locked: true });
  });

  it('falls back to a lower block when every block at the top height is voided (a tie), and breaks a non-voided tie by hash', () => {
    const { b, genesis } = genesisStream();
    const x = block('tie-x', [out(6400, 'x')]);
    const y = block('tie-y', [out(6400, 'y')]);
    b.accept(x, { height: 1 }).accept(y, { height: 1, voided_by: [y.hash] }).change(x, { height: 1, voided_by: [x.hash] });
    expect(checkStream(b.stream(), { rewardSpendMinBlocks: 10, now }).best_block).toEqual({ hash: genesis.hash, height: 0 });

    b.change(x, { height: 1 }).change(y, { height: 1 });
    const smaller = x.hash < y.hash ? x.hash : y.hash;
    expect(checkStream(b.stream(), { rewardSpendMinBlocks: 10, now }).best_block).toEqual({ hash: smaller, height: 1 });
  });
});

describe('checkStream: reward lock boundary', () => {
  // genesis at height 0 and blocks 1..k; N = 3, so block 2's reward unlocks at best height 5
  function rewardOfBlock2(bestHeight: number) {
    const { b } = genesisStream();
    chain(b, bestHeight);
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 3, now });
    return { truth, utxo: truth.utxos.find((u) => u.address === 'miner-blk2')! };
  }

  it('keeps a block reward locked while best height == unlock height - 1', () => {
    const { truth, utxo } = rewardOfBlock2(4);
    expect(utxo).toMatchObject({ from_block: true, block_height: 2, reward_unlock_height: 5, reward_locked: true });
    expect(truth.balances['miner-blk2']?.['00']).toEqual({ total: 6400n, unlocked: 0n, locked: 6400n, utxos: 1 });
  });

  it('unlocks it once best height == unlock height', () => {
    const { truth, utxo } = rewardOfBlock2(5);
    expect(utxo).toMatchObject({ reward_unlock_height: 5, reward_locked: false });
    expect(truth.balances['miner-blk2']?.['00']).toEqual({ total: 6400n, unlocked: 6400n, locked: 0n, utxos: 1 });
  });

  it('locks the genesis reward like any other block reward', () => {
    const { b } = genesisStream();
    chain(b, 2);
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 3, now });
    expect(truth.balances.alice?.['00']).toMatchObject({ unlocked: 0n, locked: 100_000_000_000n });
  });

  it('never reward-locks transaction outputs', () => {
    const { b, genesis } = genesisStream();
    chain(b, 3);
    b.accept(tx('spend', [spend(genesis, 0)], [out(100_000_000_000, 'bob')]));
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 3, now });
    const utxo = truth.utxos.find((u) => u.address === 'bob')!;
    expect(utxo).toMatchObject({ from_block: false, reward_locked: false });
    expect(utxo.block_height).toBeUndefined();
  });
});

describe('checkStream: bad input', () => {
  it('names the event whose JSON is broken', () => {
    const { b } = genesisStream();
    b.raw('{"id":3,"type":');
    expect(() => checkStream(b.stream(), { rewardSpendMinBlocks: 10, now })).toThrow(/event 3: not valid JSON/);
  });

  it('names the event and field that has the wrong type', () => {
    const { b } = genesisStream();
    b.raw(JSON.stringify({ id: 3, timestamp: 0, type: 'NEW_VERTEX_ACCEPTED', data: { hash: h('x'), version: 'one' }, group_id: null }));
    expect(() => checkStream(b.stream(), { rewardSpendMinBlocks: 10, now })).toThrow('event 3: data.version must be a non-negative integer');
  });

  it('rejects ids that are out of sequence', () => {
    const { b } = genesisStream();
    b.raw(JSON.stringify({ id: 7, timestamp: 0, type: 'LOAD_FINISHED', data: {}, group_id: null }));
    expect(() => checkStream(b.stream(), { rewardSpendMinBlocks: 10, now })).toThrow(/event 3: id is 7, expected 3/);
  });

  it('rejects a bad reward_spend_min_blocks and a stream with no block', () => {
    const { b } = genesisStream();
    expect(() => checkStream(b.stream(), { rewardSpendMinBlocks: -1, now })).toThrow(/rewardSpendMinBlocks/);
    expect(() => checkStream(new StreamBuilder().other('LOAD_STARTED').stream(), { rewardSpendMinBlocks: 10, now })).toThrow(/no non-voided block/);
  });

  it('passes over event types it does not know', () => {
    const { b } = genesisStream();
    b.other('SOMETHING_NEW', { whatever: 1 });
    expect(checkStream(b.stream(), { rewardSpendMinBlocks: 10, now }).events).toBe(4);
  });
});
