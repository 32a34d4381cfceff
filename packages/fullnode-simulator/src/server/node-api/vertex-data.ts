import { NANO_HEADER_ID, parseJson, VertexVersion } from '@wallet-service/common';

/**
 * The parts of an event's JSON the node API reads, typed as they come out of the lossless parser: amounts and
 * nonces are `number` when exact as a double and `bigint` above 2^53. The event log holds node output (a
 * validated replay file or the generator's), so only the outline is checked before use.
 */
export type Int = number | bigint;

export interface DecodedScript {
  type?: string;
  address?: string;
  timelock?: number | null;
}

export interface EventOutput {
  value: Int;
  token_data: number;
  script: string;
  decoded: DecodedScript | null;
}

export interface EventInput {
  tx_id: string;
  index: number;
  spent_output: EventOutput;
}

export interface EventHeader {
  id: string;
  nc_seqnum?: number;
  nc_id?: string;
  nc_method?: string;
  nc_address?: string;
}

export interface EventMetadata {
  hash: string;
  spent_outputs: Array<{ index: number; tx_ids: string[] }>;
  conflict_with: string[];
  voided_by: string[];
  received_by: string[];
  twins: string[];
  accumulated_weight: number;
  score: number;
  accumulated_weight_raw?: string;
  score_raw?: string;
  first_block?: string | null;
  height: number;
  validation: string;
  nc_execution?: string | null;
}

/** A vertex as VERTEX_REMOVED carries it (no metadata). */
export interface VertexBody {
  hash: string;
  nonce: Int;
  timestamp: number;
  signal_bits?: number;
  version: number;
  weight: number;
  inputs: EventInput[];
  outputs: EventOutput[];
  parents: string[];
  tokens: string[];
  token_name?: string | null;
  token_symbol?: string | null;
  aux_pow?: string | null;
  headers?: EventHeader[];
  name?: string | null;
}

/** A vertex as NEW_VERTEX_ACCEPTED and VERTEX_METADATA_CHANGED carry it. */
export interface VertexData extends VertexBody {
  metadata: EventMetadata;
}

export interface TokenCreatedData {
  token_uid: string;
  nc_exec_info?: { nc_tx: string; nc_block: string } | null;
  token_name: string;
  token_symbol: string;
  token_version: number;
  initial_amount?: Int | null;
}

export interface NcEventData {
  vertex_id: string;
  nc_id: string;
  first_block?: string | null;
  data_hex: string;
}

export interface ParsedEvent {
  id: number;
  type: string;
  data: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asEvent(value: unknown): ParsedEvent | null {
  if (!isObject(value) || typeof value.type !== 'string' || typeof value.id !== 'number') return null;
  return { id: value.id, type: value.type, data: value.data };
}

/** The event with every number exact (slower: the lossless parser runs when a long number is present). */
export function parseEvent(raw: string): ParsedEvent | null {
  return asEvent(parseJson(raw));
}

const unsafe = (v: unknown) => typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v);

/** Whether an amount the index sums (output, input or initial amount) lost precision in the native parser. */
function hasInexactAmount(data: unknown): boolean {
  if (!isObject(data)) return false;
  if (unsafe(data.initial_amount)) return true;
  const outputs = Array.isArray(data.outputs) ? (data.outputs as Array<{ value?: unknown }>) : [];
  const inputs = Array.isArray(data.inputs) ? (data.inputs as Array<{ spent_output?: { value?: unknown } }>) : [];
  return outputs.some((o) => unsafe(o?.value)) || inputs.some((i) => unsafe(i?.spent_output?.value));
}

/**
 * The event for indexing: the native parser, and the exact one only when an amount the index sums is beyond
 * 2^53. Nonces may come back rounded; the index never reads them (responses re-read events with parseEvent).
 */
export function parseEventForIndex(raw: string): ParsedEvent | null {
  const event = asEvent(JSON.parse(raw));
  return event !== null && hasInexactAmount(event.data) ? parseEvent(raw) : event;
}

const VERTEX_EVENT_HEAD = /^\{"id":\d+,"timestamp":[-\d.e+]+,"type":"(?:NEW_VERTEX_ACCEPTED|VERTEX_METADATA_CHANGED)","data":\{"hash":"([0-9a-f]{64})"/;
const METADATA_KEY = '"metadata":{';
const GROUP_KEY = ',"group_id":';

/**
 * Hash and metadata of a vertex event in the node's compact layout (metadata last in data, group_id last in
 * the event), parsing only the metadata text: most events only change a known vertex's metadata, and its
 * body is several times longer. Any other layout returns null and is parsed whole.
 */
export function vertexMetadataOf(raw: string): { hash: string; metadata: EventMetadata } | null {
  const head = VERTEX_EVENT_HEAD.exec(raw.slice(0, 160));
  if (head === null) return null;
  const start = raw.lastIndexOf(METADATA_KEY);
  const group = raw.lastIndexOf(GROUP_KEY);
  if (start < 0 || group < start || raw.charCodeAt(group - 1) !== 0x7d) return null;
  let metadata: unknown;
  try {
    metadata = JSON.parse(raw.slice(start + METADATA_KEY.length - 1, group - 1));
  } catch {
    return null;
  }
  if (!isObject(metadata) || metadata.hash !== head[1] || !Array.isArray(metadata.voided_by)) return null;
  return { hash: head[1], metadata: metadata as unknown as EventMetadata };
}

/** The outline every vertex body has; anything else in the log is skipped rather than trusted. */
export function isVertexBody(data: unknown): data is VertexBody {
  return (
    isObject(data) &&
    typeof data.hash === 'string' &&
    typeof data.version === 'number' &&
    typeof data.timestamp === 'number' &&
    Array.isArray(data.parents) &&
    Array.isArray(data.inputs) &&
    Array.isArray(data.outputs) &&
    Array.isArray(data.tokens)
  );
}

export function isVertexData(data: unknown): data is VertexData {
  return isVertexBody(data) && isObject((data as unknown as Record<string, unknown>).metadata);
}

export function isTokenCreatedData(data: unknown): data is TokenCreatedData {
  return isObject(data) && typeof data.token_uid === 'string' && typeof data.token_name === 'string' && typeof data.token_symbol === 'string';
}

export function isNcEventData(data: unknown): data is NcEventData {
  return isObject(data) && typeof data.vertex_id === 'string' && typeof data.nc_id === 'string' && typeof data.data_hex === 'string';
}

export function toBigInt(value: Int): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

export interface NanoCall {
  /** The contract the call runs on: the tx itself for `initialize`, else the header's nc_id. */
  contractId: string;
  /** Set only for `initialize`, whose header names the blueprint. */
  blueprintId: string | null;
  method: string;
  seqnum: number;
  address: string;
}

export function nanoCallOf(body: VertexBody): NanoCall | null {
  const header = body.headers?.find((h) => h.id === NANO_HEADER_ID);
  if (header === undefined || typeof header.nc_id !== 'string') return null;
  const method = header.nc_method ?? '';
  const initialize = method === 'initialize';
  return {
    contractId: initialize ? body.hash : header.nc_id,
    blueprintId: initialize ? header.nc_id : null,
    method,
    seqnum: header.nc_seqnum ?? 0,
    address: header.nc_address ?? '',
  };
}

/** A token creation's outputs index its own token even when the event lists no tokens. */
export function listedTokens(body: VertexBody): readonly string[] {
  if (body.version === VertexVersion.TOKEN_CREATION_TRANSACTION && body.tokens.length === 0) return [body.hash];
  return body.tokens;
}
