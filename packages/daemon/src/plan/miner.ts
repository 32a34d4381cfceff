import type { State } from '../state/state';
import { readAll } from '../state/view';
import type { Vertex } from './vertex';

/**
 * miner: per address, the active blocks whose first output pays it — how many (kept by +1/−1, exact since
 * activation and deactivation mirror each other), the lowest and the highest. When the block a row points
 * at is voided, the miner is marked and that edge is looked up again when the batch ends.
 */
export function updateMiner(s: State, v: Vertex, active: boolean): void {
  const first = v.outputs[0];
  if (!first || first.address === null) return;
  const address = first.address;
  const row = s.miners.get(address);
  if (!active) {
    if (row) s.miners.set(address, { ...row, count: row.count - 1 });
    if (!row || row.firstBlock === v.hash || row.lastBlock === v.hash || row.count <= 1) s.dirtyMiners.add(address);
    return;
  }
  if (!row) {
    s.miners.set(address, { address, firstBlock: v.hash, lastBlock: v.hash, count: 1 });
    return;
  }
  const [self, firstRow, lastRow] = readAll([v.hash, row.firstBlock, row.lastBlock].map((id) => () => s.txs.get(id)));
  const height = self?.height ?? 0;
  s.miners.set(address, {
    address,
    count: row.count + 1,
    firstBlock: firstRow && !firstRow.voided && (firstRow.height ?? 0) <= height ? row.firstBlock : v.hash,
    lastBlock: lastRow && !lastRow.voided && (lastRow.height ?? 0) >= height ? row.lastBlock : v.hash,
  });
  // A block whose reference rows were voided in the meantime is settled by the recount.
  if (!firstRow || firstRow.voided || !lastRow || lastRow.voided) s.dirtyMiners.add(address);
}

