import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '@wallet-service/common/testing/fixtures';
import { loadReplayFile } from '../../replay/load';
import { generateScenario } from '../index';

/**
 * Generated events must look like the recorded node's: the same keys in the same order at every place of
 * an event (event, data per type, metadata, inputs, outputs, decoded, spent_outputs), and floats printed the
 * Python way. Only places the recordings have are compared (they hold no nano headers, for instance).
 */

type Shapes = Map<string, Set<string>>;

function collect(value: unknown, where: string, out: Shapes): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, `${where}[]`, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  if (!out.has(where)) out.set(where, new Set());
  out.get(where)?.add(keys.join(','));
  for (const k of keys) collect((value as Record<string, unknown>)[k], `${where}.${k}`, out);
}

function shapes(events: string[]): Shapes {
  const out: Shapes = new Map();
  for (const text of events) {
    const event = JSON.parse(text) as { type: string };
    collect(event, event.type, out);
  }
  return out;
}

const FLOAT_FIELDS = /"(weight|accumulated_weight|score)":(-?[0-9.e+-]+)/g;

describeWithFixtures('generated events have the recorded node shape', () => {
  it.each(FIXTURE_SCENARIOS.map((s) => [s]))('%s: same keys in the same order at every place the recording has', (name) => {
    const recorded = shapes(loadReplayFile(fixturePath(name, 'jsonl')).events);
    const generated = shapes(generateScenario(name).stream.events);
    for (const [where, keyLists] of recorded) {
      const mine = generated.get(where);
      if (!mine) continue; // e.g. the recording has a VERTEX_REMOVED this scenario variant may not
      expect({ where, keys: [...mine].filter((k) => !keyLists.has(k)) }).toEqual({ where, keys: [] });
    }
    // every place of the recording appears in the generated scenario too
    expect([...recorded.keys()].filter((where) => !generated.has(where))).toEqual([]);
  });

  it('SINGLE_CHAIN_ONE_BLOCK sends the same event sequence as the recording', () => {
    const typesOf = (events: string[]) => events.map((e) => (JSON.parse(e) as { type: string }).type);
    expect(typesOf(generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream.events)).toEqual(typesOf(loadReplayFile(fixturePath('SINGLE_CHAIN_ONE_BLOCK', 'jsonl')).events));
  });

  it('floats are printed like the node (integral values keep ".0")', () => {
    const text = generateScenario('SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS').stream.events.join('\n');
    const floats = [...text.matchAll(FLOAT_FIELDS)].map((m) => m[2]);
    expect(floats.length).toBeGreaterThan(50);
    for (const f of floats) expect(f).toMatch(/\./);
    for (const m of text.matchAll(/"timestamp":([0-9.]+),"type"/g)) expect(m[1]).toMatch(/\./);
  });
});
