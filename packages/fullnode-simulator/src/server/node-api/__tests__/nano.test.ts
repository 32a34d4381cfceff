import { parseJson } from '@wallet-service/common';
import { generateScenario, type Generated } from '../../../generator';
import type { Simulator } from '../../simulator';
import { finalVertices, get, withSimulator, type FinalVertex } from './helpers';

type Json = Record<string, unknown>;

const generated: Generated = generateScenario('NANO_CONTRACTS');
const all = finalVertices(generated.stream);
const init = [...all.values()].find((v) => v.data.headers?.[0]?.nc_method === 'initialize') as FinalVertex;
const contract = init.data.hash;
const blueprint = init.data.headers?.[0]?.nc_id as string;

interface Raw {
  type: string;
  data: {
    hash: string;
    timestamp: number;
    version: number;
    headers?: Array<{ nc_id: string; nc_method: string }>;
    inputs: Array<{ spent_output: { value: number | bigint; token_data: number } }>;
    outputs: Array<{ value: number | bigint; token_data: number }>;
    metadata: { voided_by: string[]; nc_execution: string | null; first_block: string | null };
  };
}

/** The calls the stream's nano headers make on the contract, newest first by (timestamp, hash). */
function callsNewestFirst(): string[] {
  const last = new Map<string, Raw['data']>();
  for (const raw of generated.stream.events) {
    const e = parseJson(raw) as Raw;
    if (e.type === 'NEW_VERTEX_ACCEPTED' || e.type === 'VERTEX_METADATA_CHANGED') last.set(e.data.hash, e.data);
  }
  return [...last.values()]
    .filter((d) => d.headers?.[0] && (d.headers[0].nc_method === 'initialize' ? d.hash : d.headers[0].nc_id) === contract)
    .sort((a, b) => b.timestamp - a.timestamp || (a.hash < b.hash ? 1 : -1))
    .map((d) => d.hash);
}

/** HTR a successfully executed, non-voided call takes in and does not pay out (token creations excluded). */
function htrMovedIn(): bigint {
  let sum = 0n;
  for (const v of all.values()) {
    const d = v.data as unknown as Raw['data'];
    const call = d.headers?.[0];
    if (!call || v.removed || d.version === 2 || d.metadata.voided_by.length > 0 || d.metadata.nc_execution !== 'success') continue;
    if ((call.nc_method === 'initialize' ? d.hash : call.nc_id) !== contract) continue;
    for (const i of d.inputs) if (i.spent_output.token_data === 0) sum += BigInt(i.spent_output.value);
    for (const o of d.outputs) if (o.token_data === 0) sum -= BigInt(o.value);
  }
  return sum;
}

async function history(sim: Simulator, query: string): Promise<Json> {
  return (await get(sim, `/v1a/nano_contract/history?id=${contract}${query}`)).body;
}

const hashes = (body: Json) => (body.history as Json[]).map((h) => h.hash);

describe('GET /v1a/nano_contract/history', () => {
  it('lists every tx calling the contract, newest first, in the node\'s extended form', async () => {
    const expected = callsNewestFirst();
    expect(expected.length).toBeGreaterThan(5);
    await withSimulator(generated.stream, async (sim) => {
      const body = await history(sim, '');
      expect(body).toMatchObject({ success: true, count: 100, after: null, before: null, has_more: false });
      expect(hashes(body)).toEqual(expected);
      for (const entry of body.history as Json[]) {
        const final = all.get(entry.hash as string) as FinalVertex;
        expect(entry).toMatchObject({ tx_id: entry.hash, nc_id: contract, nc_blueprint_id: blueprint, is_voided: (final.data.metadata?.voided_by.length ?? 0) > 0 });
        expect(Object.keys(entry)).toEqual(expect.arrayContaining(['nonce', 'inputs', 'outputs', 'parents', 'tokens', 'nc_method', 'nc_address', 'first_block']));
      }
      expect((body.history as Json[]).some((e) => e.is_voided === true)).toBe(true);
    });
  });

  it('pages with count, after and before, in either order', async () => {
    const expected = callsNewestFirst();
    await withSimulator(generated.stream, async (sim) => {
      const first = await history(sim, '&count=3');
      expect(hashes(first)).toEqual(expected.slice(0, 3));
      expect(first.has_more).toBe(true);
      const next = await history(sim, `&count=3&after=${expected[2]}`);
      expect(hashes(next)).toEqual(expected.slice(3, 6));
      expect(hashes(await history(sim, `&count=2&before=${expected[4]}`))).toEqual([expected[3], expected[2]]);
      const oldest = [...expected].reverse();
      expect(hashes(await history(sim, '&order=asc&count=2'))).toEqual(oldest.slice(0, 2));
      expect(hashes(await history(sim, `&order=asc&after=${oldest[1]}`))).toEqual(oldest.slice(2));
    });
  });

  it('include_nc_events gives the NC_EVENTs of the current execution, include_nc_logs an empty log', async () => {
    await withSimulator(generated.stream, async (sim) => {
      const body = await history(sim, '&include_nc_events=true&include_nc_logs=1');
      for (const entry of body.history as Json[]) {
        expect(entry.nc_logs).toEqual({});
        const want = generated.stream.events
          .map((raw) => parseJson(raw) as { type: string; data: { vertex_id: string; nc_id: string; data_hex: string; first_block: string } })
          .filter((e) => e.type === 'NC_EVENT' && e.data.vertex_id === entry.hash && e.data.first_block === entry.first_block)
          .map((e) => ({ nc_id: e.data.nc_id, data: e.data.data_hex }));
        expect(entry.nc_events).toEqual(want);
      }
      expect((body.history as Json[]).some((e) => (e.nc_events as unknown[]).length > 0)).toBe(true);
    });
  });

  it('answers bad requests with the node\'s errors', async () => {
    const [someTx] = callsNewestFirst();
    await withSimulator(generated.stream, async (sim) => {
      const cases: Array<[string, number, string]> = [
        ['', 400, 'id: Field required (the nano contract id)'],
        [`?id=${contract}&after=${someTx}&before=${someTx}`, 400, "Parameters after and before can't be used together."],
        ['?id=zz', 400, 'Invalid id: zz'],
        [`?id=${'ab'.repeat(32)}`, 404, 'Nano contract does not exist.'],
        [`?id=${contract}&after=xyz`, 400, 'Invalid hash: xyz'],
        [`?id=${contract}&after=${'cd'.repeat(32)}`, 404, `Transaction ${'cd'.repeat(32)} not found.`],
        [`?id=${contract}&count=500`, 400, 'count: must be an integer from 1 to 499, got "500"'],
        [`?id=${contract}&order=up`, 400, `order: Input should be 'asc' or 'desc', got "up"`],
      ];
      for (const [query, status, error] of cases) {
        const reply = await get(sim, `/v1a/nano_contract/history${query}`);
        expect({ query, status: reply.status, body: reply.body }).toEqual({ query, status, body: { success: false, error } });
      }
    });
  });
});

describe('GET /v1a/nano_contract/state', () => {
  it('reports the blueprint, per-field answers for repeated fields[] and fields keys, and balances', async () => {
    const nanoTokens = Object.entries(generated.truth.tokens ?? {}).filter(([uid]) => all.get(uid) === undefined);
    expect(nanoTokens.length).toBeGreaterThan(0);
    await withSimulator(generated.stream, async (sim) => {
      const { status, body } = await get(
        sim,
        `/v1a/nano_contract/state?id=${contract}&fields[]=total&fields=owner.a'H9Gd3HiAW31QzZHY5kuHBHpdK1Kj65DZeQ'&fields[]=x.a'nope'&balances[]=00&balances[]=zz&calls[]=get_total()`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ success: true, nc_id: contract, blueprint_id: blueprint, blueprint_name: 'SimulatedBlueprint' });
      expect(body.fields).toEqual({
        total: { errmsg: 'not a blueprint field' },
        "owner.a'H9Gd3HiAW31QzZHY5kuHBHpdK1Kj65DZeQ'": { errmsg: 'not a blueprint field' },
        "x.a'nope'": { errmsg: 'invalid format' },
      });
      expect(body.balances).toEqual({ '00': { value: String(htrMovedIn()), can_mint: false, can_melt: false }, zz: { errmsg: 'invalid token id' } });
      expect(Object.keys(body.calls as Json)).toEqual(['get_total()']);
      const everything = (await get(sim, `/v1a/nano_contract/state?id=${contract}&balances[]=__all__`)).body.balances as Json;
      for (const [uid] of nanoTokens) expect(everything[uid]).toMatchObject({ value: expect.stringMatching(/^[1-9]\d*$/) });
    });
  });

  it('answers bad block references and missing contracts with the node\'s errors', async () => {
    const initFirstBlock = init.data.metadata?.first_block as string;
    await withSimulator(generated.stream, async (sim) => {
      const height = ((await get(sim, `/v1a/transaction?id=${initFirstBlock}`)).body.tx as Json).height as number;
      const earlier = ((await get(sim, `/v1a/status`)).body.dag as Json).best_blockchain as Array<[number, string]>;
      const cases: Array<[string, number, string]> = [
        ['', 400, 'id: Field required (the nano contract id)'],
        [`?id=${contract}&block_height=1&timestamp=5`, 400, 'only one of `block_hash`, `block_height`, or `timestamp` must be used'],
        ['?id=nothex', 400, 'Invalid id: nothex'],
        [`?id=${contract}&block_hash=xx`, 400, 'Invalid block_hash parameter: xx'],
        [`?id=${contract}&block_hash=${contract}`, 400, `Invalid block_hash ${contract}.`],
        [`?id=${contract}&block_height=100000`, 400, 'No block hash was found with height 100000.'],
        [`?id=${contract}&timestamp=5`, 400, 'No block hash was found before timestamp 5.'],
        [`?id=${'ab'.repeat(32)}`, 404, `Nano contract does not exist at block ${earlier[0][1]}.`],
      ];
      for (const [query, status, error] of cases) {
        const reply = await get(sim, `/v1a/nano_contract/state${query}`);
        expect({ query, status: reply.status, body: reply.body }).toEqual({ query, status, body: { success: false, error } });
      }
      const atCreation = await get(sim, `/v1a/nano_contract/state?id=${contract}&block_height=${height}`);
      expect(atCreation.status).toBe(200);
      const tooEarly = await get(sim, `/v1a/nano_contract/state?id=${contract}&block_height=${height - 1}`);
      expect(tooEarly.status).toBe(404);
      expect(tooEarly.body.error).toMatch(/^Nano contract does not exist at block [0-9a-f]{64}\.$/);
    });
  });
});

describe('GET /v1a/nano_contract/blueprint/info', () => {
  it('lists the methods called on the blueprint\'s contracts as public methods', async () => {
    const methods = [...new Set([...all.values()].flatMap((v) => v.data.headers ?? []).map((h) => h.nc_method as string))].sort();
    await withSimulator(generated.stream, async (sim) => {
      const { status, body } = await get(sim, `/v1a/nano_contract/blueprint/info?blueprint_id=${blueprint}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: blueprint, name: 'SimulatedBlueprint', attributes: {}, view_methods: {}, private_methods: {}, docstring: null });
      expect(Object.keys(body.public_methods as Json)).toEqual(methods);
      expect((body.public_methods as Json).initialize).toEqual({ args: [], return_type: 'null', docstring: null });
      expect((await get(sim, '/v1a/nano_contract/blueprint/info?blueprint_id=zz')).body).toEqual({ success: false, error: 'Invalid id: zz' });
      const unknown = await get(sim, `/v1a/nano_contract/blueprint/info?blueprint_id=${contract}`);
      expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 404, body: { success: false, error: `Blueprint not found: ${contract}` } });
      expect((await get(sim, '/v1a/nano_contract/blueprint/info')).status).toBe(400);
    });
  });
});
