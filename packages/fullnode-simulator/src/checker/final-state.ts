import type { EventStream } from '../stream';
import { readEvent, type MetadataView, type VertexView } from './read-events';

/** A vertex as the last event about it left it. */
export interface FinalVertex {
  vertex: VertexView;
  metadata: MetadataView;
  /** id of the last NEW_VERTEX_ACCEPTED / VERTEX_METADATA_CHANGED that carried its metadata */
  lastEventId: number;
}

export interface TokenCreation {
  eventId: number;
  tokenUid: string;
  ncExecInfo: { ncTx: string; ncBlock: string } | null;
  name: string;
  symbol: string;
  version: number;
}

export interface FinalState {
  /** present vertices (never removed, or re-accepted after removal), in order of their last metadata event */
  vertices: Map<string, FinalVertex>;
  /** hashes whose last word was VERTEX_REMOVED */
  removed: Set<string>;
  /** every vertex body ever seen, removed ones included: outputs never change, so inputs can be resolved */
  bodies: Map<string, VertexView>;
  /** the last TOKEN_CREATED per token uid */
  tokenCreations: Map<string, TokenCreation>;
  eventCount: number;
}

/** Step 1 of the oracle: fold the stream into the last metadata per vertex (VERTEX_REMOVED removes). */
export function foldStream(stream: EventStream): FinalState {
  const vertices = new Map<string, FinalVertex>();
  const removed = new Set<string>();
  const bodies = new Map<string, VertexView>();
  const tokenCreations = new Map<string, TokenCreation>();
  stream.events.forEach((raw, position) => {
    const event = readEvent(raw, position);
    switch (event.kind) {
      case 'vertex': {
        const hash = event.vertex.hash;
        // delete first so the map's order follows each vertex's last metadata event
        vertices.delete(hash);
        vertices.set(hash, { vertex: event.vertex, metadata: event.metadata, lastEventId: event.id });
        removed.delete(hash);
        bodies.set(hash, event.vertex);
        break;
      }
      case 'removed':
        vertices.delete(event.vertex.hash);
        removed.add(event.vertex.hash);
        bodies.set(event.vertex.hash, event.vertex);
        break;
      case 'token':
        // a nano re-execution re-emits TOKEN_CREATED; the latest one describes the final execution
        tokenCreations.delete(event.tokenUid);
        tokenCreations.set(event.tokenUid, {
          eventId: event.id,
          tokenUid: event.tokenUid,
          ncExecInfo: event.ncExecInfo,
          name: event.name,
          symbol: event.symbol,
          version: event.version,
        });
        break;
      case 'other':
        break;
    }
  });
  return { vertices, removed, bodies, tokenCreations, eventCount: stream.events.length };
}

export function isVoided(v: FinalVertex): boolean {
  return v.metadata.voidedBy.length > 0;
}
