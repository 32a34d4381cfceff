import { HTR_UID, isBlockVersion, type TxDataWithoutMeta } from '@wallet-service/common';
import { isKnownEvent, type StreamEvent } from '../sync/contract';
import type { LoadRequest } from './view';

/**
 * The rows a run of events will certainly read, requested up front so a batch needs a handful of queries
 * instead of one per event. Anything else (wallets, miners' reference blocks, derived addresses) is
 * loaded on demand when the planner asks for it.
 */
export function prefetchRequests(events: readonly StreamEvent[]): LoadRequest[] {
  const out: LoadRequest[] = [{ kind: 'token', tokenId: HTR_UID }];
  const vertex = (d: TxDataWithoutMeta, firstBlock: string | null | undefined) => {
    out.push({ kind: 'tx', txId: d.hash }, { kind: 'outputs', txId: d.hash });
    if (firstBlock) out.push({ kind: 'tx', txId: firstBlock });
    for (const t of d.tokens) out.push({ kind: 'token', tokenId: t });
    // Creations are read whenever a vertex is voided or removed, not only for token-creating ones.
    out.push({ kind: 'tokenCreations', txId: d.hash });
    for (const o of d.outputs) if (o.decoded?.address) out.push({ kind: 'address', address: o.decoded.address });
    for (const i of d.inputs) {
      out.push({ kind: 'outputs', txId: i.tx_id });
      if (i.spent_output.decoded?.address) out.push({ kind: 'address', address: i.spent_output.decoded.address });
    }
    for (const h of d.headers ?? []) if (h.nc_address) out.push({ kind: 'address', address: h.nc_address });
    const miner = d.outputs[0]?.decoded?.address;
    if (isBlockVersion(d.version) && miner) out.push({ kind: 'miner', address: miner });
  };
  for (const e of events) {
    if (!isKnownEvent(e)) continue;
    switch (e.type) {
      case 'NEW_VERTEX_ACCEPTED':
      case 'VERTEX_METADATA_CHANGED':
        vertex(e.data, e.data.metadata.first_block);
        break;
      case 'VERTEX_REMOVED':
        vertex(e.data, null);
        break;
      case 'TOKEN_CREATED': {
        const txId = e.data.nc_exec_info?.nc_tx ?? e.data.token_uid;
        out.push({ kind: 'tx', txId }, { kind: 'token', tokenId: e.data.token_uid }, { kind: 'tokenCreations', txId });
        break;
      }
      case 'REORG_STARTED':
      case 'REORG_FINISHED':
      case 'FULL_NODE_CRASHED':
      case 'LOAD_STARTED':
      case 'LOAD_FINISHED':
      case 'NC_EVENT':
        // planned without reading any row
        break;
    }
  }
  return out;
}
