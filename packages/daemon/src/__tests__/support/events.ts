import { readFileSync } from 'fs';
import { EventEnvelope, FullNodeEvent, parseJson, type FullNodeEvent as Event } from '@wallet-service/common';

/** Decodes a JSONL stream (fixture or generated) into events and the envelope identity. */
export function readStreamFile(path: string): { events: Event[]; identity: { streamId: string; peerId: string; network: string } } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return decodeLines(lines);
}

export function decodeLines(lines: string[]) {
  const envelopes = lines.map((l) => EventEnvelope.parse(parseJson(l)));
  const events = envelopes.map((e) => FullNodeEvent.parse(e.event));
  const first = envelopes[0];
  return { events, identity: { streamId: first.stream_id, peerId: first.peer_id, network: first.network } };
}
