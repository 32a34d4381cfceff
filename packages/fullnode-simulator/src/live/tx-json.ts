import type { ParsedTx } from './parse-tx';

/** A pushed tx in the shape of hathor-core's `tx.to_json()` (push_tx's `tx`); amounts stay bigint. */
export function pushedTxJson(tx: ParsedTx): Record<string, unknown> {
  const json: Record<string, unknown> = {
    hash: tx.hash,
    nonce: tx.nonce,
    timestamp: tx.timestamp,
    version: tx.version,
    weight: tx.weight,
    signal_bits: tx.signalBits,
    parents: tx.parents,
    inputs: tx.inputs.map((i) => ({ tx_id: i.txId, index: i.index, data: i.data.toString('base64') })),
    outputs: tx.outputs.map((o) => ({ value: o.value, token_data: o.tokenData, script: o.script.toString('base64') })),
    tokens: tx.version === 2 ? [tx.hash] : tx.tokens,
    raw: tx.hex,
  };
  if (tx.version === 2) {
    json.token_name = tx.tokenName;
    json.token_symbol = tx.tokenSymbol;
  }
  return json;
}
