import { describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { loadReplayFile } from '../../replay/load';
import { startSimulator, type Simulator } from '../simulator';
import { syntheticStream } from './ws-client';

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  expect(res.headers.get('content-type')).toBe('application/json');
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('HTTP endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ stream: syntheticStream(250), peerId: 'peer-override', rewardSpendMinBlocks: 3 });
  });
  afterAll(() => sim.close());

  const ids = (body: Record<string, unknown>) => (body.events as { id: number }[]).map((e) => e.id);

  it('GET /v1a/event pages from last_ack_event_id + 1, 100 by default', async () => {
    const first = await getJson(`${sim.httpUrl}/v1a/event`);
    expect(first.status).toBe(200);
    expect(first.body.latest_event_id).toBe(249);
    expect(ids(first.body)).toEqual(Array.from({ length: 100 }, (_, i) => i));

    const page = await getJson(`${sim.httpUrl}/v1a/event?last_ack_event_id=10&size=3`);
    expect(ids(page.body)).toEqual([11, 12, 13]);

    expect(ids((await getJson(`${sim.httpUrl}/v1a/event?last_ack_event_id=249&size=1`)).body)).toEqual([]);
    expect(ids((await getJson(`${sim.httpUrl}/v1a/event?size=0`)).body)).toEqual([]);
    expect(ids((await getJson(`${sim.httpUrl}/v1a/event?size=1000`)).body)).toHaveLength(250);
  });

  it('GET /v1a/event refuses bad parameters with 400 and a clear error', async () => {
    for (const [query, part] of [
      ['size=1001', 'size must be between 0 and 1000'],
      ['size=-1', 'size must be a non-negative integer'],
      ['size=abc', 'size must be a non-negative integer'],
      ['last_ack_event_id=1.5', 'last_ack_event_id must be a non-negative integer'],
      ['last_ack_event_id=', 'last_ack_event_id must be a non-negative integer'],
    ]) {
      const { status, body } = await getJson(`${sim.httpUrl}/v1a/event?${query}`);
      expect({ query, status, success: body.success }).toEqual({ query, status: 400, success: false });
      expect(body.error).toContain(part);
    }
  });

  it('GET /v1a/event answers 404 for an event id beyond the latest', async () => {
    const { status, body } = await getJson(`${sim.httpUrl}/v1a/event?last_ack_event_id=250`);
    expect(status).toBe(404);
    expect(body.error).toBe('event 250 not found (latest event id is 249)');
  });

  it('GET /v1a/version reports every field the wallet service reads', async () => {
    const { status, body } = await getJson(`${sim.httpUrl}/v1a/version`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      version: expect.any(String),
      network: 'unittests',
      nano_contracts_enabled: true,
      min_weight: expect.any(Number),
      min_tx_weight: expect.any(Number),
      min_tx_weight_coefficient: expect.any(Number),
      min_tx_weight_k: expect.any(Number),
      token_deposit_percentage: 0.01,
      reward_spend_min_blocks: 3,
      max_number_inputs: 255,
      max_number_outputs: 255,
      decimal_places: 2,
      native_token: { name: 'Hathor', symbol: 'HTR' },
    });
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['genesis_block_hash', 'genesis_tx1_hash', 'genesis_tx2_hash']));
  });

  it('GET /v1a/status carries the peer id', async () => {
    const { status, body } = await getJson(`${sim.httpUrl}/v1a/status`);
    expect(status).toBe(200);
    expect(body.server).toMatchObject({ id: 'peer-override', network: 'unittests', state: 'READY' });
  });

  it('unknown paths are 404 and wrong methods 405', async () => {
    expect((await getJson(`${sim.httpUrl}/v1a/nothing`)).status).toBe(404);
    const res = await fetch(`${sim.httpUrl}/v1a/version`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('refuses websocket upgrades on other paths', async () => {
    const WebSocket = (await import('ws')).default;
    const ws = new WebSocket(sim.wsUrl.replace('event_ws', 'other'));
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toContain('404');
  });
});

describe('GET /v1a/event on an empty log', () => {
  it('returns no events, latest_event_id null, and 404 for any ack', async () => {
    const sim = await startSimulator({ stream: syntheticStream(0) });
    try {
      expect((await getJson(`${sim.httpUrl}/v1a/event`)).body).toEqual({ events: [], latest_event_id: null });
      expect((await getJson(`${sim.httpUrl}/v1a/event?last_ack_event_id=0`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});

describeWithFixtures('GET /v1a/version on a recorded stream', () => {
  it('reports the genesis hashes found in the load phase', async () => {
    const sim = await startSimulator({ stream: loadReplayFile(fixturePath('ONLY_LOAD', 'jsonl')) });
    try {
      const { body } = await getJson(`${sim.httpUrl}/v1a/version`);
      expect(body).toMatchObject({
        genesis_block_hash: '339f47da87435842b0b1b528ecd9eac2495ce983b3e9c923a37e1befbe12c792',
        genesis_tx1_hash: '16ba3dbe424c443e571b00840ca54b9ff4cff467e10b6a15536e718e2008f952',
        genesis_tx2_hash: '33e14cb555a96967841dcbe0f95e9eab5810481d01de8f4f73afb8cce365e869',
        reward_spend_min_blocks: 10,
      });
      const status = await getJson(`${sim.httpUrl}/v1a/status`);
      expect(status.body.dag).toMatchObject({ first_timestamp: 1572636343 });
    } finally {
      await sim.close();
    }
  });
});
