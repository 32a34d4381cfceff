import { checkStream, diffTruth } from '../../checker';
import { generateRandom, generateScenario, SCENARIOS, type Generated } from '../index';

/**
 * The generator's truth comes from its own DAG model; the checker derives the same from the stream's final
 * metadata alone. Every field must agree, on every named scenario and on many random seeds (small ones,
 * with varied reward locks and rates, so that reorgs, removals, twins and nano failures all occur).
 */
const FIELDS = [
  'voided',
  'removed',
  'utxos',
  'unaddressed_utxos',
  'balances',
  'authorities',
  'address_tx_ids',
  'tokens',
  'wallets',
  'vertices',
  'best_block',
  'vertex_count',
  'events',
  'last_event_id',
];

function disagreement(g: Generated): string[] {
  const checked = checkStream(g.stream, {
    rewardSpendMinBlocks: g.stream.meta.rewardSpendMinBlocks,
    wallets: g.truth.setup?.wallets,
    scenario: g.truth.scenario,
  });
  return diffTruth(g.truth, checked, FIELDS, 20);
}

/** A checkpoint's truth must be the state of the stream cut there: the checker reads only that prefix. */
function checkpointDisagreement(g: Generated, name: string): string[] {
  const truth = g.checkpoints?.[name];
  if (!truth) return [`no checkpoint ${name}`];
  const prefix = { meta: g.stream.meta, events: g.stream.events.slice(0, truth.events) };
  return disagreement({ stream: prefix, truth });
}

describe('generator truth equals the independent checker', () => {
  it.each(SCENARIOS.map((s) => [s]))('%s', (name) => {
    expect(disagreement(generateScenario(name))).toEqual([]);
  });

  it('WALLET_ACTIVITY_PART_1: the checkpoint truth equals the checker on the stream cut there', () => {
    const g = generateScenario('WALLET_ACTIVITY');
    expect(Object.keys(g.checkpoints ?? {})).toEqual(['WALLET_ACTIVITY_PART_1']);
    const part1 = g.checkpoints!.WALLET_ACTIVITY_PART_1;
    expect(part1.events).toBeLessThan(g.truth.events);
    expect(part1.wallets).not.toEqual(g.truth.wallets);
    expect(checkpointDisagreement(g, 'WALLET_ACTIVITY_PART_1')).toEqual([]);
  });

  it('on 200 random seeds', () => {
    const failures: string[] = [];
    const seen = { reorgs: 0, removed: 0, voided: 0, tokens: 0, walletTxs: 0 };
    for (let seed = 0; seed < 200; seed++) {
      const g = generateRandom({
        seed,
        blocks: 5 + (seed % 4),
        txsPerBlock: 3,
        addresses: 12,
        rewardSpendMinBlocks: 1 + (seed % 5),
        maxReorgDepth: 1 + (seed % 3),
        reorgRate: 0.25,
        conflictRate: 0.2,
        wallets: seed % 3,
      });
      const diff = disagreement(g);
      if (diff.length > 0) failures.push(`seed ${seed}:\n  ${diff.join('\n  ')}`);
      seen.reorgs += g.stream.events.filter((e) => e.includes('"type":"REORG_STARTED"')).length;
      seen.removed += g.truth.removed.length;
      seen.voided += g.truth.voided.length;
      seen.tokens += Object.keys(g.truth.tokens ?? {}).length;
      seen.walletTxs += Object.values(g.truth.wallets ?? {}).reduce((n, w) => n + w.tx_ids.length, 0);
      if (failures.length >= 3) break;
    }
    expect(failures).toEqual([]);
    // the seeds really exercise the hard cases
    expect(seen.reorgs).toBeGreaterThan(50);
    expect(seen.removed).toBeGreaterThan(5);
    expect(seen.voided).toBeGreaterThan(100);
    expect(seen.tokens).toBeGreaterThan(20);
    expect(seen.walletTxs).toBeGreaterThan(100);
  });
});
