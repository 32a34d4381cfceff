import { existsSync, readdirSync } from 'fs';
import path from 'path';

/**
 * The recorded full-node streams live beside the repository (../shared, never copied in). A clone
 * elsewhere has no ../shared: tests that need them skip with a one-line notice, and the generated-stream
 * tests still cover the same behaviours.
 */
export const SHARED_DIR = path.resolve(__dirname, '../../../../../shared');
export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures', 'hathor-core-scenarios');

export const FIXTURE_SCENARIOS = [
  'ONLY_LOAD',
  'SINGLE_CHAIN_ONE_BLOCK',
  'SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS',
  'REORG',
  'UNVOIDED_TRANSACTION',
  'INVALID_MEMPOOL_TRANSACTION',
  'EMPTY_SCRIPT',
  'CUSTOM_SCRIPT',
] as const;

export function fixturesAvailable(): boolean {
  return existsSync(FIXTURES_DIR) && readdirSync(FIXTURES_DIR).some((f) => f.endsWith('.jsonl'));
}

let noticePrinted = false;

/** `describe` when the fixtures are there, `describe.skip` plus one notice line when they are not. */
export function describeWithFixtures(name: string, fn: () => void): void {
  if (fixturesAvailable()) {
    describe(name, fn);
    return;
  }
  if (!noticePrinted) {
    noticePrinted = true;
    process.stderr.write(`notice: ${FIXTURES_DIR} not found; recorded-stream tests skipped\n`);
  }
  describe.skip(name, fn);
}

export function fixturePath(scenario: string, kind: 'jsonl' | 'expected.json'): string {
  return path.join(FIXTURES_DIR, `${scenario}.${kind}`);
}
