import { Dag, type Output, type Vertex } from './model';

/**
 * JSON text of events exactly in the node's shape and key order (daemon-spec §1.4, the recorded fixtures).
 * Built by hand: it keeps amounts above 2^53 exact and is several times faster than generic stringify,
 * which matters for million-event streams.
 */

/** A float the way Python's repr prints it (the node is Python): integral values keep a ".0". */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot serialise ${x} as a JSON number`);
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}

function log2Float(raw: bigint): string {
  return raw === 0n ? '0.0' : pyFloat(Math.log2(Number(raw)));
}

function str(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function hashList(list: readonly string[]): string {
  return list.length === 0 ? '[]' : `["${list.join('","')}"]`;
}

export function outputText(o: Output): string {
  return `{"value":${o.value},"token_data":${o.tokenData},"script":"${o.script.base64}","decoded":${o.script.decoded}}`;
}

/** The vertex's data object without metadata and without the closing brace. */
export function bodyText(dag: Dag, v: Vertex): string {
  let body = dag.bodies.get(v.hash);
  if (body === undefined) {
    body = buildBody(dag, v);
    if (dag.bodies.size >= Dag.BODY_CACHE_SIZE) dag.bodies.delete(dag.bodies.keys().next().value as string);
    dag.bodies.set(v.hash, body);
  }
  return body;
}

function buildBody(dag: Dag, v: Vertex): string {
  let inputs = '';
  for (const ref of v.inputs) {
    const spent = dag.get(ref.txId).outputs[ref.index];
    inputs += `${inputs ? ',' : ''}{"tx_id":"${ref.txId}","index":${ref.index},"spent_output":${outputText(spent)}}`;
  }
  let outputs = '';
  for (const o of v.outputs) outputs += `${outputs ? ',' : ''}${outputText(o)}`;
  let headers = '';
  if (v.nano) {
    const h = v.nano.header;
    headers = `{"id":"10","nc_seqnum":${h.seqnum},"nc_id":"${h.ncId}","nc_method":${str(h.method)},"nc_address":"${h.address}"}`;
  }
  return (
    `{"hash":"${v.hash}","nonce":${v.nonce},"timestamp":${v.timestamp},"signal_bits":0,"version":${v.version},` +
    `"weight":${pyFloat(v.weight)},"inputs":[${inputs}],"outputs":[${outputs}],"parents":${hashList(v.parents)},` +
    `"tokens":${hashList(v.tokens)},"token_name":${str(v.tokenName)},"token_symbol":${str(v.tokenSymbol)},` +
    `"aux_pow":null,"headers":[${headers}],"name":null`
  );
}

export function metadataText(v: Vertex): string {
  let spent = '';
  for (let i = 0; i < v.spentBy.length; i++) {
    const list = v.spentBy[i];
    if (list === undefined) continue;
    spent += `${spent ? ',' : ''}{"index":${i},"tx_ids":${hashList(list)}}`;
  }
  return (
    `{"hash":"${v.hash}","spent_outputs":[${spent}],"conflict_with":${hashList(v.conflictWith)},` +
    `"voided_by":${hashList(v.voidedBy)},"received_by":[],"twins":${hashList(v.twins)},` +
    `"accumulated_weight":${log2Float(v.accRaw)},"score":${log2Float(v.scoreRaw)},` +
    `"accumulated_weight_raw":"${v.accRaw}","score_raw":"${v.scoreRaw}",` +
    `"first_block":${v.firstBlock === null ? 'null' : `"${v.firstBlock}"`},"height":${v.height},"validation":"full",` +
    `"nc_execution":${v.ncExecution === null ? 'null' : `"${v.ncExecution}"`}}`
  );
}

/** An event's text up to its data object: `{"id":..,"timestamp":..,"type":"..","data":`. */
export function eventHead(id: number, timestamp: number, type: string): string {
  return `{"id":${id},"timestamp":${pyFloat(timestamp)},"type":"${type}","data":`;
}

/** An event's text after its data object. */
export function eventTail(groupId: number | null): string {
  return groupId === null ? ',"group_id":null}' : `,"group_id":${groupId}}`;
}

export function reorgStartedData(size: number, previous: string, next: string, common: string): string {
  return `{"reorg_size":${size},"previous_best_block":"${previous}","new_best_block":"${next}","common_block":"${common}"}`;
}

export function tokenCreatedData(
  uid: string,
  execInfo: { tx: string; block: string } | null,
  name: string,
  symbol: string,
  version: number,
  initialAmount: bigint,
): string {
  const info = execInfo === null ? 'null' : `{"nc_tx":"${execInfo.tx}","nc_block":"${execInfo.block}"}`;
  return `{"token_uid":"${uid}","nc_exec_info":${info},"token_name":${str(name)},"token_symbol":${str(symbol)},"token_version":${version},"initial_amount":${initialAmount}}`;
}

export function ncEventData(tx: string, ncId: string, block: string, dataHex: string): string {
  return `{"vertex_id":"${tx}","nc_id":"${ncId}","nc_execution":"success","first_block":"${block}","data_hex":"${dataHex}"}`;
}

type EnvelopeMeta = { peerId: string; network: string; streamId: string };

/** A wire line's text before the event object (the envelope a node wraps around each event). */
export function envelopeHead(meta: EnvelopeMeta): string {
  return `{"type":"EVENT","peer_id":${str(meta.peerId)},"network":${str(meta.network)},"event":`;
}

/** A wire line's text after the event object. */
export function envelopeTail(meta: EnvelopeMeta, latestEventId: number): string {
  return `,"latest_event_id":${latestEventId},"stream_id":${str(meta.streamId)}}`;
}

/** One wire line: the envelope a node wraps around each event. */
export function envelopeText(event: string, meta: EnvelopeMeta, latestEventId: number): string {
  return `${envelopeHead(meta)}${event}${envelopeTail(meta, latestEventId)}`;
}
