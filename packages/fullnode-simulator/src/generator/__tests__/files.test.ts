import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseJson } from '@wallet-service/common';
import { loadReplayFile } from '../../replay/load';
import { normalizeTruth } from '../../truth/types';
import { expectedPathFor, generateRandomToFile, generateScenario, writeStreamFile } from '../index';

describe('stream files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gen-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writeStreamFile writes the wire format a replay loads back unchanged, and the truth beside it', () => {
    const generated = generateScenario('TOKEN_LIFECYCLE', { seed: 3 });
    const file = path.join(dir, 'tokens.jsonl');
    const { expectedPath } = writeStreamFile(file, generated);
    expect(expectedPath).toBe(path.join(dir, 'tokens.expected.json'));
    const replayed = loadReplayFile(file);
    expect(replayed.events).toEqual(generated.stream.events);
    expect(replayed.meta).toMatchObject({ peerId: 'simulator_peer_id', network: 'unittests', streamId: 'simulator_stream_id' });
    const last = generated.stream.events.length - 1;
    for (const line of readFileSync(file, 'utf8').trimEnd().split('\n')) expect(line).toContain(`"latest_event_id":${last},`);
    // amounts above 2^53 survive the file round trip exactly
    const truth = normalizeTruth(parseJson(readFileSync(expectedPath, 'utf8')));
    expect(truth).toEqual(generated.truth);
    expect(truth.utxos.some((u) => u.value > 1n << 53n)).toBe(true);
  });

  it('generateRandomToFile writes a complete stream and its truth', () => {
    const file = path.join(dir, 'random.jsonl');
    const result = generateRandomToFile(file, { seed: 9, events: 2_000, wallets: 2 });
    expect(result.events).toBeGreaterThanOrEqual(2_000);
    const replayed = loadReplayFile(file);
    expect(replayed.events).toHaveLength(result.events);
    const truth = normalizeTruth(parseJson(readFileSync(expectedPathFor(file), 'utf8')));
    expect(truth.events).toBe(result.events);
    expect(Object.keys(truth.wallets ?? {})).toHaveLength(2);
  });

  it('refuses a reward lock that is not a positive integer', () => {
    expect(() => generateScenario('REORG', { rewardSpendMinBlocks: 0 })).toThrow(/rewardSpendMinBlocks/);
    expect(() => generateRandomToFile(path.join(dir, 'x.jsonl'), { seed: 1, rewardSpendMinBlocks: 1.5 })).toThrow(/rewardSpendMinBlocks/);
  });

  it('names an unknown scenario and lists the known ones', () => {
    expect(() => generateScenario('NOPE')).toThrow(/unknown scenario 'NOPE'; known: ONLY_LOAD, /);
  });
});
