import type { TokenCreatedData } from '@wallet-service/common';
import { notifyVertex } from '../notify/derive';
import { isKnownEvent, type StreamEvent } from '../sync/contract';
import type { State } from '../state/state';
import { creationKey } from '../state/state';
import { deleteTokensCreatedBy } from './activation';
import type { Rules } from './rules';
import { reconcileVertex, removeVertex } from './vertexEvents';

/** What planning an event tells the caller besides the state changes (for logs). */
export type PlanNote = { kind: 'applied' } | { kind: 'skipped'; reason: string } | { kind: 'unknown-type'; type: string };

/**
 * planEvent: one event + the current state (a scratch layer of it) → the changes, written into that
 * layer. No I/O, no clock, no configuration: those come in `rules`. Throws Missing when it needs rows
 * that are not loaded; the caller loads them and plans the event again on a fresh layer.
 */
export function planEvent(s: State, event: StreamEvent, rules: Rules): PlanNote {
  if (!isKnownEvent(event)) return { kind: 'unknown-type', type: event.type };
  switch (event.type) {
    case 'NEW_VERTEX_ACCEPTED':
    case 'VERTEX_METADATA_CHANGED': {
      const before = s.txs.get(event.data.hash);
      reconcileVertex(s, event.data, rules);
      notifyVertex(s, event.id, event.data, before, rules);
      return { kind: 'applied' };
    }
    case 'VERTEX_REMOVED': {
      const before = s.txs.get(event.data.hash);
      if (!removeVertex(s, event.data, rules)) return { kind: 'skipped', reason: `removed vertex ${event.data.hash} was never stored` };
      notifyVertex(s, event.id, event.data, before, rules);
      return { kind: 'applied' };
    }
    case 'TOKEN_CREATED':
      return createToken(s, event.data);
    case 'REORG_STARTED': {
      // Graded by size (and dropped below the smallest threshold) where alerts are delivered: ops/reorg.ts.
      s.alerts.push({
        title: 'Reorg Detected',
        message: `the full node reorganized its best chain by ${event.data.reorg_size} block(s)`,
        severity: 'info',
        metadata: { ...event.data },
      });
      return { kind: 'applied' };
    }
    case 'FULL_NODE_CRASHED':
      s.alerts.push({
        title: 'Full node crashed',
        message: `the full node reported FULL_NODE_CRASHED (event ${event.id})`,
        severity: 'critical',
        metadata: { eventId: event.id },
      });
      return { kind: 'applied' };
    case 'LOAD_STARTED':
    case 'LOAD_FINISHED':
    case 'REORG_FINISHED':
    case 'NC_EVENT':
      return { kind: 'applied' };
    default:
      return assertNever(event);
  }
}

/**
 * TOKEN_CREATED: a token-creation tx's token (uid = tx hash) or one created by a nano execution
 * (nc_exec_info names the tx and the block that executed it). A token is only recorded while the tx that
 * creates it is active; a re-execution in another block replaces what the earlier execution created.
 */
function createToken(s: State, data: TokenCreatedData): PlanNote {
  const txId = data.nc_exec_info?.nc_tx ?? data.token_uid;
  const firstBlock = data.nc_exec_info?.nc_block ?? null;
  const tx = s.txs.get(txId);
  if (!tx || tx.voided) return { kind: 'skipped', reason: `token ${data.token_uid}: creating tx ${txId} is not active` };
  if (data.nc_exec_info) {
    deleteTokensCreatedBy(s, txId, (tokenId, block) => tokenId !== txId && block !== firstBlock);
  }
  const existing = s.tokens.get(data.token_uid);
  s.tokens.set(data.token_uid, {
    id: data.token_uid,
    name: data.token_name,
    symbol: data.token_symbol,
    version: data.token_version,
    transactions: existing?.transactions ?? 0,
  });
  if (!existing) s.newTokens.add(data.token_uid);
  s.creations.set(creationKey(txId, data.token_uid), { tokenId: data.token_uid, txId, firstBlock });
  return { kind: 'applied' };
}

function assertNever(x: never): never {
  throw new Error(`unhandled event ${JSON.stringify(x)}`);
}
