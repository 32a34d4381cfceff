import type { FullNodeEvent, TxData, TxOutput } from '@wallet-service/common';

/** Small builders of node events for planner tests (shapes as the node sends them, decoded). */
let nextHash = 0x1000;
export const hash = (n?: number) => (n ?? nextHash++).toString(16).padStart(64, '0');

export function out(address: string | null, value: bigint | number, tokenData = 0, timelock: number | null = null): TxOutput {
  return {
    value: BigInt(value),
    token_data: tokenData,
    script: '',
    decoded: address ? { type: 'P2PKH', address, timelock } : {},
  };
}

interface VertexOptions {
  hash: string;
  version?: number;
  height?: number;
  voided?: boolean;
  firstBlock?: string | null;
  inputs?: { tx_id: string; index: number; spent: TxOutput }[];
  outputs?: TxOutput[];
  tokens?: string[];
  tokenName?: string | null;
  tokenSymbol?: string | null;
  ncExecution?: TxData['metadata']['nc_execution'];
  nano?: { address: string; seqnum: number };
}

export function vertex(o: VertexOptions): TxData {
  return {
    hash: o.hash,
    nonce: 0,
    timestamp: 1_600_000_000,
    signal_bits: 0,
    version: o.version ?? 1,
    weight: 1,
    inputs: (o.inputs ?? []).map((i) => ({ tx_id: i.tx_id, index: i.index, spent_output: i.spent })),
    outputs: o.outputs ?? [],
    parents: [],
    tokens: o.tokens ?? [],
    token_name: o.tokenName ?? null,
    token_symbol: o.tokenSymbol ?? null,
    aux_pow: null,
    headers: o.nano ? [{ id: '10', nc_seqnum: o.nano.seqnum, nc_id: '00', nc_method: 'm', nc_address: o.nano.address }] : [],
    name: null,
    metadata: {
      hash: o.hash,
      spent_outputs: [],
      conflict_with: [],
      voided_by: o.voided ? [o.hash] : [],
      received_by: [],
      twins: [],
      accumulated_weight: 1,
      score: 1,
      first_block: o.firstBlock ?? null,
      height: o.height ?? 0,
      validation: 'full',
      nc_execution: o.ncExecution ?? null,
    },
  };
}

let nextId = 0;
export function ev(type: 'NEW_VERTEX_ACCEPTED' | 'VERTEX_METADATA_CHANGED', data: TxData): FullNodeEvent;
export function ev(type: 'VERTEX_REMOVED', data: TxData): FullNodeEvent;
export function ev(type: FullNodeEvent['type'], data: unknown): FullNodeEvent {
  return { id: nextId++, timestamp: 0, group_id: null, type, data } as FullNodeEvent;
}
