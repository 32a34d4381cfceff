import type { HttpReply, HttpRoute } from '../http';
import { contractExists } from './nano-state';
import { bigJsonReply, errorBody, hexBytes } from './params';
import type { VertexIndex } from './vertex-index';
import { extendedTxJson } from './vertex-json';

/** The node's limits: count defaults to 100 and must stay below 500. */
const DEFAULT_COUNT = 100;
const COUNT_LIMIT = 500;

/** Pydantic's bool parsing, which the node's query models use. */
function boolArg(url: URL, name: string): boolean | { error: string } {
  const text = url.searchParams.get(name);
  if (text === null) return false;
  const t = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(t)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(t)) return false;
  return { error: `${name}: Input should be a valid boolean, got ${JSON.stringify(text)}` };
}

interface HistoryParams {
  id: string;
  after: string | null;
  before: string | null;
  count: number;
  desc: boolean;
  logs: boolean;
  events: boolean;
}

function historyParams(url: URL): HistoryParams | HttpReply {
  const id = url.searchParams.get('id');
  if (id === null) return errorBody('id: Field required (the nano contract id)', 400);
  const countText = url.searchParams.get('count');
  const count = countText === null ? DEFAULT_COUNT : Number(countText);
  if (countText !== null && (!/^\d+$/.test(countText.trim()) || count < 1 || count >= COUNT_LIMIT)) {
    return errorBody(`count: must be an integer from 1 to ${COUNT_LIMIT - 1}, got ${JSON.stringify(countText)}`, 400);
  }
  const order = url.searchParams.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return errorBody(`order: Input should be 'asc' or 'desc', got ${JSON.stringify(order)}`, 400);
  const logs = boolArg(url, 'include_nc_logs');
  if (typeof logs === 'object') return errorBody(logs.error, 400);
  const events = boolArg(url, 'include_nc_events');
  if (typeof events === 'object') return errorBody(events.error, 400);
  return { id, after: url.searchParams.get('after'), before: url.searchParams.get('before'), count, desc: order === 'desc', logs, events };
}

/**
 * The contract's calls, ordered like the node's history index (by timestamp, then hash), in the order the
 * request walks them: newest first (desc) or oldest first (asc); from a reference tx, the ones on the asked
 * side of it, nearest first.
 */
function orderedCalls(index: VertexIndex, contractId: string, p: HistoryParams, ref: number | undefined): number[] {
  const calls = index.nano
    .callsOf(contractId)
    .filter((vid) => !index.isRemoved(vid))
    .sort((a, b) => index.timestamp(a) - index.timestamp(b) || (index.hashOf(a) < index.hashOf(b) ? -1 : 1));
  if (ref === undefined) return p.desc ? calls.reverse() : calls;
  const key = (vid: number): [number, string] => [index.timestamp(vid), index.hashOf(vid)];
  const [rt, rh] = key(ref);
  const newer = (p.desc && p.before !== null) || (!p.desc && p.after !== null);
  if (newer) return calls.filter((v) => { const [t, h] = key(v); return t > rt || (t === rt && h > rh); });
  return calls.filter((v) => { const [t, h] = key(v); return t < rt || (t === rt && h < rh); }).reverse();
}

/**
 * GET /v1a/nano_contract/history?id=&count=&after=|before=&order= → {success, count, after, before, history,
 * has_more}: every tx whose nano header calls the contract (failed and voided calls included, as the node's
 * index keeps them), each in the node's extended tx form. Execution logs are not in events: include_nc_logs
 * gives an empty nc_logs; include_nc_events gives the NC_EVENTs of the current execution.
 */
export function nanoHistoryRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/nano_contract/history',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const p = historyParams(url);
      if ('status' in p) return p;
      if (p.after !== null && p.before !== null) return errorBody("Parameters after and before can't be used together.", 400);
      const contractId = hexBytes(p.id);
      if (contractId === null) return errorBody(`Invalid id: ${p.id}`, 400);
      if (!contractExists(index, contractId)) return errorBody('Nano contract does not exist.', 404);
      let ref: number | undefined;
      const refText = p.before ?? p.after;
      if (refText !== null) {
        const hex = hexBytes(refText);
        if (hex === null) return errorBody(`Invalid hash: ${refText}`, 400);
        ref = index.lookup(hex);
        if (ref === undefined) return errorBody(`Transaction ${refText} not found.`, 404);
      }
      const calls = orderedCalls(index, contractId, p, ref);
      const history = calls.slice(0, p.count).map((vid) => {
        const data = index.data(vid);
        const entry = extendedTxJson(index, vid, data);
        if (p.logs) entry.nc_logs = {};
        if (p.events) entry.nc_events = index.nano.ncEventsOf(vid, data.metadata.first_block ?? null);
        return entry;
      });
      return bigJsonReply({ success: true, count: p.count, after: p.after, before: p.before, history, has_more: calls.length > p.count });
    },
  };
}
