import { type Dag, isVoided, type OutputRef } from './model';
import type { Rng } from './rng';

/** Far-future timelocks start here; anything below it is long expired (see the interfaces doc). */
export const FUTURE_TIMELOCK_MIN = 3_000_000_000;

/**
 * The outputs the generator may still spend, grouped by token, token_data slot and kind, so a new tx can
 * list each spent token at the same index of its `tokens` as the creating tx did (then a spent output's
 * token_data resolves the same through either tx). Entries are checked lazily when picked: whatever became
 * spent, voided, removed or locked meanwhile is dropped (or re-queued until its reward matures).
 */
class IndexedSet {
  private readonly items: number[] = [];
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.items.length;
  }

  add(key: number): void {
    if (this.index.has(key)) return;
    this.index.set(key, this.items.length);
    this.items.push(key);
  }

  delete(key: number): void {
    const i = this.index.get(key);
    if (i === undefined) return;
    const last = this.items.pop() as number;
    this.index.delete(key);
    if (last !== key) {
      this.items[i] = last;
      this.index.set(last, i);
    }
  }

  random(rng: Rng): number | undefined {
    return this.items.length === 0 ? undefined : this.items[rng.int(this.items.length)];
  }
}

/** Min-heap of block rewards waiting to mature, by the best height at which they may be spent. */
class MaturingQueue {
  private readonly heap: Array<{ at: number; key: number }> = [];

  push(at: number, key: number): void {
    const h = this.heap;
    h.push({ at, key });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  popReady(bestHeight: number): number[] {
    const out: number[] = [];
    const h = this.heap;
    while (h.length > 0 && h[0].at <= bestHeight) {
      out.push(h[0].key);
      const last = h.pop() as { at: number; key: number };
      if (h.length === 0) break;
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return out;
  }
}

export type PoolKind = 'value' | 'authority';

function groupOf(token: string, slot: number, kind: PoolKind): string {
  return `${token}#${slot}#${kind}`;
}

/** Outputs are keyed by number: the owner's creation order and the output index (< 256). */
const OUTPUTS_PER_VERTEX = 256;

export class UtxoPool {
  private readonly groups = new Map<string, IndexedSet>();
  private readonly maturing = new MaturingQueue();

  /**
   * @param margin extra blocks a reward waits beyond the reward lock before it is offered, so that a reorg
   *   of up to `margin` blocks can neither void it nor lock it again under a tx that spent it
   */
  constructor(
    private readonly dag: Dag,
    private readonly margin: number,
  ) {}

  private keyOf(ref: OutputRef): number {
    return this.dag.get(ref.txId).seq * OUTPUTS_PER_VERTEX + ref.index;
  }

  private refOf(key: number): OutputRef {
    return { txId: this.dag.bySeq[Math.floor(key / OUTPUTS_PER_VERTEX)].hash, index: key % OUTPUTS_PER_VERTEX };
  }

  private group(name: string): IndexedSet {
    let g = this.groups.get(name);
    if (!g) {
      g = new IndexedSet();
      this.groups.set(name, g);
    }
    return g;
  }

  /** Offers an output (a block reward waits in the maturing queue first). */
  offer(ref: OutputRef): void {
    const v = this.dag.get(ref.txId);
    const o = v.outputs[ref.index];
    if (o.script.timelock !== null && o.script.timelock >= FUTURE_TIMELOCK_MIN) return;
    if (v.isBlock) {
      this.maturing.push(v.height + this.dag.rewardSpendMinBlocks + this.margin, this.keyOf(ref));
      return;
    }
    const kind: PoolKind = (o.tokenData & 0x80) !== 0 ? 'authority' : 'value';
    this.group(groupOf(o.token, o.tokenData & 0x7f, kind)).add(this.keyOf(ref));
  }

  offerAll(txId: string): void {
    const v = this.dag.get(txId);
    for (let index = 0; index < v.outputs.length; index++) this.offer({ txId, index });
  }

  /** Drops an output that a tx just spent. */
  forget(ref: OutputRef): void {
    const o = this.dag.get(ref.txId).outputs[ref.index];
    const kind: PoolKind = (o.tokenData & 0x80) !== 0 ? 'authority' : 'value';
    this.groups.get(groupOf(o.token, o.tokenData & 0x7f, kind))?.delete(this.keyOf(ref));
  }

  /** Moves matured rewards into the pool. */
  mature(): void {
    for (const key of this.maturing.popReady(this.dag.bestHeight)) {
      const ref = this.refOf(key);
      const o = this.dag.get(ref.txId).outputs[ref.index];
      this.group(groupOf(o.token, o.tokenData & 0x7f, 'value')).add(key);
    }
  }

  private status(ref: OutputRef): 'ok' | 'drop' | 'later' {
    const v = this.dag.get(ref.txId);
    if (v.removed || isVoided(v)) return 'drop';
    if ((v.spentBy[ref.index] ?? []).some((h) => !this.dag.get(h).removed)) return 'drop';
    if (v.nano && !(v.nano.succeeds && v.nanoSettled)) return 'drop';
    if (v.isBlock) {
      if (!this.dag.onBestPath(v)) return 'drop';
      if (v.height + this.dag.rewardSpendMinBlocks + this.margin > this.dag.bestHeight) return 'later';
    }
    return 'ok';
  }

  /** A random spendable output of the group, or null when there is none. */
  pick(rng: Rng, token: string, slot: number, kind: PoolKind, exclude?: ReadonlySet<number>): OutputRef | null {
    const g = this.groups.get(groupOf(token, slot, kind));
    if (!g) return null;
    for (let attempts = 0; attempts < 64 && g.size > 0; attempts++) {
      const key = g.random(rng) as number;
      if (exclude?.has(key)) continue;
      const ref = this.refOf(key);
      const status = this.status(ref);
      if (status === 'ok') return ref;
      g.delete(key);
      if (status === 'later') this.offer(ref);
    }
    return null;
  }

  /** The pool's key of an output (to exclude outputs already chosen for a tx). */
  key(ref: OutputRef): number {
    return this.keyOf(ref);
  }
}
