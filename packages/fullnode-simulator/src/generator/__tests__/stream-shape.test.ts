import { isBlockVersion, stringifyJson, tokenUidOf } from '@wallet-service/common';
import type { EventStream } from '../../stream';
import { generateRandom, generateScenario, SCENARIOS } from '../index';
import { decodeAddress, parseStandardScript } from '../scripts';
import { decode, type Decoded, metaOf, vertexOf } from './inspect';

/**
 * Structural invariants every generated stream must hold, checked on the decoded events only: the node's
 * schema, consecutive ids, load phase, reorg groups, the node's per-vertex order, inputs spending earlier
 * outputs, and addresses matching their scripts.
 */

function checkIdsAndGroups(d: Decoded): void {
  let group: number | null = null;
  let nextGroup = 0;
  d.events.forEach((e, i) => {
    expect(e.id).toBe(i);
    if (e.type === 'REORG_STARTED') {
      expect(group).toBeNull();
      group = nextGroup++;
    }
    expect({ id: e.id, group: e.group_id }).toEqual({ id: e.id, group });
    if (e.type === 'REORG_FINISHED') group = null;
  });
  expect(group).toBeNull();
}

function checkLoadPhase(d: Decoded): number {
  expect(d.events[0].type).toBe('LOAD_STARTED');
  const finished = d.events.findIndex((e) => e.type === 'LOAD_FINISHED');
  expect(finished).toBeGreaterThan(3);
  for (const e of d.events.slice(1, finished)) expect(e.type).toBe('NEW_VERTEX_ACCEPTED');
  const genesis = vertexOf(d.events[1]);
  expect(genesis?.version).toBe(0);
  expect(genesis?.outputs.map((o) => o.value)).toEqual([100_000_000_000n]);
  for (const e of d.events.slice(2, 4)) expect({ version: vertexOf(e)?.version, inputs: vertexOf(e)?.inputs, outputs: vertexOf(e)?.outputs }).toEqual({ version: 1, inputs: [], outputs: [] });
  expect(d.events.filter((e) => e.type === 'LOAD_STARTED' || e.type === 'LOAD_FINISHED')).toHaveLength(2);
  return finished;
}

/** Live phase: a new vertex's own VERTEX_METADATA_CHANGED comes before its NEW_VERTEX_ACCEPTED, which is outside any group. */
function checkVertexOrder(d: Decoded, loadEnd: number): void {
  const seen = new Set<string>();
  for (const e of d.events.slice(0, loadEnd)) seen.add((vertexOf(e) as { hash: string } | null)?.hash ?? '');
  d.events.forEach((e, i) => {
    if (i <= loadEnd) return;
    const v = vertexOf(e);
    if (e.type === 'VERTEX_METADATA_CHANGED' && v) seen.add(v.hash);
    if (e.type === 'NEW_VERTEX_ACCEPTED') {
      expect({ event: i, seenBefore: seen.has(e.data.hash), group: e.group_id }).toEqual({ event: i, seenBefore: true, group: null });
      if (e.data.version === 2) {
        const next = d.events[i + 1];
        expect(next.type).toBe('TOKEN_CREATED');
        if (next.type === 'TOKEN_CREATED') expect({ uid: next.data.token_uid, info: next.data.nc_exec_info }).toEqual({ uid: e.data.hash, info: null });
      }
    }
  });
}

function checkInputsAndScripts(d: Decoded, network: string): void {
  const outputs = new Map<string, unknown[]>();
  const timestamps = new Map<string, number>();
  d.events.forEach((e, i) => {
    const v = vertexOf(e);
    if (!v) return;
    const raw = (d.raw[i].data as { outputs: unknown[] }).outputs;
    if (!outputs.has(v.hash)) {
      for (const input of (d.raw[i].data as { inputs: Array<{ tx_id: string; index: number; spent_output: unknown }> }).inputs) {
        const spent = outputs.get(input.tx_id);
        expect({ event: i, input: `${input.tx_id}:${input.index}`, known: spent?.[input.index] !== undefined }).toEqual({
          event: i,
          input: `${input.tx_id}:${input.index}`,
          known: true,
        });
        expect(stringifyJson(input.spent_output)).toBe(stringifyJson(spent?.[input.index]));
        expect(v.timestamp).toBeGreaterThan(timestamps.get(input.tx_id) ?? Infinity);
      }
      for (const p of v.parents) expect(v.timestamp).toBeGreaterThan(timestamps.get(p) ?? Infinity);
      outputs.set(v.hash, raw);
      timestamps.set(v.hash, v.timestamp);
    }
    if (v.version === 2) expect(v.tokens).toEqual([v.hash]);
    for (const o of v.outputs) {
      expect(() => tokenUidOf(o.token_data, v.tokens)).not.toThrow();
      const parsed = parseStandardScript(o.script);
      if (o.decoded?.type === undefined) {
        expect(parsed).toBeNull();
        continue;
      }
      const address = decodeAddress(o.decoded.address as string, network);
      expect({ type: o.decoded.type, hash: parsed?.hash160.toString('hex'), timelock: o.decoded.timelock }).toEqual({
        type: address.kind,
        hash: address.hash160.toString('hex'),
        timelock: parsed?.timelock,
      });
    }
    for (const h of v.headers ?? []) expect(() => decodeAddress(h.nc_address as string, network)).not.toThrow();
  });
}

/** Blocks chain on earlier blocks with height + 1; txs report height 0. */
function checkHeights(d: Decoded): void {
  const heights = new Map<string, number>();
  for (const e of d.events) {
    const v = vertexOf(e);
    const m = metaOf(e);
    if (!v || !m) continue;
    if (isBlockVersion(v.version) && v.parents.length > 0) expect(m.height).toBe((heights.get(v.parents[0]) ?? -10) + 1);
    if (!isBlockVersion(v.version)) expect(m.height).toBe(0);
    heights.set(v.hash, m.height);
  }
}

/**
 * A tx never spends a reward before it unlocks (block height + reward_spend_min_blocks <= best height when
 * the tx arrives) nor an output whose timelock is in the future.
 */
function checkLocks(d: Decoded, rewardSpendMinBlocks: number): void {
  const blocks = new Map<string, { height: number; voided: boolean }>();
  const outputs = new Map<string, Array<{ timelock: number | null }>>();
  const bestHeight = () => Math.max(...[...blocks.values()].filter((b) => !b.voided).map((b) => b.height));
  for (const e of d.events) {
    const v = vertexOf(e);
    const m = metaOf(e);
    if (!v || !m) continue;
    if (!outputs.has(v.hash)) {
      for (const input of v.inputs) {
        const owner = blocks.get(input.tx_id);
        if (owner) expect({ tx: v.hash, unlocks: owner.height + rewardSpendMinBlocks <= bestHeight() }).toEqual({ tx: v.hash, unlocks: true });
        const timelock = outputs.get(input.tx_id)?.[input.index]?.timelock ?? null;
        if (timelock !== null) expect(timelock).toBeLessThan(v.timestamp);
      }
      outputs.set(v.hash, v.outputs.map((o) => ({ timelock: o.decoded?.timelock ?? null })));
    }
    if (isBlockVersion(v.version)) blocks.set(v.hash, { height: m.height, voided: m.voided_by.length > 0 });
  }
}

function checkAll(stream: EventStream): void {
  const d = decode(stream);
  checkIdsAndGroups(d);
  const loadEnd = checkLoadPhase(d);
  checkVertexOrder(d, loadEnd);
  checkInputsAndScripts(d, stream.meta.network);
  checkHeights(d);
  checkLocks(d, stream.meta.rewardSpendMinBlocks);
}

describe('generated streams', () => {
  it.each(SCENARIOS.map((s) => [s]))('%s holds the node schema, order and consistency invariants', (name) => {
    checkAll(generateScenario(name).stream);
  });

  it.each([1, 2, 3, 4, 5, 6].map((seed) => [seed]))('random seed %i holds them too', (seed) => {
    checkAll(generateRandom({ seed, blocks: 12, rewardSpendMinBlocks: 2 + (seed % 4), reorgRate: 0.2, conflictRate: 0.2 }).stream);
  });

  it('uses testnet version bytes on a testnet network', () => {
    const { stream } = generateRandom({ seed: 3, blocks: 4, wallets: 0, network: 'testnet-golf' });
    expect(stream.meta.network).toBe('testnet-golf');
    checkAll(stream);
    expect(stream.events.join('\n')).toMatch(/"address":"W/);
  });
});
