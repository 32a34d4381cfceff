import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '../../../../common/src/testing/fixtures';
import { loadReplayFile } from '../../replay/load';
import { checkStream, diffTruth, readExpected } from '..';

const ORACLE_FIELDS = ['voided', 'removed', 'utxos', 'unaddressed_utxos', 'balances', 'authorities', 'address_tx_ids'];
const METADATA_FIELDS = ['best_block', 'events', 'last_event_id', 'vertex_count', 'vertices', 'reward_spend_min_blocks'];

describeWithFixtures('checker on the recorded full-node streams', () => {
  // the recordings hold no timelocks, so the wall clock cannot matter; pin it anyway
  const now = 1_800_000_000;

  it.each(FIXTURE_SCENARIOS)('%s: reproduces the oracle fields of .expected.json exactly', (scenario) => {
    const expected = readExpected(fixturePath(scenario, 'expected.json'));
    const stream = loadReplayFile(fixturePath(scenario, 'jsonl'));
    const actual = checkStream(stream, { rewardSpendMinBlocks: expected.reward_spend_min_blocks, now, scenario });
    expect(diffTruth(expected, actual, ORACLE_FIELDS)).toEqual([]);
  });

  it.each(FIXTURE_SCENARIOS)('%s: agrees on best block, vertices and counts', (scenario) => {
    const expected = readExpected(fixturePath(scenario, 'expected.json'));
    const stream = loadReplayFile(fixturePath(scenario, 'jsonl'));
    const actual = checkStream(stream, { rewardSpendMinBlocks: expected.reward_spend_min_blocks, now });
    expect(diffTruth(expected, actual, METADATA_FIELDS)).toEqual([]);
  });

  it('finds no custom tokens in recordings that create none', () => {
    for (const scenario of FIXTURE_SCENARIOS) {
      const stream = loadReplayFile(fixturePath(scenario, 'jsonl'));
      expect(checkStream(stream, { rewardSpendMinBlocks: 10, now }).tokens).toEqual({});
    }
  });

  it('counts the unaddressed block reward of INVALID_MEMPOOL_TRANSACTION apart from the balances', () => {
    const stream = loadReplayFile(fixturePath('INVALID_MEMPOOL_TRANSACTION', 'jsonl'));
    const truth = checkStream(stream, { rewardSpendMinBlocks: 10, now });
    expect(truth.unaddressed_utxos.map((u) => [u.tx_id.slice(0, 8), u.index, u.value])).toEqual([['2e312241', 0, 6400n]]);
    expect(Object.values(truth.balances).some((perToken) => perToken['00']?.total === 6400n * 2n)).toBe(false);
  });
});
