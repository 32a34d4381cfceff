import { generateScenario } from '../index';
import { NC_FAIL_MARKER } from '../model';
import { deriveAddresses } from '../wallets';
import { decode, metaOf, types, vertexOf } from './inspect';

/** Each named scenario really contains what it is named after. */

function load(name: string) {
  const g = generateScenario(name);
  return { ...g, d: decode(g.stream) };
}

const TWO_POW_53 = 1n << 53n;

describe('named scenarios', () => {
  it('ONLY_LOAD is a load phase holding a token creation and timelocked outputs, and nothing after', () => {
    const { d, truth } = load('ONLY_LOAD');
    expect(types(d)[0]).toBe('LOAD_STARTED');
    expect(types(d).at(-1)).toBe('LOAD_FINISHED');
    expect(new Set(types(d).slice(1, -1))).toEqual(new Set(['NEW_VERTEX_ACCEPTED']));
    expect(d.events.some((e) => vertexOf(e)?.version === 2)).toBe(true);
    expect(truth.utxos.some((u) => u.timelock !== null && u.timelock > 3e9)).toBe(true);
    // the node announces no TOKEN_CREATED for stored vertices; the token still stands with its creation tx
    expect(d.events.some((e) => e.type === 'TOKEN_CREATED')).toBe(false);
    expect(Object.values(truth.tokens ?? {}).map((t) => t.symbol)).toEqual(['LDT']);
  });

  it('REORG voids two tied blocks, then the second chain wins inside a group', () => {
    const { d, truth } = load('REORG');
    const reorg = d.events.find((e) => e.type === 'REORG_STARTED');
    expect(reorg?.type === 'REORG_STARTED' && reorg.data.reorg_size).toBe(1);
    const tie = d.events.findIndex((e) => e.type === 'NEW_VERTEX_ACCEPTED' && (metaOf(e)?.voided_by.length ?? 0) > 0);
    expect(tie).toBeGreaterThan(0);
    expect(tie).toBeLessThan(reorg?.id ?? 0);
    expect(truth.voided).toHaveLength(1);
  });

  it('UNVOIDED_TRANSACTION ends with the twin valid and the original voided', () => {
    const { truth } = load('UNVOIDED_TRANSACTION');
    const twins = Object.entries(truth.vertices).filter(([, v]) => v.twins.length > 0);
    expect(twins).toHaveLength(2);
    const [valid, voided] = [twins.filter(([, v]) => v.voided_by.length === 0), twins.filter(([, v]) => v.voided_by.length > 0)];
    expect(valid).toHaveLength(1);
    expect(valid[0][1].first_block).not.toBeNull();
    expect(voided[0][1].voided_by).toEqual([voided[0][0]]);
  });

  it('INVALID_MEMPOOL_TRANSACTION removes a token creation and its spender inside the reorg group', () => {
    const { d, truth } = load('INVALID_MEMPOOL_TRANSACTION');
    const removed = d.events.filter((e) => e.type === 'VERTEX_REMOVED');
    expect(removed).toHaveLength(2);
    for (const e of removed) expect(e.group_id).toBe(0);
    expect(removed.some((e) => vertexOf(e)?.version === 2)).toBe(true);
    expect(truth.removed).toHaveLength(2);
    expect(truth.tokens).toEqual({});
    expect(truth.unaddressed_utxos.some((u) => u.from_block && u.script === '')).toBe(true);
  });

  it.each([['EMPTY_SCRIPT'], ['CUSTOM_SCRIPT']])('%s creates and spends an output without address', (name) => {
    const { d, truth } = load(name);
    const undecoded = d.events.flatMap((e) => vertexOf(e)?.inputs ?? []).filter((i) => i.spent_output.decoded?.type === undefined);
    expect(undecoded.length).toBeGreaterThan(0);
    expect(truth.unaddressed_utxos.length).toBeGreaterThan(0);
  });

  it('DEEP_REORG drops the chain by nine blocks and removes the spenders of a voided and of a relocked reward', () => {
    const { d, truth } = load('DEEP_REORG');
    const sizes = d.events.flatMap((e) => (e.type === 'REORG_STARTED' ? [e.data.reorg_size] : []));
    expect(sizes).toEqual([12, 3]);
    expect(truth.removed.length).toBeGreaterThanOrEqual(3);
    // txs sent back to the mempool got a new first_block later
    const firstBlocks = new Map<string, Set<string | null>>();
    for (const e of d.events) {
      const m = metaOf(e);
      const v = vertexOf(e);
      if (!m || !v || v.version === 0) continue;
      if (!firstBlocks.has(v.hash)) firstBlocks.set(v.hash, new Set());
      firstBlocks.get(v.hash)?.add(m.first_block ?? null);
    }
    expect([...firstBlocks.values()].filter((s) => s.size >= 3).length).toBeGreaterThan(0);
  });

  it('DOUBLE_SPEND_STORM voids txs through conflicts and their spenders through propagation', () => {
    const { truth } = load('DOUBLE_SPEND_STORM');
    const voided = Object.values(truth.vertices).filter((v) => v.voided_by.length > 0);
    expect(voided.length).toBeGreaterThanOrEqual(8);
    // a spender voided because its input's tx lost: voided by another hash than its own
    expect(Object.entries(truth.vertices).some(([h, v]) => v.voided_by.length > 0 && !v.voided_by.includes(h))).toBe(true);
    expect(Object.values(truth.vertices).some((v) => v.conflict_with.length >= 2)).toBe(true);
  });

  it('TOKEN_LIFECYCLE has amounts above 2^53, a voided authority transfer, voided creations and locked authorities', () => {
    const { d, truth } = load('TOKEN_LIFECYCLE');
    expect(d.events.some((e) => vertexOf(e)?.outputs.some((o) => o.value > TWO_POW_53))).toBe(true);
    expect(Object.values(truth.balances).some((perToken) => Object.values(perToken).some((b) => b.total > TWO_POW_53))).toBe(true);
    const created = d.events.filter((e) => e.type === 'TOKEN_CREATED');
    expect(created.length).toBe(5);
    expect(Object.keys(truth.tokens ?? {})).toHaveLength(3);
    expect(Object.values(truth.authorities).some((perToken) => Object.values(perToken).some((a) => (a.locked_mask ?? 0) > 0))).toBe(true);
    const voidedAuthorityMoves = Object.entries(truth.vertices).filter(([, v]) => v.voided_by.length > 0 && v.conflict_with.length > 0);
    expect(voidedAuthorityMoves.length).toBeGreaterThanOrEqual(2);
  });

  it('NANO_CONTRACTS executes, fails, re-executes after a reorg and creates tokens in the executing block', () => {
    const { d, truth } = load('NANO_CONTRACTS');
    const nanoCreated = d.events.filter((e) => e.type === 'TOKEN_CREATED' && e.data.nc_exec_info);
    expect(nanoCreated).toHaveLength(6); // three tokens, executed twice (before and after the reorg)
    expect(d.events.filter((e) => e.type === 'NC_EVENT').length).toBeGreaterThan(6);
    const failed = Object.values(truth.vertices).filter((v) => v.nc_execution === 'failure');
    expect(failed).toHaveLength(1);
    expect(failed[0].voided_by).toContain(NC_FAIL_MARKER);
    expect(Object.values(truth.vertices).some((v) => v.nc_execution === 'pending')).toBe(true);
    expect(d.events.some((e) => vertexOf(e)?.version === 4)).toBe(true);
    expect(d.events.some((e) => vertexOf(e)?.version === 1 && (vertexOf(e)?.headers?.length ?? 0) > 0)).toBe(true);
    expect(Object.keys(truth.tokens ?? {})).toHaveLength(4);
  });

  it('WALLET_ACTIVITY registers two wallets and uses addresses far beyond the initial gap', () => {
    const { truth } = load('WALLET_ACTIVITY');
    const setup = truth.setup?.wallets ?? [];
    expect(setup).toHaveLength(2);
    for (const w of setup) expect(w.addresses.map((a) => a.index)).toEqual([...Array(20).keys()]);
    for (const w of setup) {
      const beyondGap = deriveAddresses(w.xpubkey, 100, 'unittests').slice(20);
      const used = beyondGap.filter((a) => (truth.address_tx_ids[a] ?? []).length > 0);
      expect(used.length).toBeGreaterThanOrEqual(2);
      for (const a of used) for (const tx of truth.address_tx_ids[a]) expect(truth.wallets?.[w.id].tx_ids).toContain(tx);
    }
    for (const w of Object.values(truth.wallets ?? {})) expect(Object.keys(w.balances)).toContain('00');
  });
});
