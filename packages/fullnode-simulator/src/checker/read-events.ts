import { NANO_HEADER_ID, parseJson } from '@wallet-service/common';

/**
 * A narrow, hand-written reader of the event fields the checker uses. The shared zod schemas would do, but
 * they cost ~40 µs per vertex event, and the checker must fold 10,000-event streams well inside a second.
 * Every field read is type-checked, and a bad one throws naming the event id and the field.
 */

export interface OutputView {
  value: bigint;
  tokenData: number;
  script: string;
  /** decoded.type is present: a standard script the node understood */
  decodedType: string | null;
  address: string | null;
  timelock: number | null;
}

export interface InputView {
  txId: string;
  index: number;
  spentOutput: OutputView;
}

export interface MetadataView {
  voidedBy: string[];
  conflictWith: string[];
  twins: string[];
  firstBlock: string | null;
  height: number;
  ncExecution: string | null;
}

export interface VertexView {
  hash: string;
  version: number;
  inputs: InputView[];
  outputs: OutputView[];
  tokens: string[];
  tokenName: string | null;
  tokenSymbol: string | null;
  /** `nc_address` of every nano-contract header */
  ncAddresses: string[];
}

export type CheckerEvent =
  | { id: number; kind: 'vertex'; vertex: VertexView; metadata: MetadataView }
  | { id: number; kind: 'removed'; vertex: VertexView }
  | {
      id: number;
      kind: 'token';
      tokenUid: string;
      ncExecInfo: { ncTx: string; ncBlock: string } | null;
      name: string;
      symbol: string;
      version: number;
    }
  | { id: number; kind: 'other'; type: string };

type Obj = Record<string, unknown>;

class Reader {
  constructor(private readonly eventId: number) {}

  fail(path: string, problem: string): never {
    throw new Error(`event ${this.eventId}: ${path} ${problem}`);
  }

  obj(value: unknown, path: string): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'must be an object');
    return value as Obj;
  }

  arr(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    return value;
  }

  str(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'must be a string');
    return value;
  }

  optStr(value: unknown, path: string): string | null {
    return value === null || value === undefined ? null : this.str(value, path);
  }

  int(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) this.fail(path, 'must be a non-negative integer');
    return value;
  }

  optInt(value: unknown, path: string): number | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'bigint') this.fail(path, 'is beyond the range this checker handles (2^53)');
    return this.int(value, path);
  }

  amount(value: unknown, path: string): bigint {
    if (typeof value === 'bigint' && value >= 0n) return value;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
    return this.fail(path, 'must be a non-negative integer amount');
  }

  strs(value: unknown, path: string): string[] {
    return this.arr(value, path).map((v, i) => this.str(v, `${path}[${i}]`));
  }

  output(value: unknown, path: string): OutputView {
    const o = this.obj(value, path);
    const decoded = o.decoded === null || o.decoded === undefined ? {} : this.obj(o.decoded, `${path}.decoded`);
    const decodedType = this.optStr(decoded.type, `${path}.decoded.type`);
    return {
      value: this.amount(o.value, `${path}.value`),
      tokenData: this.int(o.token_data, `${path}.token_data`),
      script: this.str(o.script, `${path}.script`),
      decodedType,
      address: decodedType === null ? null : this.optStr(decoded.address, `${path}.decoded.address`),
      timelock: this.optInt(decoded.timelock, `${path}.decoded.timelock`),
    };
  }

  vertex(data: Obj): VertexView {
    return {
      hash: this.str(data.hash, 'data.hash'),
      version: this.int(data.version, 'data.version'),
      inputs: this.arr(data.inputs, 'data.inputs').map((v, i) => {
        const input = this.obj(v, `data.inputs[${i}]`);
        return {
          txId: this.str(input.tx_id, `data.inputs[${i}].tx_id`),
          index: this.int(input.index, `data.inputs[${i}].index`),
          spentOutput: this.output(input.spent_output, `data.inputs[${i}].spent_output`),
        };
      }),
      outputs: this.arr(data.outputs, 'data.outputs').map((v, i) => this.output(v, `data.outputs[${i}]`)),
      tokens: this.strs(data.tokens, 'data.tokens'),
      tokenName: this.optStr(data.token_name, 'data.token_name'),
      tokenSymbol: this.optStr(data.token_symbol, 'data.token_symbol'),
      ncAddresses: this.ncAddresses(data.headers),
    };
  }

  ncAddresses(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    const addresses: string[] = [];
    this.arr(value, 'data.headers').forEach((h, i) => {
      const header = this.obj(h, `data.headers[${i}]`);
      if (header.id !== NANO_HEADER_ID) return;
      const address = this.optStr(header.nc_address, `data.headers[${i}].nc_address`);
      if (address !== null) addresses.push(address);
    });
    return addresses;
  }

  metadata(value: unknown): MetadataView {
    const m = this.obj(value, 'data.metadata');
    return {
      voidedBy: this.strs(m.voided_by, 'data.metadata.voided_by'),
      conflictWith: this.strs(m.conflict_with ?? [], 'data.metadata.conflict_with'),
      twins: this.strs(m.twins ?? [], 'data.metadata.twins'),
      firstBlock: this.optStr(m.first_block, 'data.metadata.first_block'),
      height: this.int(m.height, 'data.metadata.height'),
      ncExecution: this.optStr(m.nc_execution, 'data.metadata.nc_execution'),
    };
  }
}

/**
 * A JSON number token always follows ':', '[' or ',' (plus blanks). Only a token of 16+ digits can lose
 * precision, so texts without one take the native parser; parseJson's own test also fires on digit runs
 * inside hex hashes, which sends ~10% of events down its slower lossless path for nothing.
 */
const LONG_NUMBER_TOKEN = /[:,[]\s*-?\d{16}/;

/** Reads one raw `event` object text; `expectedId` is its position in the stream. */
export function readEvent(raw: string, expectedId: number): CheckerEvent {
  let parsed: unknown;
  try {
    parsed = LONG_NUMBER_TOKEN.test(raw) ? parseJson(raw) : JSON.parse(raw);
  } catch (err) {
    throw new Error(`event ${expectedId}: not valid JSON (${(err as Error).message})`);
  }
  const r = new Reader(expectedId);
  const event = r.obj(parsed, 'event');
  const id = r.int(event.id, 'id');
  if (id !== expectedId) r.fail('id', `is ${id}, expected ${expectedId} (ids run from 0 without gaps)`);
  const type = r.str(event.type, 'type');
  switch (type) {
    case 'NEW_VERTEX_ACCEPTED':
    case 'VERTEX_METADATA_CHANGED': {
      const data = r.obj(event.data, 'data');
      return { id, kind: 'vertex', vertex: r.vertex(data), metadata: r.metadata(data.metadata) };
    }
    case 'VERTEX_REMOVED':
      return { id, kind: 'removed', vertex: r.vertex(r.obj(event.data, 'data')) };
    case 'TOKEN_CREATED': {
      const data = r.obj(event.data, 'data');
      const info = data.nc_exec_info === null || data.nc_exec_info === undefined ? null : r.obj(data.nc_exec_info, 'data.nc_exec_info');
      return {
        id,
        kind: 'token',
        tokenUid: r.str(data.token_uid, 'data.token_uid'),
        ncExecInfo: info && { ncTx: r.str(info.nc_tx, 'data.nc_exec_info.nc_tx'), ncBlock: r.str(info.nc_block, 'data.nc_exec_info.nc_block') },
        name: r.str(data.token_name, 'data.token_name'),
        symbol: r.str(data.token_symbol, 'data.token_symbol'),
        version: r.int(data.token_version, 'data.token_version'),
      };
    }
    default:
      return { id, kind: 'other', type };
  }
}
