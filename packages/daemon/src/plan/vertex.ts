import {
  NANO_HEADER_ID,
  isAuthority,
  isBlockVersion,
  tokenUidOf,
  type TxData,
  type TxDataWithoutMeta,
  type TxOutput,
} from '@wallet-service/common';

/**
 * A vertex as the data side sees it: outputs and inputs resolved to (address, token, value/authorities),
 * independent of the wire format. Outputs whose script the node could not decode (`decoded: {}`) have no
 * address: they are never stored and never count towards any balance, but keep their position (`index`).
 */
export interface OutputSpec {
  index: number;
  token: string;
  /** null for scripts the node could not decode. */
  address: string | null;
  /** Amount for value outputs; 0 for authority outputs. */
  value: bigint;
  /** Mint/melt bitmask for authority outputs; 0 otherwise. */
  authorities: number;
  timelock: number | null;
}

export interface InputSpec {
  txId: string;
  index: number;
  /**
   * Best-effort token of the spent output from the event. The spent output's token_data indexes the
   * *spent* tx's token list, which the event does not carry, so the stored tx_output row (written when
   * the spent tx was ingested) is the authority; this is only a fallback.
   */
  token: string | null;
  address: string | null;
  value: bigint;
  authorities: number;
}

export interface NanoCall {
  address: string;
  seqnum: number;
}

export interface Vertex {
  hash: string;
  version: number;
  isBlock: boolean;
  timestamp: number;
  weight: number;
  outputs: OutputSpec[];
  inputs: InputSpec[];
  tokenName: string | null;
  tokenSymbol: string | null;
  nano: NanoCall[];
}

/** Metadata the data side acts on (absent on VERTEX_REMOVED). */
export interface VertexMeta {
  voided: boolean;
  firstBlock: string | null;
  height: number;
  ncExecution: string | null;
}

function standardAddress(decoded: TxOutput['decoded']): string | null {
  return decoded && decoded.type && decoded.address ? decoded.address : null;
}

function outputSpec(out: TxOutput, index: number, tokens: readonly string[]): OutputSpec {
  const authority = isAuthority(out.token_data);
  return {
    index,
    token: tokenUidOf(out.token_data, tokens),
    address: standardAddress(out.decoded),
    value: authority ? 0n : out.value,
    authorities: authority ? Number(out.value & 0xffn) : 0,
    timelock: out.decoded?.timelock ?? null,
  };
}

export function toVertex(data: TxData | TxDataWithoutMeta): Vertex {
  const tokens = data.tokens;
  return {
    hash: data.hash,
    version: data.version,
    isBlock: isBlockVersion(data.version),
    timestamp: data.timestamp,
    weight: data.weight,
    outputs: data.outputs.map((o, i) => outputSpec(o, i, tokens)),
    inputs: data.inputs.map((input) => {
      const out = input.spent_output;
      const authority = isAuthority(out.token_data);
      let token: string | null;
      try {
        token = tokenUidOf(out.token_data, tokens);
      } catch {
        token = null;
      }
      return {
        txId: input.tx_id,
        index: input.index,
        token,
        address: standardAddress(out.decoded),
        value: authority ? 0n : out.value,
        authorities: authority ? Number(out.value & 0xffn) : 0,
      };
    }),
    tokenName: data.token_name ?? null,
    tokenSymbol: data.token_symbol ?? null,
    nano: (data.headers ?? [])
      .filter((h) => h.id === NANO_HEADER_ID && h.nc_address)
      .map((h) => ({ address: h.nc_address as string, seqnum: h.nc_seqnum ?? 0 })),
  };
}

export function toVertexMeta(data: TxData): VertexMeta {
  const m = data.metadata;
  return {
    voided: m.voided_by.length > 0,
    firstBlock: m.first_block ?? null,
    height: m.height,
    ncExecution: m.nc_execution ?? null,
  };
}

