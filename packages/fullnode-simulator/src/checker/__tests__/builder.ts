import { createHash } from 'crypto';
import { stringifyJson } from '@wallet-service/common';
import type { EventStream } from '../../stream';

/** Small hand-written streams for the checker's unit tests, shaped like a node's events. */

export interface Out {
  value: number | bigint;
  token_data: number;
  script: string;
  decoded: { type?: string; address?: string; timelock?: number | null };
}

export interface Vtx {
  hash: string;
  version: number;
  inputs: { tx_id: string; index: number; spent_output: Out }[];
  outputs: Out[];
  tokens: string[];
  token_name: string | null;
  token_symbol: string | null;
  headers: { id: string; nc_address?: string }[];
}

export interface Meta {
  voided_by: string[];
  conflict_with: string[];
  twins: string[];
  first_block: string | null;
  height: number;
  nc_execution: string | null;
}

/** A deterministic 32-byte hex hash for a label. */
export function h(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

export function out(value: number | bigint, address: string | null, opts: { tokenData?: number; timelock?: number | null } = {}): Out {
  return {
    value,
    token_data: opts.tokenData ?? 0,
    script: address === null ? '' : Buffer.from(`script:${address}`).toString('base64'),
    decoded: address === null ? {} : { type: 'P2PKH', address, timelock: opts.timelock ?? null },
  };
}

export function spend(v: Vtx, index: number): Vtx['inputs'][number] {
  return { tx_id: v.hash, index, spent_output: v.outputs[index] };
}

export function block(label: string, outputs: Out[]): Vtx {
  return { hash: h(label), version: 0, inputs: [], outputs, tokens: [], token_name: null, token_symbol: null, headers: [] };
}

export function tx(label: string, inputs: Vtx['inputs'], outputs: Out[], extra: Partial<Vtx> = {}): Vtx {
  return { hash: h(label), version: 1, inputs, outputs, tokens: [], token_name: null, token_symbol: null, headers: [], ...extra };
}

export class StreamBuilder {
  private readonly events: string[] = [];

  private push(type: string, data: object, groupId: number | null = null): this {
    const event = { id: this.events.length, timestamp: 0, type, data, group_id: groupId };
    this.events.push(stringifyJson(event));
    return this;
  }

  private withMeta(v: Vtx, meta: Partial<Meta>): object {
    const metadata = {
      hash: v.hash,
      spent_outputs: [],
      conflict_with: [],
      voided_by: [],
      received_by: [],
      twins: [],
      accumulated_weight: 2,
      score: 2,
      first_block: null,
      height: 0,
      validation: 'full',
      nc_execution: null,
      ...meta,
    };
    return { ...v, nonce: 0, timestamp: 1_700_000_000, signal_bits: 0, weight: 2, parents: [], aux_pow: null, name: null, metadata };
  }

  /** NEW_VERTEX_ACCEPTED */
  accept(v: Vtx, meta: Partial<Meta> = {}): this {
    return this.push('NEW_VERTEX_ACCEPTED', this.withMeta(v, meta));
  }

  /** VERTEX_METADATA_CHANGED */
  change(v: Vtx, meta: Partial<Meta> = {}): this {
    return this.push('VERTEX_METADATA_CHANGED', this.withMeta(v, meta));
  }

  remove(v: Vtx): this {
    return this.push('VERTEX_REMOVED', { ...v, nonce: 0, timestamp: 1_700_000_000, signal_bits: 0, weight: 2, parents: [], aux_pow: null, name: null });
  }

  tokenCreated(tokenUid: string, symbol: string, ncExecInfo: { nc_tx: string; nc_block: string } | null = null): this {
    return this.push('TOKEN_CREATED', { token_uid: tokenUid, nc_exec_info: ncExecInfo, token_name: `${symbol} token`, token_symbol: symbol, token_version: 1 });
  }

  other(type: string, data: object = {}): this {
    return this.push(type, data);
  }

  /** Appends a raw event text as is (for bad-input tests). */
  raw(text: string): this {
    this.events.push(text);
    return this;
  }

  get size(): number {
    return this.events.length;
  }

  stream(network = 'unittests'): EventStream {
    return { meta: { peerId: 'peer', network, streamId: 'stream', rewardSpendMinBlocks: 10 }, events: [...this.events] };
  }
}

/** Blocks at heights 1..count on top of `genesis`, each paying 6400 to its own miner address. */
export function chain(b: StreamBuilder, count: number, from = 1, prefix = 'blk'): Vtx[] {
  const blocks: Vtx[] = [];
  for (let height = from; height < from + count; height++) {
    const blk = block(`${prefix}${height}`, [out(6400, `miner-${prefix}${height}`)]);
    b.accept(blk, { height });
    blocks.push(blk);
  }
  return blocks;
}
