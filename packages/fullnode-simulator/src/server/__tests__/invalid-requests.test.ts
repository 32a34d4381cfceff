import { InvalidRequest } from '@wallet-service/common';
import { startSimulator, type Simulator } from '../simulator';
import { syntheticStream, TestClient } from './ws-client';

let sim: Simulator;
let client: TestClient;

beforeAll(async () => {
  sim = await startSimulator({ stream: syntheticStream(10) });
});
afterAll(() => sim.close());
beforeEach(async () => {
  client = await TestClient.connect(sim.wsUrl);
});
afterEach(() => client.close());

/** Sends `request` and checks the node's invalid-request reply: type, the raw request echoed, a message. */
async function expectRefused(request: string, type: string, messagePart?: string): Promise<void> {
  client.send(request);
  const reply = InvalidRequest.parse(await client.nextJson());
  expect(reply.type).toBe(type);
  expect(reply.invalid_request).toBe(request);
  expect(reply.error_message).toEqual(expect.any(String));
  if (messagePart !== undefined) expect(reply.error_message).toContain(messagePart);
}

/** The connection must stay usable after a refusal: a fresh START_STREAM works. */
async function expectStillUsable(): Promise<void> {
  client.send({ type: 'START_STREAM', window_size: 1 });
  expect(await client.nextEventIds(1)).toEqual([0]);
}

describe('malformed requests get VALIDATION_ERROR and the connection stays up', () => {
  it.each([
    ['malformed JSON', '{"type": "START_STREAM", ', 'not valid JSON'],
    ['a JSON array', '[1, 2]', 'must be a JSON object'],
    ['a bare number', '42', 'must be a JSON object'],
    ['an unknown type', '{"type":"PING"}', 'unknown request type "PING"'],
    ['a missing type', '{"window_size":1}', 'unknown request type undefined'],
    ['a negative last_ack_event_id', '{"type":"START_STREAM","last_ack_event_id":-1,"window_size":1}', 'last_ack_event_id'],
    ['a fractional last_ack_event_id', '{"type":"START_STREAM","last_ack_event_id":1.5,"window_size":1}', 'last_ack_event_id'],
    ['a string window_size', '{"type":"START_STREAM","window_size":"1"}', 'window_size'],
    ['a negative window_size', '{"type":"START_STREAM","window_size":-3}', 'window_size'],
    ['a missing window_size', '{"type":"START_STREAM"}', 'window_size'],
    ['an ACK without ack_event_id', '{"type":"ACK","window_size":1}', 'ack_event_id'],
    ['a negative ack_event_id', '{"type":"ACK","ack_event_id":-1,"window_size":1}', 'ack_event_id'],
    ['a fractional ack_event_id', '{"type":"ACK","ack_event_id":0.5,"window_size":1}', 'ack_event_id'],
  ])('%s', async (_name, request, messagePart) => {
    await expectRefused(request, 'VALIDATION_ERROR', messagePart);
    await expectStillUsable();
  });
});

describe('state errors', () => {
  it('START_STREAM on an active stream is STREAM_IS_ACTIVE', async () => {
    await expectStillUsable();
    await expectRefused('{"type":"START_STREAM","window_size":5}', 'STREAM_IS_ACTIVE');
    // The original stream continues with its window of 1.
    client.send({ type: 'ACK', ack_event_id: 0, window_size: 1 });
    expect(await client.nextEventIds(1)).toEqual([1]);
  });

  it('ACK before START_STREAM is STREAM_IS_INACTIVE', async () => {
    await expectRefused('{"type":"ACK","ack_event_id":0,"window_size":1}', 'STREAM_IS_INACTIVE');
    await expectStillUsable();
  });

  it('STOP_STREAM before START_STREAM is STREAM_IS_INACTIVE', async () => {
    await expectRefused('{"type":"STOP_STREAM"}', 'STREAM_IS_INACTIVE');
    await expectStillUsable();
  });

  it('an ACK below the previous ack is ACK_TOO_SMALL', async () => {
    client.send({ type: 'START_STREAM', window_size: 3 });
    expect(await client.nextEventIds(3)).toEqual([0, 1, 2]);
    client.send({ type: 'ACK', ack_event_id: 2, window_size: 0 });
    await client.expectSilence(50);
    await expectRefused('{"type":"ACK","ack_event_id":1,"window_size":1}', 'ACK_TOO_SMALL', 'below the previous ack 2');
    client.send({ type: 'ACK', ack_event_id: 2, window_size: 1 });
    expect(await client.nextEventIds(1)).toEqual([3]);
  });

  it('an ACK beyond the last event sent is ACK_TOO_LARGE', async () => {
    client.send({ type: 'START_STREAM', window_size: 2 });
    expect(await client.nextEventIds(2)).toEqual([0, 1]);
    await expectRefused('{"type":"ACK","ack_event_id":2,"window_size":2}', 'ACK_TOO_LARGE', 'beyond the last event sent (1)');
    client.send({ type: 'ACK', ack_event_id: 1, window_size: 2 });
    expect(await client.nextEventIds(2)).toEqual([2, 3]);
  });

  it('an ACK before anything was sent is ACK_TOO_LARGE', async () => {
    client.send({ type: 'START_STREAM', window_size: 0 });
    await expectRefused('{"type":"ACK","ack_event_id":0,"window_size":1}', 'ACK_TOO_LARGE', 'none');
  });
});
