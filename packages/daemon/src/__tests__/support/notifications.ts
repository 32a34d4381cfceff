import { isBlockVersion, parseJson, selectRows, type FullNodeEvent, type Pool, type TxDataWithoutMeta } from '@wallet-service/common';
import type { Truth } from 'fullnode-simulator';

/**
 * The notifications a stream owes, derived independently of the daemon: straight from each event's own
 * metadata, one vertex at a time. A vertex first seen gives new-tx; a change of (voided, first block,
 * height) or a removal gives update-tx; each goes to the registered wallets owning an address the vertex
 * touches (outputs, spent outputs, nano caller).
 */
export interface Expected {
  id: string;
  kind: 'new-tx' | 'update-tx';
  txId: string;
  wallets: string[];
  voided: boolean;
  height: number | null;
}

interface ModelState {
  voided: boolean;
  firstBlock: string | null;
  height: number | null;
}

function touched(d: TxDataWithoutMeta): string[] {
  const out = new Set<string>();
  for (const o of d.outputs) if (o.decoded?.address) out.add(o.decoded.address);
  for (const i of d.inputs) if (i.spent_output.decoded?.address) out.add(i.spent_output.decoded.address);
  for (const h of d.headers ?? []) if (h.nc_address) out.add(h.nc_address);
  return [...out];
}

export function expectedNotifications(events: FullNodeEvent[], streamId: string, walletOf: Map<string, string>): Expected[] {
  const present = new Map<string, ModelState>();
  const out: Expected[] = [];
  const emit = (eventId: number, kind: Expected['kind'], d: TxDataWithoutMeta, s: ModelState) => {
    const wallets = [...new Set(touched(d).flatMap((a) => (walletOf.has(a) ? [walletOf.get(a) as string] : [])))].sort();
    if (wallets.length === 0) return;
    out.push({ id: `${streamId}:${eventId}:${d.hash}:${kind}`, kind, txId: d.hash, wallets, voided: s.voided, height: s.height });
  };
  for (const e of events) {
    if (e.type === 'NEW_VERTEX_ACCEPTED' || e.type === 'VERTEX_METADATA_CHANGED') {
      const m = e.data.metadata;
      const block = isBlockVersion(e.data.version);
      const firstBlock = block ? null : (m.first_block ?? null);
      const next: ModelState = {
        voided: m.voided_by.length > 0,
        firstBlock,
        height: block ? m.height : firstBlock ? (present.get(firstBlock)?.height ?? null) : null,
      };
      const prev = present.get(e.data.hash);
      present.set(e.data.hash, next);
      if (!prev) emit(e.id, 'new-tx', e.data, next);
      else if (prev.voided !== next.voided || prev.firstBlock !== next.firstBlock || prev.height !== next.height) {
        emit(e.id, 'update-tx', e.data, next);
      }
    } else if (e.type === 'VERTEX_REMOVED') {
      const prev = present.get(e.data.hash);
      if (!prev) continue;
      present.delete(e.data.hash);
      emit(e.id, 'update-tx', e.data, { ...prev, voided: true });
    }
  }
  return out;
}

/** Address → wallet as the wallets end up owning them (gap-limit discovery included). */
export async function walletAddresses(pool: Pool): Promise<Map<string, string>> {
  const rows = await selectRows<{ address: string; wallet_id: string }>(pool, 'SELECT address, wallet_id FROM address WHERE wallet_id IS NOT NULL');
  return new Map(rows.map((r) => [r.address, r.wallet_id]));
}

/** A received queue body reduced to what `Expected` describes. */
export function summarize(body: string): Expected {
  const m = parseJson(body) as { id: string; wallets: string[]; tx?: Record<string, unknown>; update?: Record<string, unknown> };
  const tx = (m.tx ?? m.update) as { tx_id: string; voided: boolean; height: number | null };
  return { id: m.id, kind: m.tx ? 'new-tx' : 'update-tx', txId: tx.tx_id, wallets: m.wallets, voided: tx.voided, height: tx.height };
}

/**
 * What the generator's truth says the notifications must end with: every wallet got new-tx for each tx
 * its truth lists, and the last word on that tx for the wallet is not voided, at the truth's height.
 */
export function truthDifferences(truth: Truth, got: Expected[]): string[] {
  const diffs: string[] = [];
  for (const [walletId, w] of Object.entries(truth.wallets ?? {})) {
    for (const txId of w.tx_ids) {
      const mine = got.filter((n) => n.txId === txId && n.wallets.includes(walletId));
      if (!mine.some((n) => n.kind === 'new-tx')) diffs.push(`${walletId}: no new-tx for ${txId}`);
      const last = mine[mine.length - 1];
      const v = truth.vertices[txId];
      const height = v.kind === 'block' ? v.height : v.first_block ? truth.vertices[v.first_block].height : null;
      if (!last || last.voided || last.height !== height) {
        diffs.push(`${walletId}: last notification of ${txId} is ${JSON.stringify(last)}, truth height ${height}`);
      }
    }
  }
  for (const txId of truth.removed) {
    const last = got.filter((n) => n.txId === txId).pop();
    if (last && !last.voided) diffs.push(`removed ${txId} last notified as not voided`);
  }
  return diffs;
}
