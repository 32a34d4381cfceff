import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringifyJson } from '@wallet-service/common';
import { generateRandom, generateRandomToFile, generateScenario, SCENARIOS } from '../index';

describe('generator determinism', () => {
  it.each(SCENARIOS.map((s) => [s]))('%s: the same seed gives the same bytes and truth, another seed other bytes', (name) => {
    const a = generateScenario(name, { seed: 11 });
    const b = generateScenario(name, { seed: 11 });
    expect(b.stream.events).toEqual(a.stream.events);
    expect(stringifyJson(b.truth)).toBe(stringifyJson(a.truth));
    const c = generateScenario(name, { seed: 12 });
    expect(c.stream.events.join('\n')).not.toBe(a.stream.events.join('\n'));
  });

  it('random mode: same seed and sizes give the same bytes, another seed other bytes', () => {
    const opts = { seed: 'abc', blocks: 10, reorgRate: 0.3, conflictRate: 0.3 };
    const a = generateRandom(opts);
    expect(generateRandom(opts).stream.events).toEqual(a.stream.events);
    expect(generateRandom({ ...opts, seed: 'abd' }).stream.events.join('\n')).not.toBe(a.stream.events.join('\n'));
    expect(generateRandom({ ...opts, seed: 7 }).stream.events.join('\n')).not.toBe(generateRandom({ ...opts, seed: 8 }).stream.events.join('\n'));
  });

  it('the streaming file writer sends the same events as the in-memory generator, and the same truth', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gen-det-'));
    try {
      const opts = { seed: 5, events: 3_000 };
      const file = path.join(dir, 'r.jsonl');
      const written = generateRandomToFile(file, opts);
      const memory = generateRandom(opts);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(written.events).toBe(memory.stream.events.length);
      expect(lines.length).toBe(memory.stream.events.length);
      lines.forEach((line, id) => {
        const event = memory.stream.events[id];
        expect(line).toBe(
          `{"type":"EVENT","peer_id":"simulator_peer_id","network":"unittests","event":${event},"latest_event_id":${id},"stream_id":"simulator_stream_id"}`,
        );
      });
      expect(readFileSync(written.expectedPath, 'utf8')).toBe(`${stringifyJson(memory.truth)}\n`);
      generateRandomToFile(path.join(dir, 's.jsonl'), opts);
      expect(readFileSync(path.join(dir, 's.jsonl'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
