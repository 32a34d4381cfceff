import { memberText } from '../../replay/json-text';
import { startSimulator, type Simulator } from '../simulator';
import { rawEvent, syntheticStream, TestClient } from './ws-client';

let sim: Simulator;
const clients: TestClient[] = [];

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(sim.wsUrl);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  sim = await startSimulator({ stream: syntheticStream(20) });
});

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await sim.close();
});

describe('event stream flow control', () => {
  it('sends nothing before START_STREAM', async () => {
    const client = await connect();
    await client.expectSilence();
  });

  it('with window 0 sends nothing until a window opens', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 0 });
    await client.expectSilence();
    client.send({ type: 'START_STREAM', window_size: 1 });
    expect((await client.nextJson()).type).toBe('STREAM_IS_ACTIVE');
  });

  it('with window 1 sends one event per ACK', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 1 });
    expect(await client.nextEventIds(1)).toEqual([0]);
    await client.expectSilence();
    for (let id = 0; id < 5; id++) {
      client.send({ type: 'ACK', ack_event_id: id, window_size: 1 });
      expect(await client.nextEventIds(1)).toEqual([id + 1]);
    }
    await client.expectSilence(50);
  });

  it('with window N keeps at most N un-acked events in flight', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 4 });
    expect(await client.nextEventIds(4)).toEqual([0, 1, 2, 3]);
    await client.expectSilence();
    // Acking 3 frees the whole window.
    client.send({ type: 'ACK', ack_event_id: 3, window_size: 4 });
    expect(await client.nextEventIds(4)).toEqual([4, 5, 6, 7]);
    await client.expectSilence();
  });

  it('a large window streams everything and stops at the newest event', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 1000 });
    const ids = await client.nextEventIds(20);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await client.expectSilence();
  });

  it('an ACK moves "last sent" back, so un-acked events are sent again', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 3 });
    expect(await client.nextEventIds(3)).toEqual([0, 1, 2]);
    client.send({ type: 'ACK', ack_event_id: 0, window_size: 3 });
    expect(await client.nextEventIds(3)).toEqual([1, 2, 3]);
    await client.expectSilence();
  });

  it('an ACK with window 0 pauses the stream, a later ACK resumes it', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 2 });
    expect(await client.nextEventIds(2)).toEqual([0, 1]);
    client.send({ type: 'ACK', ack_event_id: 1, window_size: 0 });
    await client.expectSilence();
    client.send({ type: 'ACK', ack_event_id: 1, window_size: 2 });
    expect(await client.nextEventIds(2)).toEqual([2, 3]);
    await client.expectSilence();
  });

  it('START_STREAM from last_ack_event_id resumes right after it', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', last_ack_event_id: 14, window_size: 100 });
    expect(await client.nextEventIds(5)).toEqual([15, 16, 17, 18, 19]);
    await client.expectSilence();
  });

  it('STOP_STREAM stops sending and a later START_STREAM resumes from its last ack', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 1 });
    expect(await client.nextEventIds(1)).toEqual([0]);
    client.send({ type: 'ACK', ack_event_id: 0, window_size: 1 });
    expect(await client.nextEventIds(1)).toEqual([1]);
    client.send({ type: 'STOP_STREAM' });
    client.send({ type: 'ACK', ack_event_id: 1, window_size: 1 });
    expect((await client.nextJson()).type).toBe('STREAM_IS_INACTIVE');
    // Restarting from before the last ack is refused; from the last ack it resumes right after it.
    client.send({ type: 'START_STREAM', window_size: 1 });
    expect((await client.nextJson()).type).toBe('ACK_TOO_SMALL');
    client.send({ type: 'START_STREAM', last_ack_event_id: 0, window_size: 2 });
    expect(await client.nextEventIds(2)).toEqual([1, 2]);
    await client.expectSilence();
  });

  it('gives every client its own position', async () => {
    const a = await connect();
    const b = await connect();
    const c = await connect();
    a.send({ type: 'START_STREAM', window_size: 2 });
    b.send({ type: 'START_STREAM', last_ack_event_id: 9, window_size: 1 });
    expect(await a.nextEventIds(2)).toEqual([0, 1]);
    expect(await b.nextEventIds(1)).toEqual([10]);
    b.send({ type: 'ACK', ack_event_id: 10, window_size: 3 });
    expect(await b.nextEventIds(3)).toEqual([11, 12, 13]);
    a.send({ type: 'ACK', ack_event_id: 0, window_size: 2 });
    expect(await a.nextEventIds(2)).toEqual([1, 2]);
    await c.expectSilence(50);
    expect(sim.connections()).toBe(3);
  });

  it('broadcasts appended events to every stream that can receive them', async () => {
    const waiting = await connect();
    const paused = await connect();
    waiting.send({ type: 'START_STREAM', last_ack_event_id: 19, window_size: 5 });
    paused.send({ type: 'START_STREAM', last_ack_event_id: 19, window_size: 0 });
    await waiting.expectSilence(50);
    sim.append([rawEvent(20, 'REORG_FINISHED'), rawEvent(21, 'REORG_FINISHED')]);
    const first = await waiting.nextJson();
    expect(first.latest_event_id).toBe(21);
    expect((first.event as { id: number }).id).toBe(20);
    expect(await waiting.nextEventIds(1)).toEqual([21]);
    await paused.expectSilence(50);
  });

  it('refuses appended events that break the id sequence', () => {
    expect(() => sim.append([rawEvent(25)])).toThrow('appended event has id 25, expected 20');
    expect(() => sim.append(['{"id":20'])).toThrow('appended event 20 is not valid JSON');
  });

  it('builds the envelope around the event text, in the node key order', async () => {
    const client = await connect();
    client.send({ type: 'START_STREAM', window_size: 1 });
    expect(await client.next()).toBe(
      `{"type":"EVENT","peer_id":"peer-test","network":"unittests","event":${rawEvent(0)},"latest_event_id":19,"stream_id":"stream-test"}`,
    );
  });

  it('answers websocket pings', async () => {
    const client = await connect();
    expect(await client.ping('are-you-there')).toBe('are-you-there');
  });
});

describe('values above 2^53', () => {
  it('reach the client with every digit intact', async () => {
    const data = '{"outputs":[{"value":18446744073709551615,"token_data":0}],"nonce":9007199254740993,"weight":2.0}';
    const big = rawEvent(0, 'NEW_VERTEX_ACCEPTED', data);
    const local = await startSimulator({ stream: { ...syntheticStream(0), events: [big] } });
    const client = await TestClient.connect(local.wsUrl);
    try {
      client.send({ type: 'START_STREAM', window_size: 1 });
      const text = await client.next();
      expect(memberText(text, 'event')).toBe(big);
      expect(text).toContain('"value":18446744073709551615');
      const page = await (await fetch(`${local.httpUrl}/v1a/event`)).text();
      expect(page).toContain(big);
    } finally {
      client.close();
      await local.close();
    }
  });
});
