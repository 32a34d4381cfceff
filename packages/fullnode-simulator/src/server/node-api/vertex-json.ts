import { HTR_UID, isAuthority, TOKEN_AUTHORITY_MASK } from '@wallet-service/common';
import { rawHex } from './raw';
import { listedTokens, nanoCallOf, type EventOutput, type Int, type VertexData } from './vertex-data';
import type { VertexIndex } from './vertex-index';

/**
 * The node's JSON forms of a vertex, built from its latest event and the index: `tx` and `meta` of
 * GET /transaction (to_json with decoded scripts, to_json_extended of the metadata) and the extended form the
 * nano-contract history lists. Scripts stay base64 as the events carry them.
 */

type Json = Record<string, unknown>;

/** Signal bits the node counts for feature activation (unittests and mainnet use 4). */
const SIGNAL_BITS = 4;

/** `decoded` of to_json(decode_script=True): a standard script's fields plus value and token_data. */
function decodedWithAmounts(o: EventOutput, tokenData: number): Json {
  const d = o.decoded;
  if (!d || typeof d.type !== 'string') return {};
  return { type: d.type, address: d.address, timelock: d.timelock ?? null, value: o.value, token_data: tokenData };
}

/** `decoded` of to_json_extended, which drops value and token_data again. */
function decodedPlain(o: EventOutput): Json {
  const d = o.decoded;
  if (!d || typeof d.type !== 'string') return {};
  return { type: d.type, address: d.address, timelock: d.timelock ?? null };
}

/** Spenders of each output, as the metadata lists them, without removed or unknown vertices. */
function spenders(index: VertexIndex, data: VertexData): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const entry of data.metadata.spent_outputs) {
    out.set(
      entry.index,
      entry.tx_ids.filter((id) => index.lookup(id) !== undefined),
    );
  }
  return out;
}

/** The one spender of an output that is not voided (the node's get_output_spent_by). */
function spentBy(index: VertexIndex, ids: readonly string[] | undefined): string | null {
  for (const id of ids ?? []) {
    const vid = index.lookup(id);
    if (vid !== undefined && !index.isVoided(vid)) return id;
  }
  return null;
}

function tokenUid(tokenData: number, tokens: readonly string[]): string {
  const i = tokenData & 0x7f;
  return i === 0 ? HTR_UID : (tokens[i - 1] ?? '');
}

/** {uid, name, symbol} as the node's tokens index names them. */
function tokenDetail(index: VertexIndex, uid: string): Json {
  const info = index.tokens.info(uid);
  return { uid, name: info?.name ?? '', symbol: info?.symbol ?? '' };
}

function featureBitCounts(signalBits: number): number[] {
  return Array.from({ length: SIGNAL_BITS }, (_, bit) => (signalBits >> bit) & 1);
}

export function metaJson(index: VertexIndex, vid: number, data: VertexData): Json {
  const m = data.metadata;
  const block = index.isBlock(vid);
  const firstBlock = m.first_block ?? null;
  const firstBlockVid = firstBlock === null ? undefined : index.lookup(firstBlock);
  const meta: Json = {
    hash: data.hash,
    spent_outputs: [...spenders(index, data)].map(([i, ids]) => [i, ids]),
    received_by: m.received_by,
    children: index.children(vid).map((c) => index.hashOf(c)),
    conflict_with: m.conflict_with,
    voided_by: m.voided_by,
    twins: m.twins,
    accumulated_weight: m.accumulated_weight,
    score: m.score,
  };
  if (m.accumulated_weight_raw !== undefined) meta.accumulated_weight_raw = m.accumulated_weight_raw;
  if (m.score_raw !== undefined) meta.score_raw = m.score_raw;
  Object.assign(meta, {
    min_height: index.minHeight(vid),
    height: block ? index.height(vid) : 0,
    feature_activation_bit_counts: block ? featureBitCounts(data.signal_bits ?? 0) : [],
    first_block: firstBlock,
    validation: m.validation,
  });
  if (m.nc_execution != null) meta.nc_execution = m.nc_execution;
  meta.first_block_height = firstBlockVid === undefined ? null : index.height(firstBlockVid);
  return meta;
}

/** nc_* fields of a tx with a nano header; arguments and actions are not in events, so they are empty. */
function nanoJson(index: VertexIndex, data: VertexData): Json | null {
  const call = nanoCallOf(data);
  if (call === null) return null;
  const fields: Json = { nc_id: call.contractId, nc_seqnum: call.seqnum };
  const blueprint = call.blueprintId ?? index.nano.blueprintOf(call.contractId);
  if (blueprint !== undefined) fields.nc_blueprint_id = blueprint;
  Object.assign(fields, {
    nc_method: call.method,
    nc_args: '',
    nc_address: call.address,
    nc_context: { actions: [], caller_id: call.address, timestamp: data.timestamp },
  });
  return fields;
}

/** The `tx` object of GET /transaction. */
export function txJson(index: VertexIndex, vid: number, data: VertexData): Json {
  // Inputs carry token_data relative to this tx's token list, which grows by any token only an input holds.
  const tokens = [...listedTokens(data)];
  const inputs = data.inputs.map((input) => {
    const spent = input.spent_output;
    const uid = index.inputToken(input, tokens) ?? HTR_UID;
    let position = uid === HTR_UID ? 0 : tokens.indexOf(uid) + 1;
    if (position === 0 && uid !== HTR_UID) position = tokens.push(uid);
    const tokenData = position | (isAuthority(spent.token_data) ? TOKEN_AUTHORITY_MASK : 0);
    return {
      value: spent.value,
      token_data: tokenData,
      script: spent.script,
      decoded: decodedWithAmounts(spent, tokenData),
      token: uid,
      tx_id: input.tx_id,
      index: input.index,
    };
  });
  const spent = spenders(index, data);
  const outputs = data.outputs.map((o, i) => ({
    value: o.value,
    token_data: o.token_data,
    script: o.script,
    decoded: decodedWithAmounts(o, o.token_data),
    token: tokenUid(o.token_data, tokens),
    spent_by: spentBy(index, spent.get(i)),
  }));
  const tx: Json = {
    hash: data.hash,
    nonce: String(data.nonce),
    timestamp: data.timestamp,
    version: data.version,
    weight: data.weight,
    signal_bits: data.signal_bits ?? 0,
    parents: data.parents,
    inputs,
    outputs,
    tokens: tokens.map((uid) => tokenDetail(index, uid)),
  };
  if (typeof data.token_name === 'string') tx.token_name = data.token_name;
  if (typeof data.token_symbol === 'string') tx.token_symbol = data.token_symbol;
  Object.assign(tx, nanoJson(index, data) ?? {});
  if (index.isBlock(vid)) tx.data = '';
  tx.raw = rawHex(data, index.tokens.info(data.hash)?.version);
  if (index.isBlock(vid)) tx.height = index.height(vid);
  return tx;
}

/** The top-level `spent_outputs` of GET /transaction: each spent output's non-voided spender. */
export function spentOutputsJson(index: VertexIndex, data: VertexData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, ids] of spenders(index, data)) {
    const by = spentBy(index, ids);
    if (by !== null) out[String(i)] = by;
  }
  return out;
}

function extendedOutput(o: EventOutput, token: string, value: Int): Json {
  return { value, token_data: o.token_data, script: o.script, decoded: decodedPlain(o), token };
}

/**
 * to_json merged with to_json_extended, the form of a nano-contract history entry: extended inputs and
 * outputs (token uid, spent_by, decoded without amounts), plus tx_id, is_voided and first_block.
 */
export function extendedTxJson(index: VertexIndex, vid: number, data: VertexData): Json {
  const tokens = listedTokens(data);
  const spent = spenders(index, data);
  return {
    hash: data.hash,
    nonce: data.nonce,
    timestamp: data.timestamp,
    version: data.version,
    weight: data.weight,
    signal_bits: data.signal_bits ?? 0,
    parents: data.parents,
    inputs: data.inputs.map((input) => ({
      ...extendedOutput(input.spent_output, index.inputToken(input, tokens) ?? HTR_UID, input.spent_output.value),
      tx_id: input.tx_id,
      index: input.index,
    })),
    outputs: data.outputs.map((o, i) => ({ ...extendedOutput(o, tokenUid(o.token_data, tokens), o.value), spent_by: spentBy(index, spent.get(i)) })),
    tokens,
    ...(nanoJson(index, data) ?? {}),
    tx_id: data.hash,
    is_voided: index.isVoided(vid),
    first_block: data.metadata.first_block ?? null,
  };
}
