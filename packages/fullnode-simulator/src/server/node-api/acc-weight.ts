import type { HttpReply, HttpRoute } from '../http';
import { bigJsonReply, findVertex, messageReply, missingParams } from './params';
import type { VertexData } from './vertex-data';
import type { VertexIndex } from './vertex-index';

/** The node's confirmation target: the first block's weight plus log2 of this many blocks. */
const N_CONFIRMATION_BLOCKS = 6;

function weightToWork(weight: number): number {
  return Math.floor(0.5 + 2 ** weight);
}

function workToWeight(work: number): number {
  return work <= 1 ? 0 : Math.log2(work);
}

/** A min-heap of vertex ids by (timestamp, id): the node walks descendants oldest first. */
class TimestampQueue {
  private readonly heap: number[] = [];

  constructor(private readonly index: VertexIndex) {}

  get size(): number {
    return this.heap.length;
  }

  push(vid: number): void {
    const h = this.heap;
    h.push(vid);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as number;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ta = this.index.timestamp(a);
    const tb = this.index.timestamp(b);
    return ta < tb || (ta === tb && a < b);
  }
}

/** Descendants in both DAGs: children (verification) and spenders (funds, from the metadata). */
function neighbours(index: VertexIndex, vid: number, data: VertexData): number[] {
  const out = index.children(vid);
  for (const entry of data.metadata.spent_outputs) {
    for (const id of entry.tx_ids) {
      const spender = index.lookup(id);
      if (spender !== undefined) out.push(spender);
    }
  }
  return out;
}

/**
 * The node's update_accumulated_weight: the vertex's work plus the work of its descendants in timestamp
 * order, stopping once the sum passes `stopWork`. The node starts from the work it stored last time; the
 * simulator stores none and starts from the vertex's own work.
 */
export function accumulatedWork(index: VertexIndex, vid: number, stopWork: number): number {
  const root = index.data(vid);
  let work = weightToWork(root.weight);
  // Like the node, a vertex whose own work already passes the stop value is not walked.
  if (work > stopWork) return work;
  const seen = new Set<number>([vid]);
  const queue = new TimestampQueue(index);
  const enqueue = (from: number, data: VertexData) => {
    for (const n of neighbours(index, from, data)) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  };
  enqueue(vid, root);
  while (queue.size > 0) {
    const next = queue.pop();
    const data = index.data(next);
    work += weightToWork(data.weight);
    if (work > stopWork) break;
    enqueue(next, data);
  }
  return work;
}

/**
 * GET /v1a/transaction_acc_weight?id= → {success, accumulated_weight, accumulated_weight_raw,
 * accumulated_bigger, stop_value, confirmation_level}, computed like the node from the DAG the simulator knows
 * (accumulated weight = log2 of the tx's work plus its descendants' until the stop value). The node leaves
 * stop_value out while the tx has no first block; the wallet client requires it, so the simulator reports the
 * stop value a block of the best block's weight would set, with accumulated_bigger false and level 0.
 */
export function accWeightRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/transaction_acc_weight',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const missing = missingParams(url, ['id']);
      if (missing !== null) return messageReply(missing);
      const found = findVertex(index, url.searchParams.get('id') ?? '');
      if ('message' in found) return messageReply(found.message);
      if (index.isBlock(found.vid)) return messageReply('not allowed on blocks');
      const firstBlock = index.data(found.vid).metadata.first_block ?? null;
      const firstBlockVid = firstBlock === null ? undefined : index.lookup(firstBlock);
      if (firstBlockVid !== undefined) {
        const stopValue = index.data(firstBlockVid).weight + Math.log2(N_CONFIRMATION_BLOCKS);
        const work = accumulatedWork(index, found.vid, weightToWork(stopValue));
        const weight = workToWeight(work);
        return bigJsonReply({
          success: true,
          accumulated_weight: weight,
          accumulated_weight_raw: String(BigInt(Math.round(work))),
          accumulated_bigger: weight > stopValue,
          stop_value: stopValue,
          confirmation_level: Math.min(weight / stopValue, 1),
        });
      }
      const work = accumulatedWork(index, found.vid, Infinity);
      const best = index.bestBlock();
      return bigJsonReply({
        success: true,
        accumulated_weight: workToWeight(work),
        accumulated_weight_raw: String(BigInt(Math.round(work))),
        accumulated_bigger: false,
        stop_value: (best === undefined ? 0 : index.data(best).weight) + Math.log2(N_CONFIRMATION_BLOCKS),
        confirmation_level: 0,
      });
    },
  };
}
