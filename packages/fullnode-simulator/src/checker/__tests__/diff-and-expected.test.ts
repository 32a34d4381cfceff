import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { stringifyJson } from '@wallet-service/common';
import { describeWithFixtures, fixturePath } from '../../../../common/src/testing/fixtures';
import { checkStream, diffTruth, readExpected } from '..';
import { block, chain, out, StreamBuilder } from './builder';

const utxo = (txId: string, index: number, value: bigint | number) => ({ tx_id: txId, index, value, address: 'a' });

describe('diffTruth', () => {
  it('is empty for equal fields and compares integers by value whatever their JS type', () => {
    const a = { balances: { a: { '00': { total: 5n, utxos: 1 } } }, voided: ['x'] };
    const b = { balances: { a: { '00': { total: 5, utxos: 1n } } }, voided: ['x'] };
    expect(diffTruth(a, b, ['balances', 'voided'])).toEqual([]);
  });

  it('only looks at the fields it is given', () => {
    expect(diffTruth({ voided: ['x'], removed: [] }, { voided: ['y'], removed: [] }, ['removed'])).toEqual([]);
  });

  it('names the path of a changed value, a missing key and an unexpected key', () => {
    const expected = { balances: { alice: { '00': { total: 2n ** 60n + 1n, unlocked: 1n } }, bob: { '00': { total: 1n } } } };
    const actual = { balances: { alice: { '00': { total: 2n ** 60n + 2n, unlocked: 1n } }, carol: { '00': { total: 1n } } } };
    expect(diffTruth(expected, actual, ['balances'])).toEqual([
      'balances.alice.00.total: expected 1152921504606846977, actual 1152921504606846978',
      'balances.bob: missing in actual (expected {"00":{"total":1}})',
      'balances.carol: unexpected in actual ({"00":{"total":1}})',
    ]);
  });

  it('matches outputs by (tx_id, index) rather than by position', () => {
    const expected = { utxos: [utxo('t1', 0, 5), utxo('t1', 1, 6), utxo('t2', 0, 7)] };
    const actual = { utxos: [utxo('t2', 0, 7), utxo('t1', 1, 9), utxo('t3', 0, 1)] };
    expect(diffTruth(expected, actual, ['utxos'])).toEqual([
      'utxos[t1:0]: missing in actual (expected {"tx_id":"t1","index":0,"value":5,"address":"a"})',
      'utxos[t1:1].value: expected 6, actual 9',
      'utxos[t3:0]: unexpected in actual ({"tx_id":"t3","index":0,"value":1,"address":"a"})',
    ]);
  });

  it('reports id lists as missing and unexpected members, and a difference of order on its own', () => {
    expect(diffTruth({ ids: { a: ['1', '2'] } }, { ids: { a: ['2', '3'] } }, ['ids'])).toEqual([
      'ids.a: missing in actual: 1',
      'ids.a: unexpected in actual: 3',
    ]);
    expect(diffTruth({ ids: ['1', '2'] }, { ids: ['2', '1'] }, ['ids'])).toEqual([
      'ids: same items in a different order or multiplicity (expected ["1","2"], actual ["2","1"])',
    ]);
  });

  it('reports a field absent on one side, and null against a value', () => {
    expect(diffTruth({ tokens: {} }, {}, ['tokens'])).toEqual(['tokens: missing in actual (expected {})']);
    expect(diffTruth({ a: null }, { a: 'x' }, ['a'])).toEqual(['a: expected null, actual "x"']);
  });

  it('caps a long list of differences', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const lines = diffTruth({ m: many }, { m: {} }, ['m'], 10);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('… and 20 more difference(s)');
  });
});

describe('readExpected', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'checker-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a checker truth with amounts above 2^53 through stringifyJson exactly', () => {
    const b = new StreamBuilder();
    b.accept(block('genesis', [out(2n ** 63n + 7n, 'whale'), out(5, null)]), { height: 0 });
    chain(b, 10);
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now: 1_800_000_000 });
    const file = path.join(dir, 'truth.json');
    writeFileSync(file, stringifyJson(truth));
    const back = readExpected(file);
    expect(back.balances.whale['00'].total).toBe(2n ** 63n + 7n);
    expect(back.unaddressed_utxos.map((u) => u.value)).toEqual([5n]);
    expect(diffTruth(truth, back, Object.keys(truth))).toEqual([]);
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => readExpected(path.join(dir, 'nope.json'))).toThrow(/cannot read truth file .*nope\.json/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"utxos": [');
    expect(() => readExpected(bad)).toThrow(/bad\.json: not valid JSON/);
  });

  it('refuses a fixture-form file whose unaddressed count disagrees with its outputs', () => {
    const file = path.join(dir, 'count.json');
    writeFileSync(file, JSON.stringify({ utxos: [{ tx_id: 't', index: 0, value: 1, address: null }], unaddressed_utxos: 2, balances: {} }));
    expect(() => readExpected(file)).toThrow(/"unaddressed_utxos" says 2 but "utxos" holds 1 output\(s\) without an address/);
  });
});

describeWithFixtures('readExpected on a recorded fixture', () => {
  it('moves the unaddressed outputs of the fixture form out of utxos', () => {
    const truth = readExpected(fixturePath('INVALID_MEMPOOL_TRANSACTION', 'expected.json'));
    expect(truth.utxos.every((u) => u.address !== null)).toBe(true);
    expect(truth.unaddressed_utxos).toHaveLength(1);
    expect(truth.unaddressed_utxos[0]).toMatchObject({ address: null, value: 6400n, from_block: true });
  });
});
