import { readFileSync } from 'fs';
import { FIXTURE_SCENARIOS, describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { decodeFrame, type DecodedEvent, type DecodeFailure } from '../frame';

const envelope = (event: string, extra = '') =>
  `{"type":"EVENT","peer_id":"p","network":"unittests","event":${event},"latest_event_id":9,"stream_id":"s"${extra}}`;

const ok = (text: string): DecodedEvent => {
  const d = decodeFrame(text);
  if (d.kind !== 'event') throw new Error(`expected an event, got: ${d.error.message}`);
  return d;
};
const bad = (text: string): DecodeFailure['error'] => {
  const d = decodeFrame(text);
  if (d.kind !== 'error') throw new Error('expected a decode error');
  return d.error;
};

const HASH = 'a'.repeat(64);
const output = (value: string) => `{"value":${value},"token_data":0,"script":"","decoded":{}}`;
const vertex = (outputs: string) =>
  `{"hash":"${HASH}","nonce":1,"timestamp":1,"signal_bits":0,"version":1,"weight":2.0,"inputs":[],"outputs":[${outputs}],` +
  `"parents":[],"tokens":[],"token_name":null,"token_symbol":null,"aux_pow":null,"headers":[],"name":null}`;
const removed = (id: number, outputs: string) =>
  `{"id":${id},"timestamp":0,"type":"VERTEX_REMOVED","data":${vertex(outputs)},"group_id":null}`;

describe('decodeFrame', () => {
  it('decodes an event envelope into the envelope fields and a typed event', () => {
    const d = ok(envelope('{"id":3,"timestamp":1.5,"type":"LOAD_FINISHED","data":{},"group_id":null}'));
    expect(d.envelope).toEqual({ peerId: 'p', network: 'unittests', streamId: 's', latestEventId: 9 });
    expect(d.event).toMatchObject({ id: 3, type: 'LOAD_FINISHED', group_id: null });
    expect(d.known).toBe(true);
  });

  it('keeps amounts above 2^53 exact', () => {
    const d = ok(envelope(removed(1, output('18446744073709551615'))));
    expect(d.event.type).toBe('VERTEX_REMOVED');
    expect((d.event.data as { outputs: { value: bigint }[] }).outputs[0].value).toBe(18446744073709551615n);
  });

  it('passes an event type it does not know as an unknown event instead of failing', () => {
    const d = ok(envelope('{"id":4,"timestamp":0,"type":"SOMETHING_NEWER","data":{"x":1},"group_id":2}'));
    expect(d.known).toBe(false);
    expect(d.event).toEqual({ id: 4, timestamp: 0, type: 'SOMETHING_NEWER', data: { x: 1 }, group_id: 2 });
  });

  it('reports invalid JSON as a typed error, without throwing', () => {
    const err = bad('{"type":"EVENT", nope');
    expect(err.kind).toBe('invalid-json');
    expect(err.message).toMatch(/^frame is not valid JSON/);
    expect(err.frame).toBe('{"type":"EVENT", nope');
  });

  it('names the field that fails the schema and the event id', () => {
    const err = bad(envelope(removed(7, output('-5'))));
    expect(err.kind).toBe('invalid-event');
    expect(err.eventId).toBe(7);
    expect(err.message).toMatch(/^VERTEX_REMOVED event 7 fails the schema: event\.data\.outputs\.0\.value/);
  });

  it('names a missing envelope field', () => {
    const err = bad('{"type":"EVENT","peer_id":"p","network":"n","event":{},"latest_event_id":1}');
    expect(err.kind).toBe('invalid-event');
    expect(err.message).toMatch(/malformed event envelope: stream_id/);
  });

  it('rejects a malformed unknown-type event', () => {
    const err = bad(envelope('{"id":"x","timestamp":0,"type":"NEWER","data":{},"group_id":null}'));
    expect(err.kind).toBe('invalid-event');
    expect(err.message).toMatch(/unknown type NEWER is malformed: event\.id/);
  });

  it('turns an invalid-request reply from the node into a typed error with its reason', () => {
    const err = bad('{"type":"ACK_TOO_SMALL","invalid_request":"{\\"type\\":\\"ACK\\"}","error_message":"ack 3 is below 5"}');
    expect(err.kind).toBe('invalid-request');
    expect(err.requestType).toBe('ACK_TOO_SMALL');
    expect(err.message).toBe('the node rejected a request with ACK_TOO_SMALL: ack 3 is below 5 (request: {"type":"ACK"})');
  });

  it('recognises EVENT_WS_NOT_RUNNING (sent with a null request)', () => {
    const err = bad('{"type":"EVENT_WS_NOT_RUNNING","invalid_request":null,"error_message":null}');
    expect(err.requestType).toBe('EVENT_WS_NOT_RUNNING');
    expect(err.message).toBe('the node rejected a request with EVENT_WS_NOT_RUNNING');
  });

  it('reports a frame that is neither an event nor a node reply', () => {
    const err = bad('[1,2,3]');
    expect(err.kind).toBe('unexpected-frame');
    expect(bad('{"type":"HELLO"}').message).toMatch(/^unexpected frame \(type "HELLO"\)/);
  });

  it('keeps only the start of a huge bad frame for the log', () => {
    expect(bad(`{"junk":"${'x'.repeat(10_000)}`).frame.length).toBe(300);
  });
});

describeWithFixtures('decodeFrame on the recorded node streams', () => {
  it.each(FIXTURE_SCENARIOS)('decodes every frame of %s as a known event with consecutive ids', (scenario) => {
    const lines = readFileSync(fixturePath(scenario, 'jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    lines.forEach((line, i) => {
      const d = ok(line);
      expect(d.known).toBe(true);
      expect(d.event.id).toBe(i);
      expect(d.envelope).toMatchObject({ peerId: 'simulator_peer_id', network: 'unittests', streamId: 'simulator_stream_id' });
    });
  });
});
