import { HTR_UID, tokenUidOf, type TxData, type TxDataWithoutMeta, type TxOutput } from '@wallet-service/common';

/**
 * The transaction as wallet-lib 4.1.0's `wsTransactionSchema` accepts it (the client drops any `new-tx` /
 * `update-tx` frame that fails it). Amounts are bigint here and exact JSON integers on the wire; the
 * client's plain JSON.parse turns them into numbers, which its schema coerces.
 */
export interface WsScript {
  type: 'Buffer';
  data: number[];
}

export interface WsDecoded {
  type?: string;
  address?: string;
  timelock?: number | null;
}

export interface WsInput {
  tx_id: string;
  index: number;
  value: bigint;
  token_data: number;
  script: WsScript;
  token: string;
  decoded: WsDecoded;
}

export interface WsOutput {
  value: bigint;
  token_data: number;
  script: WsScript;
  decodedScript: null;
  token: string;
  locked: boolean;
  index: number;
  decoded: WsDecoded;
}

export interface WsTx {
  tx_id: string;
  /** Block nonces can exceed 2^53: kept exact as bigint. */
  nonce: number | bigint;
  timestamp: number;
  version: number;
  voided: boolean;
  weight: number;
  parents: string[];
  height: number | null;
  token_name: string | null;
  token_symbol: string | null;
  signal_bits: number;
  inputs: WsInput[];
  outputs: WsOutput[];
}

/** What the data side knows that the event does not say directly. */
export interface WsTxState {
  voided: boolean;
  /** A block's own height; a transaction's first block's height, null while unconfirmed. */
  height: number | null;
  /** Token of a spent output as stored (the event's token_data indexes the spent tx's token list). */
  inputToken(txId: string, index: number): string | null;
  /** Lock state of one of this vertex's outputs as stored (false when it has no row). */
  outputLocked(index: number): boolean;
}

const script = (base64: string): WsScript => ({ type: 'Buffer', data: [...Buffer.from(base64, 'base64')] });

function decoded(d: TxOutput['decoded']): WsDecoded {
  const out: WsDecoded = {};
  if (d?.type !== undefined) out.type = d.type;
  if (d?.address !== undefined) out.address = d.address;
  if (d?.timelock !== undefined) out.timelock = d.timelock;
  return out;
}

function safeTokenUid(tokenData: number, tokens: readonly string[]): string | null {
  try {
    return tokenUidOf(tokenData, tokens);
  } catch {
    return null;
  }
}

export function toWsTx(data: TxData | TxDataWithoutMeta, state: WsTxState): WsTx {
  return {
    tx_id: data.hash,
    nonce: data.nonce,
    timestamp: data.timestamp,
    version: data.version,
    voided: state.voided,
    weight: data.weight,
    parents: [...data.parents],
    height: state.height,
    token_name: data.token_name ?? null,
    token_symbol: data.token_symbol ?? null,
    signal_bits: data.signal_bits ?? 0,
    // The client's schema requires a decoded address on every input: an input whose spent script the
    // node could not decode would make it drop the whole frame, and it moves no wallet's balance anyway.
    inputs: data.inputs
      .filter((i) => i.spent_output.decoded?.type && i.spent_output.decoded.address)
      .map((i) => ({
        tx_id: i.tx_id,
        index: i.index,
        value: i.spent_output.value,
        token_data: i.spent_output.token_data,
        script: script(i.spent_output.script),
        token: state.inputToken(i.tx_id, i.index) ?? safeTokenUid(i.spent_output.token_data, data.tokens) ?? HTR_UID,
        decoded: decoded(i.spent_output.decoded),
      })),
    // Every output keeps its place (index), decodable or not: the output schema accepts an empty decoded.
    outputs: data.outputs.map((o, index) => ({
      value: o.value,
      token_data: o.token_data,
      script: script(o.script),
      decodedScript: null,
      token: tokenUidOf(o.token_data, data.tokens),
      locked: state.outputLocked(index),
      index,
      decoded: decoded(o.decoded),
    })),
  };
}
