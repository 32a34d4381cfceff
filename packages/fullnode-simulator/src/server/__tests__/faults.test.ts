import { startSimulator, type Simulator } from '../simulator';
import type { BeforeSend } from '../connection';
import { syntheticStream, TestClient } from './ws-client';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(beforeSend?: BeforeSend, eventsPerSecond?: number): Promise<Simulator> {
  sim = await startSimulator({ stream: syntheticStream(10), beforeSend, eventsPerSecond });
  return sim;
}

describe('fault injection', () => {
  it("'drop' terminates the connection before the event goes out; a reconnect resumes", async () => {
    let dropped = false;
    const s = await start((eventId, conn) => {
      if (eventId === 3 && !dropped) {
        dropped = true;
        expect(conn).toMatchObject({ id: 1, active: true, lastSentEventId: 2, ackEventId: 2, framesSent: 3 });
        return 'drop';
      }
      return 'send';
    });
    const first = await TestClient.connect(s.wsUrl);
    first.send({ type: 'START_STREAM', window_size: 1 });
    for (let id = 0; id < 3; id++) {
      expect(await first.nextEventIds(1)).toEqual([id]);
      first.send({ type: 'ACK', ack_event_id: id, window_size: 1 });
    }
    await first.waitClosed();
    const second = await TestClient.connect(s.wsUrl);
    second.send({ type: 'START_STREAM', last_ack_event_id: 2, window_size: 1 });
    expect(await second.nextEventIds(1)).toEqual([3]);
    second.close();
  });

  it('{ raw } sends that text instead of the envelope', async () => {
    const s = await start((eventId) => (eventId === 1 ? { raw: '{"type":"EVENT", broken' } : 'send'));
    const client = await TestClient.connect(s.wsUrl);
    client.send({ type: 'START_STREAM', window_size: 5 });
    expect(await client.nextEventIds(1)).toEqual([0]);
    expect(await client.next()).toBe('{"type":"EVENT", broken');
    expect(await client.nextEventIds(3)).toEqual([2, 3, 4]);
    client.close();
  });

  it('dropConnections terminates every client', async () => {
    const s = await start();
    const clients = await Promise.all([1, 2, 3].map(() => TestClient.connect(s.wsUrl)));
    expect(s.connections()).toBe(3);
    s.dropConnections();
    await Promise.all(clients.map((c) => c.waitClosed()));
    expect(s.connections()).toBe(0);
    const again = await TestClient.connect(s.wsUrl);
    again.send({ type: 'START_STREAM', window_size: 1 });
    expect(await again.nextEventIds(1)).toEqual([0]);
    again.close();
  });

  it('close() ends open connections too', async () => {
    const s = await start();
    const client = await TestClient.connect(s.wsUrl);
    await s.close();
    sim = undefined;
    await client.waitClosed();
  });
});

describe('pacing', () => {
  it('sends at most about eventsPerSecond events per second', async () => {
    const s = await start(undefined, 50);
    const client = await TestClient.connect(s.wsUrl);
    const began = Date.now();
    client.send({ type: 'START_STREAM', window_size: 100 });
    expect(await client.nextEventIds(10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 10 events at 50/s: the first goes at once, the other nine take ~180 ms.
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
    client.close();
  });
});
