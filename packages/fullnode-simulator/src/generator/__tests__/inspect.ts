import { FullNodeEvent, parseJson, type TxData, type TxDataWithoutMeta } from '@wallet-service/common';
import type { EventStream } from '../../stream';

/** A generated stream decoded once, for the structural tests. */
export interface Decoded {
  events: FullNodeEvent[];
  /** the raw parsed objects (before zod's transforms), to compare texts such as spent outputs */
  raw: Array<Record<string, unknown>>;
}

/** Parses every event and validates it against the daemon's FullNodeEvent schema; throws naming the event. */
export function decode(stream: EventStream): Decoded {
  const events: FullNodeEvent[] = [];
  const raw: Array<Record<string, unknown>> = [];
  stream.events.forEach((text, i) => {
    const parsed = parseJson(text) as Record<string, unknown>;
    const result = FullNodeEvent.safeParse(parsed);
    if (!result.success) throw new Error(`event ${i} fails the FullNodeEvent schema: ${result.error.message}\n${text.slice(0, 400)}`);
    events.push(result.data);
    raw.push(parsed);
  });
  return { events, raw };
}

export type VertexData = TxData | TxDataWithoutMeta;

export function vertexOf(e: FullNodeEvent): VertexData | null {
  if (e.type === 'NEW_VERTEX_ACCEPTED' || e.type === 'VERTEX_METADATA_CHANGED' || e.type === 'VERTEX_REMOVED') return e.data;
  return null;
}

export function metaOf(e: FullNodeEvent): TxData['metadata'] | null {
  if (e.type === 'NEW_VERTEX_ACCEPTED' || e.type === 'VERTEX_METADATA_CHANGED') return e.data.metadata;
  return null;
}

/** Event type names in order, e.g. for asserting a scenario's shape. */
export function types(d: Decoded): string[] {
  return d.events.map((e) => e.type);
}
