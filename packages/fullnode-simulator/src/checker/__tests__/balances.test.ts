import { checkStream } from '..';
import { block, chain, out, spend, StreamBuilder, tx, type Vtx } from './builder';

const now = 1_800_000_000;
const FUTURE = 3_500_000_000;
const PAST = 1_600_000_000;

/** genesis paying `alice`, 10 blocks so its reward is unlocked (N = 10), then the given vertices accepted */
function streamWith(build: (b: StreamBuilder, genesis: Vtx) => void): StreamBuilder {
  const b = new StreamBuilder();
  const genesis = block('genesis', [out(100_000_000_000, 'alice')]);
  b.other('LOAD_STARTED').accept(genesis, { height: 0 }).other('LOAD_FINISHED');
  chain(b, 10);
  build(b, genesis);
  return b;
}

describe('checkStream: timelocks', () => {
  it('counts an output whose timelock is in the future as locked and an expired one as unlocked', () => {
    const b = streamWith((b, genesis) => {
      b.accept(tx('t', [spend(genesis, 0)], [out(70, 'bob', { timelock: FUTURE }), out(30, 'bob', { timelock: PAST }), out(99_999_999_900, 'alice')]));
    });
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.balances.bob?.['00']).toEqual({ total: 100n, unlocked: 30n, locked: 70n, utxos: 2 });
    expect(truth.utxos.filter((u) => u.address === 'bob').map((u) => [u.timelock, u.reward_locked])).toEqual([
      [FUTURE, false],
      [PAST, false],
    ]);
  });

  it('decides "in the future" against opts.now', () => {
    const b = streamWith((b, genesis) => b.accept(tx('t', [spend(genesis, 0)], [out(100_000_000_000, 'bob', { timelock: 2_000_000_000 })])));
    expect(checkStream(b.stream(), { rewardSpendMinBlocks: 10, now: 1_999_999_999 }).balances.bob?.['00']?.locked).toBe(100_000_000_000n);
    expect(checkStream(b.stream(), { rewardSpendMinBlocks: 10, now: 2_000_000_000 }).balances.bob?.['00']?.locked).toBe(0n);
  });
});

describe('checkStream: authorities', () => {
  const TOKEN = 'aa'.repeat(32);

  it('ORs mint and melt masks per address and token, splits them by lock, and keeps them out of balances', () => {
    const b = streamWith((b, genesis) => {
      const create = tx(
        'create',
        [spend(genesis, 0)],
        [
          out(1000, 'bob', { tokenData: 1 }),
          out(1, 'carol', { tokenData: 0x81 }),
          out(2, 'carol', { tokenData: 0x81, timelock: FUTURE }),
          out(2, 'dave', { tokenData: 0x81 }),
          out(99_999_999_000, 'alice'),
        ],
        { version: 2, hash: TOKEN, token_name: 'Token', token_symbol: 'TKN' },
      );
      create.tokens = [TOKEN];
      b.accept(create).tokenCreated(TOKEN, 'TKN');
    });
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.authorities.carol?.[TOKEN]).toEqual({ utxos: 2, mask: 3, unlocked_mask: 1, locked_mask: 2 });
    expect(truth.authorities.dave?.[TOKEN]).toEqual({ utxos: 1, mask: 2, unlocked_mask: 2, locked_mask: 0 });
    expect(truth.balances.carol).toBeUndefined();
    expect(truth.balances.bob?.[TOKEN]).toEqual({ total: 1000n, unlocked: 1000n, locked: 0n, utxos: 1 });
    expect(truth.utxos.find((u) => u.address === 'dave')).toMatchObject({ authority: true, value: 2n, token: TOKEN, token_data: 0x81 });
  });

  it('drops an authority once a non-voided tx spends it', () => {
    const b = streamWith((b, genesis) => {
      const create = tx('create', [spend(genesis, 0)], [out(3, 'carol', { tokenData: 0x81 })], { version: 2, hash: TOKEN, tokens: [TOKEN] });
      b.accept(create).tokenCreated(TOKEN, 'TKN');
      const melt = tx('melt', [spend(create, 0)], [out(1, 'carol', { tokenData: 0x81 })], { tokens: [TOKEN] });
      b.accept(melt);
    });
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.authorities.carol?.[TOKEN]).toEqual({ utxos: 1, mask: 1, unlocked_mask: 1, locked_mask: 0 });
  });
});

describe('checkStream: amounts above 2^53', () => {
  it('sums them exactly as bigint', () => {
    const big = 2n ** 60n + 1n;
    const b = new StreamBuilder();
    const genesis = block('genesis', [out(big, 'whale'), out(big, 'whale'), out(2n ** 63n, 'shrimp')]);
    b.accept(genesis, { height: 0 });
    chain(b, 10);
    expect(b.stream().events[0]).toContain(`"value":${big}`);
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.balances.whale?.['00']).toEqual({ total: 2n * big, unlocked: 2n * big, locked: 0n, utxos: 2 });
    expect(truth.utxos.find((u) => u.address === 'shrimp')?.value).toBe(2n ** 63n);
  });
});

describe('checkStream: tokens', () => {
  const T1 = '11'.repeat(32);
  const NANO_TX_TOKEN = '22'.repeat(32);

  it('lists a token created by a non-voided tx and counts the vertices that move it', () => {
    const b = streamWith((b, genesis) => {
      const create = tx('c', [spend(genesis, 0)], [out(500, 'bob', { tokenData: 1 }), out(500, null, { tokenData: 1 }), out(99_999_999_990, 'alice')], {
        version: 2,
        hash: T1,
        tokens: [T1],
      });
      b.accept(create).tokenCreated(T1, 'ONE');
      // moves T1: counted
      const move = tx('move', [spend(create, 0)], [out(500, 'carol', { tokenData: 1 })], { tokens: [T1] });
      // only an undecoded T1 output: not counted
      const dust = tx('dust', [spend(create, 2)], [out(1, null, { tokenData: 1 }), out(99_999_999_989, 'alice')], { tokens: [T1] });
      // spends only the undecoded T1 output: not counted (no stored row on either side, as the seed counts)
      const sweep = tx('sweep', [spend(create, 1)], [out(10, 'alice')], { tokens: [T1] });
      b.accept(move).accept(dust).accept(sweep);
    });
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.tokens).toEqual({ [T1]: { name: 'ONE token', symbol: 'ONE', version: 1, transactions: 2 } });
  });

  it('drops a token whose creation tx ends voided, and gives back what that tx spent', () => {
    const b = streamWith((b, genesis) => {
      const create = tx('c', [spend(genesis, 0)], [out(500, 'bob', { tokenData: 1 })], { version: 2, hash: T1, tokens: [T1] });
      b.accept(create).tokenCreated(T1, 'ONE');
      b.change(create, { voided_by: [T1] });
    });
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now });
    expect(truth.tokens).toEqual({});
    expect(truth.voided).toEqual([T1]);
    expect(truth.balances.bob).toBeUndefined();
    expect(truth.balances.alice?.['00']?.total).toBe(100_000_000_000n);
  });

  it('keeps a nano-created token only while its tx executed successfully in the block named by TOKEN_CREATED', () => {
    const nano = tx('nano', [], [], { version: 4, headers: [{ id: '10', nc_address: 'caller' }] });
    const exec1 = block('exec1', [out(6400, 'm1')]);
    const exec2 = block('exec2', [out(6400, 'm2')]);
    const base = (b: StreamBuilder) => {
      b.accept(nano, { nc_execution: 'pending' });
      b.change(nano, { nc_execution: 'success', first_block: exec1.hash }).accept(exec1, { height: 11 });
      b.tokenCreated(NANO_TX_TOKEN, 'NANO', { nc_tx: nano.hash, nc_block: exec1.hash });
    };
    const ok = streamWith(base);
    const okTruth = checkStream(ok.stream(), { rewardSpendMinBlocks: 10, now });
    expect(Object.keys(okTruth.tokens ?? {})).toEqual([NANO_TX_TOKEN]);
    expect(okTruth.address_tx_ids.caller).toEqual([nano.hash]);

    const failed = streamWith((b) => {
      base(b);
      b.change(nano, { nc_execution: 'failure', first_block: exec1.hash });
    });
    expect(checkStream(failed.stream(), { rewardSpendMinBlocks: 10, now }).tokens).toEqual({});

    const movedWithoutReemit = streamWith((b) => {
      base(b);
      b.change(exec1, { height: 11, voided_by: [exec1.hash] }).change(nano, { nc_execution: 'success', first_block: exec2.hash });
      b.accept(exec2, { height: 11 });
    });
    expect(checkStream(movedWithoutReemit.stream(), { rewardSpendMinBlocks: 10, now }).tokens).toEqual({});

    const reexecuted = streamWith((b) => {
      base(b);
      b.change(exec1, { height: 11, voided_by: [exec1.hash] }).change(nano, { nc_execution: 'success', first_block: exec2.hash });
      b.accept(exec2, { height: 11 }).tokenCreated(NANO_TX_TOKEN, 'NANO', { nc_tx: nano.hash, nc_block: exec2.hash });
    });
    expect(Object.keys(checkStream(reexecuted.stream(), { rewardSpendMinBlocks: 10, now }).tokens ?? {})).toEqual([NANO_TX_TOKEN]);
  });
});
