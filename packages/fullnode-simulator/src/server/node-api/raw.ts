import { isBlockVersion, TOKEN_VERSION_DEPOSIT, VertexVersion } from '@wallet-service/common';
import { listedTokens, toBigInt, type EventOutput, type VertexBody } from './vertex-data';

/** Values up to this fit the 4-byte output value form; above it the node writes -value in 8 bytes. */
const MAX_OUTPUT_VALUE_32 = 2n ** 31n - 1n;
const BLOCK_NONCE_BYTES = 16;
const TX_NONCE_BYTES = 4;

/** Big-endian byte writer for the node's vertex serialization. */
class Bytes {
  private readonly parts: Buffer[] = [];

  u8(value: number): this {
    this.parts.push(Buffer.from([value & 0xff]));
    return this;
  }

  u16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value);
    this.parts.push(b);
    return this;
  }

  u32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.parts.push(b);
    return this;
  }

  f64(value: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(value);
    this.parts.push(b);
    return this;
  }

  /** An unsigned integer in exactly `size` bytes (wrapped to that size). */
  uint(value: bigint, size: number): this {
    const b = Buffer.alloc(size);
    let v = BigInt.asUintN(size * 8, value);
    for (let i = size - 1; i >= 0; i--) {
      b[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.parts.push(b);
    return this;
  }

  raw(bytes: Buffer): this {
    this.parts.push(bytes);
    return this;
  }

  hex(hex: string): this {
    return this.raw(Buffer.from(hex, 'hex'));
  }

  /** A length-prefixed field (1 byte of length). */
  short(bytes: Buffer): this {
    return this.u8(bytes.length).raw(bytes);
  }

  toHex(): string {
    return Buffer.concat(this.parts).toString('hex');
  }
}

function output(out: Bytes, o: EventOutput): void {
  const value = toBigInt(o.value);
  if (value > MAX_OUTPUT_VALUE_32) out.uint(-value, 8);
  else out.uint(value, 4);
  const script = Buffer.from(o.script, 'base64');
  out.u8(o.token_data).u16(script.length).raw(script);
}

function graph(out: Bytes, v: VertexBody): void {
  out.f64(v.weight).u32(v.timestamp).u8(v.parents.length);
  for (const parent of v.parents) out.hex(parent);
}

/**
 * The vertex in the node's binary layout (funds, graph, nonce), as `raw` of GET /transaction. Events do not
 * carry what the node signs or executes (input data, block data, nano header arguments, PoA signatures), so
 * inputs are written with empty data, blocks with empty data and headers are left out: the result parses with
 * the node's and wallet-lib's parsers and has the vertex's fields, but does not hash to the vertex's hash.
 * `tokenVersion` is what TOKEN_CREATED reported for a token creation (the event's vertex lacks it).
 */
export function rawHex(v: VertexBody, tokenVersion = TOKEN_VERSION_DEPOSIT): string {
  const out = new Bytes();
  const signalBits = v.signal_bits ?? 0;
  if (isBlockVersion(v.version)) {
    out.u8(signalBits).u8(v.version).u8(v.outputs.length);
    for (const o of v.outputs) output(out, o);
    graph(out, v);
    out.u8(0);
    out.uint(toBigInt(v.nonce), BLOCK_NONCE_BYTES);
    if (v.version === VertexVersion.MERGE_MINED_BLOCK && typeof v.aux_pow === 'string') out.hex(v.aux_pow);
    return out.toHex();
  }
  const creation = v.version === VertexVersion.TOKEN_CREATION_TRANSACTION;
  out.u8(signalBits).u8(v.version);
  if (!creation) {
    const tokens = listedTokens(v);
    out.u8(tokens.length).u8(v.inputs.length).u8(v.outputs.length);
    for (const token of tokens) out.hex(token);
  } else {
    out.u8(v.inputs.length).u8(v.outputs.length);
  }
  for (const input of v.inputs) out.hex(input.tx_id).u8(input.index).u16(0);
  for (const o of v.outputs) output(out, o);
  if (creation) {
    out.u8(tokenVersion).short(Buffer.from(v.token_name ?? '', 'utf8')).short(Buffer.from(v.token_symbol ?? '', 'utf8'));
  }
  graph(out, v);
  out.uint(toBigInt(v.nonce), TX_NONCE_BYTES);
  return out.toHex();
}
