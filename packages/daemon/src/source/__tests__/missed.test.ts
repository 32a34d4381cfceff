import { silentLogger } from '@wallet-service/common';
import { freePort as closedPort } from '@wallet-service/common/testing/ports';
import { startSimulator, type Simulator } from 'fullnode-simulator';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { META, syntheticStream } from '../../__tests__/support/stream-support';
import { NodeHttpError, createNodeHttp, readRewardSpendMinBlocks, retryingProbe } from '../missed';


describe('node HTTP API', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ stream: syntheticStream(5), rewardSpendMinBlocks: 7 });
  });
  afterAll(() => sim.close());

  const http = () => createNodeHttp({ baseUrl: sim.httpUrl, timeoutMs: 2000, log: silentLogger });

  it('reads reward_spend_min_blocks from /v1a/version', async () => {
    expect(await http().rewardSpendMinBlocks()).toBe(7);
  });

  it('reads the peer id from /v1a/status', async () => {
    expect(await http().peerId()).toBe(META.peerId);
  });

  it('sees events past a cursor and none past the newest event', async () => {
    const h = http();
    expect(await h.hasEventsAfter(undefined)).toBe(true);
    expect(await h.hasEventsAfter(2)).toBe(true);
    expect(await h.hasEventsAfter(4)).toBe(false);
    sim.append([syntheticStream(7).events[5]]);
    expect(await h.hasEventsAfter(4)).toBe(true);
  });

  it('names the URL when the node is unreachable, and marks it retryable', async () => {
    const port = await closedPort();
    const dead = createNodeHttp({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000, log: silentLogger });
    const err = await dead.rewardSpendMinBlocks().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeHttpError);
    expect((err as NodeHttpError).retryable).toBe(true);
    expect((err as Error).message).toBe(`GET http://127.0.0.1:${port}/v1a/version failed: ECONNREFUSED`);
  });
});

describe('reward lock from /v1a/version', () => {
  it.each([[0], [null], ['10'], [-1]])('refuses %p with a clear error that is not retried', (value) => {
    let err: unknown;
    try {
      readRewardSpendMinBlocks({ reward_spend_min_blocks: value }, 'http://n/v1a/version');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NodeHttpError);
    expect((err as NodeHttpError).retryable).toBe(false);
    expect((err as Error).message).toMatch(/reports reward_spend_min_blocks=.*a positive integer is required/);
  });

  it('refuses a body without the field', () => {
    expect(() => readRewardSpendMinBlocks({ version: '0.60' }, 'u')).toThrow('u reports reward_spend_min_blocks=null');
  });

  it('refuses a node that reports 0', async () => {
    const sim = await startSimulator({ stream: syntheticStream(3), rewardSpendMinBlocks: 0 });
    try {
      const h = createNodeHttp({ baseUrl: sim.httpUrl, timeoutMs: 2000, log: silentLogger });
      await expect(h.rewardSpendMinBlocks()).rejects.toThrow(/reward_spend_min_blocks=0/);
    } finally {
      await sim.close();
    }
  });
});

describe('missed-event probe retries', () => {
  let server: Server;
  let calls = 0;
  let failures = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      calls++;
      if (calls <= failures) return res.writeHead(503).end('{"error":"event manager off"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"events":[{"id":3}],"latest_event_id":3}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  it('retries a 5xx a bounded number of times and then succeeds', async () => {
    calls = 0;
    failures = 2;
    const probe = retryingProbe(createNodeHttp({ baseUrl: base(), timeoutMs: 1000, log: silentLogger }), { baseMs: 1, maxMs: 2 }, 5, silentLogger);
    expect(await probe.hasEventsAfter(2)).toBe(true);
    expect(calls).toBe(3);
  });

  it('gives up after the bounded number of attempts', async () => {
    calls = 0;
    failures = 100;
    const probe = retryingProbe(createNodeHttp({ baseUrl: base(), timeoutMs: 1000, log: silentLogger }), { baseMs: 1, maxMs: 2 }, 3, silentLogger);
    await expect(probe.hasEventsAfter(2)).rejects.toThrow(/answered HTTP 503/);
    expect(calls).toBe(3);
  });
});
