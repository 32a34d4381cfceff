import { parseJson } from '@wallet-service/common';
import type { EventStream } from '../../../stream';
import { startSimulator, type Simulator } from '../../simulator';

export interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  /** Parsed losslessly (amounts above 2^53 as bigint); undefined when the body is not JSON. */
  body: Record<string, unknown>;
}

export async function get(sim: Simulator, path: string): Promise<Reply> {
  const res = await fetch(`${sim.httpUrl}${path}`);
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = parseJson(text) as Record<string, unknown>;
  } catch {
    // DOT and other non-JSON bodies are read from `text`.
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, body };
}

export async function withSimulator<T>(stream: EventStream, fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ stream });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

interface StreamVertex {
  hash: string;
  version: number;
  parents: string[];
  inputs: Array<{ tx_id: string; index: number; spent_output: { token_data: number } }>;
  outputs: Array<{ value: number | bigint; token_data: number }>;
  tokens: string[];
  headers?: Array<{ nc_id?: string; nc_method?: string }>;
  metadata?: { voided_by: string[]; first_block?: string | null; spent_outputs: Array<{ index: number; tx_ids: string[] }> };
}

export interface FinalVertex {
  data: StreamVertex;
  removed: boolean;
}

/** Each vertex's last word in the stream, read directly from the events (not through the index). */
export function finalVertices(stream: EventStream): Map<string, FinalVertex> {
  const out = new Map<string, FinalVertex>();
  for (const raw of stream.events) {
    const event = parseJson(raw) as { type: string; data: StreamVertex };
    if (event.type === 'NEW_VERTEX_ACCEPTED' || event.type === 'VERTEX_METADATA_CHANGED') out.set(event.data.hash, { data: event.data, removed: false });
    else if (event.type === 'VERTEX_REMOVED') out.set(event.data.hash, { data: out.get(event.data.hash)?.data ?? event.data, removed: true });
  }
  return out;
}
